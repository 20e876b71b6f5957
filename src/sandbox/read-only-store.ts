import type { KeyValueStore } from '../store/key-value-store.js';

/**
 * The bot's store as the sandbox page may see it: reads go through, writes do nothing. The page polls every
 * second, and some of the bot's reads write (reading an org choice restarts its clock), so a page that only
 * watches would otherwise keep state alive that the bot would have let expire.
 */
export function readOnlyStore(kv: KeyValueStore): KeyValueStore {
  return {
    get: (key) => kv.get(key),
    keys: (prefix) => kv.keys(prefix),
    ping: () => kv.ping(),
    set: async () => undefined,
    setIfAbsent: async () => false,
    // What a swap would have answered, without the write.
    swap: (key) => kv.get(key),
    delete: async () => false,
    // What an increment would have answered, without the write.
    increment: async (key) => Number((await kv.get(key)) ?? 0) + 1,
    replaceIfEquals: async () => false,
    deleteIfEquals: async () => false,
    appendCapped: async () => undefined,
    newestEntries: (key, count) => kv.newestEntries(key, count),
  };
}
