import { customerOrgs, fleetAccess, readFleetRules } from '../load-fleet.js';
import type { CommandSpec } from './command-spec.js';
import { fleetPages } from './fleet-lines.js';
import { ABOUT_FLEET } from './help-lines.js';

/** `/fleet` narrowed by name: only the matching orgs are read. */
export const fleetFindCommand: CommandSpec<'fleet.find'> = {
  audience: 'partner',
  usage: { syntax: '/fleet find <text>', about: ABOUT_FLEET },
  async run({ text }, ctx, deps) {
    const q = text.trim().toLowerCase();
    const fa = await fleetAccess(deps, ctx, 'view');
    if (!fa) return;
    const orgs = await customerOrgs(deps, ctx, fa);
    if (!orgs) return;
    const found = orgs.filter((o) => o.name.toLowerCase().includes(q));
    // What was typed is not repeated: it could be anything, a PIN typed into the wrong space included.
    if (found.length === 0) {
      await ctx.say('No customer org you manage has that in its name. See `/fleet` or `/org list`.');
      return;
    }
    const reads = await readFleetRules(deps, ctx, fa, found);
    const pages = fleetPages(reads, {
      title: `Customer orgs matching: ${found.length} of ${orgs.length}`,
      footer: (_p, n) =>
        n > 1
          ? 'This is the first page of them: search for more of the name to narrow it.'
          : 'Set one policy on them with `/fleet apply <settings> to <names>`.',
    });
    await ctx.say(pages[0] ?? '');
  },
};
