import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Harness } from './bot-harness.js';
import { ROOT } from './run-main.js';

/** A second bot instance of the same deployment, in a process of its own (test/helpers/fleet-child.ts). */
export interface FleetChild {
  process: ChildProcess;
  /** Everything it printed so far (JSON log lines). */
  output(): string;
  /** How many orgs it finished (`fleet: org done` lines). */
  orgsDone(): number;
}

/**
 * Starts it with the harness's configuration (same Redis prefix, key, bot and public URL; a port of its
 * own) and the fleet timings given, and resolves once it is ready.
 */
export async function startFleetChild(
  h: Harness,
  timings: object,
  opts: { concurrency?: number; readyWithinMs?: number } = {},
): Promise<FleetChild> {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/helpers/fleet-child.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      FLEET_CHILD_CONFIG: JSON.stringify({ ...h.config, PORT: 0, FLEET_CONCURRENCY: opts.concurrency ?? 4 }),
      FLEET_CHILD_TIMINGS: JSON.stringify(timings),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + (opts.readyWithinMs ?? 60_000);
  while (!out.includes('FLEET-CHILD-READY')) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`the second instance did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    process: child,
    output: () => out,
    orgsDone: () => out.split('\n').filter((l) => l.includes('fleet: org done')).length,
  };
}
