import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Webex rate-limits per access token, so the fleet budgets its calls per admin, in Redis so that every
 * instance's workers draw on the same budget. BullMQ's own limiter is per queue: one admin's 429 would
 * stall everyone's runs, so it is not used for this.
 */
export interface TokenLimiter {
  /**
   * Takes one call from the person's budget: 0 when the call may go now (it is counted), else how many ms
   * until it may (nothing counted).
   */
  take(personId: string): Promise<number>;
  /** Webex said 429: none of this person's fleet calls go for `ms` (a longer pause already set stays). */
  pause(personId: string, ms: number): Promise<void>;
  /** ms left of the person's pause; 0 when not paused. */
  pausedFor(personId: string): Promise<number>;
}

const PAUSE = `
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 1
`;

export function createTokenLimiter(opts: {
  redis: Redis;
  prefix: string;
  callsPerSecond: number;
}): TokenLimiter {
  const limiter = new RateLimiterRedis({
    storeClient: opts.redis,
    keyPrefix: `${opts.prefix}fleet:calls`,
    points: opts.callsPerSecond,
    duration: 1,
  });
  const pauseKey = (personId: string) => `${opts.prefix}fleet:pause:${personId}`;

  async function pausedFor(personId: string): Promise<number> {
    const left = await opts.redis.pttl(pauseKey(personId));
    return left > 0 ? left : 0;
  }

  return {
    async take(personId) {
      const paused = await pausedFor(personId);
      if (paused > 0) return paused;
      try {
        await limiter.consume(personId);
        return 0;
      } catch (res) {
        // The library rejects with its result when the budget is spent, and with an Error when Redis failed.
        if (res instanceof RateLimiterRes) return Math.max(1, res.msBeforeNext);
        throw res;
      }
    },
    async pause(personId, ms) {
      await opts.redis.eval(PAUSE, 1, pauseKey(personId), String(Math.max(1, Math.round(ms))));
    },
    pausedFor,
  };
}
