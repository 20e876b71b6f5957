import type { KeyValueStore } from './key-value-store.js';

export interface OrgChoice {
  orgId: string;
  /** The org's name as Webex listed it when it was chosen: cards name the org without asking Webex again. */
  displayName: string;
}

/** A choice as `/org` and `/whoami` show it: which org, and when it lapses unless used before then. */
export interface OrgChoiceStatus {
  orgId: string;
  name: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** Which org a (partner) admin is working on; absent means their own org. Kept per person. */
export interface OrgSelection {
  /** The choice, for a command that acts on it: each call restarts its clock. */
  get(personId: string): Promise<OrgChoice | null>;
  /** The choice and its expiry without using it (the clock is not restarted): for showing it. */
  peek(personId: string): Promise<OrgChoiceStatus | null>;
  set(personId: string, choice: OrgChoice): Promise<void>;
  clear(personId: string): Promise<void>;
}

/**
 * A choice nobody has used for this long is forgotten: its person may have been signed out some other way
 * than /logout (the token CLI, a refused refresh), and then the next sign-in starts in their own org.
 */
export const ORG_CHOICE_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** What is stored: the choice and the expiry its key was last given (the key's TTL and this agree). */
type Stored = OrgChoice & { expiresAt?: number };

export function createOrgSelection(kv: KeyValueStore, now: () => number = Date.now): OrgSelection {
  const key = (p: string) => `org-choice:${p}`;
  const value = (choice: OrgChoice, expiresAt: number): string =>
    JSON.stringify({ orgId: choice.orgId, displayName: choice.displayName, expiresAt } satisfies Stored);

  /** Restart the clock; null when the key lapsed meanwhile. */
  async function use(personId: string, choice: OrgChoice): Promise<number | null> {
    const expiresAt = now() + ORG_CHOICE_TTL_MS;
    const old = await kv.swap(key(personId), value(choice, expiresAt), ORG_CHOICE_TTL_MS);
    return old === null ? null : expiresAt;
  }

  const read = async (personId: string): Promise<Stored | null> => {
    const raw = await kv.get(key(personId));
    return raw ? (JSON.parse(raw) as Stored) : null;
  };

  return {
    async get(personId) {
      const stored = await read(personId);
      if (!stored) return null;
      // Every use restarts the clock, so an admin who works in a customer org keeps it.
      if ((await use(personId, stored)) === null) return null;
      return { orgId: stored.orgId, displayName: stored.displayName };
    },
    async peek(personId) {
      const stored = await read(personId);
      if (!stored) return null;
      // A choice stored before expiries were recorded: its expiry is unknown, so it starts again now.
      const expiresAt = stored.expiresAt ?? (await use(personId, stored));
      if (expiresAt === null) return null;
      return { orgId: stored.orgId, name: stored.displayName, expiresAt };
    },
    set: (personId, choice) =>
      kv.set(key(personId), value(choice, now() + ORG_CHOICE_TTL_MS), ORG_CHOICE_TTL_MS),
    async clear(personId) {
      await kv.delete(key(personId));
    },
  };
}
