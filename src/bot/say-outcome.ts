import type { BotContext } from './bot-context.js';

/**
 * Tells how a change that landed (or may have) ended. A reply that cannot be delivered is logged, never
 * turned into a failure: the error boundary would otherwise answer a done change with "nothing was changed"
 * or a refusal of its own.
 */
export async function sayOutcome(
  ctx: BotContext,
  markdown: string,
  what: Record<string, unknown>,
): Promise<boolean> {
  try {
    await ctx.say(markdown, { retry: true });
    return true;
  } catch (err) {
    ctx.log.error({ ...what, err }, 'the outcome of a change could not be delivered');
    return false;
  }
}
