import type { HistoryEntry } from '../store/change-history.js';
import type { Access } from './access-provider.js';
import type { BotContext } from './bot-context.js';
import type { BotDeps, PendingReset } from './bot-deps.js';
import { appendToHistory } from './record-change.js';
import type { TargetOrg } from './target-org.js';

/**
 * Appends a person's PIN reset (back to the org default) or set (a PIN made up) to the org's history, once
 * Webex answered or may have: who, for whom, never the PIN.
 */
export async function recordReset(
  deps: BotDeps,
  ctx: BotContext,
  target: TargetOrg & { access: Access },
  what: {
    person: PendingReset['person'];
    pin: 'reset' | 'set';
    outcome: HistoryEntry['outcome'];
    trackingId?: string;
  },
): Promise<void> {
  const orgId = target.orgId ?? target.access.orgId;
  if (orgId === undefined) return;
  const { id, displayName, email } = what.person;
  await appendToHistory(deps, ctx, {
    at: new Date().toISOString(),
    kind: 'reset',
    by: { personId: ctx.actor.id, displayName: ctx.actor.displayName, email: ctx.actor.email },
    org: { id: orgId, name: target.orgName },
    changes: [],
    pin: what.pin,
    person: { id, displayName, email },
    outcome: what.outcome,
    ...(what.trackingId ? { trackingId: what.trackingId } : {}),
  });
}
