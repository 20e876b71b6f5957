import type { TokenStore } from '../store/token-store.js';

export interface Access {
  personId: string;
  token: string;
  orgId?: string;
  scopes: string[];
}

/** Hands out a person's own token, and nobody else's. */
export interface AccessProvider {
  get(personId: string): Promise<Access | null>;
}

/** Margin before expiry at which a token counts as spent: a call started now must not outlive it. */
const EXPIRY_MARGIN_MS = 60_000;

export function createStoredAccessProvider(tokens: TokenStore, now: () => number = Date.now): AccessProvider {
  return {
    async get(personId) {
      const r = await tokens.get(personId);
      if (!r) return null;
      if (r.accessTokenExpiresAt !== undefined && r.accessTokenExpiresAt - EXPIRY_MARGIN_MS <= now()) return null;
      return { personId: r.personId, token: r.accessToken, orgId: r.orgId, scopes: r.scopes };
    },
  };
}
