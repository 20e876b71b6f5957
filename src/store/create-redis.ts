import { Redis, SentinelConnector, type RedisOptions } from 'ioredis';
import type { SentinelAddress } from '../config.js';
import type { Logger } from '../log/create-logger.js';
import { createLogThrottle } from '../log/log-throttle.js';
import { redactUrl, urlPasswords } from '../log/redact-url.js';

/** Where the product's Redis is: a REDIS_URL, or the sentinels that know which node is the primary. */
export type RedisTarget = string | SentinelTarget;

export interface SentinelTarget {
  sentinels: SentinelAddress[];
  /** REDIS_SENTINEL_NAME: the name the sentinels monitor the primary under. */
  name: string;
  /** REDIS_PASSWORD: the primary's and replicas' password. */
  password?: string;
  /** REDIS_SENTINEL_PASSWORD: the sentinels' own. */
  sentinelPassword?: string;
}

/** The Redis settings of any configuration (the bot's, the CLIs'). */
export interface RedisSettings {
  REDIS_URL: string;
  REDIS_SENTINELS?: SentinelAddress[];
  REDIS_SENTINEL_NAME?: string;
  REDIS_PASSWORD?: string;
  REDIS_SENTINEL_PASSWORD?: string;
}

/** REDIS_SENTINELS when set (config.ts refuses a REDIS_URL beside it), else REDIS_URL. */
export function redisTarget(c: RedisSettings): RedisTarget {
  if (!c.REDIS_SENTINELS?.length || !c.REDIS_SENTINEL_NAME) return c.REDIS_URL;
  return {
    sentinels: c.REDIS_SENTINELS,
    name: c.REDIS_SENTINEL_NAME,
    ...(c.REDIS_PASSWORD !== undefined ? { password: c.REDIS_PASSWORD } : {}),
    ...(c.REDIS_SENTINEL_PASSWORD !== undefined ? { sentinelPassword: c.REDIS_SENTINEL_PASSWORD } : {}),
  };
}

const hostPort = (a: { host: string; port: number }) =>
  `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;

/** The sentinels as REDIS_SENTINELS writes them: for log lines (no password is part of it). */
export const sentinelList = (t: SentinelTarget): string => t.sentinels.map(hostPort).join(',');

/** Where Redis was looked for, for a message: `at REDIS_URL (…)` with the password hidden, or the sentinels. */
export function whereRedis(t: RedisTarget): string {
  return typeof t === 'string'
    ? `at REDIS_URL (${redactUrl(t)})`
    : `through REDIS_SENTINELS (${sentinelList(t)}, REDIS_SENTINEL_NAME ${t.name})`;
}

/** Every password a target carries, for scrubbing a driver's message and for the secret registry. */
export function redisPasswords(t: RedisTarget): string[] {
  if (typeof t === 'string') return urlPasswords(t);
  return [t.password, t.sentinelPassword].filter((p): p is string => Boolean(p));
}

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
export function redisFailureReason(err: unknown, target: RedisTarget): string {
  let text = err instanceof Error ? err.message : String(err);
  const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  if (code && !text.includes(code)) text = `${text} (${code})`;
  for (const p of redisPasswords(target)) text = text.split(p).join('***');
  return typeof target === 'string' ? text + tlsHint(text, target) : text;
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

/** The next reconnection attempt's delay: quick at first (a failover), then every 2 s. */
const backoff = (times: number) => Math.min(100 * times, MAX_RECONNECT_DELAY_MS);

/**
 * A primary demoted by a failover keeps its connections open and answers writes with READONLY: leave it and
 * ask the sentinels (or the URL's DNS) again. The failed command is not re-sent: the caller was told.
 */
const leaveReadOnlyNode = (err: Error): boolean => err.message.startsWith('READONLY');

/**
 * ioredis 6.0.0 leaves the failover detector's subscriptions to the sentinels open after quit() (ioredis
 * issue #1362; the fix, pull request #2198, is not in a release yet): they would outlive the connection they
 * serve (BullMQ quits its own copies) and keep reconnecting to the sentinels for ever. Here they go when
 * that connection's socket closes, as in the fix; after a failover the next socket subscribes afresh.
 * Travels with duplicate() like every option. Remove once ioredis ships the fix.
 */
class SentinelConnectorWithoutLeak extends SentinelConnector {
  // ioredis hands every Connector the client's options, which in Sentinel mode are these.
  constructor(options: unknown) {
    super(options as ConstructorParameters<typeof SentinelConnector>[0]);
  }
  override async connect(...args: Parameters<SentinelConnector['connect']>) {
    const stream = await super.connect(...args);
    stream.once('close', () => (this as unknown as WithDetector).failoverDetector?.cleanup());
    return stream;
  }
}
type WithDetector = { failoverDetector: { cleanup(): void } | null };

/**
 * Every Redis connection the product opens. No command waits for Redis to come back: while it is away
 * (refused, or silent) a command fails within `commandTimeoutMs`, nothing is queued offline and nothing in
 * flight is re-sent after a reconnect, so a command the admin was already told had failed never runs late.
 * Every option travels with duplicate(), so BullMQ's connections find the primary the same way.
 */
export function createRedis(target: RedisTarget, opts: CreateRedisOptions = {}): Redis {
  const common: RedisOptions = {
    commandTimeout: opts.commandTimeoutMs ?? 2000,
    connectTimeout: opts.connectTimeoutMs ?? 3000,
    enableOfflineQueue: false,
    // Commands in flight when the connection drops fail at once instead of being re-sent on reconnect.
    maxRetriesPerRequest: 0,
    retryStrategy: opts.reconnect === false ? () => null : backoff,
    reconnectOnError: leaveReadOnlyNode,
    lazyConnect: opts.lazyConnect ?? false,
    // Auto-pipelining sends a batch only once the previous one has been answered: against a silent Redis
    // every later command then waits out the earlier ones' timeouts in turn, and replies come late.
    enableAutoPipelining: false,
  };
  if (typeof target !== 'string') {
    return new Redis({
      ...common,
      sentinels: target.sentinels,
      name: target.name,
      password: target.password,
      sentinelPassword: target.sentinelPassword,
      // A silent sentinel is skipped for the next one after this, not waited on.
      sentinelCommandTimeout: opts.commandTimeoutMs ?? 2000,
      // Every sentinel unreachable: keep asking, like a lost connection (a one-shot CLI gives up).
      sentinelRetryStrategy: opts.reconnect === false ? () => null : backoff,
      // Subscribed to the sentinels' +switch-master: on a failover the connection moves to the new primary
      // at once, rather than when the old one refuses or answers READONLY. Not for a one-shot CLI.
      failoverDetector: opts.reconnect !== false,
      sentinelReconnectStrategy: backoff,
      ...(opts.reconnect !== false ? { Connector: SentinelConnectorWithoutLeak } : {}),
    });
  }
  return new Redis(target, {
    ...common,
    // Only for rediss://, which already asks ioredis for TLS; duplicate() (BullMQ's connections) keeps it.
    ...(opts.tls && /^rediss:/i.test(target)
      ? {
          tls: {
            rejectUnauthorized: opts.tls.rejectUnauthorized,
            ...(opts.tls.ca ? { ca: opts.tls.ca } : {}),
          },
        }
      : {}),
  });
}

/** The node a connection is on (host:port), for the log: in Sentinel mode it changes with a failover. */
function nodeOf(redis: Redis): string | undefined {
  const s = redis.stream as { remoteAddress?: string; remotePort?: number } | undefined;
  return s?.remoteAddress && s.remotePort
    ? hostPort({ host: s.remoteAddress, port: s.remotePort })
    : undefined;
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
 * The bot's own connection (REDIS_URL or REDIS_SENTINELS): reconnection noise is logged once, then counted,
 * and a Redis that is down does not stop the start (commands say "storage unavailable" and /readyz reports
 * it until it is back).
 */
export async function openRedis(target: RedisTarget, log: Logger, tls?: RedisTls): Promise<Redis> {
  if (tls && !tls.rejectUnauthorized) log.warn(UNCHECKED_TLS_WARNING);
  const sentinel = typeof target === 'string' ? undefined : target;
  if (sentinel)
    log.info({ sentinels: sentinelList(sentinel), name: sentinel.name }, 'redis: through Sentinel');
  const redis = createRedis(target, { tls });
  // ioredis reports every reconnection attempt (every 2 s during an outage): the first in full, then a count.
  const trouble = createLogThrottle(60_000, (count) =>
    log.warn({ count }, 'redis connection problems continue'),
  );
  redis.on('error', (err: Error) =>
    trouble.hit(() => log.warn({ err, reason: redisFailureReason(err, target) }, 'redis connection problem')),
  );
  // The other half of the story for whoever reads the log during an outage: the connection is back (and,
  // through Sentinel, on which node: after a failover, another one).
  let lost = false;
  let primary: string | undefined;
  redis.on('close', () => (lost = true));
  redis.on('ready', () => {
    const node = sentinel ? nodeOf(redis) : undefined;
    if (sentinel && primary && node && node !== primary)
      log.warn({ primary: node, previous: primary, name: sentinel.name }, 'redis primary changed (failover)');
    else if (lost) log.info(node ? { primary: node } : {}, 'redis connection restored');
    else if (node) log.info({ primary: node, name: sentinel?.name }, 'redis: primary found through Sentinel');
    primary = node ?? primary;
    lost = false;
  });
  redis.once('end', () => trouble.flush());
  // Commands are not queued while connecting.
  if (!(await redisReady(redis, 3000)))
    log.warn('Redis is not reachable yet: commands that need storage will say so until it is');
  return redis;
}
