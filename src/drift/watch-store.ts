import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** What a watch reads: one org, or every customer org the person's sign-in manages (listed again each tick). */
export type WatchedOrgs =
  { kind: 'org'; orgId: string; orgName: string; customer: boolean } | { kind: 'customers' };

export interface Watch {
  id: string;
  /** Whose stored token the checks use: this person's and nobody else's. */
  personId: string;
  /** As Webex gave it; escaped where it is shown. */
  personName: string;
  /** The space the watch was set in: drift is posted there. */
  roomId: string;
  orgs: WatchedOrgs;
  /** ISO time. */
  createdAt: string;
  /** Set once the person's token stopped working: no checks until `on` again. */
  paused?: { at: string; why: 'signed-out' | 'rejected' };
}

/** One org watch per space and org (whoever set it last); one fleet watch per space and partner admin. */
export const orgWatchId = (roomId: string, orgId: string): string => watchId(`org|${roomId}|${orgId}`);
export const fleetWatchId = (roomId: string, personId: string): string =>
  watchId(`customers|${roomId}|${personId}`);

// Hashed: ids of Webex objects are ~80 characters, and a watch id goes into several keys and job ids.
const watchId = (what: string) => createHash('sha256').update(what).digest('base64url').slice(0, 22);

/** Watches in Redis (`drift:watch:<id>`), with the space's index (`drift:room:<roomId>`) for `watch` alone. */
export interface WatchStore {
  get(id: string): Promise<Watch | null>;
  put(watch: Watch): Promise<void>;
  remove(id: string): Promise<Watch | null>;
  inRoom(roomId: string): Promise<Watch[]>;
  /** Marks the watch paused; true only for the call that paused it (so the space is told once). */
  pause(id: string, why: NonNullable<Watch['paused']>['why']): Promise<boolean>;
}

/** Compare-and-set in one step: two checks of one watch failing at once must not both announce the pause. */
const PAUSE = `local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local w = cjson.decode(raw)
if w.paused then return 0 end
w.paused = { at = ARGV[1], why = ARGV[2] }
redis.call('SET', KEYS[1], cjson.encode(w))
return 1`;

export function createWatchStore(redis: Redis, prefix: string): WatchStore {
  const key = (id: string) => `${prefix}drift:watch:${id}`;
  const roomKey = (roomId: string) => `${prefix}drift:room:${roomId}`;
  const get = async (id: string): Promise<Watch | null> => {
    const raw = await redis.get(key(id));
    return raw ? (JSON.parse(raw) as Watch) : null;
  };
  return {
    get,
    async put(watch) {
      await redis
        .multi()
        .set(key(watch.id), JSON.stringify(watch))
        .sadd(roomKey(watch.roomId), watch.id)
        .exec();
    },
    async remove(id) {
      const watch = await get(id);
      if (!watch) return null;
      await redis.multi().del(key(id)).srem(roomKey(watch.roomId), id).exec();
      return watch;
    },
    async inRoom(roomId) {
      const ids = await redis.smembers(roomKey(roomId));
      const watches = await Promise.all(ids.map(get));
      return watches
        .filter((w): w is Watch => w !== null)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async pause(id, why) {
      return (await redis.eval(PAUSE, 1, key(id), new Date().toISOString(), why)) === 1;
    },
  };
}
