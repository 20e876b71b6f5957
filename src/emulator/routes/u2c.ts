import { Router, type Request } from 'express';

/**
 * The SDK asks U2C for a service catalog when it starts (`/limited/catalog` by org, then `/catalog` with the
 * token). Answering with a hostmap whose `hydra` link is this emulator keeps every REST call here.
 */
export function u2cRoutes(log: (msg: string) => void = () => {}): Router {
  const r = Router();
  const hostmap = (req: Request) => {
    const origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    return {
      serviceLinks: { hydra: `${origin}/v1`, u2c: `${origin}/u2c/api/v1` },
      hostCatalog: {},
      format: 'hostmap',
    };
  };
  r.get(['/limited/catalog', '/catalog', '/signin/catalog'], (req, res) => {
    log(`GET ${req.baseUrl}${req.path} (service catalog)`);
    res.json(hostmap(req));
  });
  return r;
}
