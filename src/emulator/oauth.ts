import { encodeId, newOpaque } from './ids.js';
import { scopesAllowedForRole } from './scopes.js';
import type { EmulatorState } from './state.js';
import type { IntegrationRecord, PersonRecord, TokenRecord } from './types.js';

/** Webex authorization codes live five minutes and work once. */
export const CODE_TTL_MS = 5 * 60_000;

/** An OAuth error answered as `{error, error_description}` JSON. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

/** A failure at /authorize that must not redirect (the client or redirect_uri is not trusted). */
export class AuthorizePageError extends Error {}

export function registerIntegration(
  state: EmulatorState,
  i: { name: string; clientId: string; clientSecret: string; redirectUris: string[]; scopes: string[] },
): IntegrationRecord {
  const rec: IntegrationRecord = {
    name: i.name,
    clientId: i.clientId,
    clientSecret: i.clientSecret,
    redirectUris: [...i.redirectUris],
    scopes: [...i.scopes],
    appId: encodeId('APPLICATION', i.clientId),
  };
  state.integrations.set(i.clientId, rec);
  return rec;
}

export interface AuthorizeRequest {
  integration: IntegrationRecord;
  redirectUri: string;
  scopes: string[];
  state?: string;
}

/** Checks an /authorize request; errors after the redirect_uri is trusted go back to it as `error=`. */
export function parseAuthorizeRequest(
  state: EmulatorState,
  params: Record<string, unknown>,
): AuthorizeRequest | { redirect: string } {
  const str = (k: string): string | undefined =>
    typeof params[k] === 'string' ? (params[k] as string) : undefined;
  const clientId = str('client_id');
  const integration = clientId ? state.integrations.get(clientId) : undefined;
  if (!integration) throw new AuthorizePageError('Unknown client_id: this integration is not registered.');
  const redirectUri = str('redirect_uri');
  if (!redirectUri || !integration.redirectUris.includes(redirectUri)) {
    throw new AuthorizePageError(
      'redirect_uri does not match any redirect URI registered for this integration.',
    );
  }
  const st = str('state');
  if (str('response_type') !== 'code') {
    return { redirect: redirectWith(redirectUri, { error: 'unsupported_response_type', state: st }) };
  }
  const scopes = (str('scope') ?? '').split(/[\s+]+/).filter((s) => s.length > 0);
  if (scopes.length === 0) {
    return {
      redirect: redirectWith(redirectUri, {
        error: 'invalid_scope',
        error_description: 'scope is required',
        state: st,
      }),
    };
  }
  // Webex refuses the whole request when it asks for a scope the integration was not registered with
  // (it does not quietly grant the rest): `invalid_scope`, "The requested scope is invalid.".
  const unregistered = scopes.filter((s) => !integration.scopes.includes(s));
  if (unregistered.length > 0) {
    return {
      redirect: redirectWith(redirectUri, {
        error: 'invalid_scope',
        error_description: 'The requested scope is invalid.',
        state: st,
      }),
    };
  }
  const req: AuthorizeRequest = { integration, redirectUri, scopes };
  if (st !== undefined) req.state = st;
  return req;
}

export function redirectWith(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/** Requested (all of them registered with the integration) and allowed by the person's role. */
export function grantedScopes(req: AuthorizeRequest, person: PersonRecord): string[] {
  return scopesAllowedForRole(person.role, req.scopes);
}

/** The person approved: redirect with a fresh code (or with an error when nothing can be granted). */
export function approve(state: EmulatorState, req: AuthorizeRequest, person: PersonRecord): string {
  const scopes = grantedScopes(req, person);
  if (scopes.length === 0) {
    return redirectWith(req.redirectUri, {
      error: 'invalid_scope',
      error_description: 'None of the requested scopes can be granted to this user.',
      state: req.state,
    });
  }
  const code = newOpaque(32);
  state.codes.set(code, {
    code,
    clientId: req.integration.clientId,
    redirectUri: req.redirectUri,
    personId: person.id,
    scopes,
    expiresAt: Date.now() + CODE_TTL_MS,
    used: false,
  });
  return redirectWith(req.redirectUri, { code, state: req.state });
}

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token: string;
  refresh_token_expires_in: number;
  token_type: 'Bearer';
  scope: string;
}

function clientFrom(
  state: EmulatorState,
  params: Record<string, unknown>,
  basic?: string,
): IntegrationRecord {
  let id = typeof params.client_id === 'string' ? params.client_id : undefined;
  let secret = typeof params.client_secret === 'string' ? params.client_secret : undefined;
  const m = basic ? /^Basic\s+(\S+)$/i.exec(basic) : null;
  if (m?.[1]) {
    const [u, p] = Buffer.from(m[1], 'base64').toString('utf8').split(':');
    id = id ?? (u !== undefined ? decodeURIComponent(u) : undefined);
    secret = secret ?? (p !== undefined ? decodeURIComponent(p) : undefined);
  }
  const integration = id ? state.integrations.get(id) : undefined;
  if (!integration || integration.clientSecret !== secret) {
    throw new OAuthError(
      401,
      'invalid_client',
      'Client authentication failed: unknown client_id or wrong client_secret.',
    );
  }
  return integration;
}

const secondsLeft = (t: TokenRecord): number => Math.max(0, Math.ceil((t.expiresAt - Date.now()) / 1000));

function respond(access: TokenRecord, refresh: TokenRecord): TokenResponse {
  return {
    access_token: access.token,
    expires_in: secondsLeft(access),
    refresh_token: refresh.token,
    refresh_token_expires_in: secondsLeft(refresh),
    token_type: 'Bearer',
    scope: access.scopes.join(' '),
  };
}

/** POST /access_token, both grants. Every call counts as an exchange attempt, tagged with its outcome. */
export function exchange(
  state: EmulatorState,
  params: Record<string, unknown>,
  basicAuth?: string,
): TokenResponse {
  const grant = typeof params.grant_type === 'string' ? params.grant_type : '';
  try {
    const out = exchangeInner(state, grant, params, basicAuth);
    state.exchanges.push({ grant, ok: true });
    return out;
  } catch (e) {
    state.exchanges.push({ grant, ok: false });
    throw e;
  }
}

function exchangeInner(
  state: EmulatorState,
  grant: string,
  params: Record<string, unknown>,
  basicAuth?: string,
): TokenResponse {
  if (grant !== 'authorization_code' && grant !== 'refresh_token') {
    throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant_type "${grant}".`);
  }
  const integration = clientFrom(state, params, basicAuth);
  const opts = { clientId: integration.clientId, appId: integration.appId };

  if (grant === 'authorization_code') {
    const code = typeof params.code === 'string' ? state.codes.get(params.code) : undefined;
    if (!code || code.clientId !== integration.clientId) {
      throw new OAuthError(400, 'invalid_grant', 'The authorization code is invalid.');
    }
    if (code.used)
      throw new OAuthError(400, 'invalid_grant', 'The authorization code has already been used.');
    if (code.expiresAt <= Date.now())
      throw new OAuthError(400, 'invalid_grant', 'The authorization code has expired.');
    if (params.redirect_uri !== code.redirectUri) {
      throw new OAuthError(400, 'invalid_grant', 'redirect_uri does not match the one used to authorize.');
    }
    if (!state.people.has(code.personId))
      throw new OAuthError(400, 'invalid_grant', 'The user no longer exists.');
    code.used = true;
    const refresh = state.issueToken(code.personId, code.scopes, { ...opts, kind: 'refresh' });
    const access = state.issueToken(code.personId, code.scopes, opts);
    return respond(access, refresh);
  }

  const rt = typeof params.refresh_token === 'string' ? state.tokens.get(params.refresh_token) : undefined;
  if (!rt || rt.kind !== 'refresh' || rt.clientId !== integration.clientId) {
    throw new OAuthError(400, 'invalid_grant', 'The refresh token is invalid.');
  }
  if (rt.revoked) throw new OAuthError(400, 'invalid_grant', 'The refresh token has been revoked.');
  if (rt.expiresAt <= Date.now())
    throw new OAuthError(400, 'invalid_grant', 'The refresh token has expired.');
  if (!state.people.has(rt.personId))
    throw new OAuthError(400, 'invalid_grant', 'The user no longer exists.');
  let refresh = rt;
  if (state.config.rotateRefreshTokens) {
    rt.revoked = true;
    refresh = state.issueToken(rt.personId, rt.scopes, { ...opts, kind: 'refresh' });
  }
  const access = state.issueToken(rt.personId, rt.scopes, opts);
  return respond(access, refresh);
}
