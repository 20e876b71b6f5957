import type { FormError } from '../../cards/voicemail-form.js';
import type { DesiredSettings } from '../../voicemail/rules.js';
import type { BotContext } from '../bot-context.js';
import { loadRules, type LoadedRules } from '../load-rules.js';
import { verdictFor } from '../../auth/capability.js';
import { accessAllows, requireAccess } from '../require-access.js';
import type { BotDeps } from '../bot-deps.js';
import { escapeMarkdown } from '../../markdown.js';
import { orgBannerMarkdown } from '../../cards/org-banner.js';
import type { CommandSpec } from './command-spec.js';
import { sendRulesCard } from './voicemail-show.js';

/**
 * Send a form bound to this person, room and org. `retry` re-sends one after a rejected submit: same
 * snapshot, the values the admin typed (never the PIN) and what was wrong.
 */
export async function sendVoicemailForm(
  deps: BotDeps,
  ctx: BotContext,
  rules: LoadedRules,
  retry?: { values: DesiredSettings; errors: FormError[] },
): Promise<void> {
  const session = await deps.forms.create({
    personId: ctx.actor.id,
    personName: ctx.actor.displayName,
    roomId: ctx.room.id,
    orgId: rules.orgId ?? '',
    orgName: rules.orgName,
    customerOrg: rules.customer,
    snapshot: {
      settings: rules.settings,
      pinRules: rules.pinRules,
      ...(rules.revision === undefined ? {} : { revision: rules.revision }),
    },
  });
  // Warned on the form itself, so its Save is pressed having read it.
  const org = { ...rules, warning: await deps.spaceOrgs.warning(ctx, rules) };
  const card = deps.cards.voicemailFormCard({
    org,
    formId: session.id,
    settings: rules.settings,
    pinRules: rules.pinRules,
    values: retry?.values,
    errors: retry?.errors,
    // Everyone in a group space sees the form; only its owner's press can save it.
    owner: ctx.room.type === 'group' ? ctx.actor.displayName : undefined,
  });
  const fallback =
    `${orgBannerMarkdown(org)}\n\n` +
    (retry
      ? 'Please correct the form:' + retry.errors.map((e) => `\n- ${escapeMarkdown(e.message)}`).join('')
      : 'Voicemail passcode rules: open this message in a Webex app that shows cards, or use `/voicemail set`.');
  const sent = await ctx.sendCard(card, fallback);
  // The form works without it (the session exists); only deleting the used card needs the message id. A
  // storage hiccup here must not follow a working form with "I changed nothing".
  await deps.forms.attachMessage(session.id, sent.id).catch((err: unknown) => {
    ctx.log.warn({ err: (err as Error).message, formId: session.id }, 'form card id not stored');
  });
}

/**
 * `/voicemail` (and "Change settings"): a form only for a sign-in that can save it. A read-only
 * administrator gets the rules without inputs; a full administrator whose sign-in lacks the write scope is
 * asked for it first, and the form follows the sign-in.
 */
export async function voicemailForm(
  deps: BotDeps,
  ctx: BotContext,
  /** The org to use when the caller already checked it ("Change settings"); else the person's target. */
  target?: Awaited<ReturnType<BotDeps['targetOrg']>>,
): Promise<void> {
  const then = { kind: 'voicemail.form' } as const;
  const access = await requireAccess(deps, ctx, { need: 'view', then });
  if (!access) return;
  const change = verdictFor(access, 'change');
  const readOnly = !change.ok && change.why === 'read-only';
  if (!readOnly && !(await accessAllows(deps, ctx, access, { need: 'change', then }))) return;
  const rules = await loadRules(deps, ctx, access, target);
  if (readOnly) await sendRulesCard(deps, ctx, rules, access);
  else await sendVoicemailForm(deps, ctx, rules);
}

export const voicemailFormCommand: CommandSpec<'voicemail.form'> = {
  // A read-only administrator gets `/voicemail show`'s card from it: /help lists that instead.
  audience: 'full-admin',
  usage: {
    syntax: '/voicemail',
    about: 'a form with the current rules; change what you need and press Save',
  },
  run: (_cmd, ctx, deps) => voicemailForm(deps, ctx),
};
