import type { KeyValueStore } from './key-value-store.js';

export interface OrgChoice {
  orgId: string;
  displayName: string;
}

/** Which org a (partner) admin is working on; absent means their own org. Kept per person. */
export interface OrgSelection {
  get(personId: string): Promise<OrgChoice | null>;
  set(personId: string, choice: OrgChoice): Promise<void>;
  clear(personId: string): Promise<void>;
}

/**
 * A choice nobody has used for this long is forgotten: its person may have been signed out some other way
 * than /logout (the token CLI, a refused refresh), and then the next sign-in starts in their own org.
 */
export const ORG_CHOICE_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export function createOrgSelection(kv: KeyValueStore): OrgSelection {
  const key = (p: string) => `org-choice:${p}`;
  return {
    async get(personId) {
      const raw = await kv.get(key(personId));
      if (!raw) return null;
      // Every use restarts the clock, so an admin who works in a customer org keeps it.
      await kv.swap(key(personId), raw, ORG_CHOICE_TTL_MS);
      return JSON.parse(raw) as OrgChoice;
    },
    set: (personId, choice) => kv.set(key(personId), JSON.stringify(choice), ORG_CHOICE_TTL_MS),
    async clear(personId) {
      await kv.delete(key(personId));
    },
  };
}
