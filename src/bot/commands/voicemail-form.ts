import type { FormError } from '../../cards/voicemail-form.js';
import type { DesiredSettings } from '../../voicemail/rules.js';
import type { BotContext } from '../bot-context.js';
import { loadRules, type LoadedRules } from '../load-rules.js';
import { requireAccess } from '../require-access.js';
import type { BotDeps } from '../bot-deps.js';
import { escapeMarkdown, md } from '../../markdown.js';
import type { CommandSpec } from './command-spec.js';

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
    snapshot: { settings: rules.settings, pinRules: rules.pinRules },
  });
  const card = deps.cards.voicemailFormCard({
    orgName: rules.orgName,
    formId: session.id,
    settings: rules.settings,
    pinRules: rules.pinRules,
    values: retry?.values,
    errors: retry?.errors,
    // Everyone in a group space sees the form; only its owner's press can save it.
    owner: ctx.room.type === 'group' ? ctx.actor.displayName : undefined,
  });
  const fallback = retry
    ? md`Please correct the form for ${rules.orgName}:` +
      retry.errors.map((e) => `\n- ${escapeMarkdown(e.message)}`).join('')
    : md`Voicemail passcode rules for ${rules.orgName}: open this message in a Webex app that shows cards, or use \`/voicemail set\`.`;
  const sent = await ctx.sendCard(card, fallback);
  // The form works without it (the session exists); only deleting the used card needs the message id. A
  // storage hiccup here must not follow a working form with "I changed nothing".
  await deps.forms.attachMessage(session.id, sent.id).catch((err: unknown) => {
    ctx.log.warn({ err: (err as Error).message, formId: session.id }, 'form card id not stored');
  });
}

export async function voicemailForm(deps: BotDeps, ctx: BotContext): Promise<void> {
  const access = await requireAccess(deps, ctx, 'voicemail.form');
  if (!access) return;
  await sendVoicemailForm(deps, ctx, await loadRules(deps, ctx, access));
}

export const voicemailFormCommand: CommandSpec<'voicemail.form'> = {
  audience: 'admin',
  usage: {
    syntax: '/voicemail',
    about: 'a form with the current rules; change what you need and press Save',
  },
  run: (_cmd, ctx, deps) => voicemailForm(deps, ctx),
};
