import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import type { Logger } from './log/create-logger.js';

export interface AppOptions {
  /** Express's `trust proxy` (config TRUST_PROXY): off unless a known number of proxies sit in front. */
  trustProxy?: false | number | string[];
  /** Where unexpected (5xx) errors are logged; client errors are answered, not logged. */
  log?: Logger;
}

/** What a client is told per status: fixed words, so nothing from the error (paths, input) is echoed. */
const CLIENT_ERRORS: Record<number, string> = {
  400: 'bad request',
  413: 'request body too large',
  415: 'unsupported content encoding',
};

/**
 * The last word on any error a route or body parser raises: JSON with a status and a short reason, never
 * Express's HTML page with the stack and file paths.
 */
export const jsonErrorHandler =
  (log?: Logger): ErrorRequestHandler =>
  (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const e = (typeof err === 'object' && err !== null ? err : {}) as {
      status?: unknown;
      statusCode?: unknown;
      type?: unknown;
      message?: unknown;
    };
    const given = typeof e.status === 'number' ? e.status : e.statusCode;
    const status = typeof given === 'number' && given >= 400 && given < 600 ? given : 500;
    if (status >= 500) {
      log?.error({ err, method: req.method, path: req.path }, 'request failed unexpectedly');
      res.status(status).json({ error: 'internal error' });
      return;
    }
    res.status(status).json({ error: CLIENT_ERRORS[status] ?? 'request refused' });
  };

/** The HTTP surface, without listen(): tests mount it on port 0, main.ts on PORT. */
export function createApp(routers: Router[], opts: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  // Only as many proxies as configured: trusting a hop that is not there lets a client pick its own
  // address (and dodge the rate limit).
  app.set('trust proxy', opts.trustProxy ?? false);
  for (const r of routers) app.use(r);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use(jsonErrorHandler(opts.log));
  return app;
}
