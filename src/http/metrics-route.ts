import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import type { Registry } from 'prom-client';

const digest = (v: string) => createHash('sha256').update(v, 'utf8').digest();

/**
 * `GET /metrics` in Prometheus text format, for a scraper holding METRICS_TOKEN as a bearer token. Both
 * sides are hashed before the constant-time compare, so neither the token's bytes nor its length leak
 * through timing. Mounted only when METRICS_TOKEN is set (otherwise the path is a plain 404).
 */
export function createMetricsRoute(deps: { token: string; registry: Registry }): Router {
  const router = express.Router();
  const expected = digest(deps.token);
  router.get('/metrics', (req, res, next) => {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.get('authorization') ?? '');
    if (!m || !timingSafeEqual(digest(m[1]!), expected)) {
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
