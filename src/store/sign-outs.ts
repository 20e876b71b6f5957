import type { KeyValueStore } from './key-value-store.js';

/**
 * When each person last signed out, for as long as a card of theirs could still be pressed: a confirmation
 * made before `/logout` is refused rather than acted on by the next sign-in. (A form's Save pressed while
 * signed out is different: the press is made after the sign-out, and is carried on after a new sign-in.)
 */
export interface SignOuts {
  mark(personId: string): Promise<void>;
  /** Epoch ms of the last sign-out still remembered; undefined when none. */
  last(personId: string): Promise<number | undefined>;
}

/** `ttlMs`: the cards' own lifetime; a sign-out older than every card no longer matters. */
export function createSignOuts(kv: KeyValueStore, ttlMs: number): SignOuts {
  const key = (personId: string) => `signed-out:${personId}`;
  return {
    mark: (personId) => kv.set(key(personId), String(Date.now()), ttlMs),
    async last(personId) {
      const raw = await kv.get(key(personId));
      const at = raw === null ? NaN : Number(raw);
      return Number.isFinite(at) ? at : undefined;
    },
  };
}
