import { z } from 'zod';
import type { Logger } from '../log/create-logger.js';
import type { KeyValueStore } from './key-value-store.js';
import type { TokenCipher } from './token-cipher.js';
import { eventFields } from '../log/event-context.js';

/** One admin's Webex access. Kept per Webex person id and used only for that person's requests. */
export interface TokenRecord {
  personId: string;
  orgId?: string;
  /** The person's email when known (metadata, kept in clear so operators can tell people apart). */
  email?: string;
  accessToken: string;
  /** Epoch ms; absent when unknown (a token pasted into the CLI without its lifetime). */
  accessTokenExpiresAt?: number;
  refreshToken?: string;
  refreshTokenExpiresAt?: number;
  scopes: string[];
  /**
   * Role ids from `GET /people/me` (empty: no admin role); absent when never read. Metadata in clear: roles
   * are not secret, and what a person may do is known without opening the tokens.
   */
  roles?: string[];
  /** Sees organizations other than its own (a partner administrator); absent when unknown. */
  managesOtherOrgs?: boolean;
  source: 'cli' | 'oauth';
  updatedAt: number;
}

/** What is read about a person with their token and kept beside it (see TokenRecord). */
export type TokenProfile = Pick<TokenRecord, 'roles' | 'managesOtherOrgs'>;

export type TokenSummary = Omit<TokenRecord, 'accessToken' | 'refreshToken'> & {
  hasRefreshToken: boolean;
  /** The id of the key the tokens were sealed with; absent on records written before key ids existed. */
  keyId?: string;
};

const storedSchema = z.object({
  v: z.literal(1),
  personId: z.string(),
  orgId: z.string().optional(),
  email: z.string().optional(),
  kid: z.string().optional(),
  accessToken: z.string(),
  accessTokenExpiresAt: z.number().optional(),
  refreshToken: z.string().optional(),
  refreshTokenExpiresAt: z.number().optional(),
  scopes: z.array(z.string()),
  roles: z.array(z.string()).optional(),
  managesOtherOrgs: z.boolean().optional(),
  source: z.enum(['cli', 'oauth']),
  updatedAt: z.number(),
});
type Stored = z.infer<typeof storedSchema>;

/**
 * A key under `token:` that is not a token record the bot can read: damaged, written by hand or by another
 * program, or of another Redis type. The bot treats the person as signed out; operators see and remove it.
 */
export interface DamagedToken {
  personId: string;
  reason: 'not a token record' | 'not a string value';
}

/** What needs no key: the metadata is in clear, so listing and deleting work without TOKEN_ENCRYPTION_KEY. */
export interface TokenIndex {
  delete(personId: string): Promise<boolean>;
  list(): Promise<TokenSummary[]>;
  damaged(): Promise<DamagedToken[]>;
  /** Forgets the recorded key id: only once no token is stored, so a key may change with nobody signed out. */
  forgetKeyIfEmpty(): Promise<boolean>;
  /** The id of the key the deployment seals with, as its last start recorded it (null before any start). */
  recordedKeyId(): Promise<string | null>;
}

/** How a stored record stands against the configured keys. */
export type SealState = 'current' | 'previous' | 'unreadable' | 'absent';

export interface TokenStore extends TokenIndex {
  /** The id of the key `put` and re-sealing use (TOKEN_ENCRYPTION_KEY's). */
  readonly keyId: string;
  get(personId: string): Promise<TokenRecord | null>;
  put(record: TokenRecord): Promise<void>;
  /** Whether the record opens, and with which key; `reseal` also moves a `previous` one to the current key. */
  inspect(personId: string, opts?: { reseal?: boolean }): Promise<SealState>;
  /**
   * Keep what was read about the person beside the record written at `updatedAt`; a record rewritten
   * since (a refresh, a new sign-in) is left alone. The tokens are not touched, so no race can undo a refresh.
   */
  setProfile(personId: string, updatedAt: number, profile: TokenProfile): Promise<boolean>;
}

const KEY = 'token:';
/** The id of the key tokens were last sealed with (never the key). No TTL: it describes the deployment. */
export const TOKEN_KEY_FINGERPRINT = 'token-key';

const parse = (raw: string | null): Stored | null => {
  if (!raw) return null;
  try {
    const r = storedSchema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
};

/** A key of another type (a hash someone wrote by hand) answers GET with WRONGTYPE: damaged, not a failure. */
const isWrongType = (e: unknown) => e instanceof Error && /\bWRONGTYPE\b/.test(e.message);

type RawRead = { raw: string | null } | { wrongType: true };

async function readRaw(kv: KeyValueStore, key: string): Promise<RawRead> {
  try {
    return { raw: await kv.get(key) };
  } catch (e) {
    if (isWrongType(e)) return { wrongType: true };
    throw e;
  }
}

export function createTokenIndex(kv: KeyValueStore): TokenIndex & { stored(): Promise<Stored[]> } {
  const scan = async () => {
    const good: Stored[] = [];
    const bad: DamagedToken[] = [];
    for (const key of await kv.keys(KEY)) {
      const personId = key.slice(KEY.length);
      const read = await readRaw(kv, key);
      if ('wrongType' in read) {
        bad.push({ personId, reason: 'not a string value' });
        continue;
      }
      if (read.raw === null) continue; // expired between the listing and the read
      const s = parse(read.raw);
      if (s && s.personId === personId) good.push(s);
      else bad.push({ personId, reason: 'not a token record' });
    }
    const byId = (a: { personId: string }, b: { personId: string }) => a.personId.localeCompare(b.personId);
    return { good: good.sort(byId), bad: bad.sort(byId) };
  };
  const stored = async () => (await scan()).good;
  return {
    stored,
    damaged: async () => (await scan()).bad,
    recordedKeyId: () => kv.get(TOKEN_KEY_FINGERPRINT),
    async forgetKeyIfEmpty() {
      if ((await kv.keys(KEY)).length > 0) return false;
      return kv.delete(TOKEN_KEY_FINGERPRINT);
    },
    delete: (personId) => kv.delete(KEY + personId),
    async list() {
      return (await stored()).map((s) => ({
        personId: s.personId,
        orgId: s.orgId,
        email: s.email,
        accessTokenExpiresAt: s.accessTokenExpiresAt,
        refreshTokenExpiresAt: s.refreshTokenExpiresAt,
        scopes: s.scopes,
        source: s.source,
        updatedAt: s.updatedAt,
        hasRefreshToken: Boolean(s.refreshToken),
        keyId: s.kid,
      }));
    },
  };
}

/**
 * Tokens are sealed with AES-256-GCM before they reach the store; metadata (expiry, scopes, org, email, the
 * key id) stays readable so `token list` and expiry checks need no decryption. The record outlives the
 * refresh token by nothing: it expires with it. A record sealed with TOKEN_ENCRYPTION_KEY_PREVIOUS is
 * re-sealed with the current key the first time it is read.
 */
export function createTokenStore(
  kv: KeyValueStore,
  cipher: TokenCipher,
  opts: { log?: Logger } = {},
): TokenStore {
  const index = createTokenIndex(kv);
  const ctx = (personId: string, field: string) => `${KEY}${personId}:${field}`;
  // Sealing and opening copy the same fields and pass only the two tokens through the cipher, each bound to
  // its owner and kind so a sealed token cannot be moved to another record or field.
  const withTokens = (r: TokenRecord, f: (text: string, context: string) => string): TokenRecord => ({
    personId: r.personId,
    orgId: r.orgId,
    email: r.email,
    accessToken: f(r.accessToken, ctx(r.personId, 'access')),
    accessTokenExpiresAt: r.accessTokenExpiresAt,
    refreshToken: r.refreshToken ? f(r.refreshToken, ctx(r.personId, 'refresh')) : undefined,
    refreshTokenExpiresAt: r.refreshTokenExpiresAt,
    scopes: r.scopes,
    ...(r.roles ? { roles: r.roles } : {}),
    ...(r.managesOtherOrgs !== undefined ? { managesOtherOrgs: r.managesOtherOrgs } : {}),
    source: r.source,
    updatedAt: r.updatedAt,
  });
  const seal = (r: TokenRecord): Stored => ({
    v: 1,
    kid: cipher.keyId,
    ...withTokens(r, (text, context) => cipher.encrypt(text, context)),
  });
  const open = (s: Stored): TokenRecord =>
    withTokens(s, (text, context) => cipher.decrypt(text, context, s.kid));
  const warned = new Set<string>();
  const unreadable = (s: Stored) => {
    // Once per person and process: a signed-out admin's every message must not repeat it.
    if (warned.has(s.personId)) return;
    warned.add(s.personId);
    opts.log?.warn(
      { ...eventFields(), personId: s.personId, keyId: s.kid ?? 'unknown', configuredKeyIds: cipher.keyIds },
      'stored token cannot be opened with the configured keys: the person counts as signed out until they sign in again',
    );
  };

  const damaged = (personId: string) => {
    if (warned.has(personId)) return;
    warned.add(personId);
    opts.log?.warn(
      { ...eventFields(), personId },
      'stored token record is damaged (not a token record the bot wrote): the person counts as signed out; `token verify` lists it, `token purge <personId>` removes it',
    );
  };

  /** Opens the record and, when it was sealed with the previous key, re-seals it unless it changed meanwhile. */
  async function load(
    personId: string,
    reseal: boolean,
  ): Promise<{ state: SealState; record?: TokenRecord }> {
    const read = await readRaw(kv, KEY + personId);
    if ('wrongType' in read) {
      damaged(personId);
      return { state: 'unreadable' };
    }
    const raw = read.raw;
    if (!raw) return { state: 'absent' };
    const s = parse(raw);
    if (!s || s.personId !== personId) {
      damaged(personId);
      return { state: 'unreadable' };
    }
    let record: TokenRecord;
    try {
      record = open(s);
    } catch {
      // Sealed under a key no longer configured, or damaged: unusable, so treat the person as signed out
      // rather than failing every request they make.
      unreadable(s);
      return { state: 'unreadable' };
    }
    if (s.kid === cipher.keyId) return { state: 'current', record };
    // A concurrent refresh may have written a newer record: only the value read here is replaced.
    if (reseal) await kv.replaceIfEquals(KEY + personId, raw, JSON.stringify(seal(record)));
    return { state: 'previous', record };
  }

  return {
    delete: index.delete,
    list: index.list,
    damaged: index.damaged,
    forgetKeyIfEmpty: index.forgetKeyIfEmpty,
    recordedKeyId: index.recordedKeyId,
    keyId: cipher.keyId,
    async get(personId) {
      return (await load(personId, true)).record ?? null;
    },
    async put(r) {
      const until = r.refreshTokenExpiresAt ?? r.accessTokenExpiresAt;
      const ttl = until ? Math.max(1000, until - Date.now()) : undefined;
      await kv.set(KEY + r.personId, JSON.stringify(seal(r)), ttl);
    },
    async inspect(personId, o) {
      return (await load(personId, o?.reseal ?? false)).state;
    },
    async setProfile(personId, updatedAt, profile) {
      const raw = await kv.get(KEY + personId);
      const s = parse(raw);
      if (!raw || !s || s.personId !== personId || s.updatedAt !== updatedAt) return false;
      const next: Stored = { ...s, roles: profile.roles, managesOtherOrgs: profile.managesOtherOrgs };
      return kv.replaceIfEquals(KEY + personId, raw, JSON.stringify(next));
    },
  };
}

/**
 * Start-up check: refuses (returns the problem) when stored tokens were sealed with a key that is not
 * configured, instead of silently signing every admin out. Records from before key ids existed are tried
 * with the configured keys; a single damaged record among readable ones is not a wrong key. On success the
 * current key's id is recorded as the deployment's fingerprint.
 */
export async function checkTokenKeys(kv: KeyValueStore, cipher: TokenCipher): Promise<string | null> {
  const all = await createTokenIndex(kv).stored();
  const configured = new Set(cipher.keyIds);
  const foreign = new Map<string, number>();
  for (const s of all) if (s.kid && !configured.has(s.kid)) foreign.set(s.kid, (foreign.get(s.kid) ?? 0) + 1);
  const legacy = all.filter((s) => !s.kid);
  const legacyOpens = legacy.some((s) => {
    try {
      cipher.decrypt(s.accessToken, `${KEY}${s.personId}:access`);
      return true;
    } catch {
      return false;
    }
  });
  const fingerprint = await kv.get(TOKEN_KEY_FINGERPRINT);
  const [current, previous] = cipher.keyIds;
  const keyNames = `TOKEN_ENCRYPTION_KEY has id ${current}${
    previous
      ? `, TOKEN_ENCRYPTION_KEY_PREVIOUS has id ${previous}`
      : ', TOKEN_ENCRYPTION_KEY_PREVIOUS is not set'
  }`;
  // No token yet, but another instance recorded its own key: the two would sign each other's admins out
  // as soon as one of them stores a token.
  if (fingerprint && !configured.has(fingerprint) && all.length === 0) {
    return (
      `TOKEN_ENCRYPTION_KEY: this deployment's Redis records key id ${fingerprint} as its token key (written by ` +
      `an instance with another key), and ${keyNames}. Instances with different keys sign each other's admins ` +
      'out: give every instance the same TOKEN_ENCRYPTION_KEY. If the key changed on purpose and no instance ' +
      'uses the old one any more, `npm run --silent token -- purge --all --yes` forgets the recorded key id ' +
      '(no token is stored now, so nobody is signed out).'
    );
  }
  if (legacy.length && !legacyOpens)
    foreign.set(fingerprint ?? 'unknown', (foreign.get(fingerprint ?? 'unknown') ?? 0) + legacy.length);
  if (foreign.size) {
    const count = [...foreign.values()].reduce((a, b) => a + b, 0);
    const ids = [...foreign.keys()].join(', ');
    return (
      `TOKEN_ENCRYPTION_KEY: ${count} stored admin token(s) were sealed with a key that is not configured ` +
      `(key id ${ids}; ${keyNames}). ` +
      'Starting would sign those admins out. Set TOKEN_ENCRYPTION_KEY back to the key they were sealed with, ' +
      'or, while rotating to a new key, set the old key as TOKEN_ENCRYPTION_KEY_PREVIOUS (then run ' +
      '`npm run --silent token -- rekey`). To discard them instead (those admins sign in again): ' +
      '`npm run --silent token -- purge --all --yes`.'
    );
  }
  if (fingerprint !== cipher.keyId) await kv.set(TOKEN_KEY_FINGERPRINT, cipher.keyId);
  return null;
}
