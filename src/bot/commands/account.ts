import type { AccessGate } from '../../auth/access-gate.js';
import type { SignInLinks } from '../../auth/sign-in-service.js';
import type { OrgSelection } from '../../store/org-selection.js';
import type { TokenStore } from '../../store/token-store.js';
import type { BotContext } from '../bot-context.js';
import type { CommandHandler } from '../create-bot.js';
import { accessRequestOf, requireAccess, withAccess } from '../require-access.js';
import type { BotDeps } from '../voicemail-deps.js';
import { code, md, raw } from '../../markdown.js';
import { hasPinLikeDigits } from '../../voicemail/pin-like-digits.js';
import { pageLines, shorten } from './message-pages.js';

export interface AccountDeps {
  bot: BotDeps;
  tokens: TokenStore;
  orgSelection: OrgSelection;
  gate: AccessGate;
  /** Absent when no OAuth integration is configured. */
  signIn?: SignInLinks;
}

const when = (ms: number | undefined) => (ms ? new Date(ms).toUTCString() : 'unknown');

/** Org names come from Webex and can be any length: a line shows this many characters of one. */
const ORG_NAME_CHARS = 100;

type Org = { id: string; displayName: string };

/** Stable order, so that page 2 today is page 2 a minute later. */
const byName = (a: Org, b: Org) =>
  a.displayName.localeCompare(b.displayName, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id);

function orgLine(o: Org, current: string | undefined): string {
  // Shortened before escaping, so an escape sequence is never cut in half.
  const name = shorten(o.displayName, ORG_NAME_CHARS);
  return o.id === current ? md`- **${name}** (current) ${code(o.id)}` : md`- ${name} ${code(o.id)}`;
}

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

  /**
   * Webex answers every org at once (a partner may manage hundreds), while one chat message holds at most
   * 7,439 bytes: the list goes out a page at a time.
   */
  async function orgList(ctx: BotContext, page: number) {
    const access = await requireAccess(d.bot, ctx);
    if (!access) return;
    const orgs = [...(await withAccess(d.bot, ctx, access, (a) => d.bot.orgs.list(a.token)))].sort(byName);
    const current = (await d.orgSelection.get(ctx.actor.id))?.orgId ?? access.orgId;
    const total = orgs.length;
    const pages = pageLines(
      orgs.map((o) => orgLine(o, current)),
      {
        header: (p, n) => `Organizations you can manage: ${total}${n > 1 ? ` (page ${p} of ${n})` : ''}`,
        footer: (p, n) =>
          [
            p < n ? `Next: \`/org list ${p + 1}\`.` : '',
            'Switch with `/org use <name or id>`; search with `/org find <part of the name>`.',
          ]
            .filter(Boolean)
            .join(' '),
      },
    );
    if (page < 1 || page > pages.length) {
      await ctx.say(
        pages.length === 1
          ? 'There is only one page: say `/org list`.'
          : `There are ${pages.length} pages: say \`/org list\` for the first, up to \`/org list ${pages.length}\`.`,
      );
      return;
    }
    await ctx.say(pages[page - 1]!);
  }

  async function orgFind(ctx: BotContext, text: string) {
    const q = text.trim().toLowerCase();
    if (!q) {
      await ctx.say('Say what to look for: `/org find <part of the name>`.');
      return;
    }
    const access = await requireAccess(d.bot, ctx);
    if (!access) return;
    const orgs = await withAccess(d.bot, ctx, access, (a) => d.bot.orgs.list(a.token));
    const found = orgs.filter((o) => o.displayName.toLowerCase().includes(q)).sort(byName);
    // What was typed is not repeated: it could be anything, a PIN typed into the wrong space included.
    if (found.length === 0) {
      await ctx.say('No organization you can manage has that in its name. See `/org list`.');
      return;
    }
    const current = (await d.orgSelection.get(ctx.actor.id))?.orgId ?? access.orgId;
    const [first = ''] = pageLines(
      found.map((o) => orgLine(o, current)),
      {
        header: (_p, n) =>
          n > 1
            ? `${found.length} organizations match; the first of them (search for more of the name to narrow it):`
            : `${found.length === 1 ? '1 organization matches' : `${found.length} organizations match`}:`,
        footer: () => 'Switch with `/org use <name or id>`.',
      },
    );
    await ctx.say(first);
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
          : partial.length > 10
            ? md`${what} matches ${partial.length} organizations. Narrow it down with \`/org find <more of the name>\`, then \`/org use\` the one you want.`
            : md`${what} matches ${partial.length} organizations: ${partial.map((o) => shorten(o.displayName, ORG_NAME_CHARS)).join(', ')}. Be more specific.`,
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
        await orgList(ctx, cmd.page);
        return true;
      case 'org.find':
        await orgFind(ctx, cmd.text);
        return true;
      case 'org.use':
        await orgUse(ctx, cmd.arg);
        return true;
      default:
        return false;
    }
  };
}
