import { z } from 'zod';
import type { Logger } from '../log/create-logger.js';
import type { KeyValueStore } from './key-value-store.js';
import { createCacheGuard } from './cache-guard.js';

/**
 * What the bot keeps of an event's sender: what the framework (`trigger.person.id`) and the bot (the actor:
 * id, first email, display name, org; the access gate: emails and org) read, and nothing more. Webex's
 * person also carries phone numbers, avatar, addresses, licenses: none of it is stored.
 */
export interface CachedPerson {
  id: string;
  emails: string[];
  displayName: string;
  orgId?: string;
  type?: string;
}

const cachedPerson = z.object({
  id: z.string().min(1),
  emails: z.array(z.string()),
  displayName: z.string(),
  orgId: z.string().optional(),
  type: z.string().optional(),
});

/**
 * Five minutes: every form interaction makes two events by the same person within that (the `/voicemail`
 * and the Save), and a rename, a new email or a move to another org shows in the bot at most this late
 * (a name in a reply, the org a command acts on by default). Nothing is decided on the cached person alone
 * that could not be undone within it: rights come from the person's own stored sign-in, checked at the
 * call. A person deleted from Webex can send no more events; one whose event was already in flight is
 * answered from the cache as it would have been a moment earlier. It is personal data (emails), so it is
 * short-lived and under the deployment's key prefix like everything the bot stores.
 */
export const PEOPLE_CACHE_TTL_MS = 5 * 60_000;

/**
 * Webex ids are base64 of a URI ending in the person's UUID, and one person has more than one spelling
 * (`ciscospark://us/PEOPLE/<uuid>`, or with a cluster `urn:TEAM:…` part): an entry is the person's when
 * the UUIDs agree, so a webhook and `GET /people` spelling the id differently still share it.
 */
function samePerson(a: string, b: string): boolean {
  if (a === b) return true;
  const uuid = (id: string) => {
    const uri = Buffer.from(id, 'base64url').toString('utf8');
    return /^ciscospark:\/\/.*\/PEOPLE\/([0-9a-f-]{36})$/i.exec(uri)?.[1]?.toLowerCase();
  };
  const ua = uuid(a);
  return ua !== undefined && ua === uuid(b);
}

export interface PeopleCache {
  /**
   * The person with this id: from the cache, else from `load` (the `GET /people/{id}`), then kept for the
   * TTL. A store that fails on the way in or out costs the lookup, never the event. `undefined` when
   * `load` found nobody (not cached: a 404 is rare and worth asking again).
   */
  get(personId: string, load: () => Promise<CachedPerson | undefined>): Promise<CachedPerson | undefined>;
}

const pick = (p: CachedPerson): CachedPerson => ({
  id: p.id,
  emails: [...p.emails],
  displayName: p.displayName,
  ...(p.orgId === undefined ? {} : { orgId: p.orgId }),
  ...(p.type === undefined ? {} : { type: p.type }),
});

export function createPeopleCache(
  kv: KeyValueStore,
  opts: { log: Logger; ttlMs?: number; readBudgetMs?: number; now?: () => number },
): PeopleCache {
  const ttlMs = opts.ttlMs ?? PEOPLE_CACHE_TTL_MS;
  const key = (personId: string) => `person:${personId}`;
  const guard = createCacheGuard({
    budgetMs: opts.readBudgetMs,
    now: opts.now,
    onFailure: (err) =>
      opts.log.warn({ err: err.message }, 'people cache unavailable: reading senders from Webex for a while'),
  });

  const cached = async (personId: string): Promise<CachedPerson | undefined> => {
    const raw = await guard.read(() => kv.get(key(personId)));
    if (raw === null) return undefined;
    try {
      const parsed = cachedPerson.safeParse(JSON.parse(raw));
      // Another shape (an older release's entry) or another person's: read afresh and overwrite it.
      if (parsed.success && samePerson(parsed.data.id, personId)) return parsed.data;
    } catch {
      // not JSON: as above
    }
    return undefined;
  };

  return {
    async get(personId, load) {
      const hit = await cached(personId);
      if (hit) return hit;
      const person = await load();
      if (!person) return undefined;
      const kept = pick(person);
      guard.write(() => kv.set(key(personId), JSON.stringify(kept), ttlMs));
      return kept;
    },
  };
}
