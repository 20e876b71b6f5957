import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createRedis } from '../../src/store/create-redis.js';
import { createLogger } from '../../src/log/create-logger.js';
import { createEventQueue, type EventQueue } from '../../src/intake/event-queue.js';
import { startEventWorker, type EventWorker } from '../../src/intake/event-worker.js';
import type { WebhookEnvelope } from '../../src/http/webhook-route.js';
import { startOwnRedisServer, type OwnRedisServer } from '../helpers/redis-server.js';

/**
 * recheck13 (outside reviewer): the "refused" mark a 503'd delivery leaves is keyed by the event only, so it
 * also drops a job an earlier or concurrent delivery of the same event got a 204 for. Both cases below end
 * with a delivery acknowledged 2xx (Webex will not redeliver) and the intake never run.
 */
describe('(outside recheck) the refused mark and deliveries acknowledged 2xx (own redis-server)', function () {
  this.timeout(60_000);
  let srv: OwnRedisServer;
  let redis: Redis;
  let queue: EventQueue;
  let worker: EventWorker | undefined;
  const prefix = `rc13:${randomBytes(4).toString('hex')}:`;
  const handled: string[] = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const envelope = (id: string): WebhookEnvelope => ({
    id: 'wh',
    name: 'wh',
    resource: 'messages',
    event: 'created',
    data: { id, roomId: 'r', personId: 'p' },
  });
  const startWorker = () =>
    startEventWorker({
      redis,
      prefix: `${prefix}bull`,
      keyPrefix: prefix,
      intake: {
        handle: async (ev: WebhookEnvelope) => {
          handled.push(ev.data.id);
          return 'processed' as never;
        },
      },
      log: createLogger({ level: 'silent' }),
      timings: { concurrency: 1 },
    });
  const settle = async (p: Promise<unknown>) =>
    p.then(
      (v) => ({ ok: true, v }),
      (e: unknown) => ({ ok: false, v: e }),
    );

  before(async () => {
    srv = await startOwnRedisServer();
    redis = createRedis(srv.url);
    redis.on('error', () => undefined);
    await new Promise((r) => redis.once('ready', r));
    queue = createEventQueue({ redis, prefix: `${prefix}bull`, keyPrefix: prefix });
  });
  afterEach(async () => {
    await worker?.close(5000);
    worker = undefined;
  });
  after(async () => {
    srv?.resume();
    await queue?.close();
    redis?.disconnect();
    await srv?.stop();
  });

  it('(control) an event stored normally is handled by this worker', async () => {
    const id = `control-${randomBytes(4).toString('hex')}`;
    assert.equal(await queue.enqueue(envelope(id), {}), 'queued');
    worker = startWorker();
    const deadline = Date.now() + 8000;
    while (!handled.includes(id) && Date.now() < deadline) await sleep(100);
    assert.ok(handled.includes(id));
  });

  it('a duplicate delivery refused (503) while the first, acknowledged, waits for a worker does not drop it', async () => {
    const id = `ack-then-refused-${randomBytes(4).toString('hex')}`;
    assert.equal(await queue.enqueue(envelope(id), {}), 'queued', 'first delivery stored: answered 204');
    srv.pause();
    const second = await settle(queue.enqueue(envelope(id), {}));
    assert.equal(second.ok, false, 'the duplicate is refused while Redis is frozen (503)');
    srv.resume();
    await sleep(500);
    worker = startWorker();
    const deadline = Date.now() + 8000;
    while (!handled.includes(id) && Date.now() < deadline) await sleep(100);
    assert.ok(handled.includes(id), 'the event acknowledged 204 by the first delivery was never handled');
  });

  it('a redelivery racing the frozen add, answered 2xx, is handled', async () => {
    const id = `race-${randomBytes(4).toString('hex')}`;
    srv.pause();
    const first = settle(queue.enqueue(envelope(id), {}));
    await sleep(1000);
    // Webex (or the second webhook) delivers the same event again while the first still waits.
    const second = settle(queue.enqueue(envelope(id), {}));
    const r1 = await first;
    assert.equal(r1.ok, false, 'the first delivery is refused (503)');
    await sleep(200);
    srv.resume();
    const r2 = await second;
    assert.equal(r2.ok, true, `the second delivery is stored (204): ${String(r2.v)}`);
    worker = startWorker();
    const deadline = Date.now() + 8000;
    while (!handled.includes(id) && Date.now() < deadline) await sleep(100);
    assert.ok(
      handled.includes(id),
      `the second delivery was answered 204 (${String(r2.v)}) but the event was never handled`,
    );
  });

  it('simultaneous deliveries of one event: one queued, the rest counted duplicate', async () => {
    const id = `burst-${randomBytes(4).toString('hex')}`;
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => queue.enqueue(envelope(id), {})));
    assert.deepEqual(
      [...outcomes].sort(),
      ['duplicate', 'duplicate', 'duplicate', 'duplicate', 'queued'],
      'the /metrics duplicate count misses concurrent duplicates',
    );
  });
});
