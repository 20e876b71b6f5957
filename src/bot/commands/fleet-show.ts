import { customerOrgs, fleetAccess, readFleetRules } from '../load-fleet.js';
import type { CommandSpec } from './command-spec.js';
import { fleetPages } from './fleet-lines.js';
import { ABOUT_FLEET } from './help-lines.js';

/**
 * The customer orgs a partner's sign-in manages, each with its rules, and how many share the most common
 * policy. Every page reads every org (the summary is about all of them): one GET per org, within the
 * admin's call budget.
 */
export const fleetShowCommand: CommandSpec<'fleet.show'> = {
  audience: 'partner',
  usage: {
    syntax: '/fleet',
    about: ABOUT_FLEET,
    more: '`/fleet` lists every customer org’s rules a page at a time (`/fleet page 2`); ✓ has the most common policy, ≠ differs, ✗ could not be read',
  },
  async run({ page }, ctx, deps) {
    const fa = await fleetAccess(deps, ctx, 'view');
    if (!fa) return;
    const orgs = await customerOrgs(deps, ctx, fa);
    if (!orgs) return;
    // A page that does not exist is said before a single org is read.
    if (page < 1) {
      await ctx.say('Pages start at 1: say `/fleet` for the first.');
      return;
    }
    const reads = await readFleetRules(deps, ctx, fa, orgs);
    const say = (p: number) => (p > 1 ? `/fleet page ${p}` : '/fleet');
    const pages = fleetPages(reads, {
      title: 'Your customer orgs',
      footer: (p, n) =>
        [
          p < n ? `Next: \`${say(p + 1)}\`.` : '',
          'Narrow with `/fleet find <part of a name>`; set one policy with `/fleet apply <settings> to all`.',
        ]
          .filter(Boolean)
          .join(' '),
    });
    if (page > pages.length) {
      await ctx.say(
        pages.length === 1
          ? 'There is only one page: say `/fleet`.'
          : `There are ${pages.length} pages: say \`/fleet\` for the first, up to \`${say(pages.length)}\`.`,
      );
      return;
    }
    await ctx.say(pages[page - 1] ?? '');
  },
};
