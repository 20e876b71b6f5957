import { AppError } from '../errors.js';
import { WebexApiError } from './webex-api-error.js';
import type { WebexClient } from './webex-client.js';

export interface OAuthTokens {
  accessToken: string;
  accessTokenExpiresAt: number;
  refreshToken?: string;
  refreshTokenExpiresAt?: number;
  /** Granted scopes when the answer lists them. */
  scopes?: string[];
}

/** The refresh token (or code) is no good any more: the only way on is a new sign-in. */
export class GrantRejectedError extends AppError {
  constructor(reason: string, trackingId?: string) {
    super('TOKEN_EXPIRED', 'Your Webex sign-in has expired or was revoked. Sign in again with /login.', {
      trackingId,
      message: `OAuth grant rejected: ${reason}`,
    });
    this.name = 'GrantRejectedError';
  }
}

export interface OAuthClient {
  authorizeUrl(p: { redirectUri: string; scopes: string[]; state: string }): string;
  exchangeCode(code: string, redirectUri: string): Promise<OAuthTokens>;
  refresh(refreshToken: string): Promise<OAuthTokens>;
}

interface TokenAnswer {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  scope?: string;
}

/** Webex OAuth (authorization code grant) for the integration named by client id and secret. */
export function createOAuthClient(deps: {
  webex: WebexClient;
  clientId: string;
  clientSecret: string;
  now?: () => number;
}): OAuthClient {
  const now = deps.now ?? Date.now;
  const grant = async (form: Record<string, string>): Promise<OAuthTokens> => {
    let res;
    try {
      res = await deps.webex.request<TokenAnswer>({
        method: 'POST',
        path: '/access_token',
        token: '',
        anonymous: true,
        form: { ...form, client_id: deps.clientId, client_secret: deps.clientSecret },
      });
    } catch (e) {
      // 400/401 from the token endpoint: the code or refresh token is spent, expired or revoked.
      if (e instanceof WebexApiError && (e.status === 400 || e.status === 401)) {
        throw new GrantRejectedError(`${form.grant_type} -> ${e.status}`, e.trackingId);
      }
      throw e;
    }
    const b = res.body;
    const t = now();
    return {
      accessToken: b.access_token,
      accessTokenExpiresAt: t + b.expires_in * 1000,
      refreshToken: b.refresh_token,
      refreshTokenExpiresAt: b.refresh_token_expires_in ? t + b.refresh_token_expires_in * 1000 : undefined,
      scopes: b.scope ? b.scope.split(/[\s,]+/).filter(Boolean) : undefined,
    };
  };
  return {
    authorizeUrl({ redirectUri, scopes, state }) {
      const u = new URL(`${deps.webex.apiBase}/authorize`);
      u.searchParams.set('client_id', deps.clientId);
      u.searchParams.set('response_type', 'code');
      u.searchParams.set('redirect_uri', redirectUri);
      u.searchParams.set('scope', scopes.join(' '));
      u.searchParams.set('state', state);
      return u.toString();
    },
    exchangeCode: (code, redirectUri) =>
      grant({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }),
    refresh: (refreshToken) => grant({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  };
}
