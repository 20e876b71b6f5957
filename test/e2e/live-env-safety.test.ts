import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { freePort, seedWorld } from '../helpers/bot-harness.js';
import { REDIS_URL } from '../helpers/redis.js';
import { liveEnv, runMain, spawnMain } from '../helpers/run-main.js';
import { startOwnRedisServer } from '../helpers/redis-server.js';
import { deleteRedisKeys, startSandboxProcess } from '../helpers/sandbox-process.js';
import { SANDBOX_KEY_PREFIX } from '../../src/config.js';

/**
 * `npm start` as its own process where a mistake would cost the most: a production environment that lost
 * its bot token, a sandbox on a shared Redis, a Redis password in REDIS_URL.
 */
describe('live environment safety (main as its own process)', function () {
  // Five processes start one after another; on a shared 2-core machine under load that took over 60 s.
  this.timeout(150_000);
  let redis: Redis;
  const run = randomBytes(4).toString('hex');
  const livePrefix = `vmbot-e2e-live-${run}:`;
  const lookalike = `vmbot-sandbox-not-${run}:`;
  const PASSWORD = `pw-${randomBytes(9).toString('hex')}`;

  before(async () => {
    redis = new Redis(REDIS_URL);
  });
  after(async () => {
    await deleteRedisKeys(livePrefix);
    await deleteRedisKeys(lookalike);
    await redis.quit();
  });

  const productionEnv = (): Record<string, string> => ({
    NODE_ENV: 'production',
    REDIS_URL,
    REDIS_KEY_PREFIX: livePrefix,
    PUBLIC_URL: 'https://vmbot.example.com',
    WEBHOOK_SECRET: randomBytes(18).toString('hex'),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    WEBEX_CLIENT_ID: 'C-live',
    WEBEX_CLIENT_SECRET: randomBytes(12).toString('hex'),
    PORT: '0',
  });

  it('production env minus WEBEX_BOT_TOKEN: exits non-zero naming it, and the stored sign-ins survive', async () => {
    await redis.set(`${livePrefix}token:alice`, 'encrypted-sign-in');
    for (const env of [
      productionEnv(),
      { ...productionEnv(), NODE_ENV: '' },
      { REDIS_URL, REDIS_KEY_PREFIX: livePrefix },
    ]) {
      const r = await runMain([], env);
      assert.notEqual(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stderr, /WEBEX_BOT_TOKEN: is required/);
      assert.doesNotMatch(r.stdout + r.stderr, /sandbox ready/);
      assert.equal(await redis.get(`${livePrefix}token:alice`), 'encrypted-sign-in');
    }
  });

  it('a sandbox on a shared Redis works under a run prefix of its own, touches nothing else, and removes its keys when it stops', async () => {
    const otherRun = `${SANDBOX_KEY_PREFIX}other-run-${run}:token:x`;
    await redis.set(`${livePrefix}token:bob`, 'live');
    await redis.set(`${lookalike}x`, 'other');
    await redis.set(otherRun, 'another sandbox, still running');
    const sb = await startSandboxProcess();
    let own: string[] = [];
    try {
      assert.ok(sb.prefix?.startsWith(SANDBOX_KEY_PREFIX) && sb.prefix !== SANDBOX_KEY_PREFIX, sb.prefix);
      // Alice asks for the form: the sandbox writes a sign-in state under its own prefix.
      const res = await fetch(sb.url.replace(/\/sandbox$/, '/sandbox/api/say'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ person: 'alice', space: 'direct', text: '/voicemail' }),
      });
      assert.equal(res.status, 201, await res.text());
      for (let i = 0; i < 100 && own.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        own = await redis.keys(`${sb.prefix}*`);
      }
      assert.ok(own.length > 0, 'the sandbox wrote under its own prefix');
      assert.equal(await redis.get(otherRun), 'another sandbox, still running');
      assert.equal(await redis.get(`${livePrefix}token:bob`), 'live');
      assert.equal(await redis.get(`${lookalike}x`), 'other');
    } finally {
      await sb.stop();
    }
    assert.deepEqual(await redis.keys(`${sb.prefix}*`), [], `its keys are gone (had ${own.length})`);
    assert.equal(await redis.get(otherRun), 'another sandbox, still running');
    assert.equal(await redis.get(`${livePrefix}token:bob`), 'live');
    await redis.del(otherRun);
  });

  it('a password in REDIS_URL never reaches stdout or stderr (sandbox, live, token CLI, refusal)', async () => {
    const outputs: string[] = [];
    const noPassword = (out: string, what: string) => {
      assert.ok(out.length > 0, what);
      assert.ok(!out.includes(PASSWORD), `password in the ${what} output:\n${out}`);
      outputs.push(out);
    };
    const unreachable = `redis://:${PASSWORD}@127.0.0.1:1`;

    // Sandbox with a Redis that does not answer (it says so, with the URL) and with one that does.
    const down = await startSandboxProcess({ env: { REDIS_URL: unreachable } });
    await down.stop();
    noPassword(down.output(), 'sandbox without Redis');
    assert.match(down.output(), /Redis is not reachable/);
    const own = await startOwnRedisServer({ password: PASSWORD });
    try {
      const up = await startSandboxProcess({ env: { REDIS_URL: own.url } });
      await up.stop();
      noPassword(up.output(), 'sandbox with Redis');
      assert.match(up.output(), /sandbox store: Redis/);
    } finally {
      await own.stop();
    }

    // Live mode against the emulator, with its Redis refusing connections: it logs the problem.
    const w = await seedWorld();
    const port = await freePort();
    const child = spawnMain({
      ...liveEnv({ apiBase: w.em.apiBase, botToken: w.bot.token, port }),
      WEBHOOK_SECRET: randomBytes(18).toString('hex'),
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      REDIS_URL: unreachable,
      REDIS_KEY_PREFIX: livePrefix,
    });
    let live = '';
    child.stdout.on('data', (d) => (live += d));
    child.stderr.on('data', (d) => (live += d));
    const deadline = Date.now() + 30_000;
    while (!/listening/.test(live)) {
      if (Date.now() > deadline || child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    noPassword(live, 'live');
    assert.match(live, /redis connection problem/);
    assert.match(live, /listening/);

    const cli = await runMain(['token', 'list'], {
      REDIS_URL: unreachable,
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    noPassword(cli.stdout + cli.stderr, 'token CLI');
    assert.match(cli.stderr, /cannot reach Redis at REDIS_URL \(redis:\/\/.*\*\*\*@127\.0\.0\.1:1\)/);

    const refused = await runMain([], { ...productionEnv(), REDIS_URL: unreachable });
    noPassword(refused.stdout + refused.stderr, 'refused start');
    assert.equal(outputs.length, 5);
  });
});
