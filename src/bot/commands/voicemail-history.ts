import type { HistoryEntry } from '../../store/change-history.js';
import { code, md, raw } from '../../markdown.js';
import { shortName } from '../../short-name.js';
import { formatChange } from '../../voicemail/summary.js';
import { orgBannerMarkdown } from '../../cards/org-banner.js';
import { storedTimeText } from '../describe-time.js';
import { historyChanges, historyKindWords } from '../history-words.js';
import { loadRules } from '../load-rules.js';
import { requireAccess } from '../require-access.js';
import { HISTORY_DEFAULT_COUNT } from '../router.js';
import type { CommandSpec } from './command-spec.js';
import { pageLines } from './message-pages.js';
import { usageLines } from './usage-lines.js';

/** The most one request shows: past this a chat reply stops being read. */
export const HISTORY_MAX_COUNT = 50;

const USAGE = {
  syntax: '/voicemail history',
  about:
    'the last changes made through me to the rules and people’s PINs, newest first: who, when, before → after',
  more: `${HISTORY_DEFAULT_COUNT} unless you give a number: \`/voicemail history 20\` (at most ${HISTORY_MAX_COUNT})`,
};

const READ_BACK_WORDS: Record<NonNullable<HistoryEntry['readBack']>, string> = {
  all: 'the rules read back showed it, but a PIN can never be read back',
  some: 'the rules read back showed only part of it',
  unconfirmed: 'the rules read back could not confirm it',
  none: 'the rules read back did not show it, but it could still have arrived late',
  failed: 'reading the rules back failed too',
};

const timeText = (at: string): string => storedTimeText(at, 'time unknown');

/** An undo names the change it undid: " (undid 2026-05-01 10:00 UTC by Alice Admin)". */
const undid = (entry: HistoryEntry): string =>
  entry.undoes ? md` (undid ${raw(timeText(entry.undoes.at))} by ${shortName(entry.undoes.by)})` : '';

const personText = (p: { displayName: string; email: string }): string =>
  p.email ? md`${shortName(p.displayName)} (${shortName(p.email)})` : md`${shortName(p.displayName)}`;

/** One change as a few markdown lines: when, what, who; then before → after per setting. */
function entryMarkdown(entry: HistoryEntry): string {
  const who = personText(entry.by);
  const time = `**${timeText(entry.at)}**`;
  // A reset names the person whose own PIN it was about; an undo, the change it undid.
  const head = entry.person
    ? `${time}: ${historyKindWords(entry)} by ${who} for ${personText(entry.person)}`
    : `${time}: ${historyKindWords(entry)} by ${who}${undid(entry)}`;
  const lines = historyChanges(entry).map((c) => `- ${escapeChange(c)}`);
  if (entry.outcome === 'uncertain')
    lines.push(
      `- _Not certain it landed: Webex did not answer the change, and ${entry.readBack ? READ_BACK_WORDS[entry.readBack] : 'it was not checked'}._`,
    );
  if (entry.trackingId) lines.push(md`- Tracking ID: ${code(entry.trackingId)}`);
  return [head, ...lines].join('\n') + '\n';
}

/** Stored words are the bot's own, but they come back from storage: escaped like any text from outside. */
const escapeChange = (c: HistoryEntry['changes'][number]): string =>
  formatChange({
    setting: md`${c.setting}`,
    after: md`${c.after}`,
    ...(c.before === undefined ? {} : { before: md`${c.before}` }),
  });

/**
 * The org's change history, newest first, under the org banner. Anyone who may look at the rules may read
 * it (read-only administrators too). It is kept in Redis, but the org's rules are read from Webex first, with
 * the person's own token, so only someone Webex still lets see that org's rules sees its history.
 */
export const voicemailHistoryCommand: CommandSpec<'voicemail.history'> = {
  audience: 'admin',
  usage: USAGE,
  async run({ count }, ctx, deps) {
    if (count < 1 || count > HISTORY_MAX_COUNT) {
      await ctx.say(
        `\`/voicemail history\` shows 1 to ${HISTORY_MAX_COUNT} changes at a time:\n\n${usageLines([USAGE])}`,
      );
      return;
    }
    const access = await requireAccess(deps, ctx, {
      need: 'view',
      then: { kind: 'voicemail.history', count },
    });
    if (!access) return;
    const org = await loadRules(deps, ctx, access);
    const banner = orgBannerMarkdown(org);
    const orgId = org.orgId ?? access.orgId;
    if (orgId === undefined) {
      await ctx.say(
        `${banner}\n\nI cannot tell which organization you belong to, so I have no history to show.`,
      );
      return;
    }
    const { entries, unreadable } = await deps.history.newest(orgId, count);
    if (unreadable > 0)
      ctx.log.warn({ orgId, unreadable }, 'history entries that could not be read were left out');
    if (entries.length === 0) {
      await ctx.say(
        `${banner}\n\nNo changes to these rules were made through me` +
          (unreadable > 0 ? ' that I can still read.' : ' yet.'),
      );
      return;
    }
    // "the last": older changes may have been dropped at the bound (HISTORY_MAX_ENTRIES), so never "all".
    const title = `**Voicemail rules history**: the last ${entries.length} change${entries.length === 1 ? '' : 's'} made through me, newest first`;
    const pages = pageLines(entries.map(entryMarkdown), {
      header: (p, n) => `${banner}\n\n${title}${n > 1 ? ` (part ${p} of ${n})` : ''}`,
      footer: (p, n) =>
        p === n && unreadable > 0
          ? `_${unreadable} entr${unreadable === 1 ? 'y' : 'ies'} could not be read and ${unreadable === 1 ? 'is' : 'are'} left out._`
          : '',
    });
    for (const page of pages) await ctx.say(page);
  },
};
