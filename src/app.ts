import express, { type Express, type Router } from 'express';

/** The HTTP surface, without listen(): tests mount it on port 0, main.ts on PORT. */
export function createApp(routers: Router[]): Express {
  const app = express();
  app.disable('x-powered-by');
  // One reverse proxy (Heroku's router, a load balancer) in front: its X-Forwarded-For names the client;
  // trusting every hop would let a client pick its own address (and dodge rate limits).
  app.set('trust proxy', 1);
  for (const r of routers) app.use(r);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  return app;
}
