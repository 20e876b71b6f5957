import { code, md } from '../../markdown.js';
import { requireAccess } from '../require-access.js';
import type { CommandSpec } from './command-spec.js';
import { ABOUT_ACCESS } from './help-lines.js';

const when = (ms: number | undefined) => (ms ? new Date(ms).toUTCString() : 'unknown');

export const whoamiCommand: CommandSpec<'whoami'> = {
  audience: 'anyone',
  usage: { syntax: '/whoami', about: ABOUT_ACCESS },
  async run(_cmd, ctx, deps) {
    const rec = await deps.tokens.get(ctx.actor.id);
    if (!rec) {
      await ctx.say('You are not signed in. Say `/login` to sign in with Webex.');
      return;
    }
    const access = await requireAccess(deps, ctx);
    if (!access) return;
    const target = (await deps.orgSelection.get(ctx.actor.id)) ?? undefined;
    const ownOrg = await deps.orgs.displayName(access.token, rec.orgId);
    const lines = [
      md`**${ctx.actor.displayName}** (${ctx.actor.email})`,
      md`- Organization: ${ownOrg}`,
      target ? md`- Working on: ${target.displayName} (chosen with \`/org use\`)` : '',
      `- Granted scopes: ${rec.scopes.length ? rec.scopes.map((s) => md`${code(s)}`).join(', ') : 'unknown (token stored by the operator)'}`,
      `- Access expires: ${when(access.expiresAt)}${rec.refreshToken ? ' (renewed automatically)' : ''}`,
      rec.refreshToken ? `- Sign-in valid until: ${when(rec.refreshTokenExpiresAt)}` : '',
    ].filter(Boolean);
    await ctx.say(lines.join('\n'));
  },
};
