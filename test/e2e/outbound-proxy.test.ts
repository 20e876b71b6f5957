import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { freePort, seedWorld, type World } from '../helpers/bot-harness.js';
import { openTestRedis, REDIS_URL, type TestRedis } from '../helpers/redis.js';
import { liveEnv, runMain, spawnMain, waitReady } from '../helpers/run-main.js';

/**
 * A company's outbound proxy on loopback: CONNECT tunnels (how undici and most clients reach any target through
 * a proxy) and plain absolute-form requests, both passed on to the target; it keeps every byte the clients sent,
 * so a test can tell the bot's own calls (TrackingID VMBOT_…) from the SDK's.
 */
async function startProxy() {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)}`);
    const target = new URL(req.url ?? '');
    const out = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  server.on('connect', (req, socket, head) => {
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      socket.on('data', (d: Buffer) => seen.push(d.toString('latin1')));
      socket.pipe(upstream);
      upstream.pipe(socket);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe('outbound proxy: the bot’s own Webex calls honour HTTPS_PROXY / HTTP_PROXY / NO_PROXY', function () {
  this.timeout(60_000);
  let w: World;
  let store: TestRedis;
  let child: ChildProcess | undefined;

  before(async () => {
    w = await seedWorld();
    store = await openTestRedis();
  });
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });
  after(async () => store.cleanup());

  async function runWith(proxyEnv: Record<string, string>) {
    const port = await freePort();
    let out = '';
    child = spawnMain({
      ...liveEnv({ apiBase: w.em.apiBase, botToken: w.bot.token, port }),
      WEBHOOK_SECRET: randomBytes(18).toString('hex'),
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      REDIS_URL,
      REDIS_KEY_PREFIX: store.prefix + randomBytes(3).toString('hex') + ':',
      ...proxyEnv,
    });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    await waitReady(child, `http://127.0.0.1:${port}`, () => out);
    const botSaid = () => w.em.messages(w.dm.id).filter((m) => m.personId === w.bot.id).length;
    const before = botSaid();
    await w.em.say(w.admin.id, w.dm.id, '/help');
    for (let i = 0; botSaid() === before; i++) {
      if (i > 200) throw new Error(`no reply:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
    return out;
  }

  it('with HTTPS_PROXY/HTTP_PROXY set, the bot’s own calls (reading the message, replying) go through the proxy', async () => {
    const proxy = await startProxy();
    try {
      const out = await runWith({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url });
      const own = proxy.seen.filter((s) => s.includes('VMBOT_'));
      assert.ok(
        own.some((s) => /GET \/v1\/messages\//.test(s) || /GET http:\/\/[^ ]+\/v1\/messages\//.test(s)),
        `the proxy saw the bot read the message:\n${proxy.seen.join('\n').slice(0, 2000)}`,
      );
      assert.ok(
        own.some((s) => /POST (http:\/\/[^ ]+)?\/v1\/messages/.test(s)),
        'and reply',
      );
      assert.match(out, /outbound proxy/);
    } finally {
      await proxy.close();
    }
  });

  it('a proxy that refuses CONNECT (403), wants credentials (407) or is down: the cause is named, never the password', async () => {
    const refusing = http.createServer();
    let status = 403;
    refusing.on('connect', (_req, socket) => {
      socket.end(
        `HTTP/1.1 ${status} ${status === 407 ? 'Proxy Authentication Required' : 'Forbidden'}\r\n\r\n`,
      );
    });
    await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
    const port = (refusing.address() as AddressInfo).port;
    const password = 'proxy-pass-' + randomBytes(6).toString('hex');
    const down = await freePort();
    try {
      const cli = {
        WEBEX_API_URL: w.em.apiBase,
        REDIS_URL,
        REDIS_KEY_PREFIX: store.prefix + 'cli:',
        TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      };
      const token = w.em.issueToken(w.admin.id, ['spark:people_read']);
      for (const [proxy, answer, cause] of [
        [`http://user:${password}@127.0.0.1:${port}`, 403, /Proxy response \(403\)/],
        [`http://127.0.0.1:${port}`, 407, /Proxy response \(407\)/],
        [`http://user:${password}@127.0.0.1:${down}`, 0, /ECONNREFUSED/],
      ] as const) {
        status = answer;
        const r = await runMain(
          ['token', 'set', w.admin.id],
          { ...cli, HTTP_PROXY: proxy, HTTPS_PROXY: proxy },
          token,
        );
        assert.equal(r.code, 1, r.stdout + r.stderr);
        assert.match(
          r.stderr,
          new RegExp(
            `Webex GET /people/me -> no answer \\(through the outbound proxy 127\\.0\\.0\\.1:${proxy.includes(`:${port}`) ? port : down} `,
          ),
        );
        assert.match(r.stderr, cause);
        assert.ok(!(r.stdout + r.stderr).includes(password), 'the proxy password is never printed');
      }
    } finally {
      refusing.closeAllConnections();
      await new Promise<void>((r) => refusing.close(() => r()));
    }
  });

  it('NO_PROXY covering the Webex host: the bot’s own calls go direct', async () => {
    const proxy = await startProxy();
    try {
      const out = await runWith({
        HTTP_PROXY: proxy.url,
        HTTPS_PROXY: proxy.url,
        NO_PROXY: '127.0.0.1,localhost,10.0.0.0/8',
      });
      // A range nothing here honours is named at start rather than silently sending calls through the proxy.
      assert.match(
        out,
        /"entries":\["10\.0\.0\.0\/8"\].*NO_PROXY: address ranges \(CIDR\) are not supported/,
      );
      assert.equal(
        proxy.seen.filter((s) => s.includes('VMBOT_')).length,
        0,
        proxy.seen.join('\n').slice(0, 2000),
      );
    } finally {
      await proxy.close();
    }
  });
});
