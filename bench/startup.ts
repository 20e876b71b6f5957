/**
 * Start-up: the bot process from spawn to /readyz 200 (and to its "listening" log line), and the Webex
 * calls it made up to half a second after it was ready, with 10, 1,000 and 10,000 spaces the bot is a
 * member of. An emulator of its own, so the spaces do not slow the other parts down.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { startEmulator } from '../src/emulator/index.js';
import { startBotProcess, type BotEntry } from './bot-process.js';
import { countByEndpoint, type StartupFigures } from './stats.js';
import { dropPrefix } from './world.js';

export const STARTUP_SPACES = [10, 1_000, 10_000];

export async function benchStartup(
  redis: Redis,
  redisUrl: string,
  role: string | undefined,
  entry: BotEntry,
  counts = STARTUP_SPACES,
): Promise<StartupFigures[]> {
  const em = await startEmulator();
  const out: StartupFigures[] = [];
  try {
    const w = em.seedWorld({
      org: 'Startup Org',
      bot: { email: 'startup@webex.bot', displayName: 'Startup Bot' },
      spaces: { direct: 'admin' },
    });
    let spaces = 1;
    for (const total of counts) {
      em.seedSpaces({ count: total - spaces, memberIds: [w.admin.id, w.bot.person.id] });
      spaces = total;
      const prefix = `vmbot-bench:${randomBytes(4).toString('hex')}:`;
      em.clearRequests();
      const bot = await startBotProcess(
        {
          entry,
          apiBase: em.apiBase,
          botToken: w.bot.token,
          webhookSecret: randomBytes(18).toString('hex'),
          tokenKey: randomBytes(32).toString('base64'),
          redisUrl,
          prefix,
        },
        { ...(role ? { role } : {}), withWorker: false },
      );
      try {
        await new Promise((r) => setTimeout(r, 500));
        const calls = em.requests.filter((r) => r.personId === w.bot.person.id);
        out.push({
          spaces: total,
          readyMs: Math.round(bot.readyMs),
          listeningMs: bot.listeningMs === null ? null : Math.round(bot.listeningMs),
          apiCalls: calls.length,
          byEndpoint: countByEndpoint(calls),
        });
      } finally {
        await bot.kill();
        await dropPrefix(redis, prefix);
      }
    }
  } finally {
    await em.close();
  }
  return out;
}
