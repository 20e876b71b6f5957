import { md, raw } from '../../markdown.js';
import { shortName } from '../../short-name.js';
import { hasPinLikeDigits } from '../../voicemail/pin-like-digits.js';
import { requireAccess, withAccess } from '../require-access.js';
import type { CommandSpec } from './command-spec.js';
import { ABOUT_ORG } from './help-lines.js';
import { shorten } from './message-pages.js';
import { ORG_NAME_CHARS } from './org-lines.js';

export const orgUseCommand: CommandSpec<'org.use'> = {
  audience: 'partner',
  usage: { syntax: '/org use <name>', about: ABOUT_ORG },
  async run({ arg }, ctx, deps) {
    // What was typed is kept for after a sign-in only when it cannot be a PIN typed into the wrong box.
    const then = hasPinLikeDigits(arg)
      ? ({ kind: 'retype', command: 'org.use' } as const)
      : ({ kind: 'org.use', arg } as const);
    const access = await requireAccess(deps, ctx, { need: 'orgs', then });
    if (!access) return;
    const orgs = await withAccess(deps, ctx, access, (a) => deps.orgs.list(a.token));
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
    if (org.id === access.orgId) {
      await deps.orgSelection.clear(ctx.actor.id);
      await ctx.say(
        md`Voicemail commands now act on **${shortName(org.displayName)}**, your own organization.`,
      );
      return;
    }
    // The name is kept with the choice: every card names the org without asking Webex again.
    await deps.orgSelection.set(ctx.actor.id, { orgId: org.id, displayName: org.displayName });
    await ctx.say(
      md`Voicemail commands now act on **${shortName(org.displayName)}**, a customer org: every card and reply about ` +
        'its rules says so at the top. The choice lasts until 30 days after its last use; `/org` shows when.',
    );
  },
};
