import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config.js';

/**
 * Review 13b: REDIS_SENTINELS mistakes an operator makes. Each must stop the start with one clear line that
 * names the variable and says what is wrong, and never echo a credential.
 */
const base = {
  WEBEX_BOT_TOKEN: 'x'.repeat(30),
  PUBLIC_URL: 'https://bot.example.com',
  WEBHOOK_SECRET: 'a'.repeat(32),
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  REDIS_SENTINEL_NAME: 'mymaster',
};

const problems = (env: Record<string, string>): string[] => {
  const r = parseConfig({ ...base, ...env });
  return r.ok ? [] : r.problems;
};

describe('REDIS_SENTINELS: operator mistakes (outside review)', () => {
  it('a sentinel listed twice is refused (the same sentinel counted twice hides a missing third)', () => {
    const p = problems({ REDIS_SENTINELS: 's1:26379,s2:26379,s1:26379' });
    assert.equal(p.length, 1, `expected one problem, got ${JSON.stringify(p)}`);
    assert.match(p[0]!, /^REDIS_SENTINELS: .*(twice|duplicate|more than once)/i);
  });

  it('the default port written out and left out are the same sentinel', () => {
    const p = problems({ REDIS_SENTINELS: 's1,s1:26379' });
    assert.equal(p.length, 1, `expected one problem, got ${JSON.stringify(p)}`);
  });

  it('an IPv6 address without brackets gets the bracket hint, not "the port must be a number"', () => {
    for (const entry of ['fd00::1', 'fd00::1:26379', '2001:db8::5']) {
      const p = problems({ REDIS_SENTINELS: entry });
      assert.equal(p.length, 1);
      assert.match(p[0]!, /brackets/, `${entry}: ${p[0]}`);
    }
  });

  it('credentials pasted into REDIS_SENTINELS are not echoed in the start-up error', () => {
    const p = problems({ REDIS_SENTINELS: 'admin:hunter2-sentinel-pw@s1:26379' });
    assert.equal(p.length, 1);
    assert.match(p[0]!, /^REDIS_SENTINELS:/);
    assert.ok(!p[0]!.includes('hunter2-sentinel-pw'), `the password is in the message: ${p[0]}`);
  });

  it('a semicolon-separated list is told to use commas', () => {
    const p = problems({ REDIS_SENTINELS: 's1:26379;s2:26379' });
    assert.equal(p.length, 1);
    assert.match(p[0]!, /comma/i, p[0]);
  });

  it('a Docker Compose service name with an underscore is a host name', () => {
    // Docker's embedded DNS resolves service and container names such as redis_sentinel_1.
    assert.deepEqual(problems({ REDIS_SENTINELS: 'redis_sentinel_1:26379' }), []);
  });
});
