import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  redis: Redis;
  /** Unique to this test run: tests touch only keys under it. */
  prefix: string;
  /** Every key under the prefix, with its raw value (to prove what is and isn't stored in plain text). */
  dump(): Promise<Record<string, string>>;
  /** Delete only what this run made, and disconnect. */
  cleanup(): Promise<void>;
}

/** On a URL, or on options (the primary found through sentinels). */
export async function openTestRedis(url: string | RedisOptions = REDIS_URL): Promise<TestRedis> {
  const opts = { maxRetriesPerRequest: 1, lazyConnect: true };
  const redis = typeof url === 'string' ? new Redis(url, opts) : new Redis({ ...url, ...opts });
  // A test that stops its own redis-server sees this connection drop too.
  redis.on('error', () => undefined);
  await redis.connect();
  const prefix = `vmbot-test:${process.pid}:${randomBytes(4).toString('hex')}:`;
  const keys = async () => {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      out.push(...batch);
    } while (cursor !== '0');
    return out;
  };
  return {
    redis,
    prefix,
    async dump() {
      const out: Record<string, string> = {};
      for (const k of await keys()) {
        // Not only strings: BullMQ's scheduler keeps hashes, lists and sorted sets under the prefix too,
        // and they must be as free of secrets as the bot's own keys.
        const type = await redis.type(k);
        const v =
          type === 'string'
            ? await redis.get(k)
            : type === 'hash'
              ? JSON.stringify(await redis.hgetall(k))
              : type === 'list'
                ? JSON.stringify(await redis.lrange(k, 0, -1))
                : type === 'set'
                  ? JSON.stringify(await redis.smembers(k))
                  : type === 'zset'
                    ? JSON.stringify(await redis.zrange(k, '0', '-1', 'WITHSCORES'))
                    : type === 'stream'
                      ? JSON.stringify(await redis.xrange(k, '-', '+'))
                      : null;
        if (v !== null) out[k] = v;
      }
      return out;
    },
    async cleanup() {
      const ks = await keys();
      if (ks.length) await redis.del(...ks);
      await redis.quit();
    },
  };
}
