import type { AccessGate } from '../../auth/access-gate.js';
import type { SignInService } from '../../auth/sign-in-service.js';
import type { OrgSelection } from '../../store/org-selection.js';
import type { TokenStore } from '../../store/token-store.js';
import type { BotContext } from '../bot-context.js';
import type { CommandHandler } from '../create-bot.js';
import { accessRequestOf, requireAccess, withAccess } from '../require-access.js';
import type { BotDeps } from '../voicemail-deps.js';
import { code, md, raw } from '../../markdown.js';
import { hasPinLikeDigits } from '../../voicemail/pin-like-digits.js';

export interface AccountDeps {
  bot: BotDeps;
  tokens: TokenStore;
  orgSelection: OrgSelection;
  gate: AccessGate;
  /** Absent when no OAuth integration is configured. */
  signIn?: SignInService;
}

const when = (ms: number | undefined) => (ms ? new Date(ms).toUTCString() : 'unknown');

/** `/login`, `/logout`, `/whoami`, `/org …`: a person's own access and the org they work on. */
export function createAccountCommands(d: AccountDeps): CommandHandler {
  async function login(ctx: BotContext) {
    await ctx.say(await d.bot.accessHelp(accessRequestOf(ctx)));
  }

  async function logout(ctx: BotContext) {
    const had = await d.tokens.delete(ctx.actor.id);
    await d.orgSelection.clear(ctx.actor.id);
    await ctx.say(
      had
        ? 'Signed out: I deleted your Webex access. Say `/login` whenever you need me again.'
        : 'You were not signed in, so there was nothing to delete.',
    );
  }

  async function whoami(ctx: BotContext) {
    const rec = await d.tokens.get(ctx.actor.id);
    if (!rec) {
      await ctx.say('You are not signed in. Say `/login` to sign in with Webex.');
      return;
    }
    const access = await requireAccess(d.bot, ctx);
    if (!access) return;
    const target = (await d.orgSelection.get(ctx.actor.id)) ?? undefined;
    const ownOrg = await d.bot.orgs.displayName(access.token, rec.orgId);
    const lines = [
      md`**${ctx.actor.displayName}** (${ctx.actor.email})`,
      md`- Organization: ${ownOrg}`,
      target ? md`- Working on: ${target.displayName} (chosen with \`/org use\`)` : '',
      `- Granted scopes: ${rec.scopes.length ? rec.scopes.map((s) => md`${code(s)}`).join(', ') : 'unknown (token stored by the operator)'}`,
      `- Access expires: ${when(access.expiresAt)}${rec.refreshToken ? ' (renewed automatically)' : ''}`,
      rec.refreshToken ? `- Sign-in valid until: ${when(rec.refreshTokenExpiresAt)}` : '',
    ].filter(Boolean);
    await ctx.say(lines.join('\n'));
  }

  async function orgShow(ctx: BotContext) {
    const access = await requireAccess(d.bot, ctx);
    if (!access) return;
    const choice = await d.orgSelection.get(ctx.actor.id);
    if (choice) {
      await ctx.say(
        md`Voicemail commands act on **${choice.displayName}** (${code(choice.orgId)}). \`/org use\` another, or your own.`,
      );
      return;
    }
    const name = await d.bot.orgs.displayName(access.token, access.orgId);
    await ctx.say(
      md`Voicemail commands act on your own organization, **${name}**. Partner admins: \`/org list\`, then \`/org use\`.`,
    );
  }

  async function orgList(ctx: BotContext) {
    const access = await requireAccess(d.bot, ctx);
    if (!access) return;
    const orgs = await withAccess(d.bot, ctx, access, (a) => d.bot.orgs.list(a.token));
    const current = (await d.orgSelection.get(ctx.actor.id))?.orgId ?? access.orgId;
    const lines = orgs.map((o) =>
      o.id === current
        ? md`- **${o.displayName}** (current) ${code(o.id)}`
        : md`- ${o.displayName} ${code(o.id)}`,
    );
    await ctx.say(
      `Organizations you can manage:\n${lines.join('\n')}\n\nSwitch with \`/org use <name or id>\`.`,
    );
  }

  async function orgUse(ctx: BotContext, arg: string) {
    const access = await requireAccess(d.bot, ctx);
    if (!access) return;
    const orgs = await withAccess(d.bot, ctx, access, (a) => d.bot.orgs.list(a.token));
    const q = arg.trim().toLowerCase();
    const exact = orgs.filter((o) => o.id === arg.trim() || o.displayName.toLowerCase() === q);
    const partial = exact.length ? exact : orgs.filter((o) => o.displayName.toLowerCase().includes(q));
    if (partial.length !== 1) {
      // What was typed is repeated only when it cannot be a PIN typed into the wrong box.
      const what = raw(hasPinLikeDigits(arg) ? 'What you typed' : md`“${arg}”`);
      await ctx.say(
        partial.length === 0
          ? md`${what} matches no organization you can manage. See \`/org list\`.`
          : md`${what} matches ${partial.length} organizations: ${partial.map((o) => o.displayName).join(', ')}. Be more specific.`,
      );
      return;
    }
    const org = partial[0]!;
    if (org.id === access.orgId) await d.orgSelection.clear(ctx.actor.id);
    else await d.orgSelection.set(ctx.actor.id, { orgId: org.id, displayName: org.displayName });
    await ctx.say(md`Voicemail commands now act on **${org.displayName}**.`);
  }

  return async (cmd, ctx) => {
    switch (cmd.kind) {
      case 'login':
        await login(ctx);
        return true;
      case 'logout':
        await logout(ctx);
        return true;
      case 'whoami':
        await whoami(ctx);
        return true;
      case 'org.show':
        await orgShow(ctx);
        return true;
      case 'org.list':
        await orgList(ctx);
        return true;
      case 'org.use':
        await orgUse(ctx, cmd.arg);
        return true;
      default:
        return false;
    }
  };
}
