import type { WebexClient } from './webex-client.js';

export interface WebexPerson {
  id: string;
  emails: string[];
  displayName: string;
  orgId: string;
  roles?: string[];
  type?: string;
}

/** How to look a person up: by an email, or by the start of their display name (Webex's prefix match). */
export type PersonQuery = { email: string } | { displayName: string };

export interface PeopleClient {
  me(token: string): Promise<WebexPerson>;
  /**
   * People of one org (the token's own, or `orgId` for a partner's customer), up to `max`: the first page
   * is enough for a pick list.
   */
  find(token: string, query: PersonQuery, opts: { orgId?: string; max: number }): Promise<WebexPerson[]>;
  /**
   * Reset Voicemail PIN: the person's PIN goes back to the org's default and they must change it at next
   * use. A POST: never sent twice after a 5xx or a timeout (its outcome is then unknown).
   */
  resetVoicemailPin(token: string, personId: string, orgId?: string): Promise<{ trackingId: string }>;
}

export function createPeopleClient(webex: WebexClient): PeopleClient {
  return {
    async me(token) {
      return (await webex.request<WebexPerson>({ method: 'GET', path: '/people/me', token })).body;
    },
    async find(token, query, { orgId, max }) {
      const res = await webex.request<{ items?: WebexPerson[] }>({
        method: 'GET',
        path: '/people',
        token,
        query: { ...query, orgId, max: String(max) },
      });
      return Array.isArray(res.body?.items) ? res.body.items : [];
    },
    async resetVoicemailPin(token, personId, orgId) {
      const res = await webex.request({
        method: 'POST',
        path: `/people/${encodeURIComponent(personId)}/features/voicemail/actions/resetPin/invoke`,
        token,
        query: { orgId },
        // The reference's example body: an empty JSON object.
        body: {},
      });
      return { trackingId: res.trackingId };
    },
  };
}
