import type { KeyValueStore } from './key-value-store.js';

/** For the sandbox without Redis: same semantics, nothing persists, one process only. */
export function createMemoryKeyValueStore(now: () => number = Date.now): KeyValueStore {
  const data = new Map<string, { value: string; expiresAt: number }>();
  const live = (key: string) => {
    const e = data.get(key);
    if (e && e.expiresAt <= now()) {
      data.delete(key);
      return undefined;
    }
    return e;
  };
  const put = (key: string, value: string, ttlMs?: number) =>
    data.set(key, { value, expiresAt: ttlMs ? now() + ttlMs : Infinity });
  return {
    async get(key) {
      return live(key)?.value ?? null;
    },
    async set(key, value, ttlMs) {
      put(key, value, ttlMs);
    },
    async setIfAbsent(key, value, ttlMs) {
      if (live(key)) return false;
      put(key, value, ttlMs);
      return true;
    },
    async swap(key, value, ttlMs) {
      const e = live(key);
      if (!e) return null;
      put(key, value, ttlMs);
      return e.value;
    },
    async delete(key) {
      return live(key) ? data.delete(key) : false;
    },
    async increment(key, ttlMs) {
      const n = Number(live(key)?.value ?? 0) + 1;
      put(key, String(n), ttlMs);
      return n;
    },
    async replaceIfEquals(key, expected, value) {
      const e = live(key);
      if (e?.value !== expected) return false;
      e.value = value;
      return true;
    },
    async deleteIfEquals(key, value) {
      if (live(key)?.value !== value) return false;
      return data.delete(key);
    },
    async keys(prefix) {
      return [...data.keys()].filter((k) => k.startsWith(prefix) && live(k));
    },
    async ping() {
      return true;
    },
  };
}
