import { requireAccess, withAccess } from '../require-access.js';
import type { CommandSpec } from './command-spec.js';
import { ABOUT_ORG } from './help-lines.js';
import { pageLines } from './message-pages.js';
import { byName, orgLine, type Org } from './org-lines.js';

/** Names that more than one org carries (any case): those lines show the id, so `/org use` can tell them apart. */
function sharedNames(orgs: readonly Org[]): Set<string> {
  const count = new Map<string, number>();
  for (const o of orgs)
    count.set(o.displayName.toLowerCase(), (count.get(o.displayName.toLowerCase()) ?? 0) + 1);
  return new Set([...count].filter(([, n]) => n > 1).map(([name]) => name));
}

/**
 * Webex answers every org at once (a partner may manage hundreds), while one chat message holds at most
 * 7,439 bytes: the list goes out a page at a time. Names only by default (an org id is some 80
 * characters nobody reads); `/org list ids` adds them, for `/org use <id>` or a ticket.
 */
export const orgListCommand: CommandSpec<'org.list'> = {
  audience: 'partner',
  usage: {
    syntax: '/org list',
    about: ABOUT_ORG,
    more: '`/org list` goes a page at a time (`/org list 2`); add `ids` for each org’s id (`/org list 2 ids`)',
  },
  async run({ page, ids }, ctx, deps) {
    const access = await requireAccess(deps, ctx, { need: 'orgs', then: { kind: 'org.list', page, ids } });
    if (!access) return;
    const orgs = [...(await withAccess(deps, ctx, access, (a) => deps.orgs.list(a.token)))].sort(byName);
    const current = (await deps.orgSelection.get(ctx.actor.id))?.orgId ?? access.orgId;
    const shared = sharedNames(orgs);
    const total = orgs.length;
    const say = (p: number) => `/org list${p > 1 ? ` ${p}` : ''}${ids ? ' ids' : ''}`;
    const pages = pageLines(
      orgs.map((o) => orgLine(o, current, { withId: ids || shared.has(o.displayName.toLowerCase()) })),
      {
        header: (p, n) => `Organizations you can manage: ${total}${n > 1 ? ` (page ${p} of ${n})` : ''}`,
        footer: (p, n) =>
          [
            p < n ? `Next: \`${say(p + 1)}\`.` : '',
            'Switch with `/org use <name or id>`; search with `/org find <part of the name>`.',
            ids ? '' : 'With ids: `/org list ids`.',
          ]
            .filter(Boolean)
            .join(' '),
      },
    );
    if (page < 1 || page > pages.length) {
      await ctx.say(
        pages.length === 1
          ? `There is only one page: say \`${say(1)}\`.`
          : `There are ${pages.length} pages: say \`${say(1)}\` for the first, up to \`${say(pages.length)}\`.`,
      );
      return;
    }
    await ctx.say(pages[page - 1] ?? '');
  },
};
