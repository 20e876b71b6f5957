import type { AppError } from '../errors.js';
import type { BotContext } from './bot-context.js';
import type { BotDeps } from './bot-deps.js';
import { trackingLine } from './error-boundary.js';
import { sayOutcome } from './say-outcome.js';
import { sendGeneratedPin } from './send-generated-pin.js';
import type { TargetOrg } from './target-org.js';

/**
 * A change carrying a PIN the bot made up was not seen in place, but Webex never answered it, so it may
 * land late: the person hears that (the words `applyUpdate` gave), and then the PIN, in their 1:1 space
 * only, as the one copy there is in case it lands.
 */
export async function pinMayLand(
  deps: Pick<BotDeps, 'messages'>,
  ctx: BotContext,
  org: TargetOrg,
  pin: string,
  err: unknown,
): Promise<void> {
  const e = err as AppError;
  ctx.log.warn(
    { err: { code: e.code }, trackingId: e.trackingId },
    'change with a generated PIN may land late',
  );
  await sayOutcome(ctx, `${e.userMessage}${trackingLine(e.trackingId)}`, { trackingId: e.trackingId });
  await sendGeneratedPin(deps, ctx, org, pin, undefined, { late: true });
}
