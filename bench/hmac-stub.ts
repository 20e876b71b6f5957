/**
 * The baseline for the webhook-ack figure: a plain node:http server that reads the body, checks
 * X-Spark-Signature (HMAC-SHA1 of the raw bytes, constant-time compare) and answers 204, or 401. Nothing
 * else. Run as its own process by the bench: `STUB_SECRET=… node --import tsx bench/hmac-stub.ts`; it prints
 * `listening <port>` once it accepts connections.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const secret = process.env.STUB_SECRET;
if (!secret) {
  process.stderr.write('hmac-stub: STUB_SECRET is not set\n');
  process.exit(1);
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const got = Buffer.from(String(req.headers['x-spark-signature'] ?? ''), 'hex');
    const want = createHmac('sha1', secret).update(Buffer.concat(chunks)).digest();
    res.statusCode = got.length === want.length && timingSafeEqual(got, want) ? 204 : 401;
    res.end();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
