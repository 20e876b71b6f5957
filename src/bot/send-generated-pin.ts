import { orgBannerMarkdown } from '../cards/org-banner.js';
import type { BotContext } from './bot-context.js';
import type { BotDeps } from './bot-deps.js';
import type { TargetOrg } from './target-org.js';
import { WebexApiError } from '../webex/webex-api-error.js';

/** Said in a group space's thread once the PIN went to the person's 1:1 space. */
export const PIN_SENT_PRIVATELY =
  'I sent you the new default PIN privately, in your 1:1 space with me: it is not shown here.';

/** The message that carries the PIN: it goes nowhere but the person's 1:1 space with the bot. */
function pinMessage(org: TargetOrg, pin: string): string {
  return (
    `${orgBannerMarkdown(org)}\n\n**The new default voicemail PIN** I made up: \`${pin}\`\n\n` +
    '_Webex never shows a PIN again and I keep no copy: this message is the only place it is written. ' +
    'Share it with your people the way you share other PINs, then delete this message._'
  );
}

/**
 * Shows a PIN the bot made up to the person who asked, and no one else. In their 1:1 space it is the
 * reply; in a group space Webex posts it to the person (`toPersonId`, which opens the 1:1 space if need
 * be) and the group's thread is told where it went. A PIN the private message could not carry is not
 * shown at all: the thread says so, and how to make another. The PIN is never in a log line.
 */
export async function sendGeneratedPin(
  deps: Pick<BotDeps, 'messages'>,
  ctx: BotContext,
  org: TargetOrg,
  pin: string,
): Promise<void> {
  if (ctx.room.type === 'direct') {
    await ctx.say(pinMessage(org, pin), { retry: true });
    return;
  }
  try {
    // Retried: a PIN sent twice to its owner beats a PIN that is set and known to no one.
    await deps.messages.send({ toPersonId: ctx.actor.id, markdown: pinMessage(org, pin) }, { retry: true });
  } catch (err) {
    // Status and trackingId only: Webex's answer to a message is not read into a log line that sits near a PIN.
    const why =
      err instanceof WebexApiError
        ? { status: err.status, trackingId: err.trackingId }
        : { error: 'not sent' };
    ctx.log.warn(why, 'the generated PIN could not be sent privately');
    await ctx.say(
      `${orgBannerMarkdown(org)}\n\nI could not send you the new default PIN privately, and it is not ` +
        'shown here, so no one knows it: make another with `/voicemail set pin=random` in a 1:1 space with me.',
      { retry: true },
    );
    return;
  }
  await ctx.say(PIN_SENT_PRIVATELY, { retry: true });
}
