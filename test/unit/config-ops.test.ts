import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { parseConfig } from '../../src/config.js';

/** The operations settings of issue 9: secret rotation, the commit shown by /version, allow-list files. */
describe('parseConfig: operations settings', () => {
  const good = {
    WEBEX_BOT_TOKEN: 'x'.repeat(40),
    PUBLIC_URL: 'https://bot.example.com',
    WEBHOOK_SECRET: 's'.repeat(24),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };

  it('WEBHOOK_SECRET_PREVIOUS is optional and follows the rules of WEBHOOK_SECRET', () => {
    const none = parseConfig(good);
    assert.ok(none.ok && none.config.mode === 'live');
    assert.equal(none.config.WEBHOOK_SECRET_PREVIOUS, undefined);
    const set = parseConfig({ ...good, WEBHOOK_SECRET_PREVIOUS: 'p'.repeat(20) });
    assert.ok(set.ok && set.config.mode === 'live');
    assert.equal(set.config.WEBHOOK_SECRET_PREVIOUS, 'p'.repeat(20));
    const short = parseConfig({ ...good, WEBHOOK_SECRET_PREVIOUS: 'short' });
    assert.ok(!short.ok);
    assert.deepEqual(
      short.problems.map((p) => p.split(':')[0]),
      ['WEBHOOK_SECRET_PREVIOUS'],
    );
    assert.match(short.problems[0]!, /at least 16/);
    assert.ok(!short.problems.join().includes('short'), 'the value is not echoed');
  });

  it('WEBHOOK_SECRET_PREVIOUS without a bot token is a live deployment, not a sandbox', () => {
    const r = parseConfig({ WEBHOOK_SECRET_PREVIOUS: 'p'.repeat(20) });
    assert.ok(!r.ok);
    assert.match(r.problems[0]!, /^WEBEX_BOT_TOKEN: is required.*WEBHOOK_SECRET_PREVIOUS/);
  });
});
