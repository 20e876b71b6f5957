import { verdictFor } from '../../auth/capability.js';
import { formatRules } from '../../voicemail/summary.js';
import type { Access } from '../access-provider.js';
import { READ_ONLY_LINE } from '../access-replies.js';
import type { BotContext } from '../bot-context.js';
import { loadRules, type LoadedRules } from '../load-rules.js';
import { requireAccess } from '../require-access.js';
import type { BotDeps } from '../bot-deps.js';
import { orgBannerMarkdown } from '../../cards/org-banner.js';
import type { CommandSpec } from './command-spec.js';

/**
 * The rules as a card without inputs, under the org it shows. A read-only administrator's ends with who can
 * change them; anyone else who may change them (or may once they grant the write scope) gets a "Change
 * settings" button.
 */
export async function sendRulesCard(
  deps: BotDeps,
  ctx: BotContext,
  rules: LoadedRules,
  access: Access,
): Promise<void> {
  const change = verdictFor(access, 'change');
  const readOnly = !change.ok && change.why === 'read-only';
  const note = readOnly ? READ_ONLY_LINE : undefined;
  const org = { ...rules, warning: await deps.spaceOrgs.warning(ctx, rules) };
  const markdown =
    `${orgBannerMarkdown(org)}\n\n**Voicemail passcode rules**\n\n${formatRules(rules.settings, rules.pinRules)}` +
    (note ? `\n\n${note}` : '');
  const card = deps.cards.rulesSummaryCard({
    org,
    settings: rules.settings,
    pinRules: rules.pinRules,
    canEdit: change.ok || change.why === 'scopes',
    note,
  });
  await ctx.sendCard(card, markdown);
}

async function voicemailShow(deps: BotDeps, ctx: BotContext): Promise<void> {
  const access = await requireAccess(deps, ctx, { need: 'view', then: { kind: 'voicemail.show' } });
  if (!access) return;
  await sendRulesCard(deps, ctx, await loadRules(deps, ctx, access), access);
}

export const voicemailShowCommand: CommandSpec<'voicemail.show'> = {
  audience: 'admin',
  usage: { syntax: '/voicemail show', about: 'the current rules and the PIN rules Webex enforces' },
  run: (_cmd, ctx, deps) => voicemailShow(deps, ctx),
};
