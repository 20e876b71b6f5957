import {
  ORGS_READ,
  PEOPLE_WRITE,
  READ_SCOPES,
  SIGN_IN_SCOPES,
  TELEPHONY_READ,
  TELEPHONY_WRITE,
} from './scopes.js';

/**
 * Webex's role names, as the ends of the role ids `GET /people/me` lists (base64 of
 * `ciscospark://us/ROLE/id_full_admin`). The bot keeps its own: the emulator is Webex's stand-in, not a source.
 */
export const FULL_ADMIN_ROLE = 'id_full_admin';
export const READ_ONLY_ADMIN_ROLE = 'id_readonly_admin';

/** What a sign-in can do with the voicemail rules: its granted scopes, cut down by the person's roles. */
export type Capability = 'full-admin' | 'read-only-admin' | 'not-admin' | 'unknown';

/** Who the person is, as far as their roles (and, without them, their admin scopes) say. */
export type AdminRole = 'full' | 'read-only' | 'none' | 'unknown';

/**
 * What a request needs from a sign-in. `all` is a plain `/login`: everything the bot can use. `reset`: a
 * person's PIN back to the org default (the rules are read first, to know there is one).
 */
export type Need = 'view' | 'change' | 'reset' | 'orgs' | 'all';

/** A need that changes something: a read-only administrator is refused it. */
export const changesSomething = (need: Need): boolean =>
  need === 'change' || need === 'reset' || need === 'all';

/** The parts of an access that say what it can do (see `Access` in src/bot/access-provider.ts). */
export interface Grant {
  /** Granted scopes; empty when unknown (a token stored through the CLI). */
  scopes: readonly string[];
  /** Role ids from `GET /people/me` (empty for a person without an admin role); absent when not read. */
  roles?: readonly string[];
}

/** `Y2lz…` -> `id_full_admin`; an id that is not a Webex role id is taken as the name itself. */
export function roleName(id: string): string {
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(id)) {
    const m = /\/ROLE\/([^/]+)$/.exec(Buffer.from(id, 'base64').toString('utf8'));
    if (m?.[1]) return m[1];
  }
  return id;
}

const hasAdminScope = (scopes: readonly string[]) => scopes.some((s) => s.startsWith('spark-admin:'));

export function adminRoleOf(grant: Grant): AdminRole {
  const names = (grant.roles ?? []).map(roleName);
  if (names.includes(FULL_ADMIN_ROLE)) return 'full';
  // Webex lists role ids for administrators only. Any other admin role (read-only, user, location...) may be
  // able to look; only a full administrator may change the rules.
  if (names.length > 0) return 'read-only';
  // Webex grants admin scopes to administrators only: with one granted, an empty role list is not the
  // last word.
  if (grant.roles === undefined || hasAdminScope(grant.scopes)) return 'unknown';
  return 'none';
}

/**
 * Known before anything is sent to Webex: `full-admin` may change the rules, `read-only-admin` may look,
 * `not-admin` can do nothing with them, `unknown` (a CLI-stored token: no scopes, no roles) may try and Webex
 * decides.
 */
export function capabilityOf(grant: Grant): Capability {
  const role = adminRoleOf(grant);
  if (role === 'none') return 'not-admin';
  const { scopes } = grant;
  if (scopes.length === 0) {
    if (role === 'full') return 'full-admin';
    return role === 'read-only' ? 'read-only-admin' : 'unknown';
  }
  if (!scopes.includes(TELEPHONY_READ)) return 'not-admin';
  return scopes.includes(TELEPHONY_WRITE) && role !== 'read-only' ? 'full-admin' : 'read-only-admin';
}

/** Whether a request may go on, and if not, why: the reply differs for each. */
export type Verdict =
  | { ok: true }
  /** No admin role: the bot cannot help this person. */
  | { ok: false; why: 'not-admin' }
  /** An administrator who may look but not change. */
  | { ok: false; why: 'read-only' }
  /** The person could, but this sign-in did not grant these scopes: a new sign-in asking for them helps. */
  | { ok: false; why: 'scopes'; missing: string[] };

const NEEDED: Record<Need, string[]> = {
  view: [TELEPHONY_READ],
  change: [TELEPHONY_READ, TELEPHONY_WRITE],
  reset: [TELEPHONY_READ, PEOPLE_WRITE],
  orgs: [ORGS_READ],
  all: [TELEPHONY_READ, TELEPHONY_WRITE, ORGS_READ, PEOPLE_WRITE],
};

export function verdictFor(grant: Grant, need: Need): Verdict {
  const role = adminRoleOf(grant);
  if (role === 'none') return { ok: false, why: 'not-admin' };
  if (changesSomething(need) && role === 'read-only') return { ok: false, why: 'read-only' };
  // Scopes unknown (CLI): let Webex decide.
  if (grant.scopes.length === 0) return { ok: true };
  const missing = NEEDED[need].filter((s) => !grant.scopes.includes(s));
  if (missing.length === 0) return { ok: true };
  // Nothing says this person is an administrator: no role read and Webex granted no admin scope.
  if (role === 'unknown' && !hasAdminScope(grant.scopes)) return { ok: false, why: 'not-admin' };
  return { ok: false, why: 'scopes', missing };
}

/**
 * The scopes a sign-in asks Webex for: what the request needs (read scopes to look, the write scope to
 * change) plus whatever the current sign-in already holds, so a new sign-in never takes anything away.
 * Only scopes the integration is registered with (SIGN_IN_SCOPES): Webex refuses a request naming another.
 */
export function consentScopes(need: Need, granted: readonly string[] = []): string[] {
  const wanted = new Set([
    ...READ_SCOPES,
    ...(need === 'change' || need === 'all' ? [TELEPHONY_WRITE] : []),
    ...(need === 'reset' || need === 'all' ? [PEOPLE_WRITE] : []),
    ...granted,
  ]);
  return SIGN_IN_SCOPES.filter((s) => wanted.has(s));
}
