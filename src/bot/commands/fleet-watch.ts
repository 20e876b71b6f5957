import { fleetSpaceAllowed } from '../fleet-space.js';
import { fleetWatchId } from '../../drift/watch-store.js';
import { accessAllows, requireAccess, withAccess } from '../require-access.js';
import type { CommandSpec } from './command-spec.js';
import { everyText, WATCH_NEEDS_REDIS, watchStatus } from './watch-status.js';

/** Anyone whose sign-in manages no other org. */
export const NOT_A_PARTNER =
  '`/fleet` is for partner administrators, and your sign-in manages no customer organizations. To watch your ' +
  'own organization’s rules, say `/voicemail watch on`.';

/**
 * A drift watch on every customer org the partner admin's sign-in manages, listed again at each tick (a
 * customer added later is watched from then on; one removed is no longer read).
 */
export const fleetWatchCommand: CommandSpec<'fleet.watch'> = {
  audience: 'partner',
  usage: {
    syntax: '/fleet watch on',
    about: 'tell this space when someone changes the rules of any of your customer orgs outside me',
    more: '`/fleet watch off` stops it; `/fleet watch` alone says what is watched here',
  },
  async run({ mode }, ctx, deps) {
    if (mode === 'status') {
      await ctx.say(await watchStatus(deps, ctx.room.id));
      return;
    }
    // Off stays possible anywhere: it stops what would otherwise be said here.
    if (mode === 'on' && !(await fleetSpaceAllowed(deps, ctx))) return;
    if (!deps.drift.available) {
      await ctx.say(WATCH_NEEDS_REDIS);
      return;
    }
    const access = await requireAccess(deps, ctx, { need: 'view' });
    if (!access || !(await accessAllows(deps, ctx, access, { need: 'orgs' }))) return;
    if (access.managesOtherOrgs === false) {
      await ctx.say(NOT_A_PARTNER);
      return;
    }
    const id = fleetWatchId(ctx.room.id, ctx.actor.id);
    if (mode === 'off') {
      const gone = await deps.drift.stop(id);
      await ctx.say(
        gone
          ? 'Drift watch off: I no longer check your customer orgs for this space.'
          : 'You have no fleet drift watch in this space, so there is nothing to turn off. `/fleet watch` lists what is watched here.',
      );
      return;
    }
    const listed = await withAccess(deps, ctx, access, (a) => deps.orgs.list(a.token));
    const customers = listed.filter((o) => o.id !== access.orgId);
    if (customers.length === 0) {
      await ctx.say(NOT_A_PARTNER);
      return;
    }
    await deps.drift.start({
      id,
      personId: ctx.actor.id,
      personName: ctx.actor.displayName,
      roomId: ctx.room.id,
      orgs: { kind: 'customers' },
      createdAt: new Date().toISOString(),
    });
    const n = customers.length;
    await ctx.say(
      `**Drift watch on** for your ${n} customer org${n === 1 ? '' : 's'}: I read their voicemail rules ` +
        `${everyText(deps.drift.intervalMs)} with your sign-in (each org at its own moment in that time) and post ` +
        'here when someone changes them outside me: which org, which setting, old → new. The first read of each ' +
        'org only records its rules; changes made through me are never reported. Customer orgs added later are ' +
        'watched from the next round. Stop it with `/fleet watch off`.',
    );
  },
};
