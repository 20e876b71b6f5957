import { fleetSpaceAllowed } from '../fleet-space.js';
import { code, md, raw } from '../../markdown.js';
import { shortName } from '../../short-name.js';
import { utcText } from '../describe-time.js';
import { fleetRunOf } from '../fleet-run-of.js';
import type { CommandSpec } from './command-spec.js';
import { ABOUT_FLEET } from './help-lines.js';

const STATE = { running: 'running', cancelled: 'cancelled', done: 'finished' } as const;

/** The newest run (or the one named): its progress line (with the ETA), counts and policy. */
export const fleetStatusCommand: CommandSpec<'fleet.status'> = {
  audience: 'partner',
  usage: {
    syntax: '/fleet status',
    about: ABOUT_FLEET,
    more: '`/fleet status`, `/fleet cancel` and `/fleet report` are about your newest run (or add its id)',
  },
  async run({ runId }, ctx, deps) {
    if (!(await fleetSpaceAllowed(deps, ctx))) return;
    const found = await fleetRunOf(deps.fleet, ctx, runId);
    if (!found) return;
    const { run } = found;
    const c = run.counts;
    const lines = [
      md`**Fleet run** ${code(run.runId)}, started by ${shortName(run.personName)} at ${raw(utcText(run.startedAt))}: ${STATE[run.status]}.`,
      run.progress,
      `Applied ${c.applied} · unchanged ${c.unchanged} · failed ${c.failed} · skipped ${c.skipped} of ${run.total} orgs.`,
      ...(run.policyWords.length ? [md`Policy: ${run.policyWords.join('; ')}`] : []),
      ...(run.stopReason ? [md`Stopped early: ${run.stopReason}`] : []),
      run.status === 'running'
        ? '`/fleet cancel` stops it (orgs in flight finish); the report follows when it is done.'
        : '`/fleet report` shows its report again.',
    ];
    await ctx.say(lines.join('\n\n'));
  },
};
