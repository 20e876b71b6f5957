import { adminRoleOf, capabilityOf } from '../../auth/capability.js';
import { shortName, shorten } from '../../short-name.js';
import { scopeInWords } from '../../auth/scopes.js';
import { code, md } from '../../markdown.js';
import { ORG_CHOICE_TTL_MS } from '../../store/org-selection.js';
import type { Access } from '../access-provider.js';
import { describeTime } from '../describe-time.js';
import { accessRequestOf } from '../require-access.js';
import type { CommandSpec } from './command-spec.js';
import { ABOUT_ACCESS } from './help-lines.js';

/** What this sign-in lets the person do with the voicemail rules, in words. */
function canDo(access: Access): string {
  const capability = capabilityOf(access);
  const role = adminRoleOf(access);
  if (role === 'read-only')
    return 'view the voicemail rules (a read-only administrator: only a full administrator can change them)';
  if (capability === 'full-admin') return 'view and change the voicemail rules';
  if (capability === 'read-only-admin')
    return 'view the voicemail rules; changing them asks you for one more permission';
  if (capability === 'unknown')
    return 'whatever Webex allows this token (stored by the operator, so its scopes are not known)';
  return role === 'none'
    ? 'nothing with voicemail rules: your Webex account has no administrator role'
    : 'nothing with voicemail rules yet: this sign-in did not grant reading telephony settings';
}

export const whoamiCommand: CommandSpec<'whoami'> = {
  audience: 'anyone',
  usage: { syntax: '/whoami', about: ABOUT_ACCESS },
  async run(_cmd, ctx, deps) {
    const access = await deps.access.get(ctx.actor.id);
    if (!access) {
      await ctx.say(
        `You are not signed in.\n\n${await deps.accessHelp({ ...accessRequestOf(ctx), then: { kind: 'whoami' } })}`,
      );
      return;
    }
    // The record as `get` left it (refreshed, roles read): the refresh token's lifetime is only there.
    const rec = await deps.tokens.get(ctx.actor.id);
    const now = Date.now();
    const choice = await deps.orgSelection.get(ctx.actor.id);
    const ownOrg = await deps.orgs.displayName(access.token, access.orgId);
    const scopes = access.scopes.length
      ? access.scopes.map((s) => md`${scopeInWords(s)} (${code(s)})`).join(', ')
      : 'not known (a token stored by the operator)';
    const lines = [
      md`**${shortName(ctx.actor.displayName)}** (${shorten(ctx.actor.email, 254)})`,
      md`- Organization: ${shortName(ownOrg)}`,
      `- What you can do: ${canDo(access)}`,
      choice
        ? // Reading the choice (as every use does) restarts its clock: from now it lasts the full TTL.
          md`- Voicemail commands act on: **${shortName(choice.displayName)}** (${code(choice.orgId)}), chosen with \`/org use\`; ` +
          `forgotten ${describeTime(now + ORG_CHOICE_TTL_MS, now)} unless used again`
        : '- Voicemail commands act on: your own organization',
      `- Permissions granted: ${scopes}`,
      `- Access expires: ${access.expiresAt ? describeTime(access.expiresAt, now) : 'not known'}` +
        `${rec?.refreshToken ? ', renewed automatically' : ''}`,
      rec?.refreshToken
        ? `- Sign-in valid until: ${rec.refreshTokenExpiresAt ? describeTime(rec.refreshTokenExpiresAt, now) : 'not known'}`
        : '',
    ].filter(Boolean);
    await ctx.say(lines.join('\n'));
  },
};
