import type { HistoryEntry } from '../../store/change-history.js';
import { md, raw } from '../../markdown.js';
import { shortName } from '../../short-name.js';
import { orgBannerMarkdown } from '../../cards/org-banner.js';
import type { Drift } from '../../voicemail/changed-since.js';
import { planUndo, type UndoPlan } from '../../voicemail/plan-undo.js';
import { assertMayChange } from '../apply-update.js';
import { askToConfirm } from '../ask-to-confirm.js';
import type { BotContext } from '../bot-context.js';
import type { BotDeps, PendingChange } from '../bot-deps.js';
import { storedTimeText } from '../describe-time.js';
import { loadRules } from '../load-rules.js';
import { requireAccess } from '../require-access.js';
import type { CommandSpec } from './command-spec.js';

/**
 * How far back to look for a rules change past PIN resets (which have nothing to undo): a bound, so an org
 * with many resets costs one read.
 */
const LOOK_BACK = 200;

const USAGE = {
  syntax: '/voicemail undo',
  about:
    'put back what the last rules change made through me changed, after showing it and asking you to confirm',
};

/** "the change by Alice Admin at 2026-05-01 10:00 UTC" (an undo: "the undo by …"), escaped. */
function changeName(entry: HistoryEntry): string {
  const at = storedTimeText(entry.at, 'an unknown time');
  return md`the ${entry.kind === 'undo' ? 'undo' : 'change'} by ${shortName(entry.by.displayName)} at ${raw(at)}`;
}

/** The bot's own words and numbers: the same lines as a stale card's refusal. */
const driftLine = (d: Drift): string => `**${d.setting}**: ${d.shown} after that change, ${d.now} now`;

const list = (lines: readonly string[]): string => lines.map((l) => `- ${l}`).join('\n');

/** An undo of an undo makes the first change again: the card says so plainly. */
function redoNote(entry: HistoryEntry): string | undefined {
  if (entry.kind !== 'undo') return undefined;
  const undid = entry.undoes
    ? md` (it undid the change by ${shortName(entry.undoes.by)} at ${raw(storedTimeText(entry.undoes.at, 'an unknown time'))})`
    : '';
  return `This undoes an undo${undid}: it makes that change again.`;
}

/** What the card says besides the lines themselves. */
function cardNotes(entry: HistoryEntry, plan: UndoPlan): string[] {
  return [
    ...(plan.drifts.length > 0
      ? [
          'These settings changed again after that change, so the lines above start from the rules as they are now:',
          ...plan.drifts.map(driftLine),
        ]
      : []),
    ...(plan.kept.length > 0 ? ['Not put back:', ...plan.kept] : []),
    ...plan.notes,
    ...[redoNote(entry)].filter((n) => n !== undefined),
    ...(entry.outcome === 'uncertain'
      ? ['I was not certain that change landed (Webex did not answer it in time).']
      : []),
  ];
}

/** The newest change with something to undo: a PIN reset is about one person's PIN, never the rules. */
async function lastRulesChange(
  deps: BotDeps,
  ctx: BotContext,
  orgId: string,
): Promise<HistoryEntry | undefined> {
  const { entries, unreadable } = await deps.history.newest(orgId, LOOK_BACK);
  if (unreadable > 0)
    ctx.log.warn({ orgId, unreadable }, 'history entries that could not be read were left out');
  return entries.find((e) => e.kind !== 'reset');
}

async function voicemailUndo(deps: BotDeps, ctx: BotContext): Promise<void> {
  // A read-only administrator is refused here, before anything is read.
  const access = await requireAccess(deps, ctx, { need: 'change', then: { kind: 'voicemail.undo' } });
  if (!access) return;
  // Read first, as `/voicemail history` does: only someone Webex lets see the org's rules learns its history.
  const rules = await loadRules(deps, ctx, access);
  assertMayChange(access, rules);
  const banner = orgBannerMarkdown(rules);
  const orgId = rules.orgId ?? access.orgId;
  if (orgId === undefined) {
    await ctx.say(
      `${banner}\n\nI cannot tell which organization you belong to, so I have no change to undo.`,
    );
    return;
  }
  const entry = await lastRulesChange(deps, ctx, orgId);
  if (!entry) {
    await ctx.say(
      `${banner}\n\nNothing to undo: I have no change to these rules made through me. ` +
        'Say `/voicemail history` to see what I kept.',
    );
    return;
  }
  const which = changeName(entry);
  if (!entry.values) {
    await ctx.say(
      `${banner}\n\nI cannot undo ${which}: it was made before I kept the values an undo needs. ` +
        'Say `/voicemail history` to see what it changed, and `/voicemail set …` to set those settings back.',
    );
    return;
  }
  const plan = planUndo(
    { values: entry.values, ...(entry.pin ? { pin: entry.pin } : {}) },
    rules.settings,
    rules.pinRules,
  );
  const drifted =
    plan.drifts.length > 0
      ? `The rules changed after ${which} (in Control Hub, or through me):\n${list(plan.drifts.map(driftLine))}`
      : '';
  if (plan.changes.length === 0) {
    const parts = [
      `Nothing to undo: every setting ${which} touched that I can put back already reads as it did before it.`,
      drifted,
      plan.kept.length > 0 ? `Not put back:\n${list(plan.kept)}` : '',
    ];
    await ctx.say([banner, ...parts.filter(Boolean)].join('\n\n'));
    return;
  }
  // Drift is shown before the card: the card starts from the rules now, never from that change's "after".
  if (drifted)
    await ctx.say(`${banner}\n\n${drifted}\n\nThe card below starts from the rules as they are now.`);
  const pending: PendingChange = {
    kind: 'undo',
    undoes: { at: entry.at, by: entry.by.displayName },
    update: plan.update,
    changes: plan.changes,
    before: rules.settings,
    ...(rules.revision === undefined ? {} : { revision: rules.revision }),
  };
  const confirmWord = plan.drifts.length > 0 ? 'Undo anyway' : 'Undo';
  await askToConfirm(
    deps,
    ctx,
    rules,
    pending,
    {
      title: `Undo ${which}`,
      intro: `Puts back what these settings held before ${which}. Nothing changes until you press ${confirmWord}.`,
      changes: plan.changes,
      notes: cardNotes(entry, plan),
      confirmTitle: confirmWord,
    },
    { newest: true },
  );
}

/**
 * `/voicemail undo`: the org's last rules change made through the bot, put back for exactly the settings it
 * touched, on Confirm (actions/voicemail-confirm, which checks the card against the rules again and PUTs
 * under the org's lock). Undoing an undo makes the undone change again, and its card says so.
 */
export const voicemailUndoCommand: CommandSpec<'voicemail.undo'> = {
  audience: 'full-admin',
  usage: USAGE,
  run: (_cmd, ctx, deps) => voicemailUndo(deps, ctx),
};
