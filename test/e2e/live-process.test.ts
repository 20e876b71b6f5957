import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort, seedWorld, ADMIN_SCOPES, type World } from '../helpers/bot-harness.js';
import { openTestRedis, REDIS_URL, type TestRedis } from '../helpers/redis.js';
import { liveEnv, spawnMain, waitReady } from '../helpers/run-main.js';
import { createRedisKeyValueStore } from '../../src/store/redis-key-value-store.js';
import { createTokenStore } from '../../src/store/token-store.js';
import { createTokenCipher } from '../../src/store/token-cipher.js';

const RULES = '/v1/telephony/config/voicemail/rules';

/** The bot as production runs it: its own process, configured only through the environment. */
function describeLive(title: string, extraEnv: Record<string, string>, body: (p: LiveProcess) => void) {
  describe(title, function () {
    this.timeout(60_000);
    let w: World;
    let store: TestRedis;
    let child: ChildProcess;
    let out = '';
    let port = 0;
    const secret = randomBytes(18).toString('hex');
    const live: LiveProcess = {
      get w() {
        return w;
      },
      get child() {
        return child;
      },
      get out() {
        return out;
      },
      get port() {
        return port;
      },
      secret,
    };

    before(async () => {
      w = await seedWorld();
      store = await openTestRedis();
      port = await freePort();
      const key = randomBytes(32).toString('base64');
      const tokens = createTokenStore(
        createRedisKeyValueStore(store.redis, store.prefix),
        createTokenCipher(Buffer.from(key, 'base64')),
      );
      await tokens.put({
        personId: w.admin.id,
        orgId: w.org.id,
        accessToken: w.em.issueToken(w.admin.id, ADMIN_SCOPES),
        scopes: ADMIN_SCOPES,
        source: 'cli',
        updatedAt: Date.now(),
      });
      child = spawnMain({
        ...liveEnv({ apiBase: w.em.apiBase, botToken: w.bot.token, port }),
        WEBHOOK_SECRET: secret,
        TOKEN_ENCRYPTION_KEY: key,
        REDIS_URL,
        REDIS_KEY_PREFIX: store.prefix,
        ...extraEnv,
      });
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (out += d));
      await waitReady(child, `http://127.0.0.1:${port}`, () => out);
    });
    after(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      w.em.state.faults.clear();
      await store.cleanup();
    });
    body(live);
  });
}

interface LiveProcess {
  readonly w: World;
  readonly child: ChildProcess;
  readonly out: string;
  readonly port: number;
  readonly secret: string;
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', r)));

describeLive('live mode as its own process (emulator as Webex)', {}, (p) => {
  it('SIGTERM while a command is running: the command finishes and answers, then the process exits 0', async () => {
    const { w, child, secret } = p;
    w.em.setLatency(1500, { method: 'GET', path: RULES });
    await w.em.say(w.admin.id, w.dm.id, '/voicemail show');
    // The webhook has been answered; the GET is now in flight.
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');
    const code = await exitOf(child);
    assert.equal(code, 0, p.out);
    const replies = w.em.messages(w.dm.id).filter((m) => m.personId === w.bot.id);
    assert.equal(replies.length, 1, p.out);
    assert.match(replies[0]?.markdown ?? '', /Voicemail passcode rules/);
    assert.equal(w.em.webhooks(w.bot.id).length, 2, 'stopping left the webhooks in place');
    for (const s of [w.bot.token, secret]) assert.ok(!p.out.includes(s), 'no secret in the process output');
  });
});

describeLive('SIGTERM while Webex is slower than the shutdown budget', { SHUTDOWN_TIMEOUT_S: '6' }, (p) => {
  it('/readyz turns 503 at once, the port stays open, the admin hears an outcome, exit 0 within the budget', async () => {
    const { w, child } = p;
    const base = `http://127.0.0.1:${p.port}`;
    w.em.setLatency(20_000, { method: 'PUT', path: RULES });
    await w.em.say(w.admin.id, w.dm.id, '/voicemail set expire=43');
    // Wait until the PUT is the call in flight (the rules were read just before it).
    for (let i = 0; !w.em.requests.some((r) => r.method === 'GET' && r.path === RULES); i++) {
      if (i > 100) throw new Error(`the command never read the rules:\n${p.out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await fetch(`${base}/readyz`)).status, 503, 'a load balancer stops sending at once');
    assert.equal((await fetch(`${base}/healthz`)).status, 200, 'the port is still open while work runs');
    // An event that still arrives is refused (Webex may send it elsewhere), not taken in and dropped.
    const delivery = w.em.deliveries.find((d) => d.resource === 'messages');
    assert.ok(delivery);
    assert.equal(await w.em.replay(delivery), 503);

    const code = await exitOf(child);
    const took = Date.now() - t0;
    assert.equal(code, 0, p.out);
    assert.ok(took < 6000, `exited within the 6 s budget (took ${took} ms)`);
    const replies = w.em.messages(w.dm.id).filter((m) => m.personId === w.bot.id);
    assert.equal(replies.length, 1, `the admin heard one outcome:\n${p.out}`);
    const said = replies[0]?.markdown ?? '';
    assert.ok(!/Voicemail rules updated/.test(said), `no success is claimed for an unconfirmed PUT: ${said}`);
    assert.ok(!/Nothing was changed/i.test(said), `nor "nothing changed" for a PUT that may land: ${said}`);
    // Shutdown cut the PUT, not the read-back: the admin hears what Webex holds now, and that it may change.
    assert.match(said, /Not changed so far: Webex did not answer in time.*could still arrive late/s);
    // The bot's own reply comes back through the firehose: while the port is open it is answered 204, never
    // refused like a real event (a refusal counts against the webhook). It may also arrive after the exit.
    const own = w.em.deliveries.filter(
      (d) => d.resource === 'messages' && JSON.parse(d.rawBody).data?.personId === w.bot.id,
    );
    assert.ok(own.length >= 1, 'the reply was delivered back to the bot');
    for (const d of own) assert.ok(d.status === 204 || d.status === 0, `own message answered ${d.status}`);
    w.em.setLatency(0, { method: 'PUT', path: RULES });
  });
});
