import assert from 'node:assert/strict';
import { Queue, Worker } from 'bullmq';
import { openTestRedis, type TestRedis } from '../helpers/redis.js';
import { runWorkerWhen } from '../../src/store/bull-connections.js';
import { captureLog } from '../helpers/capture-log.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The event, fleet and drift workers take no job before the token key check passed: a worker with the
 * wrong key would treat every admin as signed out (and a fleet run would stop for "sign-in gone").
 */
describe('runWorkerWhen: a BullMQ worker that waits for a condition (real Redis)', function () {
  this.timeout(20_000);
  let t: TestRedis;
  let queue: Queue;
  const made: Worker[] = [];
  before(async () => {
    t = await openTestRedis();
    queue = new Queue('gate', { connection: t.redis.duplicate(), prefix: `${t.prefix}bull` });
  });
  after(async () => {
    for (const w of made) await w.close().catch(() => undefined);
    await queue.close();
    await t.cleanup();
  });

  const worker = (seen: string[]) => {
    const w = new Worker('gate', async (job) => void seen.push(job.name), {
      connection: t.redis.duplicate({ maxRetriesPerRequest: null }),
      prefix: `${t.prefix}bull`,
      autorun: false,
    });
    made.push(w);
    return w;
  };

  it('takes no job until the condition resolves, then takes them', async () => {
    const seen: string[] = [];
    let pass = () => {};
    const when = new Promise<void>((r) => (pass = r));
    const w = worker(seen);
    runWorkerWhen(w, when, captureLog().log);
    await queue.add('first', {});
    await sleep(1000);
    assert.deepEqual(seen, [], 'a job was taken before the check passed');
    pass();
    for (let i = 0; i < 100 && seen.length === 0; i++) await sleep(50);
    assert.deepEqual(seen, ['first']);
    await w.close();
  });

  it('a worker closed while it waits never starts', async () => {
    const seen: string[] = [];
    let pass = () => {};
    const w = worker(seen);
    runWorkerWhen(w, new Promise<void>((r) => (pass = r)), captureLog().log);
    await w.close();
    pass();
    await queue.add('second', {});
    await sleep(1000);
    assert.deepEqual(seen, []);
    assert.equal(w.isRunning(), false);
    // No other worker runs here: the job still waits for one.
    assert.equal(await queue.getWaitingCount(), 1);
  });
});
