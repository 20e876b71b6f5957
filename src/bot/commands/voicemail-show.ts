import { formatRules } from '../../voicemail/summary.js';
import type { BotContext } from '../bot-context.js';
import { loadRules } from '../load-rules.js';
import { TELEPHONY_WRITE } from '../../auth/scopes.js';
import { requireAccess } from '../require-access.js';
import type { BotDeps } from '../bot-deps.js';
import { orgBannerMarkdown } from '../../cards/org-banner.js';
import type { CommandSpec } from './command-spec.js';

async function voicemailShow(deps: BotDeps, ctx: BotContext): Promise<void> {
  const access = await requireAccess(deps, ctx, 'voicemail.show');
  if (!access) return;
  const rules = await loadRules(deps, ctx, access);
  const org = { ...rules, warning: await deps.spaceOrgs.warning(ctx, rules) };
  const markdown = `${orgBannerMarkdown(org)}\n\n**Voicemail passcode rules**\n\n${formatRules(rules.settings, rules.pinRules)}`;
  const card = deps.cards.rulesSummaryCard({
    org,
    settings: rules.settings,
    pinRules: rules.pinRules,
    // Offer the form only to someone whose sign-in can change the rules (unknown scopes: let Webex decide).
    canEdit: access.scopes.length === 0 || access.scopes.includes(TELEPHONY_WRITE),
  });
  await ctx.sendCard(card, markdown);
}

export const voicemailShowCommand: CommandSpec<'voicemail.show'> = {
  audience: 'admin',
  usage: { syntax: '/voicemail show', about: 'the current rules and the PIN rules Webex enforces' },
  run: (_cmd, ctx, deps) => voicemailShow(deps, ctx),
};
