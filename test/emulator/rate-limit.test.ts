import assert from 'node:assert/strict';
import type { Emulator } from '../../src/emulator/index.js';
import { getEmulator } from '../helpers/emulator.js';
import { call } from '../helpers/emulator-api.js';
import { ORGS_READ, TELEPHONY_READ, TELEPHONY_WRITE } from '../../src/auth/scopes.js';

const RULES = '/telephony/config/voicemail/rules';
const SCOPES = [ORGS_READ, TELEPHONY_READ, TELEPHONY_WRITE];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('emulator: per-token rate limit', () => {
  let em: Emulator;
  let pat: string;
  let quinn: string;
  let orgId: string;

  before(async () => {
    em = await getEmulator();
  });
  beforeEach(() => {
    em.reset();
    const f = em.seedFleet({ orgs: 2, colleague: { email: 'quinn@partner.test', displayName: 'Quinn' } });
    pat = em.issueToken(f.partner.id, SCOPES);
    quinn = em.issueToken(f.colleague?.id ?? '', SCOPES);
    orgId = f.orgs[0]?.id ?? '';
  });

  it('is off by default', async () => {
    const res = await Promise.all(Array.from({ length: 30 }, () => call(em, 'GET', RULES, { token: pat })));
    assert.deepEqual(new Set(res.map((r) => r.status)), new Set([200]));
    assert.equal(em.rateLimited(), 0);
  });

  it('answers 429 + Retry-After with a Webex error body past the burst, for that token only', async () => {
    em.configure({ rateLimit: { perSecond: 1, burst: 3, retryAfterS: 2 } });
    const path = `${RULES}?orgId=${orgId}`;
    for (let i = 0; i < 3; i++) assert.equal((await call(em, 'GET', path, { token: pat })).status, 200);
    const limited = await call(em, 'GET', path, { token: pat, headers: { TrackingID: 'fleet-1' } });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '2');
    assert.equal(limited.body.trackingId, 'fleet-1');
    assert.match(limited.body.errors[0].description, /rate limited/);
    assert.match(limited.body.message, /./);

    // Another token (a colleague of the same partner org) has its own bucket.
    for (let i = 0; i < 3; i++) assert.equal((await call(em, 'GET', path, { token: quinn })).status, 200);
    // Every route counts against the same bucket.
    assert.equal((await call(em, 'GET', '/organizations', { token: pat })).status, 429);

    assert.equal(em.rateLimited({ token: pat }), 2);
    assert.equal(em.rateLimited({ token: quinn }), 0);
    assert.equal(em.rateLimited(), 2);
    assert.equal(em.requestsFor({ status: 429 }).length, 2);
    assert.equal(em.requestsFor({ status: 429 })[0]?.query.orgId, orgId);
  });

  it('keeps refusing a token that does not wait out Retry-After, then lets it through', async () => {
    em.configure({ rateLimit: { perSecond: 5, burst: 1, retryAfterS: 1 } });
    assert.equal((await call(em, 'GET', RULES, { token: pat })).status, 200);
    assert.equal((await call(em, 'GET', RULES, { token: pat })).status, 429);
    await sleep(300); // the bucket has refilled, but Retry-After has not passed
    const early = await call(em, 'GET', RULES, { token: pat });
    assert.equal(early.status, 429);
    assert.equal(early.headers.get('retry-after'), '1');
    await sleep(800);
    assert.equal((await call(em, 'GET', RULES, { token: pat })).status, 200);
    assert.equal(em.rateLimited({ token: pat }), 2);
  });

  it('derives Retry-After from the refill rate when not configured, and paces a steady client', async () => {
    em.configure({ rateLimit: { perSecond: 0.5, burst: 1 } });
    assert.equal((await call(em, 'GET', RULES, { token: pat })).status, 200);
    const limited = await call(em, 'GET', RULES, { token: pat });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '2');

    em.configure({ rateLimit: { perSecond: 10, burst: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await call(em, 'GET', RULES, { token: quinn })).status);
      await sleep(110);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200], 'a client within the rate is never refused');
  });

  it('can limit one route family, and configure(null) or reset() turns it off', async () => {
    em.configure({ rateLimit: { perSecond: 1, burst: 1, retryAfterS: 5, path: '/telephony' } });
    assert.equal((await call(em, 'GET', RULES, { token: pat })).status, 200);
    assert.equal((await call(em, 'GET', RULES, { token: pat })).status, 429);
    assert.equal((await call(em, 'GET', '/organizations', { token: pat })).status, 200, 'other routes free');
    em.configure({ rateLimit: null });
    assert.equal((await call(em, 'GET', RULES, { token: pat })).status, 200);
    em.configure({ rateLimit: { perSecond: 1, burst: 1 } });
    em.reset();
    assert.equal(em.state.config.rateLimit, null);
    assert.equal(em.rateLimited(), 0);
  });

  it('never answers 429 to a call without a valid token (401 first)', async () => {
    em.configure({ rateLimit: { perSecond: 1, burst: 1 } });
    for (let i = 0; i < 3; i++) assert.equal((await call(em, 'GET', RULES, { token: 'nope' })).status, 401);
    assert.equal((await call(em, 'GET', RULES, { token: pat })).status, 200);
  });
});
