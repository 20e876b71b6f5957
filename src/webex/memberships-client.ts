import type { WebexClient } from './webex-client.js';

/** Webex's largest page of memberships. */
export const MEMBERSHIPS_PAGE = 1000;

export interface RoomMember {
  personId: string;
  /** The member's own org; absent when Webex leaves it out. */
  personOrgId?: string;
}

export interface MembershipsClient {
  /**
   * The members of a room the bot is in, one page (at most MEMBERSHIPS_PAGE): `complete` is false when a
   * page that full may have more behind it.
   */
  roomMembers(roomId: string): Promise<{ members: RoomMember[]; complete: boolean }>;
}

export function createMembershipsClient(webex: WebexClient, botToken: string): MembershipsClient {
  return {
    async roomMembers(roomId) {
      const res = await webex.request<{ items?: RoomMember[] }>({
        method: 'GET',
        path: '/memberships',
        token: botToken,
        query: { roomId, max: String(MEMBERSHIPS_PAGE) },
      });
      const members = (res.body.items ?? []).map((m) => ({
        personId: m.personId,
        personOrgId: m.personOrgId,
      }));
      return { members, complete: members.length < MEMBERSHIPS_PAGE };
    },
  };
}
