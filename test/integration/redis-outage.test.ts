import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { startOwnRedisServer, type OwnRedisServer } from '../helpers/redis-server.js';
import { until } from '../helpers/read-replies.js';

const RULES = '/v1/telephony/config/voicemail/rules';

/**
 * The bot on a redis-server of the test's own, which the test freezes (SIGSTOP: connected, silent) or kills
 * (refused) and brings back. While Redis is away an event cannot be stored, so its delivery is refused
 * (503: Webex counts a failed delivery) rather than acknowledged and lost; once Redis is back nothing sent
 * meanwhile runs late.
 */
describe('Redis outage: deadlines, no offline queue (own redis-server)', function () {
  this.timeout(60_000);
  let srv: OwnRedisServer;
  let h: Harness;

  before(async () => {
    srv = await startOwnRedisServer();
    // Webex calls get room (a slow emulator under load must not look like a Redis effect).
    h = await startHarness({ redisUrl: srv.url, start: { webexTimeoutMs: 10_000 } });
  });
  after(async () => {
    srv?.resume();
    await h?.close();
    await srv?.stop();
  });

  const puts = () => h.em.requests.filter((r) => r.method === 'PUT' && r.path === RULES);

  const statusOf = (m: { id: string }) => h.em.deliveries.find((d) => d.rawBody.includes(m.id))?.status;
  const dropped = () => h.logs.lines.filter((l) => l.includes('event dropped: it reached Redis after'));

  it('Redis silent (SIGSTOP): each delivery is refused (503), not acknowledged; once Redis answers nothing runs late', async () => {
    await h.grant(h.admin.id);
    await h.em.say(h.admin.id, h.dm.id, '/voicemail');
    const form = await h.nextReply(h.dm.id, 0);
    assert.ok(form.attachments?.length, 'a form card');

    srv.pause();
    h.em.clearRequests();
    const before = h.botSaid(h.dm.id).length;
    const sent = [
      await h.em.say(h.admin.id, h.dm.id, '/help'),
      await h.em.say(h.admin.id, h.dm.id, '/voicemail show'),
      await h.em.submitCard(h.admin.id, form.id, { expirePasscodeDays: '71' }),
    ];
    // Answered (within the emulator's delivery timeout), and honestly: the events were not stored.
    assert.deepEqual(sent.map(statusOf), [503, 503, 503]);
    assert.equal((await fetch(`${h.running.url}/readyz`)).status, 503, '/readyz reports Redis');

    srv.resume();
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(puts().length, 0, 'the old submit did not change the rules once Redis answered again');
    assert.equal(h.botSaid(h.dm.id).length, before, 'nothing answered late');
    // The frozen Redis still had the adds in its socket: they landed, marked refused, and were dropped.
    assert.equal(dropped().length, 3, h.logs.text());

    // Working again without a restart.
    await h.em.say(h.admin.id, h.dm.id, '/voicemail show');
    assert.match((await h.nextReply(h.dm.id, before, 10_000)).markdown ?? '', /Voicemail passcode rules/);
  });

  it('Redis gone (killed) and back: deliveries refused (503) while down, nothing runs late, works after', async () => {
    await srv.kill();
    h.em.clearRequests();
    const before = h.botSaid(h.dm.id).length;
    const sent = [
      await h.em.say(h.admin.id, h.dm.id, '/help'),
      await h.em.say(h.admin.id, h.dm.id, '/voicemail set expire=72'),
    ];
    assert.deepEqual(sent.map(statusOf), [503, 503]);
    assert.ok(
      h.logs.lines.some((l) => l.includes('webhook refused: the event could not be stored')),
      'the refusal is logged',
    );

    // Each failed reconnection attempt while it is down is counted (metrics).
    const redisErrors = h.running.metrics.registry.getSingleMetric('vmbot_redis_errors_total')!;
    await until('a Redis error counted', async () =>
      ((await redisErrors.get()).values[0]?.value ?? 0) > 0 ? true : undefined,
    );
    await srv.restart();
    const deadline = Date.now() + 10_000;
    while ((await fetch(`${h.running.url}/readyz`)).status !== 200) {
      assert.ok(Date.now() < deadline, 'the bot reconnected to Redis');
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(puts().length, 0, 'the set sent while Redis was down never ran');
    assert.ok(
      h.logs.lines.some((l) => l.includes('redis connection restored')),
      'the log says when Redis is back',
    );
    assert.equal(h.botSaid(h.dm.id).length, before, 'nothing answered late');
    await h.em.say(h.admin.id, h.dm.id, '/help');
    assert.match((await h.nextReply(h.dm.id, before, 10_000)).markdown ?? '', /\/voicemail set/);
  });

  it('Redis freezes just after a form card went out: the form is not followed by "I changed nothing", and it still works', async () => {
    await h.grant(h.admin.id);
    const before = h.botSaid(h.dm.id).length;
    h.em.setLatency(1500, { method: 'POST', path: '/v1/messages' });
    await h.em.say(h.admin.id, h.dm.id, '/voicemail');
    // Freeze Redis while the card is on its way: the bot's next step is to note the card's id.
    await new Promise((r) => setTimeout(r, 700));
    srv.pause();
    const form = await h.nextReply(h.dm.id, before, 5000);
    h.em.setLatency(0, { method: 'POST', path: '/v1/messages' });
    assert.ok(form.attachments?.length, 'the form card');
    await new Promise((r) => setTimeout(r, 3000));
    srv.resume();
    assert.equal(h.botSaid(h.dm.id).length, before + 1, 'no "storage unavailable" after a working form');
    await h.em.submitCard(h.admin.id, form.id, { expirePasscodeDays: '64' });
    assert.match((await h.nextReply(h.dm.id, before + 1, 10_000)).markdown ?? '', /updated/i);
  });
});
