import type { PinOutcome, HistoryEntry, RulesValues } from '../store/change-history.js';
import type { Change } from '../voicemail/plan-update.js';
import type { RulesSettings, RulesUpdate } from '../voicemail/rules.js';
import type { Access } from './access-provider.js';
import type { BotContext } from './bot-context.js';
import type { BotDeps } from './bot-deps.js';
import type { TargetOrg } from './target-org.js';

/** What became of the PIN, from the PUT body and the flag before it: never the PIN itself. */
export function pinOutcome(update: RulesUpdate, before: RulesSettings): PinOutcome | undefined {
  if (update.defaultVoicemailPin !== undefined)
    return before.defaultVoicemailPinEnabled === true ? 'replaced' : 'set';
  return update.defaultVoicemailPinEnabled === false && before.defaultVoicemailPinEnabled !== false
    ? 'discarded'
    : undefined;
}

/**
 * The touched settings' values before and after, copied field by field from the PUT body (less the PIN)
 * and from what was read before it: what an undo would put back.
 */
export function touchedValues(
  update: RulesUpdate,
  before: RulesSettings,
): { before: RulesValues; after: RulesValues } {
  const was: RulesValues = {};
  const now: RulesValues = {};
  if (update.defaultVoicemailPinEnabled !== undefined) {
    now.defaultVoicemailPinEnabled = update.defaultVoicemailPinEnabled;
    if (before.defaultVoicemailPinEnabled !== undefined)
      was.defaultVoicemailPinEnabled = before.defaultVoicemailPinEnabled;
  }
  const days = (s: { enabled: boolean; numberOfDays?: number }) =>
    s.numberOfDays === undefined
      ? { enabled: s.enabled }
      : { enabled: s.enabled, numberOfDays: s.numberOfDays };
  for (const name of ['expirePasscode', 'changePasscode'] as const) {
    const asked = update[name];
    if (!asked) continue;
    now[name] = days(asked);
    const held = before[name];
    if (held) was[name] = days(held);
  }
  const count = (s: { enabled: boolean; numberOfPasscodes?: number }) =>
    s.numberOfPasscodes === undefined
      ? { enabled: s.enabled }
      : { enabled: s.enabled, numberOfPasscodes: s.numberOfPasscodes };
  if (update.blockPreviousPasscodes) {
    now.blockPreviousPasscodes = count(update.blockPreviousPasscodes);
    if (before.blockPreviousPasscodes) was.blockPreviousPasscodes = count(before.blockPreviousPasscodes);
  }
  return { before: was, after: now };
}

/**
 * Appends a change that landed (or may have) to the org's history. Called with the PUT done: a store
 * failure here is logged and never turns the change into a failure.
 */
export async function recordChange(
  deps: BotDeps,
  ctx: BotContext,
  target: TargetOrg & { access: Access },
  what: {
    kind?: HistoryEntry['kind'];
    undoes?: HistoryEntry['undoes'];
    changes: Change[];
    update: RulesUpdate;
    before: RulesSettings;
    outcome: HistoryEntry['outcome'];
    readBack?: HistoryEntry['readBack'];
    trackingId?: string;
  },
): Promise<void> {
  const orgId = target.orgId ?? target.access.orgId;
  if (orgId === undefined) return;
  const pin = pinOutcome(what.update, what.before);
  const entry: HistoryEntry = {
    at: new Date().toISOString(),
    kind: what.kind ?? 'rules',
    by: { personId: ctx.actor.id, displayName: ctx.actor.displayName, email: ctx.actor.email },
    org: { id: orgId, name: target.orgName },
    // Copied field by field: nothing else a Change might carry gets into storage.
    changes: what.changes.map((c) =>
      c.before === undefined
        ? { setting: c.setting, after: c.after }
        : { setting: c.setting, before: c.before, after: c.after },
    ),
    ...(pin ? { pin } : {}),
    values: touchedValues(what.update, what.before),
    ...(what.undoes ? { undoes: { at: what.undoes.at, by: what.undoes.by } } : {}),
    outcome: what.outcome,
    ...(what.readBack ? { readBack: what.readBack } : {}),
    ...(what.trackingId ? { trackingId: what.trackingId } : {}),
  };
  await appendToHistory(deps, ctx, entry);
}

/** A store failure is logged and never turns a change that was made into a failure. */
export async function appendToHistory(deps: BotDeps, ctx: BotContext, entry: HistoryEntry): Promise<void> {
  try {
    await deps.history.append(entry);
  } catch (err) {
    ctx.log.warn(
      { err: (err as Error).message, orgId: entry.org.id, trackingId: entry.trackingId },
      'change not recorded in the org’s history: the change itself stands',
    );
  }
  // Still under the org's change lock: the drift watch never takes this change for one made elsewhere. A
  // PIN reset touches no rules setting (no values): nothing to note.
  const orgId = entry.org.id;
  await deps.driftSeen
    .noteApplied(orgId, entry.values?.after ?? {}, { certain: entry.outcome === 'certain' })
    .catch((err: unknown) =>
      ctx.log.warn(
        { err: (err as Error).message, orgId },
        'drift watch not told of this change: it may report it',
      ),
    );
}
