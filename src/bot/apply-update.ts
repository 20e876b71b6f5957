import { AppError } from '../errors.js';
import type { Change } from '../voicemail/plan-update.js';
import type { RulesUpdate } from '../voicemail/rules.js';
import { formatChanges } from '../voicemail/summary.js';
import type { Access } from './access-provider.js';
import type { BotContext } from './bot-context.js';
import { withAccess } from './require-access.js';
import type { BotDeps } from './voicemail-deps.js';
import { md, raw } from '../markdown.js';

export const WRITE_SCOPE = 'spark-admin:telephony_config_write';

/**
 * PUT a validated update with the admin's own token and report before -> after. Errors propagate to the
 * error boundary, which words them per status with the trackingId.
 */
export async function applyUpdate(
  deps: BotDeps,
  ctx: BotContext,
  target: { access: Access; orgId: string | undefined; orgName: string },
  plan: { update: RulesUpdate; changes: Change[] },
  /** A line added under the summary. */
  note?: string,
): Promise<void> {
  const { access } = target;
  // A sign-in that did not grant write access cannot succeed; say so before Webex does.
  if (access.scopes.length > 0 && !access.scopes.includes(WRITE_SCOPE)) {
    throw new AppError(
      'FORBIDDEN',
      `Not changed: your Webex sign-in allows reading the rules but not changing them (it lacks \`${WRITE_SCOPE}\`). ` +
        'Changing them needs a full administrator who granted that scope: /logout, then /login again.',
    );
  }
  const { trackingId } = await withAccess(deps, ctx, target.access, (a) =>
    deps.telephony.putVoicemailRules(a.token, plan.update, target.orgId),
  );
  // ctx.log already carries personId and roomId; naming them again writes each key twice.
  ctx.log.info(
    {
      orgId: target.orgId,
      orgName: target.orgName,
      fields: Object.keys(plan.update),
      trackingId,
    },
    'voicemail rules updated',
  );
  const summary = md`**Voicemail rules updated for ${target.orgName}**\n\n${raw(formatChanges(plan.changes))}`;
  await ctx.say(note ? `${summary}\n\n${note}` : summary);
}
