import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import type { KeyValueStore } from './key-value-store.js';

const DELETE_IF_EQUALS = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

const REPLACE_IF_EQUALS = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') return 1 else return 0 end`;

const INCREMENT = `local n = redis.call('INCR', KEYS[1]) redis.call('PEXPIRE', KEYS[1], ARGV[1]) return n`;

/** A capped log's entries each hold one field: the value as given. */
const STREAM_FIELD = 'v';

const STORE_DOWN =
  "I can't reach my storage right now, so I did nothing and changed nothing. Please try again in a minute.";

/** Redis failures become one typed error, so the error boundary can say what happened. */
function guarded(store: KeyValueStore): KeyValueStore {
  const wrap =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      try {
        return await fn(...a);
      } catch (cause) {
        throw new AppError('STORE_UNAVAILABLE', STORE_DOWN, {
          cause,
          hint: 'Redis did not answer: check REDIS_URL (or REDIS_SENTINELS) and the Redis server',
          message: `redis: ${cause instanceof Error ? cause.message : String(cause)}`,
        });
      }
    };
  return {
    get: wrap(store.get),
    set: wrap(store.set),
    setIfAbsent: wrap(store.setIfAbsent),
    swap: wrap(store.swap),
    delete: wrap(store.delete),
    increment: wrap(store.increment),
    deleteIfEquals: wrap(store.deleteIfEquals),
    replaceIfEquals: wrap(store.replaceIfEquals),
    keys: wrap(store.keys),
    appendCapped: wrap(store.appendCapped),
    newestEntries: wrap(store.newestEntries),
    ping: store.ping,
  };
}

/** Every key is written under `prefix`, so tests and deployments sharing a server never touch each other. */
export function createRedisKeyValueStore(redis: Redis, prefix: string): KeyValueStore {
  const k = (key: string) => prefix + key;
  return guarded({
    get: (key) => redis.get(k(key)),
    async set(key, value, ttlMs) {
      if (ttlMs) await redis.set(k(key), value, 'PX', ttlMs);
      else await redis.set(k(key), value);
    },
    async setIfAbsent(key, value, ttlMs) {
      return (await redis.set(k(key), value, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async swap(key, value, ttlMs) {
      // SET ... XX GET (Redis >= 7.0): one atomic step, so two racing submits cannot both see the session.
      const old = await redis.call('SET', k(key), value, 'PX', String(ttlMs), 'XX', 'GET');
      return typeof old === 'string' ? old : null;
    },
    async delete(key) {
      return (await redis.del(k(key))) > 0;
    },
    async increment(key, ttlMs) {
      return Number(await redis.eval(INCREMENT, 1, k(key), String(ttlMs)));
    },
    async deleteIfEquals(key, value) {
      return (await redis.eval(DELETE_IF_EQUALS, 1, k(key), value)) === 1;
    },
    async replaceIfEquals(key, expected, value) {
      return (await redis.eval(REPLACE_IF_EQUALS, 1, k(key), expected, value)) === 1;
    },
    async keys(sub) {
      const out: string[] = [];
      let cursor = '0';
      const pattern = `${prefix}${sub}`.replace(/[*?[\]\\]/g, '\\$&') + '*';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 200);
        cursor = next;
        for (const key of batch) out.push(key.slice(prefix.length));
      } while (cursor !== '0');
      return out;
    },
    async appendCapped(key, value, maxLen, ttlMs) {
      const tx = redis.multi().xadd(k(key), 'MAXLEN', String(maxLen), '*', STREAM_FIELD, value);
      if (ttlMs) tx.pexpire(k(key), ttlMs);
      const results = await tx.exec();
      const failed = results?.find(([err]) => err);
      if (!results || failed) throw failed?.[0] ?? new Error('transaction aborted');
    },
    async newestEntries(key, count) {
      const entries = await redis.xrevrange(k(key), '+', '-', 'COUNT', count);
      return entries.flatMap(([, fields]) => {
        const at = fields.indexOf(STREAM_FIELD);
        const value = at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
        return value === undefined ? [] : [value];
      });
    },
    async ping() {
      try {
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
  });
}
