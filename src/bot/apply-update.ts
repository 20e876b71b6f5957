import { AppError } from '../errors.js';
import { checkUpdate, type UpdateCheck } from '../voicemail/check-update.js';
import type { Change } from '../voicemail/plan-update.js';
import type { RulesSettings, RulesUpdate } from '../voicemail/rules.js';
import { formatChange, formatChanges } from '../voicemail/summary.js';
import { WebexApiError } from '../webex/webex-api-error.js';
import type { Access } from './access-provider.js';
import type { BotContext } from './bot-context.js';
import { trackingLine } from './error-boundary.js';
import { readSettings } from './load-rules.js';
import { withAccess } from './require-access.js';
import type { BotDeps } from './bot-deps.js';
import { TELEPHONY_WRITE } from '../auth/scopes.js';
import { orgBannerMarkdown } from '../cards/org-banner.js';
import type { TargetOrg } from './target-org.js';
import { recordChange } from './record-change.js';
import { sayOutcome } from './say-outcome.js';
import type { HistoryEntry } from '../store/change-history.js';

const PIN_UNCHECKED =
  '_The new PIN could not be confirmed: Webex never reports the PIN. If in doubt, set it again._';
const CHECK_FIRST = 'Check with `/voicemail show` before trying again.';

/**
 * The change was not seen in place when the rules were read back, but Webex never answered it: it may
 * still land late (what `applyUpdate` rejects with in that case). A PIN made up for it must still reach
 * the person, or it could end up in force and known to no one.
 */
export const mayStillLand = (err: unknown): boolean =>
  err instanceof AppError && err.cause instanceof WebexApiError && err.cause.status === 0;

/** Webex may have acted on the PUT: every try timed out (status 0) or ended in a 5xx. */
const mayHaveLanded = (err: unknown): err is WebexApiError =>
  err instanceof WebexApiError && (err.status === 0 || err.status >= 500);

/** The outcome is recorded before anyone is told; a reply that cannot be delivered never undoes it. */
const report = (ctx: BotContext, markdown: string, what: Record<string, unknown>): Promise<unknown> =>
  sayOutcome(ctx, markdown, what);

function listed(title: string, lines: string[]): string[] {
  return lines.length ? [`${title}\n${lines.map((l) => `- ${l}`).join('\n')}`] : [];
}

/** Words for a PUT whose answer never came, from what the read-back shows. */
function describeCheck(changes: Change[], check: UpdateCheck): string {
  const lineFor = (label: string) => {
    const change = changes.find((c) => c.setting === label);
    return change ? formatChange(change) : `**${label}**`;
  };
  const late = 'Webex did not answer the change in time, so I read the rules back';
  const pin = check.pinUnchecked ? [PIN_UNCHECKED] : [];
  if (check.verdict === 'all') {
    return [
      '**Voicemail rules updated**',
      formatChanges(changes.filter((c) => check.inPlace.includes(c.setting))),
      `_${late}: they show the change._`,
      ...pin,
    ].join('\n\n');
  }
  if (check.verdict === 'unconfirmed') {
    const why = check.unreported.length
      ? `${late}, but Webex did not report ${check.unreported.map((l) => `**${l}**`).join(', ')}.`
      : `${late}, but Webex never reports the PIN.`;
    return ['**Could not confirm the change**', why, ...pin, check.unreported.length ? CHECK_FIRST : '']
      .filter(Boolean)
      .join('\n\n');
  }
  return [
    '**Voicemail rules partly updated**',
    `${late}:`,
    ...listed('In place:', check.inPlace.map(lineFor)),
    ...listed(
      'Not in place:',
      check.notInPlace.map((l) => `**${l}**`),
    ),
    ...listed(
      'Not reported by Webex:',
      check.unreported.map((l) => `**${l}**`),
    ),
    ...pin,
    'Say `/voicemail` for a fresh form, or `/voicemail show` to see the rules.',
  ].join('\n\n');
}

/**
 * A change landed, or may have: every form and confirmation made before it is stale now (`OrgRevisions`).
 * Counted before anyone is told, so a card pressed right after the outcome is already refused. A store
 * failure here is logged, never turned into a failed change: the PUT is done.
 */
async function countChange(deps: BotDeps, ctx: BotContext, target: TargetOrg & { access: Access }) {
  const orgId = target.orgId ?? target.access.orgId;
  if (orgId === undefined) return;
  try {
    await deps.revisions.bump(orgId);
  } catch (err) {
    ctx.log.warn(
      { err: (err as Error).message, orgId },
      'org revision not counted: cards made before this change are not known to be stale',
    );
  }
}

/** What a change PUTs and says, and how the history names it (an undo says which change it undid). */
export interface PlannedChange {
  update: RulesUpdate;
  changes: Change[];
  before: RulesSettings;
  kind?: 'rules' | 'undo';
  undoes?: HistoryEntry['undoes'];
}

/**
 * A sign-in that did not grant write access cannot succeed: say so before Webex does (and before a
 * confirmation is asked for a change that could not be made).
 */
export function assertMayChange(access: Access, org: TargetOrg): void {
  if (access.scopes.length > 0 && !access.scopes.includes(TELEPHONY_WRITE)) {
    throw new AppError(
      'FORBIDDEN',
      `${orgBannerMarkdown(org)}\n\n` +
        `Not changed: your Webex sign-in allows reading the rules but not changing them (it lacks \`${TELEPHONY_WRITE}\`). ` +
        'Changing them needs a full administrator who granted that scope: /logout, then /login again.',
    );
  }
}

/**
 * PUT a validated update with the admin's own token and report before -> after. Resolves once the outcome
 * is known to have landed, or is uncertain (the caller must then not offer the same form again); rejects
 * only when nothing changed, with an error the error boundary words per status with the trackingId.
 */
export async function applyUpdate(
  deps: BotDeps,
  ctx: BotContext,
  target: TargetOrg & { access: Access },
  plan: PlannedChange & {
    /** The org's revision the card (form or confirmation) was made at; absent for a typed command. */
    revision?: number;
  },
  /** A line added under the summary. */
  note?: string,
): Promise<void> {
  assertMayChange(target.access, target);
  const orgId = target.orgId ?? target.access.orgId;
  if (orgId === undefined) return applyNow(deps, ctx, target, plan, note);
  // The revision is checked again under the org's lock, with the PUT: two cards pressed at once must not
  // both pass an earlier check and both report "updated".
  return deps.revisions.exclusive(orgId, async () => {
    if (plan.revision !== undefined && (await deps.revisions.current(orgId)) !== plan.revision) {
      ctx.log.info(
        { orgId },
        'change refused: another change to the org was applied since the card was made',
      );
      const again = plan.kind === 'undo' ? '`/voicemail undo`' : '`/voicemail` or `/voicemail set …`';
      await ctx.say(
        `${orgBannerMarkdown(target)}\n\n` +
          'Nothing was changed: another change to these rules was applied through me just before this one, so ' +
          `this card no longer shows what it would do. Ask again (${again}) to see the rules as they are now.`,
      );
      return;
    }
    await applyNow(deps, ctx, target, plan, note);
  });
}

async function applyNow(
  deps: BotDeps,
  ctx: BotContext,
  target: TargetOrg & { access: Access },
  plan: PlannedChange,
  note?: string,
): Promise<void> {
  const { access } = target;
  // ctx.log already carries personId and roomId; naming them again writes each key twice.
  const what = {
    orgId: target.orgId,
    orgName: target.orgName,
    fields: Object.keys(plan.update),
  };
  const withNote = (markdown: string) => (note ? `${markdown}\n\n${note}` : markdown);
  const banner = orgBannerMarkdown(target);
  let trackingId: string;
  try {
    ({ trackingId } = await withAccess(deps, ctx, access, (a) =>
      deps.telephony.putVoicemailRules(a.token, plan.update, target.orgId),
    ));
  } catch (err) {
    if (!mayHaveLanded(err)) throw err;
    // Counts the change itself unless the read-back shows none of it (the caller then offers the form again).
    await reportUncertain(deps, ctx, target, plan, err, what, (m) => withNote(`${banner}\n\n${m}`));
    return;
  }
  await countChange(deps, ctx, target);
  await recordChange(deps, ctx, target, { ...plan, outcome: 'certain', trackingId });
  ctx.log.info({ ...what, trackingId }, 'voicemail rules updated');
  await report(ctx, withNote(`${banner}\n\n**Voicemail rules updated**\n\n${formatChanges(plan.changes)}`), {
    ...what,
    trackingId,
  });
}

/**
 * Every try of the PUT timed out or failed on Webex's side, which does not mean it did not land: read the
 * rules back and say what Webex now holds instead of guessing "nothing was changed".
 */
async function reportUncertain(
  deps: BotDeps,
  ctx: BotContext,
  target: TargetOrg & { access: Access },
  plan: PlannedChange,
  putError: WebexApiError,
  what: Record<string, unknown>,
  /** Puts the org banner above and the caller's note under a report. */
  framed: (markdown: string) => string,
): Promise<void> {
  const failed = { ...what, status: putError.status, trackingId: putError.trackingId };
  let now: RulesSettings;
  try {
    now = await readSettings(deps, ctx, target.access, target.orgId);
  } catch (readError) {
    ctx.log.warn(
      { ...failed, readError: (readError as Error).message },
      'voicemail rules change unconfirmed: the PUT and the read-back both failed',
    );
    await countChange(deps, ctx, target);
    await recordChange(deps, ctx, target, {
      ...plan,
      outcome: 'uncertain',
      readBack: 'failed',
      trackingId: putError.trackingId,
    });
    await report(
      ctx,
      framed(
        '**Could not confirm the change**\n\n' +
          'Webex did not answer the change in time, and reading the rules back failed too, so I cannot ' +
          `tell whether it landed. ${CHECK_FIRST}${trackingLine(putError.trackingId)}`,
      ),
      failed,
    );
    return;
  }
  const check = checkUpdate(plan.update, plan.before, now);
  const seen = {
    ...failed,
    inPlace: check.inPlace,
    notInPlace: check.notInPlace,
    unreported: check.unreported,
  };
  if (check.verdict === 'none') {
    ctx.log.info(seen, 'voicemail rules unchanged: the PUT failed and the read-back shows none of it');
    // Webex answered with an error: nothing changed, as the rules confirm. Webex never answered: the rules
    // do not show it now, but the request may still be worked on, so "nothing changed" would be a guess.
    if (putError.status !== 0) throw putError;
    await recordChange(deps, ctx, target, {
      ...plan,
      outcome: 'uncertain',
      readBack: 'none',
      trackingId: putError.trackingId,
    });
    throw new AppError(
      'WEBEX_UNAVAILABLE',
      `${orgBannerMarkdown(target)}\n\n` +
        "Not changed so far: Webex did not answer in time, and the rules it holds don't show the change. It could still arrive late, so check with `/voicemail show` in a minute " +
        'before trying again.',
      { trackingId: putError.trackingId, cause: putError },
    );
  }
  await countChange(deps, ctx, target);
  await recordChange(deps, ctx, target, {
    ...plan,
    // Every setting read back as asked, and no PIN that a read can never show: it landed.
    outcome: check.verdict === 'all' && !check.pinUnchecked ? 'certain' : 'uncertain',
    readBack: check.verdict,
    trackingId: putError.trackingId,
  });
  if (check.verdict === 'all') ctx.log.info({ ...seen, late: true }, 'voicemail rules updated');
  else
    ctx.log.warn(
      seen,
      `voicemail rules change ${check.verdict === 'some' ? 'partly applied' : 'unconfirmed'}`,
    );
  await report(ctx, framed(describeCheck(plan.changes, check)), seen);
}
