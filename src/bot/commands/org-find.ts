import { hasPinLikeDigits } from '../../voicemail/pin-like-digits.js';
import { requireAccess, withAccess } from '../require-access.js';
import type { CommandSpec } from './command-spec.js';
import { ABOUT_ORG } from './help-lines.js';
import { pageLines } from './message-pages.js';
import { byName, orgLine } from './org-lines.js';

export const orgFindCommand: CommandSpec<'org.find'> = {
  audience: 'partner',
  usage: { syntax: '/org find <text>', about: ABOUT_ORG },
  async run({ text }, ctx, deps) {
    const q = text.trim().toLowerCase();
    if (!q) {
      await ctx.say('Say what to look for: `/org find <part of the name>`.');
      return;
    }
    // What was typed is kept for after a sign-in only when it cannot be a PIN typed into the wrong box.
    const then = hasPinLikeDigits(text)
      ? ({ kind: 'retype', command: 'org.find' } as const)
      : ({ kind: 'org.find', text } as const);
    const access = await requireAccess(deps, ctx, { need: 'orgs', then });
    if (!access) return;
    const orgs = await withAccess(deps, ctx, access, (a) => deps.orgs.list(a.token));
    const found = orgs.filter((o) => o.displayName.toLowerCase().includes(q)).sort(byName);
    // What was typed is not repeated: it could be anything, a PIN typed into the wrong space included.
    if (found.length === 0) {
      await ctx.say('No organization you can manage has that in its name. See `/org list`.');
      return;
    }
    const current = (await deps.orgSelection.get(ctx.actor.id))?.orgId ?? access.orgId;
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
  },
};
