import { Router } from 'express';
import { badRequest } from '../errors.js';
import { bodyOf, paginate, q, withScope } from '../http-util.js';
import { memberRoom } from '../memberships.js';
import { SCOPE } from '../scopes.js';
import type { EmulatorState } from '../state.js';
import { roomView } from '../views.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function roomRoutes(state: EmulatorState): Router {
  const r = Router();

  r.get(
    '/rooms',
    withScope(SCOPE.roomsRead, (req, res, auth) => {
      const type = q(req, 'type');
      if (type !== undefined && type !== 'direct' && type !== 'group')
        throw badRequest('type must be direct or group.');
      let rooms = [...state.rooms.values()].filter((room) => room.members.has(auth.person.id));
      if (type) rooms = rooms.filter((room) => room.type === type);
      const sortBy = q(req, 'sortBy');
      if (sortBy === 'lastactivity') rooms.sort((a, b) => b.lastActivity.localeCompare(a.lastActivity));
      else if (sortBy === 'created') rooms.sort((a, b) => b.created.localeCompare(a.created));
      res.json({ items: paginate(req, res, rooms).map((room) => roomView(state, room, auth.person.id)) });
    }),
  );

  r.get(
    '/rooms/:roomId',
    withScope(SCOPE.roomsRead, (req, res, auth) => {
      res.json(roomView(state, memberRoom(state, req.params.roomId, auth.person.id), auth.person.id));
    }),
  );

  r.post(
    '/rooms',
    withScope(SCOPE.roomsWrite, (req, res, auth) => {
      const body: unknown = bodyOf(req);
      if (!isObject(body) || typeof body.title !== 'string' || body.title.trim() === '') {
        throw badRequest('title is required.');
      }
      if (body.isLocked !== undefined && typeof body.isLocked !== 'boolean')
        throw badRequest('isLocked must be a boolean.');
      const room = state.createRoom({
        type: 'group',
        title: body.title,
        memberIds: [],
        creatorId: auth.person.id,
      });
      room.isLocked = body.isLocked === true;
      state.addMember(room.id, auth.person.id, room.isLocked);
      res.json(roomView(state, room, auth.person.id));
    }),
  );

  r.put(
    '/rooms/:roomId',
    withScope(SCOPE.roomsWrite, (req, res, auth) => {
      const room = memberRoom(state, req.params.roomId, auth.person.id);
      const body: unknown = bodyOf(req);
      if (!isObject(body) || typeof body.title !== 'string') throw badRequest('title is required.');
      if (room.type === 'group') room.title = body.title;
      if (typeof body.isLocked === 'boolean') room.isLocked = body.isLocked;
      res.json(roomView(state, room, auth.person.id));
    }),
  );

  return r;
}
