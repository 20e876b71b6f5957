import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { freePort, seedWorld, ADMIN_SCOPES, type World } from '../helpers/bot-harness.js';
import { openTestRedis, REDIS_URL, type TestRedis } from '../helpers/redis.js';
import { ROOT } from '../helpers/run-main.js';
import { createRedisKeyValueStore } from '../../src/store/redis-key-value-store.js';
import { createTokenStore } from '../../src/store/token-store.js';
import { createTokenCipher } from '../../src/store/token-cipher.js';

const RULES = '/v1/telephony/config/voicemail/rules';

/** The bot as production runs it: its own process, configured only through the environment. */
describe('live mode as its own process (emulator as Webex)', function () {
  this.timeout(60_000);
  let w: World;
  let store: TestRedis;
  let child: ChildProcess;
  let out = '';
  let port = 0;
  const secret = randomBytes(18).toString('hex');

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
    child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        WEBEX_BOT_TOKEN: w.bot.token,
        WEBEX_API_URL: w.em.apiBase,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        WEBHOOK_SECRET: secret,
        TOKEN_ENCRYPTION_KEY: key,
        REDIS_URL,
        REDIS_KEY_PREFIX: store.prefix,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status,
        () => 0,
      );
      if (ready === 200) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`bot did not get ready:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  after(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    w.em.setLatency(0, { method: 'GET', path: RULES });
    await store.cleanup();
  });

  it('SIGTERM while a command is running: the command finishes and answers, then the process exits 0', async () => {
    w.em.setLatency(1500, { method: 'GET', path: RULES });
    await w.em.say(w.admin.id, w.dm.id, '/voicemail show');
    // The webhook has been answered; the GET is now in flight.
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    assert.equal(code, 0, out);
    const replies = w.em.messages(w.dm.id).filter((m) => m.personId === w.bot.id);
    assert.equal(replies.length, 1, out);
    assert.match(replies[0]?.markdown ?? '', /Voicemail passcode rules/);
    assert.equal(w.em.webhooks(w.bot.id).length, 2, 'stopping left the webhooks in place');
    for (const s of [w.bot.token, secret]) assert.ok(!out.includes(s), 'no secret in the process output');
  });
});
