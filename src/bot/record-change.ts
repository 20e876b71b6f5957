import type { PinOutcome, HistoryEntry } from '../store/change-history.js';
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
 * Appends a change that landed (or may have) to the org's history. Called with the PUT done: a store
 * failure here is logged and never turns the change into a failure.
 */
export async function recordChange(
  deps: BotDeps,
  ctx: BotContext,
  target: TargetOrg & { access: Access },
  what: {
    kind?: HistoryEntry['kind'];
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
    outcome: what.outcome,
    ...(what.readBack ? { readBack: what.readBack } : {}),
    ...(what.trackingId ? { trackingId: what.trackingId } : {}),
  };
  try {
    await deps.history.append(entry);
  } catch (err) {
    ctx.log.warn(
      { err: (err as Error).message, orgId, trackingId: what.trackingId },
      'change not recorded in the org’s history: the change itself stands',
    );
  }
}
