import type { WebexClient } from './webex-client.js';

export interface WebexPerson {
  id: string;
  emails: string[];
  displayName: string;
  orgId: string;
  roles?: string[];
  type?: string;
}

export interface PeopleClient {
  me(token: string): Promise<WebexPerson>;
}

export function createPeopleClient(webex: WebexClient): PeopleClient {
  return {
    async me(token) {
      return (await webex.request<WebexPerson>({ method: 'GET', path: '/people/me', token })).body;
    },
  };
}
