import { badRequest, notFound, WebexError } from './errors.js';
import type { EmulatorState } from './state.js';
import type { PersonRecord, RoomRecord } from './types.js';
import { membershipView } from './views.js';
import { dispatch } from './webhook-delivery.js';

/** The room as a member asks for it; Webex answers 404 for a room the caller is not in, as for no room at all. */
export function memberRoom(state: EmulatorState, roomId: string | undefined, personId: string): RoomRecord {
  const room = roomId ? state.rooms.get(roomId) : undefined;
  if (!room || !room.members.has(personId)) throw notFound('Could not find a room with provided ID.');
  return room;
}

/** Adds a person to a group room and tells the room's webhooks, as Webex does for POST /memberships. */
export function addMembership(
  state: EmulatorState,
  actor: PersonRecord,
  room: RoomRecord,
  person: PersonRecord,
  isModerator = false,
): Promise<void> {
  if (room.type === 'direct') throw badRequest('People cannot be added to a direct (1:1) room.');
  if (room.members.has(person.id)) {
    throw new WebexError(409, 'The person is already a member of this room.');
  }
  state.addMember(room.id, person.id, isModerator);
  const m = room.members.get(person.id);
  if (!m) throw notFound();
  return dispatch(state, {
    resource: 'memberships',
    event: 'created',
    actorId: actor.id,
    room,
    data: membershipView(state, m),
  });
}

/** Removes a membership; the removed member's own webhooks still hear about it, as on Webex. */
export function removeMembership(
  state: EmulatorState,
  actor: PersonRecord,
  room: RoomRecord,
  personId: string,
): Promise<void> {
  const m = room.members.get(personId);
  if (!m) throw notFound('Could not find a membership with provided ID.');
  if (room.type === 'direct') throw badRequest('A member cannot leave a direct (1:1) room.');
  const data = membershipView(state, m);
  const delivered = dispatch(state, {
    resource: 'memberships',
    event: 'deleted',
    actorId: actor.id,
    room,
    data,
  });
  room.members.delete(personId);
  return delivered;
}
