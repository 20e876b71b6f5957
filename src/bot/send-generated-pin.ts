import { orgBannerMarkdown } from '../cards/org-banner.js';
import { code, md } from '../markdown.js';
import { shortName } from '../short-name.js';
import type { BotContext } from './bot-context.js';
import type { BotDeps } from './bot-deps.js';
import type { TargetOrg } from './target-org.js';
import { WebexApiError } from '../webex/webex-api-error.js';
import { sayOutcome } from './say-outcome.js';

/** Said in a group space's thread once the PIN went to the person's 1:1 space. */
export const PIN_SENT_PRIVATELY =
  'I sent you the new default PIN privately, in your 1:1 space with me: it is not shown here.';

/** Whose PIN the bot made up: one person's own (`/voicemail reset … pin=random`); absent, the org's default. */
export interface PinOwner {
  displayName: string;
  email: string;
}

/** The words that differ between the org's default PIN and one person's own, names escaped. */
function wordsFor(owner: PinOwner | undefined) {
  if (!owner) {
    return {
      title: '**The new default voicemail PIN**',
      share: 'Share it with your people the way you share other PINs, then delete this message.',
      sent: PIN_SENT_PRIVATELY,
      what: 'the new default PIN',
      again: 'make another with `/voicemail set pin=random`',
    };
  }
  const name = shortName(owner.displayName);
  return {
    title: md`**The new voicemail PIN of ${name}** (${shortName(owner.email)})`,
    share: 'Give it to them the way you share other PINs, then delete this message.',
    sent: md`I sent you the new voicemail PIN of ${name} privately, in your 1:1 space with me: it is not shown here.`,
    what: md`the new voicemail PIN of ${name}`,
    again: md`set another with ${code(`/voicemail reset ${shortName(owner.email)} pin=random`)}`,
  };
}

/** The message that carries the PIN: it goes nowhere but the person's 1:1 space with the bot. */
function pinMessage(org: TargetOrg, pin: string, owner: PinOwner | undefined, late: boolean): string {
  const w = wordsFor(owner);
  const inCase = late
    ? '\n\n_Webex had not answered the change yet: if it lands late, this is the PIN in force. Check with `/voicemail show` in a minute._'
    : '';
  return (
    `${orgBannerMarkdown(org)}\n\n${w.title} I made up: \`${pin}\`${inCase}\n\n` +
    `_Webex never shows a PIN again and I keep no copy: this message is the only place it is written. ${w.share}_`
  );
}

/**
 * Shows a PIN the bot made up to the person who asked, and no one else. In their 1:1 space it is the
 * reply; in a group space Webex posts it to the person (`toPersonId`, which opens the 1:1 space if need
 * be) and the group's thread is told where it went. A PIN the message could not carry is not shown at
 * all: the person is told so (as far as a message still gets through), and how to make another. The PIN is never in a log line. `owner`: the
 * person whose own PIN it is; absent, the org's default PIN.
 */
export async function sendGeneratedPin(
  deps: Pick<BotDeps, 'messages'>,
  ctx: BotContext,
  org: TargetOrg,
  pin: string,
  owner?: PinOwner,
  opts: { late?: boolean } = {},
): Promise<void> {
  const w = wordsFor(owner);
  const late = opts.late === true;
  const lost = (err: unknown) => {
    // Status and trackingId only: Webex's answer to a message is not read into a log line that sits near a PIN.
    const why =
      err instanceof WebexApiError
        ? { status: err.status, trackingId: err.trackingId }
        : { error: 'not sent' };
    ctx.log.warn(why, 'the generated PIN could not be shown to the person who asked');
    // The PIN is set (or may be) and no one knows it: say so, and how to make another. Never a failure of
    // the change itself, which stands.
    // A post Webex never answered (or answered 5xx) may still have arrived: say so, not "written nowhere".
    const mayHaveArrived = err instanceof WebexApiError && (err.status === 0 || err.status >= 500);
    return sayOutcome(
      ctx,
      `${orgBannerMarkdown(org)}\n\n` +
        (mayHaveArrived
          ? `I could not confirm that the message with ${w.what} reached you. If it is not in our 1:1 space, no ` +
            `one knows it: ${w.again} in a 1:1 space with me.`
          : `I could not show you ${w.what}, and it is not written anywhere, so no one knows it: ${w.again} in a ` +
            '1:1 space with me.'),
      why,
    );
  };
  try {
    // Retried: a PIN sent twice to its owner beats a PIN that is set and known to no one.
    if (ctx.room.type === 'direct') await ctx.say(pinMessage(org, pin, owner, late), { retry: true });
    else
      await deps.messages.send(
        { toPersonId: ctx.actor.id, markdown: pinMessage(org, pin, owner, late) },
        { retry: true },
      );
  } catch (err) {
    await lost(err);
    return;
  }
  if (ctx.room.type !== 'direct') await sayOutcome(ctx, w.sent, {});
}
