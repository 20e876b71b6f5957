import { randomBytes } from 'node:crypto';
import type { Router } from 'express';
import type { Redis } from 'ioredis';
import type { SandboxConfig } from '../config.js';
import type { Logger } from '../log/create-logger.js';
import { startEmulator, type Emulator } from '../emulator/index.js';
import type { DemoWorld } from '../emulator/demo.js';
import { startBot, type RunningBot } from '../start-bot.js';
import { freePort } from '../net/free-port.js';
import type { KeyValueStore } from '../store/key-value-store.js';
import { createMemoryKeyValueStore } from '../store/memory-key-value-store.js';
import { createRedisKeyValueStore } from '../store/redis-key-value-store.js';
import { createRedis, type RedisTls } from '../store/create-redis.js';
import { createOrgSelection } from '../store/org-selection.js';
import { createChangeHistory, type ChangeHistory } from '../store/change-history.js';
import { redactUrl } from '../log/redact-url.js';
import { SIGN_IN_SCOPES } from '../auth/scopes.js';
import { createSandboxApi } from './sandbox-api.js';
import { createSandboxPageRoutes } from './sandbox-page-routes.js';
import type { SandboxRooms } from './sandbox-rooms.js';
import { describeWorld } from './sandbox-world.js';
import { readOnlyStore } from './read-only-store.js';
import { emulatorLiveConfig } from './emulator-live-config.js';

export const SANDBOX_CLIENT_ID = 'sandbox-voicemail-rules-bot';

export interface RunningSandbox {
  url: string;
  em: Emulator;
  demo: DemoWorld;
  rooms: SandboxRooms;
  bot: RunningBot;
  persistent: boolean;
  close(): Promise<void>;
}

/** Keys the sandbox writes without a lifetime get this one, so a sandbox killed outright leaves nothing for long. */
const SANDBOX_KEY_TTL_MS = 24 * 3600_000;

function withDefaultTtl(kv: KeyValueStore, ttlMs: number): KeyValueStore {
  return {
    ...kv,
    set: (key, value, ttl) => kv.set(key, value, ttl ?? ttlMs),
    appendCapped: (key, value, maxLen, ttl) => kv.appendCapped(key, value, maxLen, ttl ?? ttlMs),
  };
}

/**
 * Redis when one answers, else memory. Each sandbox run works under a prefix of its own below the sandbox
 * prefix (`vmbot-sandbox:<run>:`), so two sandboxes on one Redis never touch each other's keys and nothing
 * outside it is ever touched; the run removes its keys when it stops.
 */
async function chooseStore(
  config: SandboxConfig,
  log: Logger,
  tls: RedisTls | undefined,
): Promise<{ kv: KeyValueStore; redis?: Redis; prefix?: string }> {
  const redis = createRedis(config.REDIS_URL, { lazyConnect: true, connectTimeoutMs: 1000, tls });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    redis.disconnect();
    log.warn(
      { redisUrl: redactUrl(config.REDIS_URL) },
      'Redis is not reachable: the sandbox keeps its state in memory, and nothing persists after it stops',
    );
    return { kv: createMemoryKeyValueStore() };
  }
  const prefix = `${config.REDIS_KEY_PREFIX}${randomBytes(4).toString('hex')}:`;
  const kv = withDefaultTtl(createRedisKeyValueStore(redis, prefix), SANDBOX_KEY_TTL_MS);
  log.info({ redisUrl: redactUrl(config.REDIS_URL), prefix }, 'sandbox store: Redis');
  return { kv, redis, prefix };
}

/** The page and the API it calls, the page first: its security headers cover the API under /sandbox too. */
function sandboxRouters(deps: {
  em: Emulator;
  demo: DemoWorld;
  rooms: SandboxRooms;
  log: Logger;
  persistent: boolean;
  /** The store the bot runs on: the page reads the bot's org choices from it, never writes. */
  kv: KeyValueStore;
  /** The history the bot appends to: the rules panel shows its newest entries. */
  history: ChangeHistory;
}): Router[] {
  const world = describeWorld(deps);
  const orgChoices = createOrgSelection(readOnlyStore(deps.kv));
  return [createSandboxPageRoutes({ world }), createSandboxApi({ ...deps, world, orgChoices })];
}

/**
 * The whole product on one machine with no Webex account: the emulator (in this process, on its own
 * loopback port) seeded with a demo org, and the bot's normal live code path pointed at it. The only
 * difference from production is configuration, plus the /sandbox page that plays the Webex client.
 */
export async function startSandbox(
  config: SandboxConfig,
  opts: { log: Logger; redisTls?: RedisTls },
): Promise<RunningSandbox> {
  const { log } = opts;
  const host = config.HOST;
  const em = await startEmulator({ host: '127.0.0.1', log: (m) => log.debug({ emulator: true }, m) });
  const demo = em.seedDemo();
  const { rooms } = demo;

  // The store first: on Redis the bot's BullMQ jobs (fleet runs, drift watches) go under the run's prefix.
  const store = await chooseStore(config, log, opts.redisTls);
  const port = config.PORT || (await freePort(host));
  const clientSecret = randomBytes(18).toString('hex');
  const live = emulatorLiveConfig(
    { apiBase: em.apiBase, botToken: demo.bot.token },
    {
      PORT: port,
      HOST: host,
      LOG_LEVEL: config.LOG_LEVEL,
      REDIS_URL: config.REDIS_URL,
      REDIS_KEY_PREFIX: store.prefix ?? config.REDIS_KEY_PREFIX,
      WEBEX_CLIENT_ID: SANDBOX_CLIENT_ID,
      WEBEX_CLIENT_SECRET: clientSecret,
    },
  );
  em.registerIntegration({
    name: 'voicemail-rules-bot',
    clientId: SANDBOX_CLIENT_ID,
    clientSecret,
    redirectUris: [`${live.PUBLIC_URL}/oauth/callback`],
    scopes: SIGN_IN_SCOPES,
  });

  // One history for both: the bot appends to it and the panel reads it, so they cannot disagree on where.
  const history = createChangeHistory(store.kv, { maxEntries: live.HISTORY_MAX_ENTRIES });
  const bot = await startBot(live, {
    log,
    kv: store.kv,
    jobsRedis: store.redis,
    history,
    extraRouters: sandboxRouters({
      em,
      demo,
      rooms,
      log,
      persistent: Boolean(store.redis),
      kv: store.kv,
      history,
    }),
  });
  await bot.whenReady();
  return {
    url: `${live.PUBLIC_URL}/sandbox`,
    em,
    demo,
    rooms,
    bot,
    persistent: Boolean(store.redis),
    async close() {
      await bot.close();
      await em.close();
      if (store.redis) {
        for (const k of await store.kv.keys('').catch(() => [])) await store.kv.delete(k).catch(() => false);
      }
      await store.redis?.quit().catch(() => undefined);
    },
  };
}
