import type { Change } from '../voicemail/plan-update.js';
import type { RulesUpdate } from '../voicemail/rules.js';
import { formatChanges } from '../voicemail/summary.js';
import type { Access } from './access-provider.js';
import type { BotContext } from './bot-context.js';
import type { BotDeps } from './voicemail-deps.js';

/**
 * PUT a validated update with the admin's own token and report before -> after. Errors propagate to the
 * error boundary, which words them per status with the trackingId.
 */
export async function applyUpdate(
  deps: BotDeps,
  ctx: BotContext,
  target: { access: Access; orgId: string | undefined; orgName: string },
  plan: { update: RulesUpdate; changes: Change[] },
): Promise<void> {
  const { trackingId } = await deps.telephony.putVoicemailRules(target.access.token, plan.update, target.orgId);
  ctx.log.info(
    { personId: ctx.actor.id, orgId: target.orgId, fields: Object.keys(plan.update), trackingId },
    'voicemail rules updated',
  );
  await ctx.say(`**Voicemail rules updated for ${target.orgName}**\n\n${formatChanges(plan.changes)}`);
}
