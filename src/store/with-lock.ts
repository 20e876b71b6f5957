import { randomBytes } from 'node:crypto';
import type { KeyValueStore } from './key-value-store.js';

export interface LockOptions<T> {
  /** The lock's lifetime: a holder that dies frees it after this. */
  ttlMs: number;
  /** How long to keep trying for the lock. */
  waitMs: number;
  /** Pause between tries. */
  retryMs?: number;
  /** Between tries: a result another holder's work has already produced ends the wait (nothing to redo). */
  settled?: () => Promise<T | undefined>;
  /** Still held by someone else after `waitMs`. */
  onTimeout: () => Promise<T>;
  /** The store failed while taking the lock: without it, this runs instead (rethrow to give up). */
  onStoreError?: (err: unknown) => Promise<T>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `work` while holding `key` in the shared store, so one instance (or request) at a time does it. The
 * lock is released only by its owner (a unique value), never by a late holder whose lock already expired.
 */
export async function withLock<T>(
  kv: KeyValueStore,
  key: string,
  opts: LockOptions<T>,
  work: () => Promise<T>,
): Promise<T> {
  const owner = randomBytes(9).toString('base64url');
  const deadline = Date.now() + opts.waitMs;
  for (;;) {
    let acquired: boolean;
    try {
      acquired = await kv.setIfAbsent(key, owner, opts.ttlMs);
    } catch (err) {
      if (opts.onStoreError) return opts.onStoreError(err);
      throw err;
    }
    if (acquired) {
      try {
        return await work();
      } finally {
        await kv.deleteIfEquals(key, owner).catch(() => false);
      }
    }
    await sleep(opts.retryMs ?? 100);
    const done = await opts.settled?.();
    if (done !== undefined) return done;
    if (Date.now() > deadline) return opts.onTimeout();
  }
}
