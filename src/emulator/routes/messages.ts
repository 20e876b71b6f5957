import { Router } from 'express';
import { badRequest, forbidden, notFound } from '../errors.js';
import { ah, bodyOf, authOf, paginate, q, requireScope } from '../http-util.js';
import { createMessage, deleteMessage, editMessage, readableMessage } from '../messages.js';
import { SCOPE } from '../scopes.js';
import type { EmulatorState } from '../state.js';
import { messageView } from '../views.js';

export function messageRoutes(state: EmulatorState): Router {
  const r = Router();

  r.post(
    '/messages',
    ah((req, res) => {
      const auth = authOf(res);
      requireScope(auth, SCOPE.messagesWrite);
      // Webex answers before its webhooks go out.
      const { message } = createMessage(state, auth.person.id, bodyOf(req));
      res.json(messageView(state, message));
    }),
  );

  r.get(
    '/messages/:messageId',
    ah((req, res) => {
      const auth = authOf(res);
      requireScope(auth, SCOPE.messagesRead);
      res.json(messageView(state, readableMessage(state, req.params.messageId ?? '', auth.person)));
    }),
  );

  r.get(
    '/messages',
    ah((req, res) => {
      const auth = authOf(res);
      requireScope(auth, SCOPE.messagesRead);
      const roomId = q(req, 'roomId');
      if (!roomId) throw badRequest('roomId is required.');
      const room = state.rooms.get(roomId);
      if (!room || !room.members.has(auth.person.id))
        throw notFound('Could not find a room with provided ID.');
      const mentionedRaw = q(req, 'mentionedPeople');
      const mentioned = mentionedRaw === 'me' ? auth.person.id : mentionedRaw;
      if (mentioned !== undefined && mentioned !== auth.person.id) {
        throw badRequest('mentionedPeople accepts only "me" or the caller\'s own person id.');
      }
      if (auth.person.type === 'bot' && room.type === 'group' && mentioned === undefined) {
        throw forbidden('Bots must list messages in group spaces with mentionedPeople=me.');
      }
      let list = [...state.messages.values()].filter((m) => m.roomId === roomId && !m.deleted);
      if (mentioned) list = list.filter((m) => (m.mentionedPeople ?? []).includes(mentioned));
      const parentId = q(req, 'parentId');
      if (parentId !== undefined) list = list.filter((m) => m.parentId === parentId);
      const before = q(req, 'before');
      if (before !== undefined) list = list.filter((m) => m.created < before);
      const beforeMessage = q(req, 'beforeMessage');
      if (beforeMessage !== undefined) {
        const anchor = state.messages.get(beforeMessage);
        if (!anchor || anchor.roomId !== roomId)
          throw badRequest('beforeMessage is not a message in this room.');
        const keys = [...state.messages.keys()];
        const at = keys.indexOf(anchor.id);
        list = list.filter((m) => keys.indexOf(m.id) < at);
      }
      list.reverse(); // Webex lists the newest first.
      res.json({ items: paginate(req, res, list, { byDefault: 50 }).map((m) => messageView(state, m)) });
    }),
  );

  r.delete(
    '/messages/:messageId',
    ah((req, res) => {
      const auth = authOf(res);
      requireScope(auth, SCOPE.messagesWrite);
      void deleteMessage(state, req.params.messageId ?? '', auth.person);
      res.status(204).end();
    }),
  );

  r.put(
    '/messages/:messageId',
    ah((req, res) => {
      const auth = authOf(res);
      requireScope(auth, SCOPE.messagesWrite);
      res.json(messageView(state, editMessage(state, req.params.messageId ?? '', auth.person, bodyOf(req))));
    }),
  );

  return r;
}
