import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '../log/create-logger.js';
import { createLogThrottle } from '../log/log-throttle.js';

const digest = (v: string) => createHash('sha256').update(v, 'utf8').digest();

/**
 * `GET /metrics` in Prometheus text format, for a scraper holding METRICS_TOKEN as a bearer token. Both
 * sides are hashed before the constant-time compare, so neither the token's bytes nor its length leak
 * through timing. Mounted only when METRICS_TOKEN is set (otherwise the path is a plain 404).
 */
export function createMetricsRoute(deps: {
  token: string;
  registry: Registry;
  log?: Logger;
  /** At most one refused-scrape line per this interval (60 s). */
  refusedLogIntervalMs?: number;
}): Router {
  const router = express.Router();
  const expected = digest(deps.token);
  // A scraper with a stale token must leave a trace for whoever wonders why the dashboard is empty; a
  // flood of guesses must not flood the log: the first in full, then a count per interval.
  const refused = createLogThrottle(deps.refusedLogIntervalMs ?? 60_000, (count) =>
    deps.log?.warn(
      { count },
      'metrics scrape refused: more requests without the right token since the last line',
    ),
  );
  router.get('/metrics', (req, res, next) => {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.get('authorization') ?? '');
    if (!m || !timingSafeEqual(digest(m[1]!), expected)) {
      refused.hit(() =>
        deps.log?.warn(
          {
            ip: req.ip,
            authorization: m ? 'wrong token' : req.get('authorization') ? 'not a bearer token' : 'missing',
          },
          'metrics scrape refused: check the scraper sends Authorization: Bearer <METRICS_TOKEN>',
        ),
      );
      res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').json({ error: 'unauthorized' });
      return;
    }
    deps.registry.metrics().then(
      (text) => {
        res.status(200).set('Content-Type', deps.registry.contentType).set('Cache-Control', 'no-store');
        res.send(text);
      },
      (err: unknown) => next(err),
    );
  });
  return router;
}
