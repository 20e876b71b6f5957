/**
 * Keeps a cache in front of a Webex call from costing more than the call: a read slower than the budget
 * is not waited for, and once the store failed or was slow the cache is left alone for a while, so during
 * a Redis outage an event pays the Webex call, not the store's command timeout (create-redis) on top of
 * the other stores'. Writes are not waited for: the event needs the answer, not the entry.
 */
export interface CacheGuard {
  /** The store's answer, or null when it failed, was slow, or failed a moment ago. */
  read(run: () => Promise<string | null>): Promise<string | null>;
  /** Starts the write (unless the store failed a moment ago) and returns at once. */
  write(run: () => Promise<void>): void;
}

/** A cached entry saves a call of a fraction of a second: the store must answer well within it. */
export const CACHE_READ_BUDGET_MS = 300;
const SKIP_AFTER_FAILURE_MS = 10_000;

export function createCacheGuard(opts: {
  /** Called once per outage (not per event) with what failed. */
  onFailure: (err: Error) => void;
  budgetMs?: number;
  now?: () => number;
}): CacheGuard {
  const budgetMs = opts.budgetMs ?? CACHE_READ_BUDGET_MS;
  const now = opts.now ?? Date.now;
  let skipUntil = 0;
  const failed = (err: unknown) => {
    if (now() >= skipUntil) opts.onFailure(err instanceof Error ? err : new Error(String(err)));
    skipUntil = now() + SKIP_AFTER_FAILURE_MS;
  };
  return {
    async read(run) {
      if (now() < skipUntil) return null;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${budgetMs} ms`)), budgetMs);
      });
      const reading = run();
      // A read that lost the race may still fail later: nobody waits for it any more.
      reading.catch(() => undefined);
      try {
        return await Promise.race([reading, late]);
      } catch (err) {
        failed(err);
        return null;
      } finally {
        clearTimeout(timer);
      }
    },
    write(run) {
      if (now() < skipUntil) return;
      run().catch(failed);
    },
  };
}
