import { ROLE_IDS } from './ids.js';
import type { EmulatorState } from './state.js';
import type {
  AttachmentActionRecord,
  EmAttachmentAction,
  EmMessage,
  EmWebhook,
  MembershipRecord,
  MessageRecord,
  OrgRecord,
  PersonRecord,
  RoomRecord,
  WebhookRecord,
} from './types.js';

/** The API shapes, built from records; optional fields are left out rather than null, as Webex does. */

export function roleIds(p: PersonRecord): string[] {
  if (p.role === 'full_admin') return [ROLE_IDS.full_admin];
  if (p.role === 'read_only_admin') return [ROLE_IDS.read_only_admin];
  return [];
}

/** `roles` is shown to the person itself and to administrators of its org, as Webex does. */
export function personView(p: PersonRecord, viewer?: PersonRecord): Record<string, unknown> {
  const v: Record<string, unknown> = {
    id: p.id,
    emails: [...p.emails],
    phoneNumbers: [],
    displayName: p.displayName,
  };
  if (p.nickName) v.nickName = p.nickName;
  if (p.firstName) v.firstName = p.firstName;
  if (p.lastName) v.lastName = p.lastName;
  v.orgId = p.orgId;
  const roles = roleIds(p);
  const sees = !viewer || viewer.id === p.id || (viewer.role !== 'none' && viewer.orgId === p.orgId);
  if (roles.length > 0 && sees) v.roles = roles;
  v.created = p.created;
  v.status = p.type === 'bot' ? 'unknown' : 'active';
  v.type = p.type;
  return v;
}

export function roomTitle(state: EmulatorState, room: RoomRecord, viewerId?: string): string {
  if (room.type === 'group') return room.title ?? '';
  const other = [...room.members.keys()].find((id) => id !== viewerId) ?? viewerId;
  return (other && state.people.get(other)?.displayName) ?? '';
}

export function roomView(state: EmulatorState, room: RoomRecord, viewerId?: string): Record<string, unknown> {
  const v: Record<string, unknown> = {
    id: room.id,
    title: roomTitle(state, room, viewerId),
    type: room.type,
    isLocked: room.isLocked,
    lastActivity: room.lastActivity,
    creatorId: room.creatorId,
    created: room.created,
  };
  if (room.ownerId) v.ownerId = room.ownerId;
  return v;
}

export function membershipView(state: EmulatorState, m: MembershipRecord): Record<string, unknown> {
  const p = state.person(m.personId);
  const room = state.room(m.roomId);
  return {
    id: m.id,
    roomId: m.roomId,
    personId: m.personId,
    personEmail: p.emails[0],
    personDisplayName: p.displayName,
    personOrgId: p.orgId,
    isModerator: m.isModerator,
    isMonitor: m.isMonitor,
    isRoomHidden: false,
    roomType: room.type,
    created: m.created,
  };
}

export function messageView(state: EmulatorState, m: MessageRecord): EmMessage {
  const room = state.room(m.roomId);
  const author = state.person(m.personId);
  const v: EmMessage = { id: m.id, roomId: m.roomId, roomType: room.type } as EmMessage;
  if (m.parentId) v.parentId = m.parentId;
  if (m.text !== undefined) v.text = m.text;
  if (m.markdown !== undefined) v.markdown = m.markdown;
  if (m.html !== undefined) v.html = m.html;
  if (m.files) v.files = [...m.files];
  if (m.attachments) v.attachments = structuredClone(m.attachments);
  v.personId = m.personId;
  v.personEmail = author.emails[0] ?? '';
  if (m.mentionedPeople?.length) v.mentionedPeople = [...m.mentionedPeople];
  if (m.mentionedGroups?.length) v.mentionedGroups = [...m.mentionedGroups];
  v.created = m.created;
  if (m.updated) v.updated = m.updated;
  return v;
}

export function attachmentActionView(a: AttachmentActionRecord): EmAttachmentAction {
  return {
    id: a.id,
    type: a.type,
    messageId: a.messageId,
    inputs: structuredClone(a.inputs),
    personId: a.personId,
    roomId: a.roomId,
    created: a.created,
  };
}

export function webhookView(w: WebhookRecord): EmWebhook {
  const v = {
    id: w.id,
    name: w.name,
    targetUrl: w.targetUrl,
    resource: w.resource,
    event: w.event,
  } as EmWebhook;
  if (w.filter !== undefined) v.filter = w.filter;
  if (w.secret !== undefined) v.secret = w.secret;
  v.status = w.status;
  v.created = w.created;
  v.orgId = w.orgId;
  v.createdBy = w.createdBy;
  v.appId = w.appId;
  v.ownedBy = w.ownedBy;
  return v;
}

export function orgView(o: OrgRecord): { id: string; displayName: string; created: string } {
  return { id: o.id, displayName: o.displayName, created: o.created };
}
