import { Router } from 'express';
import { badRequest, forbidden } from '../errors.js';
import { bodyOf, paginate, q, withScope } from '../http-util.js';
import { memberRoom } from '../memberships.js';
import { createMessage, deleteMessage, editMessage, readableMessage } from '../messages.js';
import { SCOPE } from '../scopes.js';
import type { EmulatorState } from '../state.js';
import { messageView } from '../views.js';

export function messageRoutes(state: EmulatorState): Router {
  const r = Router();

  r.post(
    '/messages',
    withScope(SCOPE.messagesWrite, (req, res, auth) => {
      // Webex answers before its webhooks go out.
      const { message } = createMessage(state, auth.person.id, bodyOf(req));
      res.json(messageView(state, message));
    }),
  );

  r.get(
    '/messages/:messageId',
    withScope(SCOPE.messagesRead, (req, res, auth) => {
      res.json(messageView(state, readableMessage(state, req.params.messageId ?? '', auth.person)));
    }),
  );

  r.get(
    '/messages',
    withScope(SCOPE.messagesRead, (req, res, auth) => {
      const roomId = q(req, 'roomId');
      if (!roomId) throw badRequest('roomId is required.');
      const room = memberRoom(state, roomId, auth.person.id);
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
    withScope(SCOPE.messagesWrite, (req, res, auth) => {
      void deleteMessage(state, req.params.messageId ?? '', auth.person);
      res.status(204).end();
    }),
  );

  r.put(
    '/messages/:messageId',
    withScope(SCOPE.messagesWrite, (req, res, auth) => {
      res.json(messageView(state, editMessage(state, req.params.messageId ?? '', auth.person, bodyOf(req))));
    }),
  );

  return r;
}
