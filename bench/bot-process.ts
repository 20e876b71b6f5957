/**
 * The bot as production runs it: `node --import tsx src/main.ts` in its own process, configured only
 * through the environment, pointed at the emulator. With PROCESS_ROLE=web asked for, a process that says it
 * runs as `web` gets a `worker` process beside it (else the replies would never come); a process that names
 * no role runs everything (`all`).
 */
import { spawnNode, waitOk, type Child } from './children.js';
import { detectRole } from './stats.js';
import { freePort } from '../src/net/free-port.js';

/**
 * What runs the bot: `src/main.ts` through tsx (the default: no build needed, but the loader and the
 * transpiled sources cost start-up time and memory), or `dist/src/main.js` as `npm start` runs it
 * (BENCH_BOT_ENTRY=dist, after `npm run build`).
 */
export type BotEntry = 'tsx' | 'dist';
export const entryScript = (e: BotEntry) => (e === 'dist' ? 'dist/src/main.js' : 'src/main.ts');

export interface BotSettings {
  entry: BotEntry;
  apiBase: string;
  botToken: string;
  webhookSecret: string;
  tokenKey: string;
  redisUrl: string;
  prefix: string;
}

export function botEnv(s: BotSettings, port: number, role?: string): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    WEBEX_BOT_TOKEN: s.botToken,
    WEBEX_API_URL: s.apiBase,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    WEBHOOK_SECRET: s.webhookSecret,
    TOKEN_ENCRYPTION_KEY: s.tokenKey,
    REDIS_URL: s.redisUrl,
    REDIS_KEY_PREFIX: s.prefix,
    ...(role ? { PROCESS_ROLE: role } : {}),
    // To try a heap limit on the measured processes (e.g. --max-old-space-size=128) without another build.
    ...(process.env.BENCH_BOT_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_BOT_NODE_OPTIONS } : {}),
  };
}

export interface BotProcess {
  web: Child;
  worker: Child | undefined;
  base: string;
  webhookUrl: string;
  role: string;
  /** Spawn -> first /readyz 200, ms. */
  readyMs: number;
  /** Spawn -> the "listening" log line, ms; null when none came by the time /readyz said 200. */
  listeningMs: number | null;
  kill(): Promise<void>;
  /**
   * Starts the worker process beside a web process that did not say it was one (no reply came without a
   * worker): `role` becomes `web`.
   */
  addWorker(): Promise<void>;
  /** Kills the worker process (between phases: nothing is in flight); events then wait in Redis. */
  stopWorker(): Promise<void>;
}

const LISTENING = /listening/;

export async function startBotProcess(
  s: BotSettings,
  opts: { role?: string; withWorker?: boolean } = {},
): Promise<BotProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const web = spawnNode(entryScript(s.entry), botEnv(s, port, opts.role), { logToFile: true });
  let listeningMs: number | null = null;
  const listening = web.waitLine(LISTENING, 60_000).then(
    (l) => (listeningMs = l.ms),
    () => undefined,
  );
  let worker: Child | undefined;
  const kill = async () => {
    await Promise.all([web.kill(), worker?.kill()]);
  };
  try {
    const readyMs = await waitOk(`${base}/readyz`, web.spawnedAt, web, 60_000);
    await Promise.race([listening, new Promise((r) => setTimeout(r, 200))]);
    const version: unknown = await fetch(`${base}/version`).then(
      (r) => (r.ok ? r.json() : null),
      () => null,
    );
    const startWorker = async () => {
      worker = spawnNode(entryScript(s.entry), botEnv(s, await freePort(), 'worker'), {
        logToFile: true,
      });
      return worker;
    };
    const role = opts.role ? detectRole(web.output(), version) : 'all';
    if (role === 'web' && opts.withWorker !== false) await startWorker();
    const bot: BotProcess = {
      web,
      worker,
      base,
      webhookUrl: `${base}/webhook`,
      role,
      readyMs,
      listeningMs,
      kill,
      async addWorker() {
        if (bot.worker) return;
        bot.worker = await startWorker();
        bot.role = 'web';
      },
      async stopWorker() {
        await bot.worker?.kill();
        bot.worker = worker = undefined;
      },
    };
    return bot;
  } catch (e) {
    await kill();
    throw e;
  }
}
