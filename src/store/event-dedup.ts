import type { KeyValueStore } from './key-value-store.js';

/**
 * Webex webhooks carry no timestamp or nonce, and a delivery may arrive twice (retries, two webhooks for
 * one event): the event's own id is the only replay guard. Shared through the store, so two instances
 * behind one URL also act once.
 */
export interface EventDedup {
  /** True the first time an id is seen within the window. */
  firstSeen(eventKey: string): Promise<boolean>;
}

export function createEventDedup(kv: KeyValueStore, windowMs = 24 * 3600_000): EventDedup {
  return {
    firstSeen: (eventKey) => kv.setIfAbsent(`seen:${eventKey}`, '1', windowMs),
  };
}
