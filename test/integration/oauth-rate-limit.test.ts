import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { startOwnRedisServer, type OwnRedisServer } from '../helpers/redis-server.js';

const LIMIT = 30;

/** The sign-in routes' rate limit over real HTTP: per client address, shared by instances through Redis. */
describe('OAuth rate limit (TRUST_PROXY, Redis-backed)', function () {
  this.timeout(60_000);
  const open: Harness[] = [];
  let srv: OwnRedisServer | undefined;
  afterEach(async () => {
    srv?.resume();
    for (const h of open.splice(0).reverse()) await h.close();
    await srv?.stop();
    srv = undefined;
  });
  const harness = async (opts: Parameters<typeof startHarness>[0]) => {
    const h = await startHarness({ oauth: true, ...opts });
    open.push(h);
    return h;
  };
  const login = (h: Harness, forwardedFor?: string) =>
    fetch(`${h.running.url}/oauth/login?state=nope`, {
      redirect: 'manual',
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    }).then((r) => r.status);

  it('TRUST_PROXY off (default): a client that changes X-Forwarded-For on every request still hits the limit', async () => {
    const h = await harness({});
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) statuses.push(await login(h, `203.0.113.${i}`));
    assert.deepEqual(
      statuses.slice(0, LIMIT),
      Array(LIMIT).fill(400),
      'the expired-link page, until the limit',
    );
    assert.equal(statuses[LIMIT], 429);
  });

  it('TRUST_PROXY=1: the client address comes from the proxy, so distinct clients are counted apart', async () => {
    const h = await harness({ env: { TRUST_PROXY: '1' } });
    for (let i = 0; i <= LIMIT; i++) assert.equal(await login(h, `203.0.113.${i}`), 400);
    for (let i = 0; i < LIMIT; i++) assert.equal(await login(h, '198.51.100.7'), 400);
    assert.equal(await login(h, '198.51.100.7'), 429);
  });

  it('two instances on one Redis share the limit', async () => {
    const a = await harness({});
    const b = await harness({ alongside: a });
    for (let i = 0; i < LIMIT / 2; i++) assert.equal(await login(a), 400);
    for (let i = 0; i < LIMIT / 2; i++) assert.equal(await login(b), 400);
    assert.equal(await login(b), 429, 'the 31st request, to the other instance');
    assert.equal(await login(a), 429);
  });

  it('Redis down: the limiter lets requests through (fails open) and they fail fast on their own, never 429', async () => {
    srv = await startOwnRedisServer();
    const h = await harness({ redisUrl: srv.url });
    assert.equal(await login(h), 400);
    await srv.kill();
    const t0 = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT + 5; i++) statuses.push(await login(h));
    assert.ok(Date.now() - t0 < 5000, 'no request waited for Redis');
    assert.equal(statuses.length, LIMIT + 6);
    assert.ok(!statuses.includes(429), `no "slow down" for an outage: ${statuses.join(',')}`);
    // A well-formed link is not called "expired" (400): it may be fine; storage is what is missing.
    const wellFormed = await fetch(`${h.running.url}/oauth/login?state=${'A'.repeat(43)}`, {
      redirect: 'manual',
    });
    assert.equal(wellFormed.status, 503);
    assert.match(await wellFormed.text(), /cannot reach its storage/);
    assert.ok(
      !statuses.some((s) => s >= 300 && s < 400),
      'no redirect to Webex: the sign-in state cannot be read',
    );
    assert.equal(
      h.logs.lines.filter((l) => l.includes('OAuth rate limit cannot reach Redis')).length,
      1,
      'said once, not per request',
    );
    await srv.restart();
  });
});
