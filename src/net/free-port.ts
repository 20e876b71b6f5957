import net from 'node:net';

/**
 * A port nothing listens on right now. Needed where the port must be known before listening: the bot's
 * PUBLIC_URL (its webhook target and OAuth redirect) contains it.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
