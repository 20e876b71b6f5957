import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { getEmulator } from '../helpers/emulator.js';
import { openTestRedis, REDIS_URL, type TestRedis } from '../helpers/redis.js';
import { runMain } from '../helpers/run-main.js';
import type { Emulator, EmPerson } from '../../src/emulator/index.js';

describe('operator token CLI (`npm run token -- …`, as its own process)', function () {
  this.timeout(60_000);
  let em: Emulator;
  let store: TestRedis;
  let env: Record<string, string>;
  let alice: EmPerson;
  let bob: EmPerson;

  before(async () => {
    em = await getEmulator();
    em.reset();
    const org = em.createOrg({ displayName: 'CLI Org' });
    alice = em.createPerson({
      email: 'alice@cli.test',
      displayName: 'Alice Admin',
      orgId: org.id,
      role: 'full_admin',
    });
    bob = em.createPerson({
      email: 'bob@cli.test',
      displayName: 'Bob Admin',
      orgId: org.id,
      role: 'full_admin',
    });
    store = await openTestRedis();
    env = {
      WEBEX_API_URL: em.apiBase,
      REDIS_URL,
      REDIS_KEY_PREFIX: store.prefix,
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    };
  });
  after(async () => store.cleanup());

  it('set: checks the token with Webex, stores it encrypted for that person, prints no token; list; delete', async () => {
    const token = em.issueToken(alice.id, [
      'spark:people_read',
      'spark-admin:telephony_config_read',
      'spark-admin:telephony_config_write',
    ]);
    const refresh = 'refresh-' + randomBytes(16).toString('hex');
    const set = await runMain(
      ['token', 'set', alice.id, '--expires-in', '3600'],
      env,
      `${token}\n${refresh}\n`,
    );
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /stored a token for Alice Admin/);
    const list = await runMain(['token', 'list'], env);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(alice.id));
    assert.match(list.stdout, /refresh=yes/);
    for (const out of [set.stdout, set.stderr, list.stdout, list.stderr]) {
      assert.ok(!out.includes(token) && !out.includes(refresh), 'no token printed');
    }
    const raw = JSON.stringify(await store.dump());
    assert.ok(raw.includes(alice.id));
    assert.ok(!raw.includes(token) && !raw.includes(refresh), 'no token in plain text in Redis');

    const del = await runMain(['token', 'delete', alice.id], env);
    assert.equal(del.code, 0);
    assert.match(del.stdout, /deleted/);
    assert.doesNotMatch((await runMain(['token', 'list'], env)).stdout, new RegExp(alice.id));
  });

  it('refuses a token that belongs to someone else, or that Webex rejects, and stores nothing', async () => {
    const bobs = em.issueToken(bob.id, ['spark:people_read', 'spark-admin:telephony_config_read']);
    const wrong = await runMain(['token', 'set', alice.id], env, bobs);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /belongs to Bob Admin/);
    const bad = await runMain(['token', 'set', alice.id], env, 'not-a-real-token-at-all-xxxxxxxxxx');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /refused that token \(401\)/);
    assert.ok(!bad.stderr.includes('not-a-real-token'));
    const noPeople = em.issueToken(alice.id, ['spark-admin:telephony_config_read']);
    const cannotCheck = await runMain(['token', 'set', alice.id], env, noPeople);
    assert.equal(cannotCheck.code, 1);
    assert.match(cannotCheck.stderr, /spark:people_read/);
    const empty = await runMain(['token', 'set', alice.id], env, '');
    assert.equal(empty.code, 2);
    assert.deepEqual(await store.dump(), {});
  });

  it('explains its usage and names a bad variable', async () => {
    const usage = await runMain(['token', 'frobnicate'], env);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage:/);
    const bad = await runMain(['token', 'list'], { ...env, TOKEN_ENCRYPTION_KEY: 'short' });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /TOKEN_ENCRYPTION_KEY/);
  });
});

describe('`npm start` configuration errors (as its own process)', function () {
  this.timeout(30_000);
  it('live mode with missing or bad variables stops with a message naming each one', async () => {
    const r = await runMain([], { WEBEX_BOT_TOKEN: 'x'.repeat(40), WEBHOOK_SECRET: 'short' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot start/);
    assert.match(r.stderr, /PUBLIC_URL/);
    assert.match(r.stderr, /WEBHOOK_SECRET: .*16/);
    assert.match(r.stderr, /TOKEN_ENCRYPTION_KEY/);
    assert.ok(!r.stderr.includes('x'.repeat(40)));
  });

  it('live mode with a bot token Webex refuses stops with that reason, without printing the token', async () => {
    const em = await getEmulator();
    const token = 'refused-bot-token-' + randomBytes(16).toString('hex');
    const r = await runMain([], {
      WEBEX_BOT_TOKEN: token,
      WEBEX_API_URL: em.apiBase,
      PUBLIC_URL: 'http://127.0.0.1:9',
      WEBHOOK_SECRET: randomBytes(12).toString('hex'),
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      REDIS_URL,
      REDIS_KEY_PREFIX: `vmbot-test-refused-${randomBytes(3).toString('hex')}:`,
      PORT: '0',
      LOG_LEVEL: 'silent',
    });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /WEBEX_BOT_TOKEN was refused by Webex \(401\)/);
    assert.ok(!(r.stdout + r.stderr).includes(token));
  });
});
