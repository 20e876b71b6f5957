import type { NextFunction, Request, Response } from 'express';
import { sendWebexError, WebexError } from './errors.js';
import type { EmulatorState } from './state.js';

/** Every REST call needs `Authorization: Bearer <token>` with a live access token. */
export function bearerAuth(state: EmulatorState) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const rec = m?.[1] ? state.validAccessToken(m[1]) : undefined;
    if (!rec) {
      sendWebexError(res, new WebexError(401));
      return;
    }
    res.locals.auth = { token: rec, person: state.person(rec.personId) };
    next();
  };
}
