import { adminRoleOf, verdictFor, type Grant } from '../../auth/capability.js';
import { NOT_ADMIN } from '../access-replies.js';
import type { Audience, CommandSpec, Usage } from './command-spec.js';
import { usageLine } from './usage-lines.js';

const INTRO = '**Voicemail rules bot**: view and change your organization’s voicemail passcode rules.';
const OUTRO = 'In a group space, mention me in the message. Only full administrators can change the rules.';
const SIGN_IN_FIRST =
  '**First, sign in:** say `/login`. This bot is for Webex Calling administrators; once you are signed in, ' +
  '`/help` lists what your sign-in can do.';

/** The /help text from the commands' usage lines, in their order; neighbours with the same `about` share a line. */
export function helpMarkdown(usages: readonly Usage[], lead?: string): string {
  const groups: Usage[][] = [];
  for (const u of usages) {
    const last = groups.at(-1);
    if (last?.[0]?.about === u.about) last.push(u);
    else groups.push([u]);
  }
  const lines = groups.map(usageLine);
  return [INTRO, '', ...(lead ? [lead, ''] : []), ...lines, '', OUTRO].join('\n');
}

/** Who is asking, as /help sees them: the commands they can use, and a line to put first. */
export interface HelpViewer {
  audiences: readonly Audience[];
  lead?: string;
}

/**
 * Signed out: sign in first, then what an administrator can use (not the partner commands: nothing says
 * they are one yet). No admin role: only the commands about access. A read-only administrator: no
 * changes. Partners (they see other orgs): the /org commands. Roles not known: everything but /org unless
 * that is known too.
 */
export function helpViewerOf(signIn: (Grant & { managesOtherOrgs?: boolean }) | null): HelpViewer {
  if (!signIn) return { audiences: ['anyone', 'admin', 'full-admin'], lead: SIGN_IN_FIRST };
  const view = verdictFor(signIn, 'view');
  if (!view.ok && view.why === 'not-admin') return { audiences: ['anyone'], lead: NOT_ADMIN };
  const audiences: Audience[] = ['anyone', 'admin'];
  if (adminRoleOf(signIn) !== 'read-only') audiences.push('full-admin');
  if (signIn.managesOtherOrgs) audiences.push('partner');
  return { audiences };
}

/** `/help` for the person asking; the text comes from the table, which lists this command too. */
export const helpCommand = (
  table: () => readonly { audience: Audience; usage?: Usage }[],
): CommandSpec<'help'> => ({
  audience: 'anyone',
  usage: { syntax: '/help', about: 'this message' },
  async run(_cmd, ctx, deps) {
    let viewer: HelpViewer;
    try {
      viewer = helpViewerOf(await deps.tokens.get(ctx.actor.id));
    } catch (err) {
      // Storage down: the whole list beats no help at all.
      ctx.log.warn({ err: (err as Error).message }, '/help without the sign-in: showing every command');
      viewer = { audiences: ['anyone', 'admin', 'full-admin', 'partner'] };
    }
    const usages = table().flatMap((c) =>
      c.usage && viewer.audiences.includes(c.audience) ? [c.usage] : [],
    );
    await ctx.say(helpMarkdown(usages, viewer.lead));
  },
});
