import type { NextFunction, Request, Response } from 'express';
import { newTrackingId } from './ids.js';
import { nowIso, type EmulatorState } from './state.js';
import type { AuthContext } from './http-util.js';
import type { EmRequest } from './types.js';

/** OAuth routes carry client secrets, codes and tokens in their bodies: their bodies are never logged. */
const SECRET_BODY_PATHS = ['/v1/access_token', '/v1/authorize'];

function callerOf(state: EmulatorState, req: Request): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return m?.[1] ? state.validAccessToken(m[1])?.personId : undefined;
}

/**
 * Gives every call a tracking id (the client's `TrackingID` header when it sent one, as Webex echoes it),
 * and records the call for tests once answered. The Authorization header and token values never go in.
 */
export function requestLog(state: EmulatorState) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const trackingId = req.get('trackingid') ?? newTrackingId();
    res.locals.trackingId = trackingId;
    res.setHeader('trackingid', trackingId);
    const generation = state.generation;
    const path = req.baseUrl + req.path;
    res.on('finish', () => {
      if (generation !== state.generation) return;
      const query: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.query)) query[k] = Array.isArray(v) ? v.join(',') : String(v);
      const entry: EmRequest = {
        method: req.method,
        path,
        query,
        status: res.statusCode,
        trackingId,
        time: nowIso(),
      };
      // A call a fault or an early error answered never reached bearer auth: name its caller anyway, so
      // tests can count every call a person's token made.
      const auth = res.locals.auth as AuthContext | undefined;
      const personId = auth?.person.id ?? callerOf(state, req);
      if (personId) entry.personId = personId;
      // body-parser flags a request whose body it actually parsed.
      const parsed = (req as Request & { _body?: boolean })._body === true;
      if (parsed && !SECRET_BODY_PATHS.includes(path)) entry.body = structuredClone(req.body as unknown);
      state.requests.push(entry);
      state.log(`${req.method} ${path} ${res.statusCode}`);
    });
    next();
  };
}
