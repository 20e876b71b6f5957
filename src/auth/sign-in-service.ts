import type { Logger } from '../log/create-logger.js';
import type { SignInRequest, SignInStates } from '../store/sign-in-states.js';
import type { TokenStore } from '../store/token-store.js';
import type { OAuthClient } from '../webex/oauth-client.js';
import { GrantRejectedError } from '../webex/oauth-client.js';
import type { PeopleClient, WebexPerson } from '../webex/people-client.js';
import { GATE_REFUSAL, type AccessGate } from './access-gate.js';
import { adminRoleOf } from './capability.js';
import type { Profile, ProfileReader } from './read-profile.js';
import { SIGN_IN_SCOPES } from './scopes.js';

/** The words every refusal of a non-administrator starts with (the sandbox's browser test reads them too). */
export const FOR_ADMINS = 'This bot is for Webex Calling administrators.';

export interface CallbackPage {
  status: number;
  title: string;
  message: string;
}

/** Makes sign-in links: needed by replies before the rest of sign-in (which needs the bot) exists. */
export interface SignInLinks {
  /** A single-use link for this person and room, through the bot's own short redirect. */
  linkFor(req: Omit<SignInRequest, 'createdAt'>): Promise<string>;
}

export function createSignInLinks(deps: { publicUrl: string; states: SignInStates }): SignInLinks {
  return {
    async linkFor(req) {
      const state = await deps.states.create(req);
      return `${deps.publicUrl}/oauth/login?state=${state}`;
    },
  };
}

export interface SignInService {
  /** `/oauth/login?state=…` -> the Webex authorize URL, or null when the state is not (or no longer) valid. */
  authorizeUrlFor(state: string): Promise<string | null>;
  callback(query: Record<string, unknown>): Promise<CallbackPage>;
}

export interface SignInDeps {
  publicUrl: string;
  oauth: OAuthClient;
  people: PeopleClient;
  states: SignInStates;
  tokens: TokenStore;
  gate: AccessGate;
  /** Roles and partner status, read with the new token and kept beside it. */
  profile: ProfileReader;
  log: Logger;
  /** Tell the room that asked (and, when it asked for one, carry on with the command). */
  notify(req: SignInRequest, outcome: SignInOutcome): Promise<void>;
  now?: () => number;
}

export type SignInOutcome =
  | { kind: 'signed-in'; person: WebexPerson; grant: Profile & { scopes: string[] } }
  /** Signed in, but without an admin role: the bot can do nothing for them, so nothing was kept. */
  | { kind: 'not-admin'; person: WebexPerson }
  | { kind: 'wrong-person'; person: WebexPerson }
  | { kind: 'refused'; person: WebexPerson }
  | { kind: 'cancelled' }
  /** Webex refused the request itself (e.g. `invalid_scope`): an operator's problem, not the person's. */
  | { kind: 'failed' };

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * The OAuth round trip. The state ties the callback to the person and room that asked; the new token is
 * then checked against that person (GET /people/me) before anything is stored, so a forwarded link can't
 * plant someone else's token on an admin.
 */
export function createSignInService(deps: SignInDeps): SignInService {
  const now = deps.now ?? Date.now;
  const redirectUri = `${deps.publicUrl}/oauth/callback`;
  const fail = (status: number, message: string): CallbackPage => ({
    status,
    title: 'Sign-in failed',
    message,
  });

  return {
    async authorizeUrlFor(state) {
      const req = await deps.states.peek(state);
      if (!req) return null;
      return deps.oauth.authorizeUrl({ redirectUri, scopes: req.scopes ?? SIGN_IN_SCOPES, state });
    },
    async callback(query) {
      const state = str(query.state);
      if (!state)
        return fail(
          400,
          'This page was opened without a sign-in state. Ask the bot for a new link with /login.',
        );
      const found = await deps.states.consume(state);
      if (found.status === 'reused') {
        return fail(400, 'This sign-in link was already used. Ask the bot for a new one with /login.');
      }
      if (found.status === 'unknown') {
        return fail(
          400,
          'This sign-in link has expired or is not valid. Ask the bot for a new one with /login.',
        );
      }
      const req = found.request;
      const error = str(query.error);
      if (error === 'access_denied') {
        await deps.notify(req, { kind: 'cancelled' }).catch(() => undefined);
        return {
          status: 200,
          title: 'Sign-in cancelled',
          message: 'Nothing was stored. You can close this page.',
        };
      }
      if (error) {
        // Not the person's choice: Webex refused the request (a scope the integration was not registered
        // with, a wrong redirect URI...). The operator needs the code; the person needs to know it is not them.
        deps.log.error(
          { oauthError: error.slice(0, 64), description: str(query.error_description)?.slice(0, 200) },
          'Webex refused the sign-in request: check the integration (its scopes and redirect URI) against the README',
        );
        await deps.notify(req, { kind: 'failed' }).catch(() => undefined);
        return fail(
          502,
          'Webex refused this sign-in because of how the bot is set up, not because of anything you did. ' +
            'Nothing was stored. Tell whoever runs the bot; it is in their log.',
        );
      }
      const code = str(query.code);
      if (!code)
        return fail(400, 'Webex did not send an authorization code. Ask the bot for a new link with /login.');

      let tokens;
      try {
        tokens = await deps.oauth.exchangeCode(code, redirectUri);
      } catch (e) {
        deps.log.warn(
          { err: e instanceof Error ? e.message : String(e) },
          'authorization code exchange failed',
        );
        if (e instanceof GrantRejectedError)
          return fail(400, 'Webex did not accept this sign-in. Ask the bot for a new link with /login.');
        return fail(502, 'Webex did not answer properly. Please try again in a minute with /login.');
      }
      const me = await deps.people.me(tokens.accessToken);
      if (me.id !== req.personId) {
        // The state was consumed before the code exchange, and stays consumed: who opened a link is only
        // known after the exchange, and un-spending a state then would let one link start any number of
        // exchanges (and of notices to the room). Single use holds; instead the notifier makes its owner a
        // fresh link for the same request, sent where only they can read it, so a stranger who opens
        // someone's link costs them a message, not their pending command.
        deps.log.warn(
          { asked: req.personId, signedIn: me.id },
          'sign-in by a different person than the one who asked',
        );
        await deps.notify(req, { kind: 'wrong-person', person: me }).catch(() => undefined);
        return fail(
          403,
          `You signed in as ${me.displayName}, but this link was made for someone else. Nothing was stored. ` +
            'Ask the bot for your own link with /login.',
        );
      }
      if (!deps.gate.allows(me)) {
        await deps.notify(req, { kind: 'refused', person: me }).catch(() => undefined);
        return fail(403, GATE_REFUSAL);
      }
      const scopes = tokens.scopes ?? req.scopes ?? SIGN_IN_SCOPES;
      const profile = await deps.profile.read(tokens.accessToken, scopes, me);
      if (adminRoleOf({ scopes, roles: profile.roles }) === 'none') {
        // A token that can do nothing here is only a risk to keep. An older record of theirs goes too: this
        // sign-in shows they no longer hold the role it was stored for.
        await deps.tokens.delete(me.id);
        deps.log.info(
          { personId: me.id, orgId: me.orgId },
          'sign-in by a person without an admin role: not kept',
        );
        await deps
          .notify(req, { kind: 'not-admin', person: me })
          .catch((err: unknown) => deps.log.error({ err }, 'could not tell the room about the sign-in'));
        return {
          status: 200,
          title: 'Not an administrator',
          message:
            `${FOR_ADMINS} You signed in as ${me.displayName}, whose Webex account has no administrator role, ` +
            'so the bot cannot help you and did not keep your sign-in. You can close this page.',
        };
      }
      await deps.tokens.put({
        personId: me.id,
        orgId: me.orgId,
        email: me.emails[0],
        accessToken: tokens.accessToken,
        accessTokenExpiresAt: tokens.accessTokenExpiresAt,
        refreshToken: tokens.refreshToken,
        refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
        scopes,
        ...profile,
        source: 'oauth',
        updatedAt: now(),
      });
      deps.log.info({ personId: me.id, orgId: me.orgId }, 'admin signed in');
      await deps
        .notify(req, { kind: 'signed-in', person: me, grant: { scopes, ...profile } })
        .catch((err: unknown) => deps.log.error({ err }, 'could not tell the room about the sign-in'));
      return {
        status: 200,
        title: 'Signed in',
        message: `You are signed in as ${me.displayName}. You can close this page and go back to Webex.`,
      };
    },
  };
}
