import express, { type Express, type Router } from 'express';

/** The HTTP surface, without listen(): tests mount it on port 0, main.ts on PORT. */
export function createApp(routers: Router[]): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  for (const r of routers) app.use(r);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  return app;
}
