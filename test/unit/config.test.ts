import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { parseConfig } from '../../src/config.js';

describe('parseConfig', () => {
  const good = {
    WEBEX_BOT_TOKEN: 'x'.repeat(40),
    PUBLIC_URL: 'https://bot.example.com/',
    WEBHOOK_SECRET: 's'.repeat(24),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };

  it('accepts a complete live configuration with defaults', () => {
    const r = parseConfig(good);
    assert.ok(r.ok);
    assert.equal(r.config.mode, 'live');
    assert.equal(r.config.PUBLIC_URL, 'https://bot.example.com');
    assert.equal(r.config.WEBEX_API_URL, 'https://webexapis.com/v1');
    assert.equal(r.config.PORT, 3000);
    assert.equal(r.config.REDIS_URL, 'redis://127.0.0.1:6379');
  });

  it('checks the webhooks every 300 s by default; WEBHOOK_CHECK_INTERVAL_S changes it', () => {
    const r = parseConfig(good);
    assert.ok(r.ok && r.config.mode === 'live');
    assert.equal(r.config.WEBHOOK_CHECK_INTERVAL_S, 300);
    const set = parseConfig({ ...good, WEBHOOK_CHECK_INTERVAL_S: '60' });
    assert.ok(set.ok && set.config.mode === 'live');
    assert.equal(set.config.WEBHOOK_CHECK_INTERVAL_S, 60);
  });

  it('without a bot token chooses the sandbox, on loopback, and notes ignored live variables', () => {
    const r = parseConfig({ PUBLIC_URL: 'https://x.example.com' });
    assert.ok(r.ok);
    assert.equal(r.config.mode, 'sandbox');
    assert.equal(r.config.HOST, '127.0.0.1');
    assert.ok(r.config.mode === 'sandbox' && r.config.ignored.includes('PUBLIC_URL'));
  });

  it('a bad sandbox variable still stops with its name', () => {
    const r = parseConfig({ PORT: 'abc' });
    assert.ok(!r.ok);
    assert.match(r.problems[0]!, /^PORT: /);
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    [
      'short key',
      { TOKEN_ENCRYPTION_KEY: randomBytes(16).toString('base64') },
      /^TOKEN_ENCRYPTION_KEY: .*32/,
    ],
    ['bad url', { PUBLIC_URL: 'not a url' }, /^PUBLIC_URL: /],
    ['short secret', { WEBHOOK_SECRET: 'short' }, /^WEBHOOK_SECRET: .*16/],
    ['bad port', { PORT: '99999' }, /^PORT: /],
    ['bad redis', { REDIS_URL: 'http://x' }, /^REDIS_URL: /],
    ['webhook check too often', { WEBHOOK_CHECK_INTERVAL_S: '1' }, /^WEBHOOK_CHECK_INTERVAL_S: .*10/],
    ['webhook check not a number', { WEBHOOK_CHECK_INTERVAL_S: 'often' }, /^WEBHOOK_CHECK_INTERVAL_S: /],
  ];
  for (const [name, patch, want] of bad) {
    it(`names the variable for a ${name}`, () => {
      const r = parseConfig({ ...good, ...patch });
      assert.ok(!r.ok);
      assert.equal(r.problems.length, 1);
      assert.match(r.problems[0]!, want);
    });
  }

  it('never echoes a secret value in its problems', () => {
    const r = parseConfig({ ...good, WEBHOOK_SECRET: 'tiny-secret' });
    assert.ok(!r.ok);
    assert.ok(!r.problems.join('\n').includes('tiny-secret'));
  });
});
