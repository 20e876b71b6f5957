import { requireAccess, withAccess } from '../require-access.js';
import type { CommandSpec } from './command-spec.js';
import { ABOUT_ORG } from './help-lines.js';
import { pageLines } from './message-pages.js';
import { byName, orgLine } from './org-lines.js';

/**
 * Webex answers every org at once (a partner may manage hundreds), while one chat message holds at most
 * 7,439 bytes: the list goes out a page at a time.
 */
export const orgListCommand: CommandSpec<'org.list'> = {
  audience: 'partner',
  usage: { syntax: '/org list', about: ABOUT_ORG },
  async run({ page }, ctx, deps) {
    const access = await requireAccess(deps, ctx, { need: 'orgs', then: { kind: 'org.list', page } });
    if (!access) return;
    const orgs = [...(await withAccess(deps, ctx, access, (a) => deps.orgs.list(a.token)))].sort(byName);
    const current = (await deps.orgSelection.get(ctx.actor.id))?.orgId ?? access.orgId;
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
  },
};
