import express, { type Router } from 'express';

export interface VersionInfo {
  name: string;
  version: string;
  /** The deployed commit, when the platform says (GIT_COMMIT, SOURCE_VERSION, HEROKU_SLUG_COMMIT). */
  commit?: string;
}

/** GET /version: what is running, so an operator can tell which build answers without reading logs. */
export function createVersionRoute(info: VersionInfo): Router {
  const body: VersionInfo = {
    name: info.name,
    version: info.version,
    ...(info.commit ? { commit: info.commit } : {}),
  };
  const router = express.Router();
  router.get('/version', (_req, res) => {
    res.json(body);
  });
  return router;
}
