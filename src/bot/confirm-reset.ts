import { PEOPLE_WRITE, TELEPHONY_WRITE } from '../auth/scopes.js';
import { orgBannerMarkdown } from '../cards/org-banner.js';
import { code, md } from '../markdown.js';
import { shortName } from '../short-name.js';
import type { FormSession } from '../store/form-sessions.js';
import { generatePersonPin } from '../voicemail/generate-pin.js';
import { withoutPinLikeDigits } from '../voicemail/pin-like-digits.js';
import { WebexApiError } from '../webex/webex-api-error.js';
import type { Access } from './access-provider.js';
import type { BotContext } from './bot-context.js';
import type { BotDeps, PendingReset } from './bot-deps.js';
import { trackingLine } from './error-boundary.js';
import { loadRules } from './load-rules.js';
import { recordReset } from './record-reset.js';
import { accessAllows, withAccess } from './require-access.js';
import { sendGeneratedPin } from './send-generated-pin.js';
import { sayOutcome } from './say-outcome.js';
import type { TargetOrg } from './target-org.js';

/** No answer at all, or a 5xx: Webex may or may not have acted. */
const unanswered = (err: unknown): err is WebexApiError =>
  err instanceof WebexApiError && (err.status === 0 || err.status >= 500);

/**
 * What a refusal Webex gave means, in words; undefined for a failure where nothing is known to have been
 * refused (the caller puts the card back and lets the error boundary answer).
 */
function refusal(err: unknown, org: TargetOrg, pending: PendingReset): string | undefined {
  if (!(err instanceof WebexApiError)) return undefined;
  const name = shortName(pending.person.displayName);
  const orgName = shortName(org.orgName);
  if (err.status === 404)
    return md`Not changed: Webex does not find ${name} in ${orgName} any more (they may have been removed or moved).`;
  if (err.status === 403) {
    const scope = pending.pin === 'random' ? TELEPHONY_WRITE : PEOPLE_WRITE;
    return (
      md`Not changed: Webex refused. ${pending.pin === 'random' ? 'Setting' : 'Resetting'} a person’s voicemail ` +
      md`PIN needs a full, user or location administrator of ${orgName} whose sign-in granted ${code(scope)}.`
    );
  }
  if (err.status === 400) {
    const said = err.description ? withoutPinLikeDigits(err.description) : 'bad request';
    return md`Not changed: Webex said “${said}”.`;
  }
  return undefined;
}

/**
 * Confirm on a PIN reset card: the person's PIN back to the org's default (Reset Voicemail PIN), or a new
 * one made up now from the org's PIN rules as they are (Modify a person's voicemail passcode) and shown only
 * in the admin's 1:1 space. Recorded in the org's history once Webex acted or may have; the PIN never.
 */
export async function confirmReset(
  deps: BotDeps,
  ctx: BotContext,
  session: FormSession<PendingReset>,
  access: Access,
  org: TargetOrg,
  removeCard: () => Promise<unknown>,
): Promise<void> {
  const pending = session.snapshot;
  const { person } = pending;
  const random = pending.pin === 'random';
  // A sign-in that lost the scope since the card was made: the same Confirm works after a new sign-in.
  if (!(await accessAllows(deps, ctx, access, { need: random ? 'change' : 'reset' }))) {
    await deps.confirmations.release(session);
    return;
  }
  const banner = orgBannerMarkdown(org);
  const name = shortName(person.displayName);
  // `orgId` only for a customer org: Webex keeps it for partners.
  const orgId = org.customer ? org.orgId : undefined;
  const target = { ...org, access };
  const logged = { personId: person.id, orgId: org.orgId };

  let pin: string | undefined;
  if (random) {
    // Made up from the rules as they are now, so it passes the rules in force when it is set.
    const rules = await loadRules(deps, ctx, access, {
      orgId: org.orgId,
      ...(org.customer ? { customerName: org.orgName } : {}),
    }).catch(async (err: unknown) => {
      // Nothing was sent: the same Confirm may be pressed again.
      await deps.confirmations.release(session);
      throw err;
    });
    const made = generatePersonPin(rules.pinRules);
    if (!made.ok) {
      await removeCard();
      // The reason is the bot's own words and Webex's numbers.
      await ctx.say(`${banner}\n\nNot changed. ${made.reason}`);
      return;
    }
    pin = made.pin;
  }
  let trackingId: string | undefined;
  try {
    const newPin = pin;
    ({ trackingId } = await withAccess(deps, ctx, access, (a) =>
      newPin === undefined
        ? deps.people.resetVoicemailPin(a.token, person.id, orgId)
        : deps.telephony.putPersonPasscode(a.token, person.id, newPin, orgId),
    ));
  } catch (err) {
    if (unanswered(err)) {
      // A reset is a POST, never sent twice; a PUT was retried already. Either may have landed.
      await removeCard();
      ctx.log.warn(
        { ...logged, status: err.status, trackingId: err.trackingId },
        'PIN change outcome unknown',
      );
      await recordReset(deps, ctx, target, {
        person,
        pin: random ? 'set' : 'reset',
        outcome: 'uncertain',
        trackingId: err.trackingId,
      });
      const what = random ? 'setting the new PIN of' : 'the reset of the voicemail PIN of';
      await sayOutcome(
        ctx,
        `${banner}\n\n` +
          md`Webex did not answer ${what} ${name}, so I cannot tell whether it went through, and I did not send it again. ` +
          (random
            ? 'In case it did, I am sending you the PIN I made up; if it does not work, set another.'
            : md`Ask them to try their voicemail, or reset it again with ${code(`/voicemail reset ${shortName(person.email)}`)}.`) +
          trackingLine(err.trackingId),
        { ...logged, trackingId: err.trackingId },
      );
      if (pin !== undefined) await sendGeneratedPin(deps, ctx, org, pin, person);
      return;
    }
    const said = refusal(err, org, pending);
    if (said === undefined) {
      // Nothing was done (a 429 Webex did not act on, a sign-in no longer accepted): the card may be pressed again.
      await deps.confirmations.release(session);
      throw err;
    }
    await removeCard();
    const tid = err instanceof WebexApiError ? err.trackingId : undefined;
    await ctx.say(`${banner}\n\n${said}${trackingLine(tid)}`);
    return;
  }
  await removeCard();
  ctx.log.info({ ...logged, trackingId }, random ? 'voicemail PIN set for a person' : 'voicemail PIN reset');
  await recordReset(deps, ctx, target, {
    person,
    pin: random ? 'set' : 'reset',
    outcome: 'certain',
    trackingId,
  });
  await sayOutcome(
    ctx,
    `${banner}\n\n` +
      (random
        ? md`${name} has a new voicemail PIN that passes the org’s PIN rules. They can keep it or change it.`
        : md`${name}’s voicemail PIN is back to the org’s default PIN; they must change it the next time they use voicemail.`),
    { ...logged, trackingId },
  );
  if (pin !== undefined) await sendGeneratedPin(deps, ctx, org, pin, person);
}
