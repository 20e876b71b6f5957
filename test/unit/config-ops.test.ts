import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseConfig } from '../../src/config.js';

/** The operations settings of issue 9: secret rotation, the commit shown by /version, allow-list files. */
describe('parseConfig: operations settings', () => {
  const good = {
    WEBEX_BOT_TOKEN: 'x'.repeat(40),
    PUBLIC_URL: 'https://bot.example.com',
    WEBHOOK_SECRET: 's'.repeat(24),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };

  it('METRICS_TOKEN: unset turns /metrics off; a short or spaced one is named, its value never echoed', () => {
    const none = parseConfig(good);
    assert.ok(none.ok && none.config.mode === 'live');
    assert.equal(none.config.METRICS_TOKEN, undefined);
    const empty = parseConfig({ ...good, METRICS_TOKEN: '' });
    assert.ok(empty.ok && empty.config.mode === 'live' && empty.config.METRICS_TOKEN === undefined);
    const token = randomBytes(16).toString('hex');
    const set = parseConfig({ ...good, METRICS_TOKEN: token });
    assert.ok(set.ok && set.config.mode === 'live');
    assert.equal(set.config.METRICS_TOKEN, token);
    for (const bad of ['tooshort99', 'sixteen chars with spaces']) {
      const r = parseConfig({ ...good, METRICS_TOKEN: bad });
      assert.ok(!r.ok);
      assert.deepEqual(
        r.problems.map((p) => p.split(':')[0]),
        ['METRICS_TOKEN'],
      );
      assert.ok(!r.problems.join().includes(bad), 'the value is not echoed');
    }
  });

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

  it('a REDIS_URL that does not parse is named, not reported as "Invalid URL" at start', () => {
    const r = parseConfig({ ...good, REDIS_URL: 'redis://:pw@[bad' });
    assert.ok(!r.ok);
    assert.deepEqual(r.problems, ['REDIS_URL: must be a redis:// or rediss:// URL']);
    const escape = parseConfig({ ...good, REDIS_URL: 'redis://:p%zzw@127.0.0.1:6379' });
    assert.ok(!escape.ok);
    assert.deepEqual(escape.problems, [
      'REDIS_URL: its user name or password has a % not followed by two hex digits: write a % as %25',
    ]);
    assert.ok(parseConfig({ ...good, REDIS_URL: 'redis://:p%25w@127.0.0.1:6379' }).ok);
  });

  it('WEBHOOK_SECRET_PREVIOUS without a bot token is a live deployment, not a sandbox', () => {
    const r = parseConfig({ WEBHOOK_SECRET_PREVIOUS: 'p'.repeat(20) });
    assert.ok(!r.ok);
    assert.match(r.problems[0]!, /^WEBEX_BOT_TOKEN: is required.*WEBHOOK_SECRET_PREVIOUS/);
  });
});

describe('parseConfig: the deployed commit', () => {
  const good = {
    WEBEX_BOT_TOKEN: 'x'.repeat(40),
    PUBLIC_URL: 'https://bot.example.com',
    WEBHOOK_SECRET: 's'.repeat(24),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  const commitOf = (env: Record<string, string>) => {
    const r = parseConfig({ ...good, ...env });
    assert.ok(r.ok && r.config.mode === 'live', JSON.stringify(r));
    return r.config.commit;
  };

  it('is taken from GIT_COMMIT, else SOURCE_VERSION (Heroku build), else HEROKU_SLUG_COMMIT (dyno metadata)', () => {
    assert.equal(commitOf({}), undefined);
    assert.equal(commitOf({ HEROKU_SLUG_COMMIT: 'c3' }), 'c3');
    assert.equal(commitOf({ HEROKU_SLUG_COMMIT: 'c3', SOURCE_VERSION: 'c2' }), 'c2');
    assert.equal(commitOf({ HEROKU_SLUG_COMMIT: 'c3', SOURCE_VERSION: 'c2', GIT_COMMIT: ' c1 ' }), 'c1');
  });

  it('a value that is no commit id is refused, naming the variable', () => {
    const r = parseConfig({ ...good, SOURCE_VERSION: '<script>' });
    assert.ok(!r.ok);
    assert.deepEqual(
      r.problems.map((p) => p.split(':')[0]),
      ['SOURCE_VERSION'],
    );
  });

  it('is not a live-mode variable: a CI machine that sets GIT_COMMIT still gets the sandbox', () => {
    const r = parseConfig({ GIT_COMMIT: 'abc123' });
    assert.ok(r.ok);
    assert.equal(r.config.mode, 'sandbox');
  });
});

describe('parseConfig: ALLOWED_ORG_IDS_FILE', () => {
  const good = {
    WEBEX_BOT_TOKEN: 'x'.repeat(40),
    PUBLIC_URL: 'https://bot.example.com',
    WEBHOOK_SECRET: 's'.repeat(24),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  const orgId = (i: number) =>
    Buffer.from(`ciscospark://us/ORGANIZATION/${randomUUID()}-${i}`).toString('base64url');
  const filesWith = (files: Record<string, string>) => ({
    readFile(path: string) {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
  });

  it('reads 500 ids (lines, commas, # comments, CRLF) and adds them to ALLOWED_ORG_IDS, once each', () => {
    const ids = Array.from({ length: 500 }, (_, i) => orgId(i));
    const lines = [
      '# partner customers, exported 2026-11-30',
      ...ids.slice(0, 200),
      '',
      `${ids.slice(200, 400).join(', ')} # a comma-separated block`,
      ...ids.slice(400).map((id) => `  ${id}\r`),
      ids[0], // a repeat
    ];
    const text = lines.join('\n');
    assert.ok(text.length > 32 * 1024, 'more than a typical environment variable limit');
    const r = parseConfig(
      { ...good, ALLOWED_ORG_IDS: 'own-org', ALLOWED_ORG_IDS_FILE: '/etc/vmbot/orgs.txt' },
      filesWith({ '/etc/vmbot/orgs.txt': text }),
    );
    assert.ok(r.ok && r.config.mode === 'live', JSON.stringify(!r.ok && r.problems));
    assert.deepEqual(r.config.ALLOWED_ORG_IDS, ['own-org', ...ids]);
  });

  it('a missing or empty file stops the start, naming the variable (an empty list would allow every org)', () => {
    const missing = parseConfig({ ...good, ALLOWED_ORG_IDS_FILE: '/nope.txt' }, filesWith({}));
    assert.ok(!missing.ok);
    assert.deepEqual(missing.problems, ['ALLOWED_ORG_IDS_FILE: cannot read /nope.txt (ENOENT)']);
    const empty = parseConfig(
      { ...good, ALLOWED_ORG_IDS_FILE: '/empty.txt' },
      filesWith({ '/empty.txt': '# nothing yet\n\n , \n' }),
    );
    assert.ok(!empty.ok);
    assert.deepEqual(empty.problems, ['ALLOWED_ORG_IDS_FILE: /empty.txt lists no org ids']);
  });

  it('a line that cannot be an org id (quotes, spaces inside) stops the start, naming the line; at most 5 are listed', () => {
    const ids = [orgId(1), orgId(2)];
    const text = [ids[0], `"${ids[1]}"`, 'Acme Corp', `${ids[0]};`, 'a b', 'x"', 'y"', 'z"', ids[1]].join(
      '\n',
    );
    const r = parseConfig({ ...good, ALLOWED_ORG_IDS_FILE: '/o.txt' }, filesWith({ '/o.txt': text }));
    assert.ok(!r.ok);
    assert.equal(r.problems.length, 6, r.problems.join('\n'));
    assert.match(
      r.problems[0]!,
      /^ALLOWED_ORG_IDS_FILE: \/o\.txt line 2: ".*" is not an org id \(.*no quotes or spaces\)$/,
    );
    assert.match(r.problems[1]!, /^ALLOWED_ORG_IDS_FILE: \/o\.txt line 3: "Acme Corp" is not an org id/);
    assert.match(r.problems[5]!, /^ALLOWED_ORG_IDS_FILE: \/o\.txt: 2 more lines like these$/);
    // The same rule for the variable itself.
    const env = parseConfig({ ...good, ALLOWED_ORG_IDS: `${ids[0]}, 'quoted'` });
    assert.ok(!env.ok);
    assert.deepEqual(env.problems, [
      `ALLOWED_ORG_IDS: "'quoted'" is not an org id (org ids have only letters, digits and - _ + / =; no quotes or spaces)`,
    ]);
  });

  it('a blank value names what to do, not a length', () => {
    const r = parseConfig({ ...good, ALLOWED_ORG_IDS_FILE: '   ' }, filesWith({}));
    assert.ok(!r.ok);
    assert.deepEqual(r.problems, [
      'ALLOWED_ORG_IDS_FILE: is empty: give the path of a file that lists org ids, or leave it unset',
    ]);
  });

  it('is reported with the other problems, and is a live-mode variable', () => {
    const r = parseConfig(
      { ...good, WEBHOOK_SECRET: 'short', ALLOWED_ORG_IDS_FILE: '/nope.txt' },
      filesWith({}),
    );
    assert.ok(!r.ok);
    assert.deepEqual(r.problems.map((p) => p.split(':')[0]).sort(), [
      'ALLOWED_ORG_IDS_FILE',
      'WEBHOOK_SECRET',
    ]);
    const noToken = parseConfig({ ALLOWED_ORG_IDS_FILE: '/etc/vmbot/orgs.txt' });
    assert.ok(!noToken.ok);
    assert.match(noToken.problems[0]!, /^WEBEX_BOT_TOKEN: is required.*ALLOWED_ORG_IDS_FILE/);
  });
});
