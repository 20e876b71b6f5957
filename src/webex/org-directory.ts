import { WebexApiError } from './webex-api-error.js';
import type { WebexClient } from './webex-client.js';

const NEGATIVE_TTL_MS = 10 * 60_000;

export interface OrgDirectory {
  /** The org's display name, or a neutral phrase when the token may not read organizations. */
  displayName(token: string, orgId: string | undefined): Promise<string>;
  list(token: string): Promise<{ id: string; displayName: string }[]>;
  /** The name when this instance already knows it (from an earlier look-up or list), without asking Webex. */
  known(orgId: string): string | undefined;
}

/** Org names change rarely and cost a call each: remember them for an hour. */
export function createOrgDirectory(webex: WebexClient, ttlMs = 3600_000): OrgDirectory {
  // `name` undefined: Webex would not tell (remembered for a while, so we do not keep asking).
  const cache = new Map<string, { name: string | undefined; at: number }>();
  const fresh = (orgId: string) => {
    const hit = cache.get(orgId);
    return hit && Date.now() - hit.at < ttlMs ? hit : undefined;
  };
  return {
    async displayName(token, orgId) {
      if (!orgId) return 'your organization';
      const hit = fresh(orgId);
      if (hit) return hit.name ?? 'your organization';
      try {
        const res = await webex.request<{ displayName?: string }>({
          method: 'GET',
          path: `/organizations/${encodeURIComponent(orgId)}`,
          token,
        });
        const name = res.body.displayName || undefined;
        cache.set(orgId, { name, at: Date.now() });
        return name ?? 'your organization';
      } catch (e) {
        // A token without spark-admin:organizations_read will keep failing: don't ask again for a while.
        if (e instanceof WebexApiError && (e.status === 403 || e.status === 404)) {
          cache.set(orgId, { name: undefined, at: Date.now() - ttlMs + NEGATIVE_TTL_MS });
        }
        return 'your organization';
      }
    },
    async list(token) {
      const res = await webex.request<{ items: { id: string; displayName: string }[] }>({
        method: 'GET',
        path: '/organizations',
        token,
      });
      for (const o of res.body.items) cache.set(o.id, { name: o.displayName, at: Date.now() });
      return res.body.items.map((o) => ({ id: o.id, displayName: o.displayName }));
    },
    known: (orgId) => fresh(orgId)?.name,
  };
}
