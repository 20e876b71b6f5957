import express, { type Router } from 'express';
import type { Emulator } from '../emulator/index.js';
import type { DemoWorld } from '../emulator/demo.js';
import type { SandboxRooms } from './start-sandbox.js';

export interface SandboxRoutesDeps {
  em: Emulator;
  demo: DemoWorld;
  rooms: SandboxRooms;
  botPersonId: string;
}

/** The sandbox page and its small API. Mounted only in sandbox mode. */
export function createSandboxRoutes(deps: SandboxRoutesDeps): Router {
  const router = express.Router();
  router.get('/sandbox', (_req, res) => {
    res.type('text').send(`sandbox: ${deps.demo.orgs.acme.displayName}`);
  });
  return router;
}
