import { Redis } from 'ioredis';

export interface CreateRedisOptions {
  /** A command without an answer by then fails (the admin is told storage is unavailable). */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Connect on `connect()` instead of at once (the CLI, which reports a failed first connection). */
  lazyConnect?: boolean;
  /** Keep trying to reconnect after the connection drops (a running bot); false: give up (a one-shot CLI). */
  reconnect?: boolean;
}

/** The longest pause between reconnection attempts: Redis is noticed back within this. */
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * Every Redis connection the product opens. No command waits for Redis to come back: while it is away
 * (refused, or silent) a command fails within `commandTimeoutMs`, nothing is queued offline and nothing in
 * flight is re-sent after a reconnect, so a command the admin was already told had failed never runs late.
 */
export function createRedis(url: string, opts: CreateRedisOptions = {}): Redis {
  return new Redis(url, {
    commandTimeout: opts.commandTimeoutMs ?? 2000,
    connectTimeout: opts.connectTimeoutMs ?? 3000,
    enableOfflineQueue: false,
    // Commands in flight when the connection drops fail at once instead of being re-sent on reconnect.
    maxRetriesPerRequest: 0,
    retryStrategy:
      opts.reconnect === false ? () => null : (times) => Math.min(100 * times, MAX_RECONNECT_DELAY_MS),
    lazyConnect: opts.lazyConnect ?? false,
    // Auto-pipelining sends a batch only once the previous one has been answered: against a silent Redis
    // every later command then waits out the earlier ones' timeouts in turn, and replies come late.
    enableAutoPipelining: false,
  });
}

/**
 * Resolves once the connection is ready, or after `timeoutMs` whatever its state (a bot whose Redis is down
 * still starts, answers "storage unavailable" and reports it on /readyz). Without an offline queue, commands
 * sent before "ready" would fail, so start-up waits here first.
 */
export function redisReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    redis.once('ready', onReady);
  });
}
