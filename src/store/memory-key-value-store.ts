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
  // Capped logs beside the plain keys: a key is one or the other, as in Redis.
  const logs = new Map<string, { entries: string[]; expiresAt: number }>();
  const liveLog = (key: string) => {
    const l = logs.get(key);
    if (l && l.expiresAt <= now()) {
      logs.delete(key);
      return undefined;
    }
    return l;
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
      if (liveLog(key)) return logs.delete(key);
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
      return [
        ...[...data.keys()].filter((k) => k.startsWith(prefix) && live(k)),
        ...[...logs.keys()].filter((k) => k.startsWith(prefix) && liveLog(k)),
      ];
    },
    async appendCapped(key, value, maxLen, ttlMs) {
      const log = liveLog(key) ?? { entries: [], expiresAt: Infinity };
      log.entries.push(value);
      if (log.entries.length > maxLen) log.entries.splice(0, log.entries.length - maxLen);
      if (ttlMs) log.expiresAt = now() + ttlMs;
      logs.set(key, log);
    },
    async newestEntries(key, count) {
      return (liveLog(key)?.entries ?? []).slice(-count).reverse();
    },
    async ping() {
      return true;
    },
  };
}
