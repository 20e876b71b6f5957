import { WebexApiError } from '../../webex/webex-api-error.js';
import { shortName } from '../../short-name.js';
import { applyUpdate, assertMayChange } from '../apply-update.js';
import type { Access } from '../access-provider.js';
import type { BotContext } from '../bot-context.js';
import { readSettings } from '../load-rules.js';
import type { FormSession } from '../../store/form-sessions.js';
import { changedSince } from '../../voicemail/changed-since.js';
import { accessRequestOf } from '../require-access.js';
import { trackingLine } from '../error-boundary.js';
import type { BotDeps, PendingChange } from '../bot-deps.js';
import { md, raw } from '../../markdown.js';
import { storedTimeText } from '../describe-time.js';
import { orgBannerMarkdown } from '../../cards/org-banner.js';
import { withoutPinLikeDigits } from '../../voicemail/pin-like-digits.js';
import type { ActionSpec, CardAction } from './action-spec.js';
import type { TargetOrg } from '../target-org.js';
import { confirmReset } from '../confirm-reset.js';
import { confirmFleet } from '../confirm-fleet.js';

/** How to see a stale rules confirmation's change against the rules as they are now, per kind. */
const AGAIN = {
  rules: 'Say `/voicemail set …` again to see your change against the rules as they are now.',
  undo: 'Say `/voicemail undo` again to see what undoing it would do now.',
} as const;

/**
 * Why a confirmation no longer says what Confirm would do, in words under the banner; undefined while it
 * still does. Checked in this order: a newer card of the same person for the org (no call), the settings
 * the card changes as Webex holds them now (one GET, compared in the card's own words), and the org's
 * revision, read after that GET so a change landing in between is caught by one or the other: Webex never
 * returns the PIN, so a PIN replaced since shows only there. What remains is the moment between this check
 * and the PUT, which only a lock per org around every change could close.
 */
async function whyStale(
  deps: BotDeps,
  ctx: BotContext,
  access: Access,
  session: FormSession<PendingChange>,
): Promise<string | undefined> {
  const { orgId, snapshot } = session;
  const again = AGAIN[snapshot.kind ?? 'rules'];
  const orgName = shortName(session.orgName);
  if (!(await deps.latestConfirmations.isLatest(session.personId, orgId, session.id))) {
    return (
      md`Nothing was changed: you asked for a newer change to ${orgName} after this card, and only the newest ` +
      `card can be confirmed. Press Confirm on that one. ${again}`
    );
  }
  const now = await readSettings(deps, ctx, access, orgId || undefined, { forOutcome: false });
  const drifts = changedSince(snapshot.update, snapshot.before, now);
  if (drifts.length > 0) {
    // The words are the bot's own (setting labels and states), as in every before → after summary.
    const lines = drifts.map((d) => `- **${d.setting}**: ${d.shown} on the card, ${d.now} now`);
    return (
      md`Nothing was changed: the rules of ${orgName} changed after this card was made, so it no longer ` +
      `shows what Confirm would do:\n${lines.join('\n')}\n\n${again}`
    );
  }
  if (orgId && snapshot.revision !== undefined) {
    if ((await deps.revisions.current(orgId)) !== snapshot.revision) {
      return (
        md`Nothing was changed: the rules of ${orgName} were changed through me after this card was made ` +
        '(a Save, `/voicemail set` or Confirm; it may have been the default PIN, which Webex never shows), so ' +
        `this card may no longer show what Confirm would do. ${again}`
      );
    }
  }
  return undefined;
}

/** Under an undo's outcome: which change it undid (the name is from Webex, so escaped). */
function undoneLine({ kind, undoes }: PendingChange): string | undefined {
  if (kind !== 'undo' || !undoes) return undefined;
  const at = storedTimeText(undoes.at, 'an unknown time');
  return md`_This undid the change by ${shortName(undoes.by)} at ${raw(at)}._`;
}

/**
 * Confirm on a rules change (a `/voicemail set` on a customer org, or an undo): checked against the rules
 * as they are now, then PUT under the org's lock like every change.
 */
async function confirmRulesChange(
  deps: BotDeps,
  ctx: BotContext,
  session: FormSession<PendingChange>,
  access: Access,
  org: TargetOrg,
  removeCard: () => Promise<unknown>,
): Promise<void> {
  const banner = orgBannerMarkdown(org);
  try {
    // A sign-in that lost the write scope is told so before the rules are read again.
    assertMayChange(access, org);
    const stale = await whyStale(deps, ctx, access, session);
    if (stale) {
      // It never becomes true again: the card stays used and goes.
      await removeCard();
      await ctx.say(`${banner}\n\n${stale}`);
      return;
    }
    await applyUpdate(deps, ctx, { ...org, access }, session.snapshot, undoneLine(session.snapshot));
  } catch (err) {
    if (err instanceof WebexApiError && err.status === 400) {
      await removeCard();
      const said = err.description ? withoutPinLikeDigits(err.description) : 'bad request';
      await ctx.say(
        `${banner}\n\n` +
          md`Not changed: Webex said “${said}”. Say \`/voicemail show\` to see the rules, then ask again.` +
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

/**
 * Confirm or Cancel on any confirmation card (bot/ask-to-confirm). Like a form: only the person who asked,
 * in the space where they asked, once; the org is the one the card named, whatever `/org use` says by now.
 * What Confirm then does depends on the card's kind.
 */
async function voicemailConfirm(deps: BotDeps, ctx: BotContext, action: CardAction): Promise<void> {
  const id = typeof action.inputs.confirmId === 'string' ? action.inputs.confirmId : '';
  const claim = await deps.confirmations.claim(id, {
    personId: ctx.actor.id,
    roomId: ctx.room.id,
    messageId: action.messageId,
  });
  if (claim.status === 'other-card') {
    ctx.log.warn({ confirmId: id }, 'confirmation pressed on another card than its own');
    await ctx.say('That button does not belong to this card, so nothing was changed.');
    return;
  }
  if (claim.status === 'unknown') {
    await ctx.say(
      'That confirmation has expired, so nothing was changed. Ask again (the same command) for a new card.',
    );
    return;
  }
  if (claim.status === 'used') {
    await ctx.say(
      'That change was already confirmed or cancelled, so this press changed nothing. ' +
        'Say `/voicemail history` to see what was done, or `/voicemail show` for the rules as Webex holds them now.',
    );
    return;
  }
  if (claim.status === 'not-yours') {
    ctx.log.warn(
      { confirmId: id, submitter: ctx.actor.id, owner: claim.session.personId },
      'confirmation pressed by another person',
    );
    await ctx.say(
      claim.session.personId === ctx.actor.id
        ? 'That card was made in another space: press it there. Nothing was changed.'
        : md`${shortName(ctx.actor.displayName)}, only the admin who asked for that change can confirm or cancel it, so nothing was changed.`,
    );
    return;
  }
  const session = claim.session;
  const signedOut = await deps.signOuts.last(ctx.actor.id);
  if (signedOut !== undefined && signedOut >= session.createdAt) {
    // Used up: a sign-out ends what the card stood for, and a later sign-in does not bring it back.
    await ctx.say('You signed out after this card was made, so it no longer works. Nothing was changed.');
    return;
  }
  const org: TargetOrg = {
    orgId: session.orgId || undefined,
    orgName: session.orgName,
    customer: session.customerOrg ?? true,
    ...(session.snapshot.kind === 'fleet' ? { fleet: true } : {}),
  };
  const removeCard = () =>
    session.messageId ? deps.messages.remove(session.messageId).catch(() => undefined) : Promise.resolve();

  if (action.inputs.action === 'voicemail.confirm-cancel') {
    await removeCard();
    await ctx.say(`${orgBannerMarkdown(org)}\n\nCancelled. Nothing was changed.`);
    return;
  }
  const access = await deps.access.get(ctx.actor.id);
  if (!access) {
    // Keep it usable: after signing in, the same Confirm works.
    await deps.confirmations.release(session);
    await ctx.say(await deps.accessHelp(accessRequestOf(ctx)));
    return;
  }
  const { snapshot } = session;
  if (snapshot.kind === 'reset')
    await confirmReset(deps, ctx, { ...session, snapshot }, access, org, removeCard);
  else if (snapshot.kind === 'fleet')
    await confirmFleet(deps, ctx, { ...session, snapshot }, access, org, removeCard);
  else await confirmRulesChange(deps, ctx, { ...session, snapshot }, access, org, removeCard);
}

export const voicemailConfirmAction: ActionSpec = {
  what: 'voicemail.confirm',
  run: (action, ctx, deps) => voicemailConfirm(deps, ctx, action),
};
