import { randomUUID } from 'node:crypto';
import { isAppError, type ErrorCode } from '../errors.js';
import { WebexApiError } from '../webex/webex-api-error.js';
import type { BotContext } from './bot-context.js';
import { code, escapeMarkdown, md } from '../markdown.js';
import { withoutPinLikeDigits } from '../voicemail/pin-like-digits.js';

/** Human line for the reference Webex support asks for. */
export function trackingLine(trackingId: string | undefined): string {
  return trackingId ? md`\n\n_Webex tracking ID: ${code(trackingId)}_` : '';
}

/**
 * The one place a failure becomes words: the admin gets what happened and what to do next, the operator
 * gets one log line with the error code, the hint and the Webex trackingId. Nothing escapes to crash the
 * process.
 */
export async function withErrorBoundary(
  ctx: BotContext,
  what: string,
  fn: () => Promise<void>,
  /** Told how it ended (metrics): `failed` with the error's code, or `unexpected`. */
  ended?: (outcome: 'ok' | 'failed' | 'unexpected', code?: ErrorCode) => void,
): Promise<void> {
  try {
    await fn();
    ended?.('ok');
  } catch (err) {
    ended?.(isAppError(err) ? 'failed' : 'unexpected', isAppError(err) ? err.code : undefined);
    let reply: string;
    if (isAppError(err)) {
      const webex =
        err instanceof WebexApiError ? { status: err.status, call: `${err.method} ${err.path}` } : {};
      ctx.log.warn(
        { code: err.code, hint: err.hint, trackingId: err.trackingId, what, ...webex, err },
        `${what} failed: ${err.code}`,
      );
      // A Webex error's message can quote Webex's own description of the request: that part is Webex's
      // text (it may even quote the PIN), the rest is the bot's.
      const message =
        err instanceof WebexApiError && err.description
          ? err.userMessage.split(err.description).join(escapeMarkdown(withoutPinLikeDigits(err.description)))
          : err.userMessage;
      reply = message + trackingLine(err.trackingId);
    } else {
      const ref = randomUUID().slice(0, 8);
      ctx.log.error({ err, what, ref }, `${what} failed unexpectedly`);
      reply = `Something went wrong on my side (reference \`${ref}\`). Nothing was changed; please try again.`;
    }
    try {
      await ctx.say(reply);
    } catch (sayErr) {
      ctx.log.error({ err: sayErr, what }, 'could not send the error reply');
    }
  }
}
