import express, { type NextFunction, type Request, type Response } from 'express';
import { bearerAuth } from './auth.js';
import { badRequest, sendWebexError, WebexError } from './errors.js';
import { faultMiddleware } from './faults.js';
import { rateLimitMiddleware } from './rate-limit.js';
import { requestLog } from './request-log.js';
import { attachmentActionRoutes } from './routes/attachment-actions.js';
import { membershipRoutes } from './routes/memberships.js';
import { messageRoutes } from './routes/messages.js';
import { oauthRoutes } from './routes/oauth.js';
import { organizationRoutes } from './routes/organizations.js';
import { peopleRoutes } from './routes/people.js';
import { personVoicemailRoutes } from './routes/person-voicemail.js';
import { roomRoutes } from './routes/rooms.js';
import { u2cRoutes } from './routes/u2c.js';
import { voicemailRulesRoutes } from './routes/voicemail-rules.js';
import { webhookRoutes } from './routes/webhooks.js';
import type { EmulatorState } from './state.js';

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/** POST and PUT bodies on the REST API must be JSON, as Webex requires (else 415). */
function requireJson(req: Request, _res: Response, next: NextFunction): void {
  if ((req.method === 'POST' || req.method === 'PUT') && !JSON_TYPE.test(req.get('content-type') ?? '')) {
    next(new WebexError(415, 'The request body must be JSON (Content-Type: application/json).'));
    return;
  }
  next();
}

function errorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    next(err);
    return;
  }
  if (err instanceof WebexError) {
    sendWebexError(res, err);
    return;
  }
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed') {
    sendWebexError(res, badRequest('The request body is not valid JSON.'));
    return;
  }
  if (e.type === 'entity.too.large') {
    sendWebexError(res, new WebexError(413, 'The request body is too large.'));
    return;
  }
  sendWebexError(res, new WebexError(500, `Emulator error: ${e.message ?? String(err)}`));
}

/** The emulated Webex as an express app (no listen()), so it can also be mounted in-process. */
export function createEmulatorApp(state: EmulatorState): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use('/u2c/api/v1', u2cRoutes(state.log));

  const v1 = express.Router();
  v1.use(requestLog(state));
  v1.use(faultMiddleware(state.faults));
  v1.use(oauthRoutes(state));
  v1.use(bearerAuth(state));
  v1.use(rateLimitMiddleware(state.rateLimiter, () => state.config.rateLimit));
  v1.use(requireJson);
  v1.use(express.json({ type: ['application/json', '+json'], limit: '1mb', strict: false }));
  v1.use(peopleRoutes(state));
  v1.use(roomRoutes(state));
  v1.use(membershipRoutes(state));
  v1.use(messageRoutes(state));
  v1.use(attachmentActionRoutes(state));
  v1.use(webhookRoutes(state));
  v1.use(organizationRoutes(state));
  v1.use(voicemailRulesRoutes(state));
  v1.use(personVoicemailRoutes(state));
  v1.use((_req, _res, next) => next(new WebexError(404)));
  v1.use(errorHandler);
  app.use('/v1', v1);

  return app;
}
