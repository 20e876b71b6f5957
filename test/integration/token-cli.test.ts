import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { getEmulator } from '../helpers/emulator.js';
import { openTestRedis, REDIS_URL, type TestRedis } from '../helpers/redis.js';
import { runMain } from '../helpers/run-main.js';
import type { Emulator, EmPerson } from '../../src/emulator/index.js';
import { createRedisKeyValueStore } from '../../src/store/redis-key-value-store.js';
import { createTokenCipher } from '../../src/store/token-cipher.js';
import { createTokenStore } from '../../src/store/token-store.js';

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

describe('operator token CLI: verify, purge, --json, and list/delete without the key (own process)', function () {
  this.timeout(60_000);
  let em: Emulator;
  let store: TestRedis;
  const key = randomBytes(32).toString('base64');
  const lostKey = randomBytes(32).toString('base64');
  let env: Record<string, string>;
  let carol: EmPerson;
  let dave: EmPerson;
  const tokens: string[] = [];

  before(async () => {
    em = await getEmulator();
    em.reset();
    const org = em.createOrg({ displayName: 'Keys Org' });
    carol = em.createPerson({
      email: 'carol@keys.test',
      displayName: 'Carol',
      orgId: org.id,
      role: 'full_admin',
    });
    dave = em.createPerson({
      email: 'dave@keys.test',
      displayName: 'Dave',
      orgId: org.id,
      role: 'full_admin',
    });
    store = await openTestRedis();
    env = { WEBEX_API_URL: em.apiBase, REDIS_URL, REDIS_KEY_PREFIX: store.prefix, TOKEN_ENCRYPTION_KEY: key };
    const kv = createRedisKeyValueStore(store.redis, store.prefix);
    // Carol signed in under the configured key; Dave's record was sealed with a key that is gone.
    for (const [p, k] of [
      [carol, key],
      [dave, lostKey],
    ] as const) {
      const t = em.issueToken(p.id, ['spark:people_read']);
      tokens.push(t);
      await createTokenStore(kv, createTokenCipher(Buffer.from(k, 'base64'))).put({
        personId: p.id,
        orgId: org.id,
        email: p.emails[0],
        accessToken: t,
        refreshToken: `refresh-${t}`,
        scopes: [],
        source: 'oauth',
        updatedAt: Date.now(),
      });
    }
  });
  after(async () => store.cleanup());

  it('verify names who does not open (by email), with counts; --json; exit 1 so scripts notice', async () => {
    const text = await runMain(['token', 'verify'], env);
    assert.equal(text.code, 1, text.stderr);
    assert.match(
      text.stdout,
      /2 stored token\(s\): 1 open with TOKEN_ENCRYPTION_KEY, 0 with .*, 1 with no configured key/,
    );
    assert.match(text.stdout, new RegExp(`does not open: ${dave.id} <dave@keys.test>`));
    const json = await runMain(['token', 'verify', '--json'], env);
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.stdout), {
      total: 2,
      current: 1,
      previous: 0,
      unreadable: [{ personId: dave.id, email: 'dave@keys.test' }],
      damaged: [],
    });
    for (const out of [text.stdout, text.stderr, json.stdout, json.stderr])
      for (const s of [...tokens, key, lostKey]) assert.ok(!out.includes(s), 'no token or key printed');
  });

  it('list (--json too) and delete work without TOKEN_ENCRYPTION_KEY; verify, rekey and set say they need it', async () => {
    const noKey = { ...env, TOKEN_ENCRYPTION_KEY: '' };
    const list = await runMain(['token', 'list'], noKey);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`${carol.id} <carol@keys.test>`));
    const json = await runMain(['token', 'list', '--json'], noKey);
    const parsed = JSON.parse(json.stdout) as { tokens: { personId: string; email?: string }[] };
    assert.deepEqual(
      parsed.tokens.map((t) => [t.personId, t.email]),
      [
        [carol.id, 'carol@keys.test'],
        [dave.id, 'dave@keys.test'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    for (const cmd of [['verify'], ['rekey'], ['set', carol.id]]) {
      const r = await runMain(['token', ...cmd], noKey, tokens[0]);
      assert.equal(r.code, 2, cmd.join(' '));
      assert.match(r.stderr, /TOKEN_ENCRYPTION_KEY is not set/);
    }
    for (const out of [list.stdout, list.stderr, json.stdout])
      for (const s of [...tokens, key, lostKey]) assert.ok(!out.includes(s), 'no token or key printed');
    const del = await runMain(['token', 'delete', dave.id], noKey);
    assert.equal(del.code, 0, del.stderr);
    assert.match(del.stdout, /deleted the token of/);
  });

  it('purge refuses without a terminal unless --yes; purge --all --yes deletes every token', async () => {
    const refused = await runMain(['token', 'purge', '--all'], env);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /without confirmation: not at a terminal; add --yes/);
    assert.equal(
      (JSON.parse((await runMain(['token', 'list', '--json'], env)).stdout) as { tokens: [] }).tokens.length,
      1,
    );
    // The one left is Carol's; her chosen customer org must go with her token.
    await store.redis.set(`${store.prefix}org-choice:${carol.id}`, JSON.stringify({ orgId: 'o-customer' }));
    const purged = await runMain(['token', 'purge', '--all', '--yes'], env);
    assert.equal(purged.code, 0, purged.stderr);
    assert.match(purged.stdout, /deleted 1 stored token/);
    assert.equal(
      await store.redis.exists(`${store.prefix}org-choice:${carol.id}`),
      0,
      'org choice forgotten too',
    );
    assert.match((await runMain(['token', 'list'], env)).stdout, /no stored tokens/);
    const raw = JSON.stringify(await store.dump());
    for (const s of [...tokens, key, lostKey]) assert.ok(!raw.includes(s), 'no token or key in Redis');
  });
});

describe('operator token CLI: damaged records and keys of another type under token: (own process)', function () {
  this.timeout(60_000);
  let em: Emulator;
  let store: TestRedis;
  const key = randomBytes(32).toString('base64');
  let env: Record<string, string>;
  let erin: EmPerson;
  let token: string;

  before(async () => {
    em = await getEmulator();
    em.reset();
    const org = em.createOrg({ displayName: 'Damaged Org' });
    erin = em.createPerson({
      email: 'erin@dmg.test',
      displayName: 'Erin',
      orgId: org.id,
      role: 'full_admin',
    });
    store = await openTestRedis();
    env = { WEBEX_API_URL: em.apiBase, REDIS_URL, REDIS_KEY_PREFIX: store.prefix, TOKEN_ENCRYPTION_KEY: key };
    token = em.issueToken(erin.id, ['spark:people_read']);
    await createTokenStore(
      createRedisKeyValueStore(store.redis, store.prefix),
      createTokenCipher(Buffer.from(key, 'base64')),
    ).put({ personId: erin.id, accessToken: token, scopes: [], source: 'cli', updatedAt: Date.now() });
    // Written by hand or by another program: not JSON, JSON of another shape, a hash, a key naming a control character.
    await store.redis.set(`${store.prefix}token:p-not-json`, 'garbage{');
    await store.redis.set(`${store.prefix}token:p-other-shape`, JSON.stringify({ personId: 'someone-else' }));
    await store.redis.hset(`${store.prefix}token:p-hash`, 'accessToken', 'x');
    await store.redis.set(`${store.prefix}token:p-\u001b[31mred`, 'x');
  });
  after(async () => store.cleanup());

  it('list and verify show each one as damaged (no WRONGTYPE failure); verify exits 1; purge <id> and --all remove them', async () => {
    const list = await runMain(['token', 'list'], env);
    assert.equal(list.code, 0, list.stderr);
    for (const [id, reason] of [
      ['p-not-json', 'not a token record'],
      ['p-other-shape', 'not a token record'],
      ['p-hash', 'not a string value'],
    ])
      assert.match(
        list.stdout,
        new RegExp(`^${id}  DAMAGED \\(${reason}\\): counts as signed out; remove with .*purge ${id}`, 'm'),
      );
    assert.match(
      list.stdout,
      /^p-\?\[31mred {2}DAMAGED/m,
      'a control character is not printed to the terminal',
    );
    assert.ok(!list.stdout.includes('\u001b'));
    assert.match(list.stdout, new RegExp(`^${erin.id}  org=`, 'm'));
    const json = JSON.parse((await runMain(['token', 'list', '--json'], env)).stdout) as {
      tokens: unknown[];
      damaged: { personId: string; reason: string }[];
    };
    assert.equal(json.tokens.length, 1);
    assert.deepEqual(json.damaged.map((d) => d.personId).sort(), [
      'p-\u001b[31mred',
      'p-hash',
      'p-not-json',
      'p-other-shape',
    ]);

    const verify = await runMain(['token', 'verify'], env);
    assert.equal(verify.code, 1, verify.stderr);
    assert.match(
      verify.stdout,
      /5 stored token\(s\): 1 open with TOKEN_ENCRYPTION_KEY, .*0 with no configured key, 4 damaged/,
    );
    const rekey = await runMain(['token', 'rekey', '--json'], env);
    assert.equal(rekey.code, 1, `tokens left unreadable: a script notices ${rekey.stderr}`);
    assert.deepEqual(JSON.parse(rekey.stdout), {
      total: 5,
      resealed: 0,
      current: 1,
      unreadable: 0,
      damaged: 4,
    });

    const one = await runMain(['token', 'purge', 'p-hash', '--yes'], env);
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /deleted 1 stored token/);
    assert.equal(await store.redis.exists(`${store.prefix}token:p-hash`), 0);
    const all = await runMain(['token', 'purge', '--all', '--yes'], env);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /deleted 4 stored token/);
    assert.deepEqual(await store.redis.keys(`${store.prefix}token:*`), []);
    for (const out of [list.stdout, verify.stdout, rekey.stdout]) assert.ok(!out.includes(token));
  });
});
