import { Router } from 'express';
import { badRequest, notFound } from '../errors.js';
import { bodyOf, paginate, q, withScope } from '../http-util.js';
import { addMembership, memberRoom, removeMembership } from '../memberships.js';
import { SCOPE } from '../scopes.js';
import type { EmulatorState } from '../state.js';
import type { MembershipRecord, PersonRecord } from '../types.js';
import { membershipView } from '../views.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function membershipRoutes(state: EmulatorState): Router {
  const r = Router();

  const visibleMembership = (id: string | undefined, viewer: PersonRecord) => {
    const found = id ? state.membershipById(id) : undefined;
    if (!found || !found.room.members.has(viewer.id))
      throw notFound('Could not find a membership with provided ID.');
    return found;
  };

  r.get(
    '/memberships',
    withScope(SCOPE.membershipsRead, (req, res, auth) => {
      const roomId = q(req, 'roomId');
      const personId = q(req, 'personId');
      const personEmail = q(req, 'personEmail')?.toLowerCase();
      let list: MembershipRecord[];
      if (roomId !== undefined) {
        list = [...memberRoom(state, roomId, auth.person.id).members.values()];
      } else {
        // Webex wants roomId with personId/personEmail; a caller asking about itself is its own list anyway.
        const self = auth.person;
        if (
          (personId !== undefined && personId !== self.id) ||
          (personEmail !== undefined && !self.emails.includes(personEmail))
        ) {
          throw badRequest('roomId is required when filtering memberships by personId or personEmail.');
        }
        list = [...state.rooms.values()].flatMap((room) => {
          const m = room.members.get(self.id);
          return m ? [m] : [];
        });
      }
      if (personId !== undefined) list = list.filter((m) => m.personId === personId);
      if (personEmail !== undefined)
        list = list.filter((m) => state.person(m.personId).emails.includes(personEmail));
      res.json({ items: paginate(req, res, list).map((m) => membershipView(state, m)) });
    }),
  );

  r.get(
    '/memberships/:membershipId',
    withScope(SCOPE.membershipsRead, (req, res, auth) => {
      const { room, membershipPersonId } = visibleMembership(req.params.membershipId, auth.person);
      const m = room.members.get(membershipPersonId);
      if (!m) throw notFound();
      res.json(membershipView(state, m));
    }),
  );

  r.post(
    '/memberships',
    withScope(SCOPE.membershipsWrite, (req, res, auth) => {
      const body: unknown = bodyOf(req);
      if (!isObject(body) || typeof body.roomId !== 'string') throw badRequest('roomId is required.');
      const room = memberRoom(state, body.roomId, auth.person.id);
      const person =
        typeof body.personId === 'string'
          ? state.people.get(body.personId)
          : typeof body.personEmail === 'string'
            ? state.personByEmail(body.personEmail)
            : undefined;
      if (!person) throw badRequest('A known personId or personEmail is required.');
      void addMembership(state, auth.person, room, person, body.isModerator === true);
      const m = room.members.get(person.id);
      if (!m) throw notFound();
      res.json(membershipView(state, m));
    }),
  );

  r.delete(
    '/memberships/:membershipId',
    withScope(SCOPE.membershipsWrite, (req, res, auth) => {
      const { room, membershipPersonId } = visibleMembership(req.params.membershipId, auth.person);
      void removeMembership(state, auth.person, room, membershipPersonId);
      res.status(204).end();
    }),
  );

  return r;
}
