import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { parseConfig, parseStoreConfig, parseWebhooksConfig, LIVE_MODE_VARIABLES } from '../../src/config.js';
import { redisFailureReason, redisPasswords, redisTarget, whereRedis } from '../../src/store/create-redis.js';

const good = {
  WEBEX_BOT_TOKEN: 'x'.repeat(40),
  PUBLIC_URL: 'https://bot.example.com/',
  WEBHOOK_SECRET: 's'.repeat(24),
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};
const problems = (env: Record<string, string>) => {
  const r = parseConfig({ ...good, ...env });
  return r.ok ? [] : r.problems;
};

describe('config: Redis through Sentinel', () => {
  it('REDIS_SENTINELS and REDIS_SENTINEL_NAME select the sentinels; IPv6 in brackets, the port defaults to 26379', () => {
    const r = parseConfig({
      ...good,
      REDIS_SENTINELS: ' 10.0.0.1:26379, sentinel-b.internal:26380 ,[::1]:26381,[fd00::2],sentinel-c',
      REDIS_SENTINEL_NAME: 'mymaster',
      REDIS_PASSWORD: 'data pass',
      REDIS_SENTINEL_PASSWORD: 'sentinel-pass',
    });
    assert.ok(r.ok && r.config.mode === 'live', JSON.stringify(r));
    assert.deepEqual(r.config.REDIS_SENTINELS, [
      { host: '10.0.0.1', port: 26379 },
      { host: 'sentinel-b.internal', port: 26380 },
      { host: '::1', port: 26381 },
      { host: 'fd00::2', port: 26379 },
      { host: 'sentinel-c', port: 26379 },
    ]);
    const target = redisTarget(r.config);
    assert.deepEqual(target, {
      sentinels: r.config.REDIS_SENTINELS,
      name: 'mymaster',
      password: 'data pass',
      sentinelPassword: 'sentinel-pass',
    });
    assert.equal(
      whereRedis(target),
      'through REDIS_SENTINELS (10.0.0.1:26379,sentinel-b.internal:26380,[::1]:26381,[fd00::2]:26379,sentinel-c:26379, REDIS_SENTINEL_NAME mymaster)',
    );
    assert.deepEqual(redisPasswords(target), ['data pass', 'sentinel-pass']);
  });

  it('without them, REDIS_URL as before', () => {
    const r = parseConfig(good);
    assert.ok(r.ok && r.config.mode === 'live');
    assert.equal(redisTarget(r.config), 'redis://127.0.0.1:6379');
  });

  it('both or neither, and never beside REDIS_URL: each problem names its variable', () => {
    assert.match(
      problems({ REDIS_SENTINELS: '127.0.0.1:26379' }).join('\n'),
      /^REDIS_SENTINEL_NAME: is required when REDIS_SENTINELS/m,
    );
    assert.match(
      problems({ REDIS_SENTINEL_NAME: 'mymaster' }).join('\n'),
      /^REDIS_SENTINELS: is required when REDIS_SENTINEL_NAME/m,
    );
    assert.match(
      problems({
        REDIS_SENTINELS: '127.0.0.1:26379',
        REDIS_SENTINEL_NAME: 'mymaster',
        REDIS_URL: 'redis://10.0.0.5:6379',
      }).join('\n'),
      /^REDIS_URL: leave it unset when REDIS_SENTINELS is set/m,
    );
    assert.deepEqual(
      problems({ REDIS_PASSWORD: 'p', REDIS_SENTINEL_PASSWORD: 'q' }).map((p) => p.split(':')[0]),
      ['REDIS_PASSWORD', 'REDIS_SENTINEL_PASSWORD'],
    );
    // TLS is a rediss:// URL's; through sentinels it would be silently ignored.
    assert.match(
      problems({
        REDIS_SENTINELS: '127.0.0.1:26379',
        REDIS_SENTINEL_NAME: 'mymaster',
        REDIS_TLS_REJECT_UNAUTHORIZED: 'false',
      }).join('\n'),
      /^REDIS_TLS_REJECT_UNAUTHORIZED: TLS is not supported with REDIS_SENTINELS/m,
    );
  });

  for (const [value, why] of [
    ['::1:26379', /REDIS_SENTINELS: "::1:26379": an IPv6 address goes in brackets/],
    ['127.0.0.1:0', /REDIS_SENTINELS: "127.0.0.1:0": the port must be a number from 1 to 65535/],
    ['127.0.0.1:26379x', /the port must be/],
    ['host:', /the port must be/],
    ['[not-v6]:26379', /only an IPv6 address goes in brackets/],
    ['redis://127.0.0.1:26379', /REDIS_SENTINELS: "redis:\/\/127.0.0.1:26379": give host:port, not a URL/],
    [' , ', /REDIS_SENTINELS: must list at least one sentinel as host:port/],
  ] as const) {
    it(`refuses REDIS_SENTINELS=${JSON.stringify(value)}`, () => {
      const p = problems({ REDIS_SENTINELS: value, REDIS_SENTINEL_NAME: 'mymaster' });
      assert.match(p.join('\n'), why, p.join('\n'));
    });
  }

  it('a name with a space is refused', () => {
    assert.match(
      problems({ REDIS_SENTINELS: '127.0.0.1', REDIS_SENTINEL_NAME: 'my master' }).join('\n'),
      /^REDIS_SENTINEL_NAME: /m,
    );
  });

  it('the operator CLIs take the same variables, with the same checks', () => {
    const env = { REDIS_SENTINELS: '127.0.0.1:26379', REDIS_SENTINEL_NAME: 'mymaster', REDIS_PASSWORD: 'p' };
    const store = parseStoreConfig(env);
    assert.ok(store.ok);
    assert.equal(typeof redisTarget(store.config), 'object');
    const hooks = parseWebhooksConfig({ ...good, ...env });
    assert.ok(hooks.ok);
    assert.equal(typeof redisTarget(hooks.config), 'object');
    const half = parseStoreConfig({ REDIS_SENTINELS: '127.0.0.1:26379' });
    assert.ok(!half.ok);
    assert.match(half.problems.join('\n'), /^REDIS_SENTINEL_NAME: is required/m);
    const halfHooks = parseWebhooksConfig({ ...good, REDIS_SENTINEL_NAME: 'mymaster' });
    assert.ok(!halfHooks.ok);
    assert.match(halfHooks.problems.join('\n'), /^REDIS_SENTINELS: is required/m);
  });

  it('they are live-mode variables: set without a bot token, no sandbox starts', () => {
    for (const k of ['REDIS_SENTINELS', 'REDIS_SENTINEL_NAME', 'REDIS_PASSWORD', 'REDIS_SENTINEL_PASSWORD'])
      assert.ok(LIVE_MODE_VARIABLES.includes(k), k);
  });

  it('never echoes a password in a problem, and a driver message has both taken out', () => {
    const p = problems({ REDIS_PASSWORD: 'hunter2-data', REDIS_SENTINEL_PASSWORD: 'hunter2-sentinel' });
    assert.ok(!p.join('\n').includes('hunter2'), p.join('\n'));
    const reason = redisFailureReason(new Error('auth failed for hunter2-data / hunter2-sentinel'), {
      sentinels: [{ host: '127.0.0.1', port: 26379 }],
      name: 'mymaster',
      password: 'hunter2-data',
      sentinelPassword: 'hunter2-sentinel',
    });
    assert.equal(reason, 'auth failed for *** / ***');
  });
});
