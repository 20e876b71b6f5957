import type { Redis } from 'ioredis';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { Logger } from '../log/create-logger.js';
import { createLogThrottle } from '../log/log-throttle.js';

/**
 * The OAuth rate limit's counters in Redis, so every instance of the bot counts against one limit.
 *
 * While Redis does not answer, the limiter lets requests through (fails open) on purpose: every /oauth
 * route reads its sign-in state from Redis before doing anything else, so with Redis down those requests
 * fail fast on their own and reach neither Webex nor the store; failing closed would only tell real
 * admins "too many attempts" for an outage that is not theirs.
 */
export function createRedisRateLimitStore(redis: Redis, prefix: string, log?: Logger): Store {
  const inner = new RedisStore({
    sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
    prefix,
  });
  // The store loads its scripts at once and again when they are missing; a Redis that is down right now
  // must not become an unhandled rejection (the next increment retries the load).
  void Promise.allSettled([inner.incrementScriptSha, inner.getScriptSha]);
  const quiet = createLogThrottle(60_000, (count) =>
    log?.warn({ count }, 'OAuth rate limit still without Redis: requests let through'),
  );
  return {
    init: (options: Options) => inner.init(options),
    async increment(key: string): Promise<ClientRateLimitInfo> {
      try {
        return await inner.increment(key);
      } catch (err) {
        quiet.hit(() =>
          log?.warn(
            { err: err instanceof Error ? err.message : String(err) },
            'OAuth rate limit cannot reach Redis: requests let through until it answers',
          ),
        );
        return { totalHits: 0, resetTime: undefined };
      }
    },
    async decrement(key: string) {
      await inner.decrement(key).catch(() => undefined);
    },
    async resetKey(key: string) {
      await inner.resetKey(key).catch(() => undefined);
    },
  };
}
