import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { badRequest, forbidden, WebexError } from './errors.js';
import { hasScope } from './scopes.js';
import type { PersonRecord, TokenRecord } from './types.js';

export interface AuthContext {
  token: TokenRecord;
  person: PersonRecord;
}

/** Express 4 does not catch rejected promises: route them to the error handler. */
export function ah(fn: (req: Request, res: Response) => unknown): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => fn(req, res))
      .catch(next);
  };
}

export function authOf(res: Response): AuthContext {
  const auth = res.locals.auth as AuthContext | undefined;
  if (!auth) throw new WebexError(401);
  return auth;
}

export function requireScope(auth: AuthContext, scope: string): void {
  if (!hasScope(auth.token.scopes, scope)) {
    throw forbidden(`The access token does not have the ${scope} scope this request needs.`);
  }
}

/** The handler of an authenticated route that needs `scope`; it runs only when the caller's token has it. */
export function withScope(
  scope: string,
  fn: (req: Request, res: Response, auth: AuthContext) => unknown,
): RequestHandler {
  return ah((req, res) => {
    const auth = authOf(res);
    requireScope(auth, scope);
    return fn(req, res, auth);
  });
}

/** A query parameter given once, as a string. */
export function q(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest(`Query parameter ${name} must be given once.`);
  return v;
}

/**
 * Webex pages lists with `max` and a `Link: <...>; rel="next"` header; the SDK follows the link. The cursor
 * here is an offset into the (stable, filtered) list.
 */
export function paginate<T>(
  req: Request,
  res: Response,
  items: T[],
  { byDefault = 100, maxLimit = 1000 }: { byDefault?: number; maxLimit?: number } = {},
): T[] {
  const maxRaw = q(req, 'max');
  let max = byDefault;
  if (maxRaw !== undefined) {
    max = Number(maxRaw);
    if (!Number.isInteger(max) || max < 1 || max > maxLimit) {
      throw badRequest(`max must be an integer between 1 and ${maxLimit}.`);
    }
  }
  const cursorRaw = q(req, 'cursor');
  let offset = 0;
  if (cursorRaw !== undefined) {
    offset = Number(Buffer.from(cursorRaw, 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0) throw badRequest('Invalid cursor.');
  }
  const page = items.slice(offset, offset + max);
  if (offset + max < items.length) {
    const url = new URL(`${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`);
    url.searchParams.set('cursor', Buffer.from(String(offset + max), 'utf8').toString('base64url'));
    url.searchParams.set('max', String(max));
    res.setHeader('Link', `<${url.toString()}>; rel="next"`);
  }
  return page;
}

/** The parsed JSON body, or undefined when the request had none (body-parser would say `{}`). */
export function bodyOf(req: Request): unknown {
  return (req as Request & { _body?: boolean })._body === true ? (req.body as unknown) : undefined;
}
