import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { startHarness, freePort, type Harness } from '../helpers/bot-harness.js';
import { spawnMain } from '../helpers/run-main.js';
import { startOwnRedisServer, type OwnRedisServer } from '../helpers/redis-server.js';

/**
 * recheck13 (outside reviewer): the real `worker` process (src/main.ts) with the RIGHT token key, started
 * while Redis is frozen: its key check is deferred. It must start taking events once the check passes, and
 * a SIGTERM while it still waits must end it cleanly.
 */
describe('(outside recheck) a worker with the right key whose Redis comes late', function () {
  this.timeout(120_000);
  let srv: OwnRedisServer;
  let h: Harness;
  const children: ChildProcess[] = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  before(async () => {
    srv = await startOwnRedisServer();
    h = await startHarness({ redisUrl: srv.url, env: { PROCESS_ROLE: 'web' } });
    await h.grant(h.admin.id);
  });
  after(async () => {
    srv?.resume();
    for (const c of children)
      if (c.exitCode === null && c.signalCode === null) {
        c.kill('SIGKILL');
        await new Promise((r) => c.once('exit', r));
      }
    await h?.close();
    await srv?.stop();
  });

  const worker = async () => {
    const port = await freePort();
    const c = spawnMain({
      PORT: String(port),
      HOST: '127.0.0.1',
      WEBEX_BOT_TOKEN: h.config.WEBEX_BOT_TOKEN,
      WEBEX_API_URL: h.config.WEBEX_API_URL,
      PUBLIC_URL: h.config.PUBLIC_URL,
      WEBHOOK_SECRET: h.config.WEBHOOK_SECRET,
      TOKEN_ENCRYPTION_KEY: h.config.TOKEN_ENCRYPTION_KEY,
      REDIS_URL: srv.url,
      REDIS_KEY_PREFIX: h.config.REDIS_KEY_PREFIX,
      PROCESS_ROLE: 'worker',
      SHUTDOWN_TIMEOUT_S: '10',
    });
    children.push(c);
    let out = '';
    c.stdout!.on('data', (d) => (out += d));
    c.stderr!.on('data', (d) => (out += d));
    return { c, output: () => out };
  };

  /** Until the worker says its key check waits for Redis. */
  const deferred = async (w: { c: ChildProcess; output: () => string }) => {
    const deadline = Date.now() + 30_000;
    while (!w.output().includes('token key check deferred')) {
      assert.ok(Date.now() < deadline && w.c.exitCode === null, `never deferred:\n${w.output()}`);
      await sleep(100);
    }
  };

  it('SIGTERM while it waits for its key check: exits 0 within the shutdown budget', async () => {
    srv.pause();
    const w = await worker();
    await deferred(w);
    w.c.kill('SIGTERM');
    const exit = await Promise.race([
      new Promise<number | null>((r) => w.c.once('exit', (code) => r(code))),
      sleep(20_000).then(() => 'hung' as const),
    ]);
    srv.resume();
    assert.equal(exit, 0, `SIGTERM of a waiting worker: ${String(exit)}\n${w.output().slice(-3000)}`);
  });

  it('starts taking events once Redis answers and the check passes', async () => {
    srv.pause();
    const w = await worker();
    await deferred(w);
    srv.resume();
    const before = h.botSaid(h.dm.id).length;
    await h.em.say(h.admin.id, h.dm.id, '/help');
    const reply = await h.nextReply(h.dm.id, before, 20_000).catch(() => undefined);
    assert.ok(reply, `the worker never answered once Redis came back:\n${w.output().slice(-3000)}`);
  });
});
