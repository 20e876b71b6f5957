import { Router } from 'express';
import { createAttachmentAction, readableAction } from '../attachment-actions.js';
import { bodyOf, withScope } from '../http-util.js';
import { SCOPE } from '../scopes.js';
import type { EmulatorState } from '../state.js';
import { attachmentActionView } from '../views.js';

export function attachmentActionRoutes(state: EmulatorState): Router {
  const r = Router();

  r.post(
    '/attachment/actions',
    withScope(SCOPE.messagesWrite, (req, res, auth) => {
      const { action } = createAttachmentAction(state, auth.person, bodyOf(req));
      res.json(attachmentActionView(action));
    }),
  );

  r.get(
    '/attachment/actions/:actionId',
    withScope(SCOPE.messagesRead, (req, res, auth) => {
      res.json(attachmentActionView(readableAction(state, req.params.actionId ?? '', auth.person)));
    }),
  );

  return r;
}
