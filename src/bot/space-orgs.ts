import type { Logger } from '../log/create-logger.js';
import { shortName } from '../short-name.js';
import type { KeyValueStore } from '../store/key-value-store.js';
import { MEMBERSHIPS_PAGE, type MembershipsClient } from '../webex/memberships-client.js';
import type { OrgDirectory } from '../webex/org-directory.js';
import type { BotContext } from './bot-context.js';
import type { TargetOrg } from './target-org.js';

/**
 * Memberships change rarely within minutes, and a show, a set and its confirmation follow each other
 * closely: one look-up serves them all, while someone who joins is counted within this long.
 */
export const SPACE_ORGS_TTL_MS = 2 * 60_000;

/** A group space's members by org (the bot left out), as cached. */
interface SpaceCensus {
  counts: Record<string, number>;
  complete: boolean;
}

export interface SpaceOrgs {
  /**
   * What to warn a partner about before they see or change a customer org's rules in a group space whose
   * members (besides them and the bot) belong to another org: plain text, or undefined when nothing to
   * warn about. Checked only for a customer org in a group space, so other requests cost no call.
   */
  warning(ctx: BotContext, org: TargetOrg): Promise<string | undefined>;
  /**
   * Whether everyone in the space (the bot aside) is from the asker's own org: always in a 1:1 space; in a
   * group space only when every member could be read and vouched for (a look-up that failed counts as no).
   */
  onlyOwnOrg(ctx: BotContext): Promise<boolean>;
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** Names of this many orgs at most; the rest are counted, so a space with dozens stays one line. */
const NAMED = 3;

/** "Acme", "Acme and Initech", "Acme, Initech and 2 more organizations", "2 other organizations" */
function listed(names: string[], unnamed: number): string {
  if (names.length === 0) return count(unnamed, 'other organization');
  const parts = unnamed ? [...names, count(unnamed, 'more organization')] : names;
  return parts.length === 1 ? names[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
}

export function createSpaceOrgs(deps: {
  memberships: MembershipsClient;
  orgs: OrgDirectory;
  kv: KeyValueStore;
  botPersonId: string;
  log: Logger;
  ttlMs?: number;
}): SpaceOrgs {
  const ttlMs = deps.ttlMs ?? SPACE_ORGS_TTL_MS;
  const key = (roomId: string) => `space-orgs:${roomId}`;

  async function census(roomId: string): Promise<SpaceCensus> {
    const cached = await deps.kv.get(key(roomId));
    if (cached) return JSON.parse(cached) as SpaceCensus;
    const { members, complete } = await deps.memberships.roomMembers(roomId);
    const counts: Record<string, number> = {};
    for (const m of members) {
      if (m.personId === deps.botPersonId) continue;
      // A member Webex reports without an org cannot be vouched for: counted as another org.
      const org = m.personOrgId ?? 'unknown';
      counts[org] = (counts[org] ?? 0) + 1;
    }
    const found: SpaceCensus = { counts, complete };
    await deps.kv.set(key(roomId), JSON.stringify(found), ttlMs);
    return found;
  }

  return {
    async onlyOwnOrg(ctx) {
      if (ctx.room.type !== 'group') return true;
      const own = ctx.actor.orgId;
      if (!own) return false;
      try {
        const found = await census(ctx.room.id);
        return found.complete && Object.keys(found.counts).every((orgId) => orgId === own);
      } catch (err) {
        ctx.log.warn({ err: (err as Error).message }, 'space members could not be read for the org check');
        return false;
      }
    },
    async warning(ctx, org) {
      if (ctx.room.type !== 'group' || !org.customer) return undefined;
      const acting = `you are acting on customer org ${shortName(org.orgName)}.`;
      let found: SpaceCensus;
      try {
        found = await census(ctx.room.id);
      } catch (err) {
        ctx.log.warn({ err: (err as Error).message }, 'space members could not be read for the org check');
        return `I could not check which organizations the people in this space belong to; ${acting}`;
      }
      const counts = { ...found.counts };
      // The person asking knows where they come from; everyone else in the space is who the warning is about.
      const own = ctx.actor.orgId;
      if (own && counts[own]) counts[own] -= 1;
      const others = Object.entries(counts)
        .filter(([orgId, n]) => n > 0 && orgId !== org.orgId)
        .map(([orgId]) => orgId);
      if (others.length === 0) {
        return found.complete
          ? undefined
          : `This space has more than ${MEMBERSHIPS_PAGE} members, too many for me to check their organizations; ${acting}`;
      }
      const names = others
        .flatMap((id) => deps.orgs.known(id) ?? [])
        .slice(0, NAMED)
        .map(shortName);
      return `This space includes people from ${listed(names, others.length - names.length)}; ${acting}`;
    },
  };
}
