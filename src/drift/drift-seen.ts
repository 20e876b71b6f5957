import type { Redis } from 'ioredis';
import type { RulesSettings } from '../voicemail/rules.js';

/** Refreshed by every check; a watch turned off while a check ran leaves nothing behind for longer. */
export const SEEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** The settings one change touched, as the history keeps them (`values.after`): never a PIN. */
export type AppliedValues = Pick<
  RulesSettings,
  'defaultVoicemailPinEnabled' | 'expirePasscode' | 'changePasscode' | 'blockPreviousPasscodes'
>;

const SETTING_NAMES = [
  'defaultVoicemailPinEnabled',
  'expirePasscode',
  'changePasscode',
  'blockPreviousPasscodes',
] as const;

/**
 * The rules each watch last saw per org (`drift:seen:<watchId>:<orgId>`), with two indexes: the watches
 * holding rules of an org (`drift:org:<orgId>`, so a change the bot applies reaches every one of them) and
 * the orgs a watch holds rules of (`drift:orgs:<watchId>`, so `off` removes them all).
 *
 * Every write here runs under the org's change lock (`OrgRevisions.exclusive`): the bot's own changes call
 * `noteApplied` inside it (record-change, the fleet apply), and a drift check compares and stores inside
 * it. So a check never stores rules read before a change the bot made after it noted that change.
 */
export interface DriftSeen {
  get(watchId: string, orgId: string): Promise<RulesSettings | null>;
  put(watchId: string, orgId: string, settings: RulesSettings): Promise<void>;
  /**
   * The bot applied a change to the org: every watch's seen rules take its values (`certain`), or forget
   * the touched settings when it is not known to have landed, so the next check learns them silently
   * instead of calling the bot's own change (or its absence) drift. Call it under the org's change lock.
   */
  noteApplied(orgId: string, after: AppliedValues, opts?: { certain?: boolean }): Promise<void>;
  /** Everything kept for a watch. */
  forgetWatch(watchId: string): Promise<void>;
}

/** Without Redis there is no drift watch, and nothing to note. */
export const NO_DRIFT_SEEN: DriftSeen = {
  get: async () => null,
  put: async () => undefined,
  noteApplied: async () => undefined,
  forgetWatch: async () => undefined,
};

export function createDriftSeen(redis: Redis, prefix: string): DriftSeen {
  const seenKey = (watchId: string, orgId: string) => `${prefix}drift:seen:${watchId}:${orgId}`;
  const orgIndex = (orgId: string) => `${prefix}drift:org:${orgId}`;
  const watchIndex = (watchId: string) => `${prefix}drift:orgs:${watchId}`;

  const get = async (watchId: string, orgId: string): Promise<RulesSettings | null> => {
    const raw = await redis.get(seenKey(watchId, orgId));
    if (!raw) return null;
    try {
      return JSON.parse(raw) as RulesSettings;
    } catch {
      // Unreadable: the next check records the rules afresh rather than report a difference to nothing.
      return null;
    }
  };

  return {
    get,
    async put(watchId, orgId, settings) {
      await redis
        .multi()
        .set(seenKey(watchId, orgId), JSON.stringify(settings), 'PX', SEEN_TTL_MS)
        .sadd(orgIndex(orgId), watchId)
        .sadd(watchIndex(watchId), orgId)
        .exec();
    },
    async noteApplied(orgId, after, { certain = true } = {}) {
      const touched = SETTING_NAMES.filter((name) => after[name] !== undefined);
      if (touched.length === 0) return;
      for (const watchId of await redis.smembers(orgIndex(orgId))) {
        const seen = await get(watchId, orgId);
        if (!seen) {
          await redis.srem(orgIndex(orgId), watchId);
          continue;
        }
        const next: Record<string, unknown> = { ...seen };
        for (const name of touched) {
          if (certain) next[name] = after[name];
          else delete next[name];
        }
        // XX: a watch turned off meanwhile is not brought back.
        await redis.set(seenKey(watchId, orgId), JSON.stringify(next), 'PX', SEEN_TTL_MS, 'XX');
      }
    },
    async forgetWatch(watchId) {
      const orgs = await redis.smembers(watchIndex(watchId));
      const tx = redis.multi();
      for (const orgId of orgs) tx.del(seenKey(watchId, orgId)).srem(orgIndex(orgId), watchId);
      await tx.del(watchIndex(watchId)).exec();
    },
  };
}
