import type { KeyValueStore } from './key-value-store.js';

/**
 * Webex webhooks carry no timestamp or nonce, and a delivery may arrive twice (retries, two webhooks for
 * one event): the event's own id is the only replay guard. Shared through the store, so two instances
 * behind one URL also act once.
 *
 * An event counts as processed only once it was handled: `claim` holds it while it runs (briefly, so a
 * process that dies mid-way does not swallow a redelivery for a day), `complete` records it as done,
 * `release` lets a redelivery try again after a failure.
 */
export interface EventDedup {
  /** True when this caller may process the event: nobody has done it or is doing it now. */
  claim(eventKey: string): Promise<boolean>;
  /**
   * True when the event was being processed (a claim left by a worker that stopped) and is now this
   * caller's, with a fresh claim; false when it is done (or nobody holds it: then `claim` is the way).
   */
  takeOver(eventKey: string): Promise<boolean>;
  complete(eventKey: string): Promise<void>;
  release(eventKey: string): Promise<void>;
  /** Whether an event is being processed (by any instance) or done. */
  state(eventKey: string): Promise<'processing' | 'done' | null>;
}

export function createEventDedup(
  kv: KeyValueStore,
  opts: { windowMs?: number; claimMs?: number } = {},
): EventDedup {
  const windowMs = opts.windowMs ?? 24 * 3600_000;
  const claimMs = opts.claimMs ?? 5 * 60_000;
  const key = (eventKey: string) => `seen:${eventKey}`;
  return {
    claim: (eventKey) => kv.setIfAbsent(key(eventKey), 'processing', claimMs),
    takeOver: async (eventKey) => {
      if ((await kv.get(key(eventKey))) !== 'processing') return false;
      await kv.set(key(eventKey), 'processing', claimMs);
      return true;
    },
    complete: (eventKey) => kv.set(key(eventKey), 'done', windowMs),
    release: async (eventKey) => {
      await kv.deleteIfEquals(key(eventKey), 'processing');
    },
    state: async (eventKey) => {
      const v = await kv.get(key(eventKey));
      return v === 'processing' || v === 'done' ? v : null;
    },
  };
}
