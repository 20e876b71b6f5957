import { AppError } from '../errors.js';
import type { KeyValueStore } from './key-value-store.js';
import { withLock } from './with-lock.js';

/** Long past any form or confirmation, which is all a revision is compared for; each bump restarts it. */
export const ORG_REVISION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * How many changes the bot has made (or may have made) to an org's rules, shared by every instance. Webex
 * never returns the PIN, so a fresh GET cannot tell that one was replaced: a card records the revision it
 * was made at, and a revision that moved since means the rules it showed may no longer hold.
 */
export interface OrgRevisions {
  /** 0 when the bot has changed nothing there within the TTL. */
  current(orgId: string): Promise<number>;
  /** After a change landed, or may have: the next revision. */
  bump(orgId: string): Promise<number>;
  /**
   * One change to an org at a time, across instances: a card's revision check and its PUT must be one step,
   * or two cards pressed together both pass the check and both report "updated".
   */
  exclusive<T>(orgId: string, work: () => Promise<T>): Promise<T>;
}

/** Longer than a PUT with its retries and read-back takes; a holder that died frees the org after this. */
const CHANGE_LOCK_TTL_MS = 60_000;
const CHANGE_LOCK_WAIT_MS = 20_000;

export function createOrgRevisions(kv: KeyValueStore): OrgRevisions {
  const key = (orgId: string) => `org-rev:${orgId}`;
  return {
    async current(orgId) {
      return Number((await kv.get(key(orgId))) ?? 0);
    },
    bump: (orgId) => kv.increment(key(orgId), ORG_REVISION_TTL_MS),
    exclusive: (orgId, work) =>
      withLock(
        kv,
        `lock:org-change:${orgId}`,
        {
          ttlMs: CHANGE_LOCK_TTL_MS,
          waitMs: CHANGE_LOCK_WAIT_MS,
          onTimeout: () => {
            throw new AppError(
              'BUSY',
              'Nothing was changed: another change to these rules is still being applied. Please try again in a minute.',
              { hint: `org change lock held past ${CHANGE_LOCK_WAIT_MS} ms` },
            );
          },
        },
        work,
      ),
  };
}
