import { Router } from 'express';
import { createAttachmentAction, readableAction } from '../attachment-actions.js';
import { ah, bodyOf, authOf, requireScope } from '../http-util.js';
import { SCOPE } from '../scopes.js';
import type { EmulatorState } from '../state.js';
import { attachmentActionView } from '../views.js';

export function attachmentActionRoutes(state: EmulatorState): Router {
  const r = Router();

  r.post(
    '/attachment/actions',
    ah((req, res) => {
      const auth = authOf(res);
      requireScope(auth, SCOPE.messagesWrite);
      const { action } = createAttachmentAction(state, auth.person, bodyOf(req));
      res.json(attachmentActionView(action));
    }),
  );

  r.get(
    '/attachment/actions/:actionId',
    ah((req, res) => {
      const auth = authOf(res);
      requireScope(auth, SCOPE.messagesRead);
      res.json(attachmentActionView(readableAction(state, req.params.actionId ?? '', auth.person)));
    }),
  );

  return r;
}
