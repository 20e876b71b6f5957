import type { Profile, ProfileReader } from '../auth/read-profile.js';
import { AppError } from '../errors.js';
import { eventFields } from '../log/event-context.js';
import type { Logger } from '../log/create-logger.js';
import type { KeyValueStore } from '../store/key-value-store.js';
import { withLock } from '../store/with-lock.js';
import type { TokenRecord, TokenStore } from '../store/token-store.js';
import { GrantRejectedError, type OAuthClient } from '../webex/oauth-client.js';
import type { BotMetrics } from '../metrics/create-metrics.js';

export interface Access {
  personId: string;
  token: string;
  /** The person's own org (from the token). */
  orgId?: string;
  /** Granted scopes; empty when unknown (a token stored through the CLI). */
  scopes: string[];
  /** Role ids from `GET /people/me`, kept with the token; absent when they could not be read. */
  roles?: string[];
  /** A partner administrator (sees other orgs); absent when unknown. */
  managesOtherOrgs?: boolean;
  expiresAt?: number;
}

/** Hands out a person's own token, and nobody else's, refreshing it when it is (nearly) spent. */
export interface AccessProvider {
  get(personId: string): Promise<Access | null>;
  /**
   * Webex answered 401 to `staleToken`: refresh once and return the new access, or null when there is no
   * way on but a new sign-in (the record is then gone).
   */
  renew(personId: string, staleToken: string): Promise<Access | null>;
}

const toAccess = (r: TokenRecord): Access => ({
  personId: r.personId,
  token: r.accessToken,
  orgId: r.orgId,
  scopes: r.scopes,
  roles: r.roles,
  managesOtherOrgs: r.managesOtherOrgs,
  expiresAt: r.accessTokenExpiresAt,
});

export interface AccessProviderOptions {
  tokens: TokenStore;
  kv: KeyValueStore;
  log: Logger;
  /** Absent: tokens come from the CLI only and cannot be refreshed. */
  oauth?: OAuthClient;
  /**
   * Reads roles (and whether the person manages other orgs) with the person's token: after each refresh,
   * and once for a record that has none (stored by the CLI or before roles were kept).
   */
  profile?: ProfileReader;
  now?: () => number;
  /** Refresh this long before the access token expires. */
  refreshMarginMs?: number;
  lockTtlMs?: number;
  /** How long a request waits for another instance's refresh before giving up. */
  waitForOtherMs?: number;
  metrics?: Pick<BotMetrics, 'tokenRefresh'>;
}

/**
 * Refreshes are serialised per person through a store lock, so two requests or two instances never spend
 * the same refresh token twice (Webex may rotate it); whoever loses the race re-reads the record the
 * winner wrote.
 */
export function createAccessProvider(opts: AccessProviderOptions): AccessProvider {
  const now = opts.now ?? Date.now;
  const margin = opts.refreshMarginMs ?? 10 * 60_000;
  const lockTtl = opts.lockTtlMs ?? 15_000;
  const waitForOther = opts.waitForOtherMs ?? 10_000;
  // Records (person and write time) whose profile could not be read: not asked again on every message.
  const unreadable = new Set<string>();
  const readProfile = async (token: string, scopes: readonly string[]): Promise<Partial<Profile>> => {
    if (!opts.profile) return {};
    try {
      return await opts.profile.read(token, scopes);
    } catch (err) {
      opts.log.info({ err: (err as Error).message }, 'roles not read; kept as they were');
      return {};
    }
  };

  /** A record without roles gets them once, so what the person may do is known before a form is sent. */
  async function withProfile(r: TokenRecord): Promise<TokenRecord> {
    const id = `${r.personId}@${r.updatedAt}`;
    if (r.roles !== undefined || !opts.profile || unreadable.has(id)) return r;
    const profile = await readProfile(r.accessToken, r.scopes);
    if (profile.roles === undefined) {
      unreadable.add(id);
      return r;
    }
    const { roles, managesOtherOrgs } = profile;
    await opts.tokens.setProfile(r.personId, r.updatedAt, { roles, managesOtherOrgs });
    return { ...r, ...profile };
  }

  const fresh = (r: TokenRecord) =>
    r.accessTokenExpiresAt === undefined || r.accessTokenExpiresAt - 30_000 > now();

  /** Another holder's refresh has landed: its record is what this request needed. */
  async function refreshedByOther(personId: string, staleToken: string): Promise<Access | null | undefined> {
    const cur = await opts.tokens.get(personId);
    if (!cur) return null;
    return cur.accessToken !== staleToken && fresh(cur) ? toAccess(cur) : undefined;
  }

  async function refreshNow(personId: string, staleToken: string): Promise<Access | null> {
    const cur = await opts.tokens.get(personId);
    if (!cur) return null;
    if (cur.accessToken !== staleToken && fresh(cur)) return toAccess(cur);
    if (!cur.refreshToken || !opts.oauth) return null;
    let t;
    try {
      t = await opts.oauth.refresh(cur.refreshToken);
      opts.metrics?.tokenRefresh('ok');
    } catch (e) {
      opts.metrics?.tokenRefresh(e instanceof GrantRejectedError ? 'rejected' : 'failed');
      if (e instanceof GrantRejectedError) {
        opts.log.info(
          { ...eventFields(), personId },
          'refresh token rejected by Webex; record deleted, new sign-in needed',
        );
        await opts.tokens.delete(personId);
        return null;
      }
      throw e;
    }
    const scopes = t.scopes ?? cur.scopes;
    const next: TokenRecord = {
      ...cur,
      accessToken: t.accessToken,
      accessTokenExpiresAt: t.accessTokenExpiresAt,
      refreshToken: t.refreshToken ?? cur.refreshToken,
      refreshTokenExpiresAt: t.refreshTokenExpiresAt ?? cur.refreshTokenExpiresAt,
      scopes,
      // Roles change (an admin made read-only): a refresh, every couple of weeks, is when to look again.
      ...(await readProfile(t.accessToken, scopes)),
      updatedAt: now(),
    };
    await opts.tokens.put(next);
    opts.log.info(
      { ...eventFields(), personId, expiresAt: new Date(t.accessTokenExpiresAt).toISOString() },
      'access token refreshed',
    );
    return toAccess(next);
  }

  const refresh = (personId: string, staleToken: string): Promise<Access | null> =>
    withLock<Access | null>(
      opts.kv,
      `lock:refresh:${personId}`,
      {
        ttlMs: lockTtl,
        waitMs: waitForOther,
        // Someone else is refreshing: use their result as soon as it lands.
        settled: () => refreshedByOther(personId, staleToken),
        onTimeout: () => {
          throw new AppError(
            'WEBEX_UNAVAILABLE',
            'Renewing your Webex access is taking too long. Please try again in a minute.',
            { hint: `refresh lock for ${personId} held past ${waitForOther} ms` },
          );
        },
      },
      () => refreshNow(personId, staleToken),
    );

  return {
    async get(personId) {
      const r = await opts.tokens.get(personId);
      if (!r) return null;
      if (r.refreshTokenExpiresAt !== undefined && r.refreshTokenExpiresAt <= now()) {
        await opts.tokens.delete(personId);
        return null;
      }
      const expiring = r.accessTokenExpiresAt !== undefined && r.accessTokenExpiresAt - margin <= now();
      if (!expiring) return toAccess(await withProfile(r));
      if (r.refreshToken && opts.oauth) return refresh(personId, r.accessToken);
      return fresh(r) ? toAccess(await withProfile(r)) : null;
    },
    renew: (personId, staleToken) => refresh(personId, staleToken),
  };
}
