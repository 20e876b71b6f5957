import { fleetSpaceAllowed } from '../fleet-space.js';
import { fleetRunOf } from '../fleet-run-of.js';
import type { CommandSpec } from './command-spec.js';
import { ABOUT_FLEET } from './help-lines.js';

/** The newest run's report again, every page of it (each under Webex's message limit). */
export const fleetReportCommand: CommandSpec<'fleet.report'> = {
  audience: 'partner',
  usage: { syntax: '/fleet report', about: ABOUT_FLEET },
  async run({ runId }, ctx, deps) {
    if (!(await fleetSpaceAllowed(deps, ctx))) return;
    const found = await fleetRunOf(deps.fleet, ctx, runId);
    if (!found) return;
    const { fleet, run } = found;
    const pages = await fleet.report(run.runId);
    if (!pages) {
      await ctx.say('That fleet run is no longer kept (runs are kept 30 days).');
      return;
    }
    // While it runs the report says so ("12/40 so far"): it is the report up to now.
    for (const page of pages) await ctx.say(page);
  },
};
