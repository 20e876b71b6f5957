import { parseFormSubmission } from '../../voicemail/form-input.js';
import { planUpdate } from '../../voicemail/plan-update.js';
import type { DesiredSettings, RulesSettings } from '../../voicemail/rules.js';
import { SECTIONS, readDesiredSection, readSection } from '../../voicemail/setting-sections.js';
import { WebexApiError } from '../../webex/webex-api-error.js';
import { applyUpdate, mayStillLand } from '../apply-update.js';
import { pinMayLand } from '../pin-may-land.js';
import { generatePin } from '../../voicemail/generate-pin.js';
import { sendGeneratedPin } from '../send-generated-pin.js';
import type { BotContext } from '../bot-context.js';
import { accessAllows, accessRequestOf } from '../require-access.js';
import { trackingLine } from '../error-boundary.js';
import { sendVoicemailForm } from '../commands/voicemail-form.js';
import type { LoadedRules } from '../load-rules.js';
import type { BotDeps } from '../bot-deps.js';
import { md, raw } from '../../markdown.js';
import { shortName } from '../../short-name.js';
import { orgBannerMarkdown } from '../../cards/org-banner.js';
import { withoutPinLikeDigits } from '../../voicemail/pin-like-digits.js';
import type { ActionSpec, CardAction } from './action-spec.js';
import { notYoursReply, submitterKind } from './not-yours-reply.js';
import type { FormError } from '../../cards/voicemail-form.js';

/** Webex's reason for a 400, as plain text, without any number in it that could be the PIN. */
const webexSaid = (description: string | undefined): string =>
  description ? withoutPinLikeDigits(description) : 'bad request';

/**
 * A form always submits every toggle, so "off" cannot mean "leave it" by itself: a setting Webex did not
 * report is shown off and empty, and left that way it is dropped from the request rather than sent as off.
 */
function untouchedUnreported(desired: DesiredSettings, stored: RulesSettings): DesiredSettings {
  const out: DesiredSettings = { ...desired };
  if (
    stored.defaultVoicemailPinEnabled === undefined &&
    !out.defaultVoicemailPinEnabled &&
    !out.defaultVoicemailPin
  ) {
    delete out.defaultVoicemailPinEnabled;
  }
  for (const spec of SECTIONS) {
    const typed = readDesiredSection(out, spec.name);
    if (!readSection(stored, spec.name) && !typed.enabled && typed.value === undefined) delete out[spec.name];
  }
  return out;
}

/**
 * The bot changed the org's rules after the form was made (`OrgRevisions`). Only the bot's own changes
 * count: the form sends only what was changed on it, so a change made elsewhere to another setting is left
 * alone, but a PIN replaced through the bot is invisible to a read and would be discarded by turning the
 * PIN off on a form that showed the old one.
 */
async function changedThroughBot(deps: BotDeps, rules: LoadedRules): Promise<boolean> {
  if (!rules.orgId || rules.revision === undefined) return false;
  return (await deps.revisions.current(rules.orgId)) !== rules.revision;
}

/**
 * A card submit. `personId` is the submitter as the attachment action fetched from the API says, never
 * the webhook body. Only the person the form was made for can use it, once.
 */
async function voicemailSubmit(deps: BotDeps, ctx: BotContext, action: CardAction): Promise<void> {
  const formId = typeof action.inputs.formId === 'string' ? action.inputs.formId : '';
  const claim = await deps.forms.claim(formId, {
    personId: ctx.actor.id,
    roomId: ctx.room.id,
    messageId: action.messageId,
  });
  if (claim.status === 'other-card') {
    ctx.log.warn({ formId }, 'form id submitted from another card than its own');
    await ctx.say('That button does not belong to this card, so nothing was changed.');
    return;
  }
  if (claim.status === 'unknown') {
    await ctx.say('That form has expired. Say `/voicemail` for a fresh one. Nothing was changed.');
    return;
  }
  if (claim.status === 'used') {
    await ctx.say(
      // Not "the change was made": the first submit may have failed, or its outcome may be unknown.
      'That form was already submitted once, so this press changed nothing. ' +
        'Say `/voicemail show` to see the rules as Webex holds them now, or `/voicemail` for a fresh form.',
    );
    return;
  }
  if (claim.status === 'not-yours') {
    ctx.log.warn(
      { formId, submitter: ctx.actor.id, owner: claim.session.personId },
      'form submitted by another person',
    );
    const kind = submitterKind(await deps.access.get(ctx.actor.id));
    await ctx.say(notYoursReply(ctx.actor.displayName, claim.session.personName, kind));
    return;
  }
  const session = claim.session;
  const removeCard = () =>
    session.messageId ? deps.messages.remove(session.messageId).catch(() => undefined) : Promise.resolve();

  if (action.inputs.action === 'voicemail.cancel') {
    await removeCard();
    await ctx.say('Cancelled. Nothing was changed.');
    return;
  }

  const rules: LoadedRules = {
    orgId: session.orgId || undefined,
    orgName: session.orgName,
    customer: session.customerOrg ?? false,
    settings: session.snapshot.settings,
    pinRules: session.snapshot.pinRules,
    // A form sent again after bad input keeps the revision its rules were read at.
    ...(session.snapshot.revision === undefined ? {} : { revision: session.snapshot.revision }),
  };
  if (await changedThroughBot(deps, rules)) {
    // Its values and its "before" are of rules that moved on: the form stays used and goes.
    await removeCard();
    await ctx.say(
      `${orgBannerMarkdown(rules)}\n\n` +
        md`Nothing was changed: the rules of ${shortName(rules.orgName)} were changed through me after this form was made ` +
        '(a Save, `/voicemail set` or Confirm), so the form no longer shows them as they are. ' +
        'Say `/voicemail` for a fresh form.',
    );
    return;
  }
  const resend = async (values: DesiredSettings, errors: FormError[]) => {
    await removeCard();
    await sendVoicemailForm(deps, ctx, rules, {
      values: { ...values, defaultVoicemailPin: undefined },
      errors,
    });
  };

  const parsed = parseFormSubmission(action.inputs);
  if (!parsed.ok) {
    await resend({}, parsed.errors);
    return;
  }
  // "Generate a PIN for me": made up now, at Save, against the PIN rules the form was made with (the API
  // cannot change them, and a change since through the bot was refused above); it is never stored.
  const generated = parsed.generatePin ? generatePin(rules.pinRules) : undefined;
  if (generated && !generated.ok) {
    await resend(parsed.desired, [{ field: 'defaultVoicemailPin', message: generated.reason }]);
    return;
  }
  const desired = generated?.ok ? { ...parsed.desired, defaultVoicemailPin: generated.pin } : parsed.desired;
  const plan = planUpdate(untouchedUnreported(desired, rules.settings), rules.settings, rules.pinRules);
  if (!plan.ok) {
    await resend(parsed.desired, plan.errors);
    return;
  }
  if (plan.changes.length === 0) {
    await removeCard();
    await ctx.say(`${orgBannerMarkdown(rules)}\n\nNothing to change: the form matches the current rules.`);
    return;
  }
  const access = await deps.access.get(ctx.actor.id);
  // Keep the form usable: after signing in, this same Save is carried on (read back from Webex by its id).
  const then = { kind: 'card.submit', actionId: action.id } as const;
  if (!access) {
    await deps.forms.release(session);
    await ctx.say(await deps.accessHelp({ ...accessRequestOf(ctx), then }));
    return;
  }
  if (!(await accessAllows(deps, ctx, access, { need: 'change', then }))) {
    await deps.forms.release(session);
    return;
  }
  try {
    await applyUpdate(
      deps,
      ctx,
      { ...rules, access },
      { ...plan, before: rules.settings, revision: rules.revision },
    );
  } catch (err) {
    if (err instanceof WebexApiError && err.status === 400) {
      const said = webexSaid(err.description);
      await ctx.say(
        `${orgBannerMarkdown(rules)}\n\n` +
          md`Not changed: Webex said “${said}”.${raw(trackingLine(err.trackingId))}`,
      );
      // Everything else in the body passed the documented ranges here: a refusal of a body that carries a
      // PIN is most likely about the PIN (Webex's PIN rules may be stricter than the ones it reports), so
      // it is shown at the PIN field, which then asks for a different one.
      const pinSent = plan.update.defaultVoicemailPin !== undefined;
      await resend(parsed.desired, [
        pinSent
          ? { field: 'defaultVoicemailPin', message: `Webex refused it: ${said}`, pinRefused: true }
          : { field: 'form', message: `Webex said: ${said}` },
      ]);
      return;
    }
    if (generated?.ok && mayStillLand(err)) {
      // Not seen in place, but it may still land with the PIN made up for it: the form stays used (Save
      // again would make another PIN), and the PIN's one copy goes to the person.
      await removeCard();
      await pinMayLand(deps, ctx, rules, generated.pin, err);
      return;
    }
    // Nothing landed: give the form back so the same submit can be tried again.
    await deps.forms.release(session);
    throw err;
  }
  // The change landed, or may have: this form's "before" is stale, so it stays used.
  await removeCard();
  if (generated?.ok) await sendGeneratedPin(deps, ctx, rules, generated.pin);
}

export const voicemailSubmitAction: ActionSpec = {
  what: 'voicemail.submit',
  run: (action, ctx, deps) => voicemailSubmit(deps, ctx, action),
};
