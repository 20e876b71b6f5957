import type { OrgDirectory } from '../webex/org-directory.js';
import type { PeopleClient, WebexPerson } from '../webex/people-client.js';
import { ORGS_READ } from './scopes.js';

/** What the bot keeps about a sign-in besides its tokens, so it knows what the person can do before asking Webex. */
export interface Profile {
  /** Role ids from `GET /people/me`; empty for a person without an admin role. */
  roles: string[];
  /** Sees organizations other than its own (a partner administrator); absent when that could not be read. */
  managesOtherOrgs?: boolean;
}

export interface ProfileReader {
  /** `me` when the caller has just read it (sign-in), to save the call. */
  read(token: string, scopes: readonly string[], me?: WebexPerson): Promise<Profile>;
}

export function createProfileReader(deps: {
  people: PeopleClient;
  orgs: Pick<OrgDirectory, 'list'>;
}): ProfileReader {
  return {
    async read(token, scopes, known) {
      const me = known ?? (await deps.people.me(token));
      const roles = me.roles ?? [];
      if (roles.length === 0 || (scopes.length > 0 && !scopes.includes(ORGS_READ))) return { roles };
      try {
        const orgs = await deps.orgs.list(token);
        return { roles, managesOtherOrgs: orgs.some((o) => o.id !== me.orgId) };
      } catch {
        // Only /help's list depends on it: a failure leaves it unknown rather than failing the sign-in.
        return { roles };
      }
    },
  };
}
