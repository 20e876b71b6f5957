import type { KeyValueStore } from './key-value-store.js';

/**
 * The newest confirmation card each person has for each org. A second `/voicemail set` for the same org
 * means the person now wants that one: the older card is refused at Confirm rather than applied on top.
 *
 * Why not bump the org's revision instead: asking changes nothing at Webex, and the revision is shared by
 * everyone working on the org, so a card merely shown to one partner would stale another's card or form.
 * Cards for other orgs stay valid: each names its own org.
 */
export interface LatestConfirmations {
  mark(personId: string, orgId: string, confirmId: string): Promise<void>;
  /** True unless a newer card was made for this person and org (or none was ever marked: older cards). */
  isLatest(personId: string, orgId: string, confirmId: string): Promise<boolean>;
}

/** `ttlMs`: the confirmations' own; the newest one outlives every older one. */
export function createLatestConfirmations(kv: KeyValueStore, ttlMs: number): LatestConfirmations {
  const key = (personId: string, orgId: string) => `confirm-latest:${personId}:${orgId}`;
  return {
    mark: (personId, orgId, confirmId) => kv.set(key(personId, orgId), confirmId, ttlMs),
    async isLatest(personId, orgId, confirmId) {
      const latest = await kv.get(key(personId, orgId));
      return latest === null || latest === confirmId;
    },
  };
}
