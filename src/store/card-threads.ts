import type { Logger } from '../log/create-logger.js';
import type { KeyValueStore } from './key-value-store.js';
import { createCacheGuard } from './cache-guard.js';

/**
 * The thread each card the bot sent in a group space is in, so a press on it is answered there without
 * reading the card back from Webex (`GET /messages/{id}`: an attachment action names the card, not its
 * thread). A card not noted (sent before this existed, or noted on a store that failed, or older than
 * the TTL) is read back as before.
 */
export interface CardThreads {
  /** Returns at once, never fails: a card whose thread could not be kept is read back at its press. */
  note(cardId: string, parentId: string | undefined): void;
  /** `{ parentId }` (absent: the top level) when noted; undefined when unknown or the store failed. */
  of(cardId: string): Promise<{ parentId?: string } | undefined>;
}

/** '' stands for a card at the top level of the space. */
const TOP_LEVEL = '';

/**
 * A day: past any form's or confirmation's life, and most presses of a card without one ("Change settings"
 * on a rules card) come within it; a later press costs the read it always did. Ids only, no personal data.
 */
export const CARD_THREAD_TTL_MS = 24 * 3600_000;

export function createCardThreads(
  kv: KeyValueStore,
  opts: { log: Logger; ttlMs?: number; readBudgetMs?: number },
): CardThreads {
  const ttlMs = opts.ttlMs ?? CARD_THREAD_TTL_MS;
  const key = (cardId: string) => `card-thread:${cardId}`;
  const guard = createCacheGuard({
    budgetMs: opts.readBudgetMs,
    onFailure: (err) =>
      opts.log.warn({ err: err.message }, 'card threads unavailable: reading cards back for a while'),
  });
  return {
    note(cardId, parentId) {
      guard.write(() => kv.set(key(cardId), parentId ?? TOP_LEVEL, ttlMs));
    },
    async of(cardId) {
      const v = await guard.read(() => kv.get(key(cardId)));
      if (v === null) return undefined;
      return v === TOP_LEVEL ? {} : { parentId: v };
    },
  };
}
