import { fleetSpaceAllowed } from '../fleet-space.js';
import { md } from '../../markdown.js';
import { shortName } from '../../short-name.js';
import { fleetRunOf } from '../fleet-run-of.js';
import type { CommandSpec } from './command-spec.js';
import { ABOUT_FLEET } from './help-lines.js';

/** Only the admin who started a run can stop it; orgs already being written finish. */
export const fleetCancelCommand: CommandSpec<'fleet.cancel'> = {
  audience: 'partner',
  usage: { syntax: '/fleet cancel', about: ABOUT_FLEET },
  async run({ runId }, ctx, deps) {
    if (!(await fleetSpaceAllowed(deps, ctx))) return;
    const found = await fleetRunOf(deps.fleet, ctx, runId);
    if (!found) return;
    const { fleet, run } = found;
    const result = await fleet.cancel(run.runId, ctx.actor.id);
    if (result === 'not-yours') {
      ctx.log.warn({ runId: run.runId, asker: ctx.actor.id }, 'fleet: cancel asked by someone else');
      await ctx.say(
        md`Not cancelled: only ${shortName(run.personName)}, who started this run, can cancel it.`,
      );
      return;
    }
    if (result === 'not-found') {
      await ctx.say(
        'That fleet run is no longer kept (runs are kept 30 days), so there is nothing to cancel.',
      );
      return;
    }
    if (result === 'not-running') {
      await ctx.say(
        `Nothing to cancel: that run is already ${run.status === 'cancelled' ? 'cancelled' : 'finished'}. ` +
          '`/fleet report` shows its report.',
      );
      return;
    }
    const done = run.counts.applied + run.counts.unchanged + run.counts.failed + run.counts.skipped;
    await ctx.say(
      `Cancelled: orgs not yet started are skipped; orgs in flight finish (they are being written now). ` +
        `${done} of ${run.total} orgs were done when you cancelled. The report follows once the last one in flight is done.`,
    );
  },
};
