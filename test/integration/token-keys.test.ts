import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ADMIN_SCOPES, freePort, seedWorld, startHarness, type Harness } from '../helpers/bot-harness.js';
import { openTestRedis, REDIS_URL, type TestRedis } from '../helpers/redis.js';
import { liveEnv, runMain, type RunResult } from '../helpers/run-main.js';
import { createRedisKeyValueStore } from '../../src/store/redis-key-value-store.js';
import { createTokenCipher, tokenKeyId } from '../../src/store/token-cipher.js';
import { createTokenStore, TOKEN_KEY_FINGERPRINT } from '../../src/store/token-store.js';
import type { World } from '../helpers/bot-harness.js';
import { startOwnRedisServer } from '../helpers/redis-server.js';
import { captureLog } from '../helpers/capture-log.js';
import { emulatorLiveConfig } from '../../src/sandbox/emulator-live-config.js';
import { startBot, type RunningBot } from '../../src/start-bot.js';

const newKey = () => randomBytes(32).toString('base64');
const buf = (k: string) => Buffer.from(k, 'base64');

/** Nothing secret in what a process printed or in what Redis holds. */
function assertNoSecrets(texts: string[], secrets: string[]) {
  for (const t of texts)
    for (const s of secrets) assert.ok(!t.includes(s), `a secret leaked into: ${t.slice(0, 300)}`);
}

const kidOf = async (store: TestRedis, personId: string): Promise<unknown> =>
  JSON.parse((await store.redis.get(`${store.prefix}token:${personId}`)) ?? '{}').kid;

describe('TOKEN_ENCRYPTION_KEY safety (the bot as its own process)', function () {
  this.timeout(60_000);
  let w: World;
  let store: TestRedis;
  const keyA = newKey();
  const keyB = newKey();
  let token: string;
  let env: Record<string, string>;
  before(async () => {
    w = await seedWorld();
    store = await openTestRedis();
    token = w.em.issueToken(w.admin.id, ADMIN_SCOPES);
    await createTokenStore(
      createRedisKeyValueStore(store.redis, store.prefix),
      createTokenCipher(buf(keyA)),
    ).put({
      personId: w.admin.id,
      orgId: w.org.id,
      accessToken: token,
      scopes: ADMIN_SCOPES,
      source: 'cli',
      updatedAt: Date.now(),
    });
    env = {
      ...liveEnv({ apiBase: w.em.apiBase, botToken: w.bot.token, port: await freePort() }),
      WEBHOOK_SECRET: randomBytes(12).toString('hex'),
      REDIS_URL,
      REDIS_KEY_PREFIX: store.prefix,
    };
  });
  after(async () => store.cleanup());

  it('refuses to start when stored tokens were sealed with a key that is not configured, and says how to fix it', async () => {
    const r = await runMain([], { ...env, TOKEN_ENCRYPTION_KEY: keyB });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /1 stored admin token\(s\) were sealed with a key that is not configured/);
    assert.match(r.stderr, new RegExp(`key id ${tokenKeyId(buf(keyA))}`));
    assert.match(r.stderr, /TOKEN_ENCRYPTION_KEY_PREVIOUS/);
    assert.match(r.stderr, /rekey/);
    // One JSON line for a log platform: a coded refusal, not a crash with a stack.
    const line = JSON.parse(r.stderr.trim().split('\n').at(-1)!) as { err: Record<string, unknown> };
    assert.equal(line.err.code, 'TOKEN_KEY_MISMATCH');
    assert.equal(line.err.stack, undefined);
    assertNoSecrets([r.stdout, r.stderr, JSON.stringify(await store.dump())], [keyA, keyB, token]);
    // Nothing was touched: the admin's record is as it was.
    assert.equal(await kidOf(store, w.admin.id), tokenKeyId(buf(keyA)));
  });

  it('refuses too for a record written before key ids existed that no configured key opens', async () => {
    const k = `${store.prefix}token:${w.admin.id}`;
    const stored = JSON.parse((await store.redis.get(k)) ?? '{}');
    delete stored.kid;
    await store.redis.set(k, JSON.stringify(stored));
    const r = await runMain([], { ...env, TOKEN_ENCRYPTION_KEY: keyB });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /sealed with a key that is not configured/);
    assertNoSecrets([r.stdout, r.stderr], [keyA, keyB, token]);
  });
});

describe('TOKEN_ENCRYPTION_KEY: instances with different keys and no token stored yet', function () {
  this.timeout(60_000);
  it('the second key is refused at start (the first recorded its key id); purge --all --yes forgets it on purpose', async () => {
    const w = await seedWorld();
    const store = await openTestRedis();
    try {
      const keyA = newKey();
      const keyB = newKey();
      const env = {
        ...liveEnv({ apiBase: w.em.apiBase, botToken: w.bot.token, port: await freePort() }),
        WEBHOOK_SECRET: randomBytes(12).toString('hex'),
        REDIS_URL,
        REDIS_KEY_PREFIX: store.prefix,
      };
      const config = (key: string) =>
        emulatorLiveConfig(
          { apiBase: w.em.apiBase, botToken: w.bot.token },
          { PORT: 0 },
          { REDIS_URL, REDIS_KEY_PREFIX: store.prefix, TOKEN_ENCRYPTION_KEY: key },
        );
      const first = await startBot(config(keyA), { log: captureLog().log });
      await first.close();
      assert.equal(await store.redis.get(store.prefix + TOKEN_KEY_FINGERPRINT), tokenKeyId(buf(keyA)));
      assert.deepEqual(await store.redis.keys(`${store.prefix}token:*`), [], 'no token stored');

      const refused = await runMain([], { ...env, TOKEN_ENCRYPTION_KEY: keyB });
      assert.equal(refused.code, 1, refused.stdout + refused.stderr);
      assert.match(refused.stderr, new RegExp(`records key id ${tokenKeyId(buf(keyA))} as its token key`));
      assert.match(refused.stderr, /give every instance the same TOKEN_ENCRYPTION_KEY/);
      assert.match(refused.stderr, /purge --all --yes/);
      assertNoSecrets([refused.stdout, refused.stderr], [keyA, keyB]);

      const cli = { WEBEX_API_URL: w.em.apiBase, REDIS_URL, REDIS_KEY_PREFIX: store.prefix };
      // The operator's shell holds another key than the deployment: set and rekey refuse, nothing is sealed.
      const token = w.em.issueToken(w.admin.id, ['spark:people_read']);
      const set = await runMain(['token', 'set', w.admin.id], { ...cli, TOKEN_ENCRYPTION_KEY: keyB }, token);
      const rekey = await runMain(['token', 'rekey'], {
        ...cli,
        TOKEN_ENCRYPTION_KEY: keyB,
        TOKEN_ENCRYPTION_KEY_PREVIOUS: keyA,
      });
      for (const r of [set, rekey]) {
        assert.equal(r.code, 2, r.stdout + r.stderr);
        assert.match(
          r.stderr,
          new RegExp(
            `key id ${tokenKeyId(buf(keyB))}, but the deployment seals tokens with key id ${tokenKeyId(buf(keyA))}.*Nothing was changed`,
          ),
        );
        assertNoSecrets([r.stdout, r.stderr], [keyA, keyB, token]);
      }
      assert.deepEqual(await store.redis.keys(`${store.prefix}token:*`), [], 'nothing stored');
      const typo = await runMain(
        ['token', 'set', w.admin.id, '--expire-in', '60'],
        { ...cli, TOKEN_ENCRYPTION_KEY: keyA },
        token,
      );
      assert.equal(typo.code, 2);
      assert.match(typo.stderr, /unknown argument for set: "--expire-in"\. Nothing stored\./);
      // Without --yes nothing is forgotten: the id guards every instance's start.
      const unconfirmed = await runMain(['token', 'purge', '--all'], cli);
      assert.match(unconfirmed.stdout, /add --yes to also forget the recorded key id/);
      assert.equal(await store.redis.get(store.prefix + TOKEN_KEY_FINGERPRINT), tokenKeyId(buf(keyA)));
      const purge = await runMain(['token', 'purge', '--all', '--yes'], cli);
      assert.equal(purge.code, 0, purge.stderr);
      assert.match(purge.stdout, /forgot the recorded key id/);
      const second = await startBot(config(keyB), { log: captureLog().log });
      await second.close();
      assert.equal(await store.redis.get(store.prefix + TOKEN_KEY_FINGERPRINT), tokenKeyId(buf(keyB)));

      // With no key id recorded (forgotten, or never started), the stored tokens say which key is the
      // deployment's: a token sealed with B refuses set and rekey with A.
      const setB = await runMain(['token', 'set', w.admin.id], { ...cli, TOKEN_ENCRYPTION_KEY: keyB }, token);
      assert.equal(setB.code, 0, setB.stderr);
      await store.redis.del(store.prefix + TOKEN_KEY_FINGERPRINT);
      for (const args of [['set', w.admin.id], ['rekey']]) {
        const r = await runMain(
          ['token', ...args],
          { ...cli, TOKEN_ENCRYPTION_KEY: keyA, TOKEN_ENCRYPTION_KEY_PREVIOUS: keyB },
          token,
        );
        assert.equal(r.code, 2, r.stdout + r.stderr);
        assert.match(r.stderr, new RegExp(`stored tokens were sealed with key id ${tokenKeyId(buf(keyB))}`));
      }
      assert.equal(await kidOf(store, w.admin.id), tokenKeyId(buf(keyB)), 'nothing re-sealed');
    } finally {
      await store.cleanup();
    }
  });
});

describe('rotating TOKEN_ENCRYPTION_KEY with admins signed in', function () {
  this.timeout(90_000);
  const keyA = newKey();
  const keyB = newKey();
  let h: Harness;
  afterEach(async () => h?.close());

  it('current key new, previous key old: nobody is signed out, records are re-sealed on use; rekey does the rest', async () => {
    const old = await startHarness({ env: { TOKEN_ENCRYPTION_KEY: keyA } });
    const adminToken = await old.grant(old.admin.id);
    const readerToken = await old.grant(old.readOnly.id);
    await old.stop();
    const store = old.store;
    const secrets = [keyA, keyB, adminToken, readerToken];

    h = await startHarness({
      alongside: old,
      env: { TOKEN_ENCRYPTION_KEY: keyB, TOKEN_ENCRYPTION_KEY_PREVIOUS: keyA },
    });
    const show = await h.ask(h.dm.id, h.admin.id, '/voicemail show', { timeoutMs: 10_000 });
    assert.match(show.markdown ?? '', /Voicemail passcode rules/);
    assert.equal(await kidOf(store, h.admin.id), tokenKeyId(buf(keyB)), 're-sealed with the new key on use');
    assert.equal(await kidOf(store, h.readOnly.id), tokenKeyId(buf(keyA)), 'not yet used, still the old key');
    assert.equal(
      await store.redis.get(store.prefix + TOKEN_KEY_FINGERPRINT),
      tokenKeyId(buf(keyB)),
      'the fingerprint names the current key',
    );
    await h.stop();
    const rotated = h;

    const cli = {
      WEBEX_API_URL: h.em.apiBase,
      REDIS_URL,
      REDIS_KEY_PREFIX: store.prefix,
      TOKEN_ENCRYPTION_KEY: keyB,
    };
    const outputs: RunResult[] = [];
    const before = await runMain(['token', 'verify', '--json'], {
      ...cli,
      TOKEN_ENCRYPTION_KEY_PREVIOUS: keyA,
    });
    outputs.push(before);
    assert.equal(before.code, 0, before.stderr);
    assert.deepEqual(JSON.parse(before.stdout), {
      total: 2,
      current: 1,
      previous: 1,
      unreadable: [],
      damaged: [],
    });

    const rekey = await runMain(['token', 'rekey'], { ...cli, TOKEN_ENCRYPTION_KEY_PREVIOUS: keyA });
    outputs.push(rekey);
    assert.equal(rekey.code, 0, rekey.stderr);
    assert.match(
      rekey.stdout,
      /2 stored token\(s\): 1 re-sealed with TOKEN_ENCRYPTION_KEY, 1 already sealed/,
    );
    const again = await runMain(['token', 'rekey', '--json'], {
      ...cli,
      TOKEN_ENCRYPTION_KEY_PREVIOUS: keyA,
    });
    outputs.push(again);
    assert.deepEqual(JSON.parse(again.stdout), {
      total: 2,
      resealed: 0,
      current: 2,
      unreadable: 0,
      damaged: 0,
    });

    // The old key is no longer needed: verify without it, and the bot starts and serves with the new key only.
    const after = await runMain(['token', 'verify'], cli);
    outputs.push(after);
    assert.equal(after.code, 0, after.stdout + after.stderr);
    assert.match(after.stdout, /2 stored token\(s\): 2 open with TOKEN_ENCRYPTION_KEY, 0 with/);
    await h.close();
    h = await startHarness({ alongside: old, env: { TOKEN_ENCRYPTION_KEY: keyB } });
    const show2 = await h.ask(h.dm.id, h.admin.id, '/voicemail show', { timeoutMs: 10_000 });
    assert.match(show2.markdown ?? '', /Voicemail passcode rules/);

    assertNoSecrets(
      [
        ...outputs.flatMap((o) => [o.stdout, o.stderr]),
        old.logs.text(),
        rotated.logs.text(),
        h.logs.text(),
        JSON.stringify(await store.dump()),
      ],
      secrets,
    );
    await old.close();
  });
});

describe('TOKEN_ENCRYPTION_KEY check when Redis answers only after start', function () {
  this.timeout(60_000);
  it('the check runs once Redis answers; a wrong key keeps /readyz 503 (tokenKeys: false) and is logged', async () => {
    const srv = await startOwnRedisServer();
    const seed = await openTestRedis(srv.url);
    const keyA = newKey();
    await createTokenStore(
      createRedisKeyValueStore(seed.redis, seed.prefix),
      createTokenCipher(buf(keyA)),
    ).put({
      personId: 'p-seeded',
      accessToken: 'tok-' + randomBytes(8).toString('hex'),
      scopes: [],
      source: 'cli',
      updatedAt: 1,
    });
    const w = await seedWorld();
    const logs = captureLog();
    let running: RunningBot | undefined;
    try {
      // Connected but silent: the start-up check cannot run, so it waits for Redis to become ready.
      srv.pause();
      const config = emulatorLiveConfig(
        { apiBase: w.em.apiBase, botToken: w.bot.token },
        { PORT: await freePort() },
        { REDIS_URL: srv.url, REDIS_KEY_PREFIX: seed.prefix, TOKEN_ENCRYPTION_KEY: newKey() },
      );
      running = await startBot(config, { log: logs.log, registrationRetryMs: 100 });
      srv.resume();
      const deadline = Date.now() + 15_000;
      let ready: { status: number; body: { checks?: Record<string, boolean> } };
      for (;;) {
        const res = await fetch(`${running.url}/readyz`);
        ready = { status: res.status, body: (await res.json()) as { checks?: Record<string, boolean> } };
        if (logs.text().includes('sealed with a key that is not configured') || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(logs.text(), /token key check deferred until Redis answers/);
      assert.match(logs.text(), /1 stored admin token\(s\) were sealed with a key that is not configured/);
      assert.equal(ready.status, 503);
      assert.equal(ready.body.checks?.tokenKeys, false);
      assert.ok(!logs.text().includes(keyA));
    } finally {
      await running?.close();
      await seed.cleanup();
      await srv.stop();
    }
  });
});

describe('a damaged token record seen by the bot', () => {
  it('a hash or non-JSON value under token:<person> counts as signed out (logged once, no WRONGTYPE); a new sign-in replaces it', async () => {
    const store = await openTestRedis();
    try {
      const logs = captureLog();
      const tokens = createTokenStore(
        createRedisKeyValueStore(store.redis, store.prefix),
        createTokenCipher(buf(newKey())),
        { log: logs.log },
      );
      await store.redis.hset(`${store.prefix}token:p-hash`, 'accessToken', 'x');
      await store.redis.set(`${store.prefix}token:p-text`, 'not json');
      for (const id of ['p-hash', 'p-hash', 'p-text']) assert.equal(await tokens.get(id), null);
      assert.equal(logs.text().match(/stored token record is damaged/g)?.length, 2, logs.text());
      await tokens.put({
        personId: 'p-hash',
        accessToken: 'tok-new',
        scopes: [],
        source: 'oauth',
        updatedAt: 1,
      });
      assert.equal((await tokens.get('p-hash'))?.accessToken, 'tok-new');
    } finally {
      await store.cleanup();
    }
  });
});
