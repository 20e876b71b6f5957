import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebexClient } from '../../../src/webex/webex-client.js';
import { WebexApiError } from '../../../src/webex/webex-api-error.js';

/** A scripted loopback server: each request takes the next answer. */
async function scripted(
  answers: { status: number; headers?: Record<string, string>; body?: object; delayMs?: number }[],
) {
  const seen: { method: string; url: string; auth?: string; tracking?: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        auth: req.headers.authorization,
        tracking: req.headers.trackingid as string | undefined,
        body,
      });
      const a = answers.shift() ?? { status: 500 };
      setTimeout(() => {
        res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
        res.end(a.body ? JSON.stringify(a.body) : '');
      }, a.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return { base, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

// Quick back-off, and a timeout a loaded machine's loopback answers well within (a slow 429 read as a
// timeout once skipped the Retry-After wait).
const fast = { baseDelayMs: 5, timeoutMs: 1000 };

describe('createWebexClient', () => {
  it('waits out 429 Retry-After and retries with the same body and trackingId', async () => {
    const s = await scripted([{ status: 429, headers: { 'retry-after': '1' } }, { status: 204 }]);
    const c = createWebexClient({ apiBase: s.base, ...fast });
    const t0 = Date.now();
    const res = await c.request({ method: 'PUT', path: '/x', token: 'tok', body: { a: 1 } });
    assert.equal(res.status, 204);
    assert.ok(Date.now() - t0 >= 950, 'honoured Retry-After');
    assert.equal(s.seen.length, 2);
    assert.equal(s.seen[0]?.body, s.seen[1]?.body);
    assert.equal(s.seen[0]?.tracking, s.seen[1]?.tracking);
    assert.equal(s.seen[0]?.auth, 'Bearer tok');
    await s.close();
  });

  it('gives up at once when Retry-After is longer than the cap', async () => {
    const s = await scripted([
      { status: 429, headers: { 'retry-after': '120' }, body: { message: 'slow down' } },
    ]);
    const c = createWebexClient({ apiBase: s.base, ...fast, maxRetryAfterMs: 2000 });
    await assert.rejects(c.request({ method: 'GET', path: '/x', token: 't' }), (e: unknown) => {
      assert.ok(e instanceof WebexApiError);
      assert.equal(e.status, 429);
      assert.equal(e.retryAfterSec, 120);
      assert.equal(e.code, 'RATE_LIMITED');
      return true;
    });
    assert.equal(s.seen.length, 1);
    await s.close();
  });

  it('stops after maxAttempts 429s', async () => {
    const s = await scripted(
      Array.from({ length: 5 }, () => ({ status: 429, headers: { 'retry-after': '0' } })),
    );
    const c = createWebexClient({ apiBase: s.base, ...fast, maxAttempts: 3 });
    await assert.rejects(c.request({ method: 'PUT', path: '/x', token: 't', body: {} }), /429/);
    assert.equal(s.seen.length, 3);
    await s.close();
  });

  it('singleTry: a 429 comes straight back with its Retry-After, and a 5xx is not tried again', async () => {
    const s = await scripted([
      { status: 429, headers: { 'retry-after': '7' } },
      { status: 503 },
      { status: 200 },
    ]);
    const c = createWebexClient({ apiBase: s.base, ...fast });
    await assert.rejects(
      c.request({ method: 'GET', path: '/x', token: 't', singleTry: true }),
      (err: unknown) => err instanceof WebexApiError && err.status === 429 && err.retryAfterSec === 7,
    );
    await assert.rejects(
      c.request({ method: 'PUT', path: '/x', token: 't', body: {}, singleTry: true }),
      /503/,
    );
    assert.equal(s.seen.length, 2);
    await s.close();
  });

  it('retries 5xx for idempotent calls but not for POST', async () => {
    const s = await scripted([
      { status: 503 },
      { status: 502 },
      { status: 200, body: { ok: true } },
      { status: 503 },
    ]);
    const c = createWebexClient({ apiBase: s.base, ...fast });
    assert.deepEqual((await c.request({ method: 'GET', path: '/x', token: 't' })).body, { ok: true });
    assert.equal(s.seen.length, 3);
    await assert.rejects(c.request({ method: 'POST', path: '/messages', token: 't', body: {} }), /503/);
    assert.equal(s.seen.length, 4);
    await s.close();
  });

  it('retries a timed-out GET, then reports status 0 when every try times out', async () => {
    const s = await scripted([
      { status: 200, delayMs: 2500 },
      { status: 200, body: { late: false } },
    ]);
    const c = createWebexClient({ apiBase: s.base, ...fast });
    assert.deepEqual((await c.request({ method: 'GET', path: '/x', token: 't' })).body, { late: false });
    const s2 = await scripted(Array.from({ length: 2 }, () => ({ status: 200, delayMs: 2500 })));
    const c2 = createWebexClient({ apiBase: s2.base, ...fast, maxAttempts: 2 });
    await assert.rejects(c2.request({ method: 'GET', path: '/x', token: 't' }), (e: unknown) => {
      assert.ok(e instanceof WebexApiError);
      assert.equal(e.status, 0);
      assert.equal(e.code, 'WEBEX_UNAVAILABLE');
      return true;
    });
    await s.close();
    await s2.close();
  });

  it('draining: a call in flight is cut at the deadline less the reserve, replies get the reserve, no retry starts after it', async () => {
    const s = await scripted([
      { status: 200, delayMs: 2500 },
      { status: 201, body: { id: 'reply' }, delayMs: 300 },
    ]);
    const c = createWebexClient({ apiBase: s.base, baseDelayMs: 5, timeoutMs: 10_000 });
    const t0 = Date.now();
    const slow = c.request({ method: 'PUT', path: '/rules', token: 't', body: {} });
    await new Promise((r) => setTimeout(r, 50));
    c.drain(t0 + 1000, 600);
    await assert.rejects(slow, (e: unknown) => e instanceof WebexApiError && e.status === 0);
    const cutAt = Date.now() - t0;
    assert.ok(cutAt >= 350 && cutAt < 900, `cut at the deadline less the reserve (${cutAt} ms)`);
    assert.equal(s.seen.length, 1, 'no retry was started without time for it');
    // The reserve is for replies: a reply taking 300 ms still goes through...
    const reply = await c.request({
      method: 'POST',
      path: '/messages',
      token: 't',
      body: {},
      lastWord: true,
    });
    assert.deepEqual(reply.body, { id: 'reply' });
    // ...while an ordinary call is refused at once, without being sent.
    await assert.rejects(
      c.request({ method: 'GET', path: '/x', token: 't' }),
      (e: unknown) => e instanceof WebexApiError && e.status === 0,
    );
    assert.equal(s.seen.length, 2);
    await s.close();
  });

  it('turns a Webex error body into a typed error with description and trackingId, without retrying a 400', async () => {
    const s = await scripted([
      {
        status: 400,
        body: {
          message: 'bad',
          errors: [{ description: 'numberOfDays out of range', errorCode: 25008 }],
          trackingId: 'ROUTER_1',
        },
      },
    ]);
    const c = createWebexClient({ apiBase: s.base, ...fast });
    await assert.rejects(
      c.request({ method: 'PUT', path: '/x', token: 'secret-token-value', body: {} }),
      (e: unknown) => {
        assert.ok(e instanceof WebexApiError);
        assert.equal(e.description, 'numberOfDays out of range');
        assert.equal(e.trackingId, 'ROUTER_1');
        assert.ok(!e.message.includes('secret-token-value'));
        return true;
      },
    );
    assert.equal(s.seen.length, 1);
    await s.close();
  });

  it('sends query parameters, skipping undefined ones', async () => {
    const s = await scripted([{ status: 200, body: {} }]);
    const c = createWebexClient({ apiBase: s.base, ...fast });
    await c.request({
      method: 'GET',
      path: '/telephony/config/voicemail/rules',
      token: 't',
      query: { orgId: 'O1', x: undefined },
    });
    assert.equal(s.seen[0]?.url, '/v1/telephony/config/voicemail/rules?orgId=O1');
    await s.close();
  });
});
