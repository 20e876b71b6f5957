import { WebexApiError } from '../../webex/webex-api-error.js';
import { shortName } from '../../short-name.js';
import { applyUpdate } from '../apply-update.js';
import type { BotContext } from '../bot-context.js';
import { accessRequestOf } from '../require-access.js';
import { trackingLine } from '../error-boundary.js';
import type { BotDeps } from '../bot-deps.js';
import { md } from '../../markdown.js';
import { orgBannerMarkdown } from '../../cards/org-banner.js';
import { withoutPinLikeDigits } from '../../voicemail/pin-like-digits.js';
import type { ActionSpec, CardAction } from './action-spec.js';

/**
 * Confirm or Cancel on the card a `/voicemail set` on a customer org sent. Like a form: only the person who
 * asked, in the space where they asked, once; the org is the one the card named, whatever `/org use` says
 * by now.
 */
async function voicemailConfirm(deps: BotDeps, ctx: BotContext, action: CardAction): Promise<void> {
  const id = typeof action.inputs.confirmId === 'string' ? action.inputs.confirmId : '';
  const claim = await deps.confirmations.claim(id, { personId: ctx.actor.id, roomId: ctx.room.id });
  if (claim.status === 'unknown') {
    await ctx.say('That confirmation has expired, so nothing was changed. Say `/voicemail set …` again.');
    return;
  }
  if (claim.status === 'used') {
    await ctx.say(
      'That change was already confirmed or cancelled, so this press changed nothing. ' +
        'Say `/voicemail show` to see the rules as Webex holds them now.',
    );
    return;
  }
  if (claim.status === 'not-yours') {
    ctx.log.warn(
      { confirmId: id, submitter: ctx.actor.id, owner: claim.session.personId },
      'confirmation pressed by another person',
    );
    await ctx.say(
      md`${shortName(ctx.actor.displayName)}, only the admin who asked for that change can confirm or cancel it, so nothing was changed.`,
    );
    return;
  }
  const session = claim.session;
  const org = {
    orgId: session.orgId || undefined,
    orgName: session.orgName,
    customer: session.customerOrg ?? true,
  };
  const banner = orgBannerMarkdown(org);
  const removeCard = () =>
    session.messageId ? deps.messages.remove(session.messageId).catch(() => undefined) : Promise.resolve();

  if (action.inputs.action === 'voicemail.confirm-cancel') {
    await removeCard();
    await ctx.say(`${banner}\n\nCancelled. Nothing was changed.`);
    return;
  }
  const access = await deps.access.get(ctx.actor.id);
  if (!access) {
    // Keep it usable: after signing in, the same Confirm works.
    await deps.confirmations.release(session);
    await ctx.say(await deps.accessHelp(accessRequestOf(ctx)));
    return;
  }
  try {
    await applyUpdate(deps, ctx, { ...org, access }, session.snapshot);
  } catch (err) {
    if (err instanceof WebexApiError && err.status === 400) {
      await removeCard();
      const said = err.description ? withoutPinLikeDigits(err.description) : 'bad request';
      await ctx.say(
        `${banner}\n\n` +
          md`Not changed: Webex said “${said}”. Say \`/voicemail show\` to see the rules, then \`/voicemail set\` again.` +
          trackingLine(err.trackingId),
      );
      return;
    }
    // Nothing landed: the same Confirm may be pressed again.
    await deps.confirmations.release(session);
    throw err;
  }
  // Landed, or may have: the card's "before" is stale, so it goes.
  await removeCard();
}

export const voicemailConfirmAction: ActionSpec = {
  what: 'voicemail.confirm',
  run: (action, ctx, deps) => voicemailConfirm(deps, ctx, action),
};
