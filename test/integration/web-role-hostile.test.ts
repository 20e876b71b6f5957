import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { sign } from '../helpers/sign.js';
import { EVENT_QUEUE, eventJobId } from '../../src/intake/event-queue.js';

/**
 * Review 13a (outside reviewer): a web-only process (PROCESS_ROLE=web, no worker anywhere) fed signed
 * envelopes that are odd, hostile or plain wrong. It must answer quickly and honestly, queue only what a
 * worker would handle, keep job data small and free of secrets, and never run command logic itself.
 */
describe('(outside review) PROCESS_ROLE=web against hostile signed envelopes', function () {
  this.timeout(60_000);
  let h: Harness;
  let queue: Queue;

  before(async () => {
    h = await startHarness({ env: { PROCESS_ROLE: 'web' } });
    queue = new Queue(EVENT_QUEUE, {
      connection: h.store.redis.duplicate(),
      prefix: `${h.store.prefix}bull`,
    });
  });
  after(async () => {
    await queue?.close();
    await h?.close();
  });

  const post = async (body: string, secret = h.config.WEBHOOK_SECRET) => {
    const res = await fetch(`${h.running.url}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-spark-signature': sign(body, secret) },
      body,
    });
    await res.arrayBuffer();
    return res.status;
  };
  const envelope = (data: Record<string, unknown>, resource = 'messages', event = 'created') =>
    JSON.stringify({ id: 'wh', name: 'x', resource, event, data });
  const jobs = async () => (await queue.getJobs(['waiting', 'active', 'completed', 'delayed'])).length;

  it('odd but string ids are each queued once under a distinct job id; non-events are refused 400', async () => {
    const before = await jobs();
    const ids = [
      'with:colon',
      'ünïcødé-☃',
      '12345',
      'a/b/../c',
      '.',
      'x'.repeat(300),
      'x'.repeat(301),
      ' leading space',
      'new\nline',
      '',
    ];
    for (const id of ids)
      assert.equal(await post(envelope({ id, roomId: h.dm.id, personId: h.admin.id })), 204, id);
    assert.equal(await jobs(), before + ids.length, 'one job per distinct id');
    for (const bad of [
      JSON.stringify({ resource: 'messages', event: 'created', data: { id: 12345 } }),
      JSON.stringify({ resource: 'messages', event: 'created' }),
      JSON.stringify({ resource: 'messages', data: { id: 'x' } }),
      JSON.stringify([1, 2]),
      'null',
      '"string"',
      '{"resource":"messages","event":"created","data":{"id":"x"}', // truncated JSON
    ])
      assert.equal(await post(bad), 400, bad);
    assert.equal(await jobs(), before + ids.length, 'nothing queued for a non-event');
  });

  it('kinds the bot does not handle and its own messages: 204, nothing queued', async () => {
    const before = await jobs();
    assert.equal(await post(envelope({ id: 'm1' }, 'memberships', 'created')), 204);
    assert.equal(await post(envelope({ id: 'm2' }, 'messages', 'deleted')), 204);
    assert.equal(await post(envelope({ id: 'm3' }, 'Messages', 'created')), 204);
    assert.equal(await post(envelope({ id: 'm4', personId: h.bot.id, roomId: h.dm.id })), 204);
    assert.equal(await jobs(), before);
  });

  it('a body over 256 kB (signed) is refused with 413, not a 5xx the webhook is disabled for', async () => {
    const big = envelope({ id: 'big', roomId: h.dm.id, pad: 'p'.repeat(300 * 1024) });
    assert.equal(await post(big), 413);
  });

  it('a replay flood of one event: every delivery 204, one job', async () => {
    const before = await jobs();
    const body = envelope({ id: 'flooded-event', roomId: h.dm.id, personId: h.admin.id });
    const statuses = await Promise.all(Array.from({ length: 200 }, () => post(body)));
    assert.deepEqual([...new Set(statuses)], [204]);
    assert.equal(await jobs(), before + 1);
  });

  it('job data is bounded: a (signed) event id of 200 kB is refused, not stored in Redis', async () => {
    const id = 'i'.repeat(200 * 1024);
    assert.equal(await post(envelope({ id, roomId: h.dm.id, personId: h.admin.id })), 400);
    const job = await queue.getJob(eventJobId({ resource: 'messages', event: 'created', data: { id } }));
    assert.equal(job, undefined, 'queued');
  });

  it('no secret anywhere under the prefix, and the web process ran no command logic (no Webex reads, no reply)', async () => {
    const dump = JSON.stringify(await h.store.dump());
    for (const s of [h.config.WEBEX_BOT_TOKEN, h.config.WEBHOOK_SECRET, h.config.TOKEN_ENCRYPTION_KEY])
      assert.ok(!dump.includes(s), 'a secret is in Redis');
    const reads = h.em.requests.filter(
      (r) =>
        r.path.includes('/messages/') ||
        r.path.includes('/attachment/actions') ||
        (r.path.includes('/people/') && !r.path.endsWith('/people/me')),
    );
    assert.deepEqual(
      reads.map((r) => `${r.method} ${r.path}`),
      [],
      'the web process read what an event names',
    );
    assert.equal(h.botSaid(h.dm.id).length, 0, 'the web process replied');
  });
});
