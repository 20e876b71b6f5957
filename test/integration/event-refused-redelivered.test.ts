import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { startOwnRedisServer, type OwnRedisServer } from '../helpers/redis-server.js';

/**
 * Review 13a (outside reviewer): a delivery answered 503 because Redis was frozen past the enqueue
 * deadline. The add was already in Redis's socket, so it lands late; the worker then drops that job as
 * "refused" but COMPLETES it, and a completed job is kept under the event's id for an hour. Webex (or a
 * second webhook, or an operator replaying) sends the event again: the web side sees the job id, answers
 * 204 "duplicate", and the event is never processed. An acknowledged (2xx) event is lost.
 */
describe('(outside review) a 503-refused event redelivered after Redis recovers (own redis-server)', function () {
  this.timeout(60_000);
  let srv: OwnRedisServer;
  let h: Harness;

  before(async () => {
    srv = await startOwnRedisServer();
    h = await startHarness({ redisUrl: srv.url, start: { webexTimeoutMs: 10_000 } });
  });
  after(async () => {
    srv?.resume();
    await h?.close();
    await srv?.stop();
  });

  it('the redelivery (answered 2xx) is processed and answered', async () => {
    const before = h.botSaid(h.dm.id).length;
    srv.pause();
    const m = await h.em.say(h.admin.id, h.dm.id, '/help');
    const d = h.em.deliveries.find((x) => x.rawBody.includes(m.id))!;
    assert.equal(d.status, 503, 'refused while Redis is frozen');
    srv.resume();
    // Let the late add land and be dropped as refused (what redis-outage.test.ts shows).
    const deadline = Date.now() + 10_000;
    while (!h.logs.lines.some((l) => l.includes('event dropped: it reached Redis after'))) {
      assert.ok(Date.now() < deadline, 'the late job was dropped');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(h.botSaid(h.dm.id).length, before, 'nothing answered late (by design)');

    // Webex retries the failed delivery: same bytes, same event id.
    const status = await h.em.replay(d);
    assert.equal(status, 204, 'the redelivery is acknowledged');
    // Acknowledged, so it must be answered.
    const reply = await h.nextReply(h.dm.id, before, 10_000).catch(() => undefined);
    assert.ok(
      reply,
      `acknowledged with 204 but never answered; log:\n${h.logs.lines
        .filter((l) => l.includes(m.id) || l.includes('webhook'))
        .join('\n')}`,
    );
  });
});
