import { Redis } from 'ioredis';
import type { Logger } from '../log/create-logger.js';
import { createLogThrottle } from '../log/log-throttle.js';
import { urlPasswords } from '../log/redact-url.js';

export interface CreateRedisOptions {
  /** A command without an answer by then fails (the admin is told storage is unavailable). */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Connect on `connect()` instead of at once (the CLI, which reports a failed first connection). */
  lazyConnect?: boolean;
  /** Keep trying to reconnect after the connection drops (a running bot); false: give up (a one-shot CLI). */
  reconnect?: boolean;
  /** For a rediss:// URL: the CA to trust and whether to check the server's certificate at all. */
  tls?: RedisTls;
}

export interface RedisTls {
  /** PEM text of a private CA (REDIS_TLS_CA_FILE); absent: the system's trusted CAs. */
  ca?: string;
  rejectUnauthorized: boolean;
}

/** What the operator is told at start when the server's certificate goes unchecked. */
export const UNCHECKED_TLS_WARNING =
  "REDIS_TLS_REJECT_UNAUTHORIZED=false: the Redis server's certificate is not checked, so anyone on the " +
  'network path could pose as it; prefer REDIS_TLS_CA_FILE with the CA that signed it';

/**
 * Why a connection failed, fit for a log line or the terminal: the driver's message (a TLS error names the
 * certificate problem) with the URL's password taken out, since some messages quote what they were given.
 */
export function redisFailureReason(err: unknown, url: string): string {
  let text = err instanceof Error ? err.message : String(err);
  const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  if (code && !text.includes(code)) text = `${text} (${code})`;
  for (const p of urlPasswords(url)) text = text.split(p).join('***');
  return text + tlsHint(text, url);
}

/**
 * A TLS client talking to a plain port (or the reverse) gets no refusal that says so: the handshake or the
 * first command just stalls or the socket is dropped. Those symptoms get a hint about the URL's scheme;
 * refusals, certificate and password errors speak for themselves.
 */
function tlsHint(text: string, url: string): string {
  const stalledOrDropped =
    /ETIMEDOUT|ECONNRESET|EPIPE|Connection is closed|socket hang up|wrong version number|packet length too long|before secure TLS connection/i;
  if (!stalledOrDropped.test(text)) return '';
  if (/^rediss:/i.test(url))
    return ' (REDIS_URL is rediss://, so TLS is expected: if this port serves plain Redis, use redis://)';
  if (/^redis:/i.test(url)) return ' (if this Redis port expects TLS, use rediss://)';
  return '';
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
    // Only for rediss://, which already asks ioredis for TLS; duplicate() (BullMQ's connections) keeps it.
    ...(opts.tls && /^rediss:/i.test(url)
      ? {
          tls: {
            rejectUnauthorized: opts.tls.rejectUnauthorized,
            ...(opts.tls.ca ? { ca: opts.tls.ca } : {}),
          },
        }
      : {}),
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

/**
 * The bot's own connection to REDIS_URL: reconnection noise is logged once, then counted, and a Redis that is
 * down does not stop the start (commands say "storage unavailable" and /readyz reports it until it is back).
 */
export async function openRedis(url: string, log: Logger, tls?: RedisTls): Promise<Redis> {
  if (tls && !tls.rejectUnauthorized) log.warn(UNCHECKED_TLS_WARNING);
  const redis = createRedis(url, { tls });
  // ioredis reports every reconnection attempt (every 2 s during an outage): the first in full, then a count.
  const trouble = createLogThrottle(60_000, (count) =>
    log.warn({ count }, 'redis connection problems continue'),
  );
  redis.on('error', (err: Error) =>
    trouble.hit(() => log.warn({ err, reason: redisFailureReason(err, url) }, 'redis connection problem')),
  );
  // The other half of the story for whoever reads the log during an outage: the connection is back.
  let lost = false;
  redis.on('close', () => (lost = true));
  redis.on('ready', () => {
    if (lost) log.info('redis connection restored');
    lost = false;
  });
  redis.once('end', () => trouble.flush());
  // Commands are not queued while connecting.
  if (!(await redisReady(redis, 3000)))
    log.warn('Redis is not reachable yet: commands that need storage will say so until it is');
  return redis;
}
