import type { Fleet, FleetStatus } from '../fleet/fleet-api.js';
import type { BotContext } from './bot-context.js';
import { FLEET_NEEDS_REDIS } from './load-fleet.js';

/**
 * The run `/fleet status|cancel|report` is about: the one named by its id, else the person's newest. A run
 * named by id is shown only to its requester or in the space it reports to (its org names are already
 * there); to anyone else it is as unknown as an id that never existed. Null: the person was told why.
 */
export async function fleetRunOf(
  fleet: Fleet | undefined,
  ctx: BotContext,
  runId: string | undefined,
): Promise<{ fleet: Fleet; run: FleetStatus } | null> {
  if (!fleet) {
    await ctx.say(FLEET_NEEDS_REDIS);
    return null;
  }
  const id = runId ?? (await fleet.latest(ctx.actor.id));
  if (!id) {
    await ctx.say(
      'You have not started a fleet run in the last 30 days. Start one with `/fleet apply <settings> to all`.',
    );
    return null;
  }
  const run = await fleet.status(id);
  if (!run || (run.personId !== ctx.actor.id && run.roomId !== ctx.room.id)) {
    await ctx.say(
      runId
        ? 'No fleet run with that id is known here (runs are kept 30 days). Say `/fleet status` for your newest.'
        : 'Your newest fleet run is no longer kept (runs are kept 30 days).',
    );
    return null;
  }
  return { fleet, run };
}
