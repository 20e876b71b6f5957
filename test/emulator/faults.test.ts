import assert from 'node:assert/strict';
import type { Emulator } from '../../src/emulator/index.js';
import { getEmulator } from '../helpers/emulator.js';
import { call, seedOrg } from '../helpers/emulator-api.js';
import { TELEPHONY_READ, TELEPHONY_WRITE } from '../../src/auth/scopes.js';

const PATH = '/telephony/config/voicemail/rules';

describe('emulator: faults, latency, request log', () => {
  let em: Emulator;
  let w: ReturnType<typeof seedOrg>;
  let token: string;

  before(async () => {
    em = await getEmulator();
  });
  beforeEach(() => {
    em.reset();
    w = seedOrg(em);
    token = em.issueToken(w.admin.id, [TELEPHONY_READ, TELEPHONY_WRITE, 'spark:people_read']);
  });

  it('answers 429 with Retry-After for the next N matching calls, then normally', async () => {
    em.injectFault({ method: 'PUT', path: PATH, status: 429, count: 2, retryAfter: 3 });
    const body = { changePasscode: { numberOfDays: 2 } };
    assert.equal((await call(em, 'GET', PATH, { token })).status, 200, 'method does not match');
    for (let i = 0; i < 2; i++) {
      const res = await call(em, 'PUT', PATH, { token, body, headers: { TrackingID: `t${i}` } });
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '3');
      assert.equal(res.body.trackingId, `t${i}`);
      assert.equal(typeof res.body.errors[0].description, 'string');
    }
    assert.equal((await call(em, 'PUT', PATH, { token, body })).status, 204);
    const statuses = em.requests.filter((r) => r.method === 'PUT').map((r) => r.status);
    assert.deepEqual(statuses, [429, 429, 204]);
  });

  it('afterLanding: the call changes the state, and only its answer is the fault', async () => {
    em.injectFault({ method: 'PUT', path: PATH, status: 502, afterLanding: true });
    const body = { expirePasscode: { enabled: true, numberOfDays: 33 } };
    const res = await call(em, 'PUT', PATH, { token, body, headers: { TrackingID: 'landed-1' } });
    assert.equal(res.status, 502);
    assert.equal(res.body.trackingId, 'landed-1');
    assert.equal(
      (em.voicemailRules(w.org.id) as { expirePasscode: { numberOfDays: number } }).expirePasscode
        .numberOfDays,
      33,
      'the change landed',
    );
    assert.deepEqual(
      em.requests.filter((r) => r.method === 'PUT').map((r) => r.status),
      [502],
    );
    // Used up: the next call is answered as usual.
    assert.equal((await call(em, 'PUT', PATH, { token, body })).status, 204);
  });

  it('defaults 429 to Retry-After: 1 and one call; 5xx get a Webex error body', async () => {
    em.injectFault({ path: /\/people\/me$/, status: 429 });
    em.injectFault({ path: '/v1/telephony', status: 503 });
    const limited = await call(em, 'GET', '/people/me', { token });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '1');
    assert.equal((await call(em, 'GET', '/people/me', { token })).status, 200);
    const down = await call(em, 'GET', PATH, { token });
    assert.equal(down.status, 503);
    assert.equal(down.headers.get('retry-after'), null);
    assert.match(down.body.message, /./);
    assert.match(down.body.trackingId, /^ROUTER_/);
    assert.equal((await call(em, 'GET', PATH, { token })).status, 200);
  });

  it("targets one org's calls by the orgId query: N times then success, or always", async () => {
    const f = em.seedFleet({ orgs: 4, partner: { org: 'MSP', email: 'mo@msp.test', displayName: 'Mo MSP' } });
    const pat = em.issueToken(f.partner.id, [TELEPHONY_READ, TELEPHONY_WRITE]);
    const [flaky, gone, fine, other] = f.orgs.map((o) => o.id);
    em.injectFault({ method: 'PUT', path: PATH, orgId: flaky, status: 503, count: 2 });
    em.injectFault({ path: PATH, orgId: gone, status: 403, count: 'always' });
    em.injectFault({ method: 'PUT', path: PATH, orgId: other, status: 500, count: 1 });
    const body = { changePasscode: { enabled: true, numberOfDays: 2 } };
    const put = (orgId?: string) => call(em, 'PUT', `${PATH}?orgId=${orgId}`, { token: pat, body });
    assert.equal((await call(em, 'GET', `${PATH}?orgId=${flaky}`, { token: pat })).status, 200, 'GET');
    assert.deepEqual(
      [(await put(flaky)).status, (await put(flaky)).status, (await put(flaky)).status],
      [503, 503, 204],
    );
    for (let i = 0; i < 5; i++) {
      const res = await put(gone);
      assert.equal(res.status, 403);
      assert.match(res.body.trackingId, /^ROUTER_/);
    }
    assert.equal((await call(em, 'GET', `${PATH}?orgId=${gone}`, { token: pat })).status, 403);
    assert.equal((await put(fine)).status, 204);
    assert.equal((await call(em, 'PUT', PATH, { token, body })).status, 204, 'a call without orgId');
    assert.equal((await put(other)).status, 500);

    assert.equal(em.requestsFor({ method: 'PUT', path: PATH, orgId: flaky }).length, 3);
    assert.equal(em.requestsFor({ method: 'PUT', path: PATH, orgId: flaky, status: 204 }).length, 1);
    // A faulted call answers before auth, and is still logged as the caller's.
    assert.equal(em.requestsFor({ method: 'PUT', orgId: gone, personId: f.partner.id }).length, 5);
    assert.equal(em.requestsFor({ method: 'PUT', orgId: gone, personId: w.admin.id }).length, 0);
    assert.deepEqual((em.voicemailRules(flaky ?? '') as typeof body).changePasscode, body.changePasscode);

    em.clearFaults();
    assert.equal((await put(gone)).status, 204, 'clearFaults ends an "always" fault');
  });

  it('can answer a custom body', async () => {
    em.injectFault({ path: PATH, status: 500, body: { message: 'boom', errors: [{ description: 'boom' }] } });
    const res = await call(em, 'GET', PATH, { token });
    assert.deepEqual(res.body, { message: 'boom', errors: [{ description: 'boom' }] });
  });

  it('adds latency per route match', async () => {
    em.setLatency(300, { path: PATH });
    let t = Date.now();
    await call(em, 'GET', PATH, { token });
    assert.ok(Date.now() - t >= 290, 'slow route');
    t = Date.now();
    await call(em, 'GET', '/people/me', { token });
    assert.ok(Date.now() - t < 250, 'other routes unaffected');
    em.setLatency(0, { path: PATH });
    t = Date.now();
    await call(em, 'GET', PATH, { token });
    assert.ok(Date.now() - t < 250, 'removed');
  });

  it('logs method, path, query, status, person, trackingId, body; and clears', async () => {
    em.clearRequests();
    await call(em, 'GET', `${PATH}?orgId=${w.org.id}`, { token, headers: { TrackingID: 'abc' } });
    const [r] = em.requests;
    assert.ok(r);
    assert.equal(r.method, 'GET');
    assert.equal(r.path, `/v1${PATH}`);
    assert.deepEqual(r.query, { orgId: w.org.id });
    assert.equal(r.status, 200);
    assert.equal(r.personId, w.admin.id);
    assert.equal(r.trackingId, 'abc');
    assert.equal(r.body, undefined);
    assert.ok(!Number.isNaN(Date.parse(r.time)));
    em.clearRequests();
    assert.equal(em.requests.length, 0);
  });
});
