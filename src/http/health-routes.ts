import express, { type Router } from 'express';

export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean>;
  /** How this part is set up, shown under `setup` (e.g. Redis through Sentinel); nothing secret. */
  setup?: Record<string, unknown>;
}

/** /healthz: the process answers. /readyz: it can do its job (webhooks registered, store answering). */
export function createHealthRoutes(checks: ReadinessCheck[]): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      checks.map(async (c) => {
        try {
          return [c.name, await c.check()] as const;
        } catch {
          return [c.name, false] as const;
        }
      }),
    );
    const ready = results.every(([, ok]) => ok);
    const setup = Object.fromEntries(checks.flatMap((c) => (c.setup ? [[c.name, c.setup]] : [])));
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      checks: Object.fromEntries(results),
      ...(Object.keys(setup).length ? { setup } : {}),
    });
  });
  return router;
}
