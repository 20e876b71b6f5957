import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { LiveConfig } from '../../src/config.js';
import type { StartOptions } from '../../src/start-bot.js';
import { ROOT } from './run-main.js';

/** A bot instance in a process of its own (test/helpers/bot-child.ts). */
export interface BotChild {
  process: ChildProcess;
  /** Everything it printed so far (JSON log lines). */
  output(): string;
}

/**
 * Starts it with `config` (a harness's, changed as given: same Redis prefix, key, bot and public URL) and
 * the start options given (JSON-able ones only), and resolves once it is ready.
 */
export async function startBotChild(
  config: LiveConfig,
  start: Partial<Omit<StartOptions, 'log'>> = {},
  readyWithinMs = 60_000,
): Promise<BotChild> {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/helpers/bot-child.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      BOT_CHILD_CONFIG: JSON.stringify(config),
      BOT_CHILD_START: JSON.stringify(start),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + readyWithinMs;
  while (!out.includes('BOT-CHILD-READY')) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`the bot process did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { process: child, output: () => out };
}
