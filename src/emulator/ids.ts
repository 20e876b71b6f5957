import { randomBytes, randomUUID } from 'node:crypto';

/** The resource kinds whose ids Webex spells `ciscospark://us/<TYPE>/<uuid>`. */
export type IdType =
  | 'PEOPLE'
  | 'ROOM'
  | 'MESSAGE'
  | 'WEBHOOK'
  | 'ATTACHMENT_ACTION'
  | 'ORGANIZATION'
  | 'MEMBERSHIP'
  | 'ROLE'
  | 'APPLICATION';

const PREFIX = 'ciscospark://us/';

/**
 * Webex ids are standard base64 (not base64url) with the `=` padding stripped. The SDK's people batcher
 * matches response items to pending requests by comparing these strings, so the spelling must be exact.
 */
export function encodeId(type: IdType, uuid: string): string {
  return Buffer.from(`${PREFIX}${type}/${uuid}`, 'utf8').toString('base64').replace(/=+$/, '');
}

export function newId(type: IdType): { id: string; uuid: string } {
  const uuid = randomUUID();
  return { id: encodeId(type, uuid), uuid };
}

export function decodeId(id: string): { type: string; uuid: string } | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(id)) return undefined;
  const text = Buffer.from(id, 'base64').toString('utf8');
  const m = /^ciscospark:\/\/[a-z0-9-]+\/([A-Z_]+)\/(.+)$/.exec(text);
  if (!m || !m[1] || !m[2]) return undefined;
  return { type: m[1], uuid: m[2] };
}

export function uuidOf(id: string, type: IdType): string | undefined {
  const d = decodeId(id);
  return d && d.type === type ? d.uuid : undefined;
}

/** Webex membership ids join the person's and the room's uuids. */
export function membershipId(personUuid: string, roomUuid: string): string {
  return encodeId('MEMBERSHIP', `${personUuid}:${roomUuid}`);
}

/** Webex's fixed role ids (`ciscospark://us/ROLE/id_full_admin`, ...). */
export const ROLE_IDS = {
  full_admin: encodeId('ROLE', 'id_full_admin'),
  read_only_admin: encodeId('ROLE', 'id_readonly_admin'),
} as const;

export function newTrackingId(): string {
  return `ROUTER_${randomUUID().toUpperCase()}`;
}

/**
 * Webex user tokens are `<secret>_<cluster>_<orgUuid>`: the SDK reads the org uuid from the third field to
 * fetch its service catalog, so emulated tokens keep that layout.
 */
export function newAccessToken(orgUuid: string): string {
  const secret = randomBytes(48)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 64);
  return `${secret}_PE93_${orgUuid}`;
}

export function newOpaque(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
