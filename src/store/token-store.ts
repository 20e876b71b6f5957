import { z } from 'zod';
import type { KeyValueStore } from './key-value-store.js';
import type { TokenCipher } from './token-cipher.js';

/** One admin's Webex access. Kept per Webex person id and used only for that person's requests. */
export interface TokenRecord {
  personId: string;
  orgId?: string;
  accessToken: string;
  /** Epoch ms; absent when unknown (a token pasted into the CLI without its lifetime). */
  accessTokenExpiresAt?: number;
  refreshToken?: string;
  refreshTokenExpiresAt?: number;
  scopes: string[];
  source: 'cli' | 'oauth';
  updatedAt: number;
}

export type TokenSummary = Omit<TokenRecord, 'accessToken' | 'refreshToken'> & { hasRefreshToken: boolean };

const storedSchema = z.object({
  v: z.literal(1),
  personId: z.string(),
  orgId: z.string().optional(),
  accessToken: z.string(),
  accessTokenExpiresAt: z.number().optional(),
  refreshToken: z.string().optional(),
  refreshTokenExpiresAt: z.number().optional(),
  scopes: z.array(z.string()),
  source: z.enum(['cli', 'oauth']),
  updatedAt: z.number(),
});

export interface TokenStore {
  get(personId: string): Promise<TokenRecord | null>;
  put(record: TokenRecord): Promise<void>;
  delete(personId: string): Promise<boolean>;
  list(): Promise<TokenSummary[]>;
}

const KEY = 'token:';

/**
 * Tokens are sealed with AES-256-GCM before they reach the store; metadata (expiry, scopes, org) stays
 * readable so `token list` and expiry checks need no decryption. The record outlives the refresh token by
 * nothing: it expires with it.
 */
export function createTokenStore(kv: KeyValueStore, cipher: TokenCipher): TokenStore {
  const ctx = (personId: string, field: string) => `${KEY}${personId}:${field}`;
  // Sealing and opening copy the same fields and pass only the two tokens through the cipher, each bound to
  // its owner and kind so a sealed token cannot be moved to another record or field.
  const withTokens = (r: TokenRecord, f: (text: string, context: string) => string): TokenRecord => ({
    personId: r.personId,
    orgId: r.orgId,
    accessToken: f(r.accessToken, ctx(r.personId, 'access')),
    accessTokenExpiresAt: r.accessTokenExpiresAt,
    refreshToken: r.refreshToken ? f(r.refreshToken, ctx(r.personId, 'refresh')) : undefined,
    refreshTokenExpiresAt: r.refreshTokenExpiresAt,
    scopes: r.scopes,
    source: r.source,
    updatedAt: r.updatedAt,
  });
  const open = (s: z.infer<typeof storedSchema>): TokenRecord =>
    withTokens(s, (text, context) => cipher.decrypt(text, context));
  const parse = (raw: string | null) => {
    if (!raw) return null;
    const r = storedSchema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  };
  return {
    async get(personId) {
      const s = parse(await kv.get(KEY + personId));
      if (!s || s.personId !== personId) return null;
      try {
        return open(s);
      } catch {
        // Sealed under another key (TOKEN_ENCRYPTION_KEY changed) or damaged: unusable, so treat the
        // person as signed out rather than failing every request they make.
        return null;
      }
    },
    async put(r) {
      const stored: z.infer<typeof storedSchema> = {
        v: 1,
        ...withTokens(r, (text, context) => cipher.encrypt(text, context)),
      };
      const until = r.refreshTokenExpiresAt ?? r.accessTokenExpiresAt;
      const ttl = until ? Math.max(1000, until - Date.now()) : undefined;
      await kv.set(KEY + r.personId, JSON.stringify(stored), ttl);
    },
    delete: (personId) => kv.delete(KEY + personId),
    async list() {
      const keys = await kv.keys(KEY);
      const out: TokenSummary[] = [];
      for (const key of keys) {
        const s = parse(await kv.get(key));
        if (!s) continue;
        out.push({
          personId: s.personId,
          orgId: s.orgId,
          accessTokenExpiresAt: s.accessTokenExpiresAt,
          refreshTokenExpiresAt: s.refreshTokenExpiresAt,
          scopes: s.scopes,
          source: s.source,
          updatedAt: s.updatedAt,
          hasRefreshToken: Boolean(s.refreshToken),
        });
      }
      return out.sort((a, b) => a.personId.localeCompare(b.personId));
    },
  };
}
