import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { createRedisKeyValueStore } from '../../src/store/redis-key-value-store.js';

const RULES = '/v1/telephony/config/voicemail/rules';

describe('Webex and Redis failures get a clear reply, never a crash or a silent change', function () {
  this.timeout(30_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  async function setExpiry(days: number, waitMs = 5000) {
    return (
      (await h.ask(h.dm.id, h.admin.id, `/voicemail set expire=${days}`, { timeoutMs: waitMs })).markdown ??
      ''
    );
  }

  const cases: [number, RegExp][] = [
    [400, /Webex rejected the request: Passcode history is locked for this org/],
    [401, /expired or was revoked|access/i],
    [403, /full administrator.*telephony_config_write/s],
    [404, /could not find/i],
    [409, /unexpected error \(HTTP 409\)/],
    [500, /try again later/],
    [502, /try again later/],
    [504, /try again later/],
  ];
  for (const [status, want] of cases) {
    it(`PUT answered ${status}: a specific reply with the trackingId`, async () => {
      await h.grant(h.admin.id);
      h.em.injectFault({
        method: 'PUT',
        path: RULES,
        status,
        count: 4,
        body: {
          message: 'nope',
          errors: [{ description: 'Passcode history is locked for this org', errorCode: 4242 }],
          trackingId: `ROUTER_TEST_${status}`,
        },
      });
      const reply = await setExpiry(20 + (status % 50));
      h.em.state.faults.clear();
      assert.match(reply, want);
      assert.match(reply, new RegExp(`ROUTER_TEST_${status}`));
      const warn = h.logs.lines.filter((l) => l.includes(`ROUTER_TEST_${status}`));
      assert.ok(warn.length >= 1, 'the log line carries the trackingId');
    });
  }

  it('a timeout on every try: the rules are read back and the admin hears "not changed so far", and the process keeps serving', async () => {
    await h.grant(h.admin.id);
    h.em.setLatency(4000, { method: 'PUT', path: RULES });
    // 4 tries of a 2 s timeout (the harness's) with back-off in between; the latency is well past the timeout,
    // so a loaded machine firing the timer late cannot turn a try into an answer.
    const reply = await setExpiry(33, 20_000);
    h.em.setLatency(0, { method: 'PUT', path: RULES });
    assert.match(reply, /Not changed so far: Webex did not answer in time.*\/voicemail show/s);
    const ok = await setExpiry(34);
    assert.match(ok, /updated/i);
  });

  it('Redis unreachable: the admin is told, /readyz says 503, and nothing is sent to Webex', async () => {
    // Only the broken instance may receive events now.
    await h.stop();
    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    dead.on('error', () => undefined);
    const broken = await startHarness({
      alongside: h,
      start: { kv: createRedisKeyValueStore(dead, h.store.prefix) },
    }).catch((e: unknown) => e as Error);
    assert.ok(!(broken instanceof Error), `a bot whose Redis is down still starts: ${String(broken)}`);
    try {
      const ready = await fetch(`${broken.running.url}/readyz`);
      assert.equal(ready.status, 503, JSON.stringify(await ready.json()));
      h.em.clearRequests();
      const before = broken.botSaid(broken.dm.id).length;
      await broken.em.say(broken.admin.id, broken.dm.id, '/voicemail set expire=40');
      const reply = await broken.nextReply(broken.dm.id, before);
      assert.match(reply.markdown ?? '', /storage/i);
      assert.equal(h.em.requests.filter((r) => r.path === RULES).length, 0);
    } finally {
      await broken.close();
      dead.disconnect();
    }
  });
});
