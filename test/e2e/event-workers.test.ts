import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import { followSignIn, signInLink, startHarness, type Harness } from '../helpers/bot-harness.js';
import { startBotChild, type BotChild } from '../helpers/bot-child-process.js';
import { createRedisKeyValueStore } from '../../src/store/redis-key-value-store.js';
import { EVENT_QUEUE } from '../../src/intake/event-queue.js';
import type { EmMessage } from '../../src/emulator/index.js';

/** Short enough that a killed worker's event is taken over within seconds. */
const TIMINGS = { lockDurationMs: 2000, stalledIntervalMs: 1000 };
const READS = { method: 'GET', path: '/messages/' };

/**
 * PROCESS_ROLE=web in this process (signature, durable enqueue, 204), workers as processes of their own
 * that the test starts and SIGKILLs. Commands in the group space are answered in their own thread, so each
 * reply names the message it answers.
 */
describe('durable event intake: the web side and workers apart (own processes)', function () {
  this.timeout(180_000);
  let h: Harness;
  let queue: Queue;
  const children: ChildProcess[] = [];

  before(async () => {
    h = await startHarness({ env: { PROCESS_ROLE: 'web' }, oauth: true });
    queue = new Queue(EVENT_QUEUE, {
      connection: h.store.redis.duplicate(),
      prefix: `${h.store.prefix}bull`,
    });
  });
  after(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    h.em.clearFaults();
    await queue?.close();
    await h?.close();
  });

  const worker = async (concurrency: number): Promise<BotChild> => {
    const child = await startBotChild(
      { ...h.config, PORT: 0, PROCESS_ROLE: 'worker', EVENT_CONCURRENCY: concurrency },
      { eventWorker: TIMINGS },
    );
    children.push(child.process);
    return child;
  };
  const repliesTo = (m: EmMessage) =>
    h.botSaid(h.group.id).filter((r) => (r as { parentId?: string }).parentId === m.id);
  const ask = (text: string) => h.em.say(h.admin.id, h.group.id, text, { mention: [h.bot.id] });
  const deliveryOf = (m: EmMessage) => h.em.deliveries.find((d) => d.rawBody.includes(m.id));
  async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 60_000, more = '') {
    const deadline = Date.now() + ms;
    while (!(await ok())) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms\n${more}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  /** The first of `sent` a worker has claimed (its de-duplication mark says `processing`), once there is one. */
  async function takenByWorker(sent: EmMessage[], output: () => string): Promise<EmMessage> {
    const kv = createRedisKeyValueStore(h.store.redis, h.store.prefix);
    const claimed = async () => {
      for (const m of sent) if ((await kv.get(`seen:messages:created:${m.id}`)) === 'processing') return m;
      return undefined;
    };
    await until('the worker to take an event', async () => (await claimed()) !== undefined, 30_000, output());
    return (await claimed())!;
  }

  /** Every message got one reply, and after a moment still exactly one. */
  async function answeredOnce(sent: EmMessage[], more: () => string) {
    await until('every message answered', () => sent.every((m) => repliesTo(m).length > 0), 60_000, more());
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(
      sent.map((m) => repliesTo(m).length),
      sent.map(() => 1),
      'each message answered exactly once',
    );
  }

  it('no worker running: the web process answers 204 at once; the replies come when a worker starts', async () => {
    const sent = [await ask('/help'), await ask('/help'), await ask('/help')];
    assert.deepEqual(
      sent.map((m) => deliveryOf(m)?.status),
      [204, 204, 204],
    );
    assert.equal(await queue.getWaitingCount(), 3, 'the events wait in Redis');
    // The web process schedules no webhook check either: that is a worker's job.
    const checks = new Queue('webhook-check', {
      connection: h.store.redis.duplicate(),
      prefix: `${h.store.prefix}bull`,
    });
    assert.deepEqual(await checks.getJobSchedulers(), [], 'no webhook check scheduled by the web process');
    await checks.close();
    await new Promise((r) => setTimeout(r, 800));
    assert.deepEqual(
      sent.map((m) => repliesTo(m).length),
      [0, 0, 0],
    );
    const w = await worker(4);
    await answeredOnce(sent, w.output);
    w.process.kill('SIGTERM');
    await new Promise((r) => w.process.once('exit', r));
  });

  it('the only worker SIGKILLed with events queued and one in flight: another worker answers each exactly once', async () => {
    const a = await worker(1);
    // A slow message read: the worker is in the middle of an event (its claim taken) when it dies.
    h.em.setLatency(2500, READS);
    const sent: EmMessage[] = [];
    for (const text of ['/help', '/help', '/help', '/help']) sent.push(await ask(text));
    assert.ok(sent.every((m) => deliveryOf(m)?.status === 204));
    const inFlight = await takenByWorker(sent, a.output);
    a.process.kill('SIGKILL');
    await new Promise((r) => a.process.once('exit', r));
    assert.equal(repliesTo(inFlight).length, 0, 'killed before it answered');
    assert.ok((await queue.getWaitingCount()) >= 3, 'the others still wait');

    h.em.setLatency(200, READS);
    const b = await worker(1);
    await answeredOnce(sent, b.output);
    h.em.setLatency(0, READS);
    assert.match(b.output(), /event taken over: the worker that was processing it stopped/);
    assert.ok(b.output().includes(inFlight.id), 'the one in flight is the one taken over');
  });

  it('the same event delivered again, during and after its processing: answered once', async () => {
    h.em.setLatency(1000, READS);
    const m = await ask('/help');
    const d = deliveryOf(m)!;
    assert.equal(d.status, 204);
    // Twice more while the first is queued or running, and once after it was answered.
    assert.deepEqual(await Promise.all([h.em.replay(d), h.em.replay(d)]), [204, 204]);
    await until('the answer', () => repliesTo(m).length > 0);
    h.em.setLatency(0, READS);
    assert.equal(await h.em.replay(d), 204);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(repliesTo(m).length, 1);
  });

  it('a sign-in finished on the web process: a worker tells the room and carries on with the command', async () => {
    const reply = await h.ask(h.dm.id, h.admin.id, '/voicemail show', { timeoutMs: 20_000 });
    const link = signInLink(reply.markdown);
    const before = h.botSaid(h.dm.id).length;
    const hops = await followSignIn(h.em, link, h.admin.id);
    assert.equal(hops.at(-1)?.status, 200, hops.at(-1)?.body);
    assert.match((await h.nextReply(h.dm.id, before, 20_000)).markdown ?? '', /signed in/);
    assert.match((await h.nextReply(h.dm.id, before + 1, 20_000)).markdown ?? '', /Voicemail passcode rules/);
  });

  it('SIGTERM: the worker finishes the event in flight, takes no other, exits; the rest wait for the next worker', async () => {
    // The workers of the tests above go first: this one must be the only worker.
    for (const c of children.filter((c) => c.exitCode === null && c.signalCode === null)) {
      c.kill('SIGTERM');
      await new Promise((r) => c.once('exit', r));
    }
    const a = await worker(1);
    h.em.setLatency(2000, READS);
    const sent: EmMessage[] = [];
    for (let i = 0; i < 3; i++) sent.push(await ask('/help'));
    const inFlight = await takenByWorker(sent, a.output);
    a.process.kill('SIGTERM');
    const code = await new Promise((r) => a.process.once('exit', r));
    assert.equal(code, 0, a.output());
    assert.equal(repliesTo(inFlight).length, 1, 'the event in flight was finished and answered');
    const rest = sent.filter((m) => m !== inFlight);
    assert.deepEqual(
      rest.map((m) => repliesTo(m).length),
      [0, 0],
      'no other event taken after SIGTERM',
    );
    assert.equal(await queue.getWaitingCount(), 2, 'they wait in Redis');

    h.em.setLatency(0, READS);
    const b = await worker(2);
    await answeredOnce(sent, b.output);
    b.process.kill('SIGTERM');
  });
});
