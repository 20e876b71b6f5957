import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { parseConfig, parseProxy, parseStoreConfig, SANDBOX_KEY_PREFIX } from '../../src/config.js';

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

  it('a drift watch reads its orgs every 900 s by default; DRIFT_CHECK_INTERVAL_S changes it, not below 60', () => {
    const r = parseConfig(good);
    assert.ok(r.ok && r.config.mode === 'live');
    assert.equal(r.config.DRIFT_CHECK_INTERVAL_S, 900);
    const set = parseConfig({ ...good, DRIFT_CHECK_INTERVAL_S: '120' });
    assert.ok(set.ok && set.config.mode === 'live');
    assert.equal(set.config.DRIFT_CHECK_INTERVAL_S, 120);
    const refused = parseConfig({ ...good, DRIFT_CHECK_INTERVAL_S: '5' });
    assert.ok(!refused.ok);
    assert.match(refused.problems.join('\n'), /^DRIFT_CHECK_INTERVAL_S: .*60/m);
  });

  it('PROCESS_ROLE: all by default (one process), web or worker when set; anything else is named', () => {
    const r = parseConfig(good);
    assert.ok(r.ok && r.config.mode === 'live');
    assert.equal(r.config.PROCESS_ROLE, 'all');
    assert.equal(r.config.EVENT_CONCURRENCY, 10);
    for (const role of ['web', 'worker', ' Worker '] as const) {
      const set = parseConfig({ ...good, PROCESS_ROLE: role });
      assert.ok(set.ok && set.config.mode === 'live');
      assert.equal(set.config.PROCESS_ROLE, role.trim().toLowerCase());
    }
    const refused = parseConfig({ ...good, PROCESS_ROLE: 'both', EVENT_CONCURRENCY: '0' });
    assert.ok(!refused.ok);
    assert.match(refused.problems.join('\n'), /^PROCESS_ROLE: must be all, web or worker/m);
    assert.match(refused.problems.join('\n'), /^EVENT_CONCURRENCY: .*1 to 100/m);
  });

  it('checks the webhooks every 300 s by default; WEBHOOK_CHECK_INTERVAL_S changes it', () => {
    const r = parseConfig(good);
    assert.ok(r.ok && r.config.mode === 'live');
    assert.equal(r.config.WEBHOOK_CHECK_INTERVAL_S, 300);
    const set = parseConfig({ ...good, WEBHOOK_CHECK_INTERVAL_S: '60' });
    assert.ok(set.ok && set.config.mode === 'live');
    assert.equal(set.config.WEBHOOK_CHECK_INTERVAL_S, 60);
  });

  it('fleet runs: 4 jobs per instance, 2 calls a second per admin, a progress edit every 3 s by default; each settable', () => {
    const r = parseConfig(good);
    assert.ok(r.ok && r.config.mode === 'live');
    assert.deepEqual(
      [r.config.FLEET_CONCURRENCY, r.config.FLEET_CALLS_PER_SECOND, r.config.FLEET_PROGRESS_INTERVAL_MS],
      [4, 2, 3000],
    );
    const set = parseConfig({
      ...good,
      FLEET_CONCURRENCY: '8',
      FLEET_CALLS_PER_SECOND: '5',
      FLEET_PROGRESS_INTERVAL_MS: '10000',
    });
    assert.ok(set.ok && set.config.mode === 'live');
    assert.deepEqual(
      [
        set.config.FLEET_CONCURRENCY,
        set.config.FLEET_CALLS_PER_SECOND,
        set.config.FLEET_PROGRESS_INTERVAL_MS,
      ],
      [8, 5, 10000],
    );
    for (const [name, bad, range] of [
      ['FLEET_CONCURRENCY', '0', '1 to 50'],
      ['FLEET_CALLS_PER_SECOND', '1.5', '1 to 100'],
      ['FLEET_PROGRESS_INTERVAL_MS', 'often', '0 to 600000'],
    ] as const) {
      const refused = parseConfig({ ...good, [name]: bad });
      assert.ok(!refused.ok);
      assert.deepEqual(refused.problems, [`${name}: must be a whole number from ${range}`]);
    }
  });

  it('keeps 1000 history entries per org by default; HISTORY_MAX_ENTRIES changes it, within 1 to 100000', () => {
    const r = parseConfig(good);
    assert.ok(r.ok && r.config.mode === 'live');
    assert.equal(r.config.HISTORY_MAX_ENTRIES, 1000);
    const set = parseConfig({ ...good, HISTORY_MAX_ENTRIES: '50' });
    assert.ok(set.ok && set.config.mode === 'live');
    assert.equal(set.config.HISTORY_MAX_ENTRIES, 50);
    for (const bad of ['0', '100001', 'lots']) {
      const refused = parseConfig({ ...good, HISTORY_MAX_ENTRIES: bad });
      assert.ok(!refused.ok);
      assert.deepEqual(refused.problems, ['HISTORY_MAX_ENTRIES: must be a whole number from 1 to 100000']);
    }
  });

  it('without a bot token or any live variable chooses the sandbox, on loopback, under its own prefix', () => {
    const r = parseConfig({ PORT: '3001', REDIS_URL: 'redis://127.0.0.1:6379' });
    assert.ok(r.ok);
    assert.equal(r.config.mode, 'sandbox');
    assert.equal(r.config.HOST, '127.0.0.1');
    assert.equal(r.config.REDIS_KEY_PREFIX, SANDBOX_KEY_PREFIX);
  });

  const liveVars: Record<string, string> = {
    PUBLIC_URL: 'https://x.example.com',
    WEBHOOK_SECRET: 's'.repeat(24),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    WEBEX_CLIENT_ID: 'C123',
    WEBEX_CLIENT_SECRET: 'shh',
    WEBEX_API_URL: 'https://webexapis.com/v1',
    REDIS_KEY_PREFIX: 'vmbot:',
    ALLOWED_EMAIL_DOMAINS: 'acme.test',
    ALLOWED_ORG_IDS: 'o1',
    TRUST_PROXY: '1',
    FORM_TTL_MINUTES: '30',
  };
  for (const [name, value] of Object.entries(liveVars)) {
    it(`without a bot token but with ${name} set: no sandbox, and WEBEX_BOT_TOKEN is named as missing`, () => {
      const r = parseConfig({ [name]: value });
      assert.ok(!r.ok);
      assert.match(r.problems[0]!, /^WEBEX_BOT_TOKEN: is required/);
      assert.ok(r.problems[0]!.includes(name), r.problems[0]);
    });
  }

  it('NODE_ENV=production without a bot token: no sandbox', () => {
    const r = parseConfig({ NODE_ENV: 'production' });
    assert.ok(!r.ok);
    assert.match(r.problems[0]!, /^WEBEX_BOT_TOKEN: is required.*NODE_ENV/);
  });

  it('a production environment minus the bot token lists every other missing variable as required', () => {
    const r = parseConfig({
      NODE_ENV: 'production',
      REDIS_KEY_PREFIX: 'vmbot:',
      PUBLIC_URL: 'https://b.example',
    });
    assert.ok(!r.ok);
    assert.match(r.problems[0]!, /^WEBEX_BOT_TOKEN: is required/);
    assert.ok(r.problems.includes('WEBHOOK_SECRET: is required'), r.problems.join('\n'));
    assert.ok(r.problems.includes('TOKEN_ENCRYPTION_KEY: is required'), r.problems.join('\n'));
  });

  it('a missing required variable "is required", not a type error', () => {
    const r = parseConfig({ WEBEX_BOT_TOKEN: 'x'.repeat(40) });
    assert.ok(!r.ok);
    assert.deepEqual(r.problems.sort(), [
      'PUBLIC_URL: is required',
      'TOKEN_ENCRYPTION_KEY: is required',
      'WEBHOOK_SECRET: is required',
    ]);
    for (const p of r.problems) assert.doesNotMatch(p, /undefined|expected/);
  });

  it('parseStoreConfig (the token CLI) takes no key (list and delete need none) but names a bad one', () => {
    const r = parseStoreConfig({});
    assert.ok(r.ok);
    assert.equal(r.config.TOKEN_ENCRYPTION_KEY, undefined);
    const bad = parseStoreConfig({ TOKEN_ENCRYPTION_KEY: 'short', TOKEN_ENCRYPTION_KEY_PREVIOUS: 'short' });
    assert.ok(!bad.ok);
    assert.deepEqual(bad.problems.map((p) => p.split(':')[0]).sort(), [
      'TOKEN_ENCRYPTION_KEY',
      'TOKEN_ENCRYPTION_KEY_PREVIOUS',
    ]);
  });

  it("a live prefix may not reach into the sandbox's keys", () => {
    const r = parseConfig({ ...good, REDIS_KEY_PREFIX: 'vmbot-sandbox:live:' });
    assert.ok(!r.ok);
    assert.match(r.problems[0]!, /^REDIS_KEY_PREFIX: /);
  });

  describe('TRUST_PROXY', () => {
    const trust = (v?: string) => {
      const r = parseConfig({ ...good, ...(v === undefined ? {} : { TRUST_PROXY: v }) });
      if (!r.ok) return r.problems;
      return r.config.mode === 'live' ? r.config.TRUST_PROXY : undefined;
    };
    it('is off by default', () => assert.equal(trust(), false));
    it('takes false, 0 and off as off', () => {
      for (const v of ['false', '0', 'off', 'FALSE']) assert.equal(trust(v), false);
    });
    it('takes a hop count (Heroku: 1)', () => assert.equal(trust('1'), 1));
    it('takes proxy addresses as Express does', () =>
      assert.deepEqual(trust('loopback, 10.0.0.0/8,::1'), ['loopback', '10.0.0.0/8', '::1']));
    it('refuses true, naming the risk', () => {
      const p = trust('true');
      assert.ok(
        Array.isArray(p) && typeof p[0] === 'string' && /^TRUST_PROXY: .*any client/.test(p[0]),
        String(p),
      );
    });
    for (const v of ['yes', '10.0.0.0/40', '1.2.3', '99'])
      it(`refuses ${v}`, () => {
        const p = trust(v);
        assert.ok(
          Array.isArray(p) && typeof p[0] === 'string' && p[0].startsWith('TRUST_PROXY: '),
          String(p),
        );
      });
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
    [
      'short previous key',
      { TOKEN_ENCRYPTION_KEY_PREVIOUS: randomBytes(16).toString('base64') },
      /^TOKEN_ENCRYPTION_KEY_PREVIOUS: .*32/,
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

  const problemsFor = (env: Record<string, string>) => {
    const r = parseConfig({ ...good, ...env });
    return r.ok ? [] : r.problems;
  };

  it('numbers are plain whole numbers in range; anything else names the variable and the range', () => {
    for (const v of ['abc', '300s', '0x10', '1e1', '5', '-1', '3.5'])
      assert.deepEqual(problemsFor({ WEBHOOK_CHECK_INTERVAL_S: v }), [
        'WEBHOOK_CHECK_INTERVAL_S: must be a whole number from 10 to 86400',
      ]);
    assert.deepEqual(problemsFor({ SHUTDOWN_TIMEOUT_S: '0x10' }), [
      'SHUTDOWN_TIMEOUT_S: must be a whole number from 3 to 600',
    ]);
    assert.deepEqual(problemsFor({ FORM_TTL_MINUTES: 'abc' }), [
      'FORM_TTL_MINUTES: must be a whole number from 1 to 1440',
    ]);
  });

  it('PUBLIC_URL is the base only: /webhook, a query or a fragment are refused', () => {
    for (const v of ['https://x.example/webhook', 'https://x.example/?x=1', 'https://x.example/#a'])
      assert.match(problemsFor({ PUBLIC_URL: v }).join(), /PUBLIC_URL: must be the base URL only/, v);
    assert.deepEqual(problemsFor({ PUBLIC_URL: 'https://x.example/bots/vm' }), []);
  });

  it('a blank or space-padded WEBHOOK_SECRET is refused; one half of the integration alone is named', () => {
    assert.match(
      problemsFor({ WEBHOOK_SECRET: ' '.repeat(20) }).join(),
      /WEBHOOK_SECRET: must be at least 16/,
    );
    assert.deepEqual(problemsFor({ WEBEX_CLIENT_ID: 'C1' }), [
      'WEBEX_CLIENT_SECRET: is required when WEBEX_CLIENT_ID is set',
    ]);
    assert.deepEqual(problemsFor({ WEBEX_CLIENT_SECRET: 'shh' }), [
      'WEBEX_CLIENT_ID: is required when WEBEX_CLIENT_SECRET is set',
    ]);
  });

  it('LOG_LEVEL is read whatever its case', () => {
    const r = parseConfig({ ...good, LOG_LEVEL: 'INFO' });
    assert.ok(r.ok && r.config.LOG_LEVEL === 'info');
  });

  it('never echoes a secret value in its problems', () => {
    const r = parseConfig({ ...good, WEBHOOK_SECRET: 'tiny-secret' });
    assert.ok(!r.ok);
    assert.ok(!r.problems.join('\n').includes('tiny-secret'));
  });
});

describe('parseProxy', () => {
  it('reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY in either case, none means no proxy, a bad URL is named', () => {
    assert.deepEqual(parseProxy({}), { ok: true });
    assert.deepEqual(parseProxy({ https_proxy: 'http://proxy:3128', NO_PROXY: 'localhost' }), {
      ok: true,
      proxy: { httpsProxy: 'http://proxy:3128', httpProxy: undefined, noProxy: 'localhost' },
    });
    assert.deepEqual(parseProxy({ HTTP_PROXY: 'proxy:3128' }), {
      ok: false,
      problems: ['HTTP_PROXY: must be an http:// or https:// URL'],
    });
  });

  it("a proxy in a developer's shell does not stop the sandbox", () => {
    const r = parseConfig({ HTTPS_PROXY: 'http://proxy:3128' });
    assert.ok(r.ok && r.config.mode === 'sandbox');
  });
});
