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

export function createOrgSelection(kv: KeyValueStore): OrgSelection {
  const key = (p: string) => `org-choice:${p}`;
  return {
    async get(personId) {
      const raw = await kv.get(key(personId));
      return raw ? (JSON.parse(raw) as OrgChoice) : null;
    },
    set: (personId, choice) => kv.set(key(personId), JSON.stringify(choice)),
    async clear(personId) {
      await kv.delete(key(personId));
    },
  };
}
