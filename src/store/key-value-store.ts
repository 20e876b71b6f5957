/**
 * The few atomic operations the bot needs from a store. Redis backs it in live mode; an in-memory twin
 * backs the sandbox when no Redis answers. Keys are given without the deployment prefix.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** SET NX: true when this call created the key. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Replace an existing key's value and return the old one; null (and nothing written) when absent. */
  swap(key: string, value: string, ttlMs: number): Promise<string | null>;
  delete(key: string): Promise<boolean>;
  /** INCR, and (re)start the key's TTL, in one step: a counter every instance shares. */
  increment(key: string, ttlMs: number): Promise<number>;
  /** Overwrite only while the key still holds `expected`, keeping its TTL: a write that loses no race. */
  replaceIfEquals(key: string, expected: string, value: string): Promise<boolean>;
  /** Delete only while the key still holds `value` (lock release). */
  deleteIfEquals(key: string, value: string): Promise<boolean>;
  /** Keys below a prefix (prefix stripped of the deployment prefix, as given). */
  keys(prefix: string): Promise<string[]>;
  /**
   * Append to a capped log (a Redis stream), dropping the oldest entries beyond `maxLen` in the same step;
   * `ttlMs` (re)starts the whole log's lifetime. The bound is exact, not Redis's `~`: it is a promise the
   * README makes, and at one entry per change trimming costs nothing.
   */
  appendCapped(key: string, value: string, maxLen: number, ttlMs?: number): Promise<void>;
  /** The newest `count` entries of a capped log, newest first; none for a key that does not exist. */
  newestEntries(key: string, count: number): Promise<string[]>;
  ping(): Promise<boolean>;
}
