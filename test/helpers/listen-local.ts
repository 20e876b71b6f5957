import type { Server } from 'node:http';
import type express from 'express';

export interface LocalServer {
  /** http://127.0.0.1:<port> */
  base: string;
  close(): Promise<void>;
}

/** Serves `app` on a free loopback port, for a test that talks to it over real HTTP. */
export async function listenLocal(app: express.Express): Promise<LocalServer> {
  const server = await new Promise<Server>((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  const addr = server.address();
  return {
    base: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
