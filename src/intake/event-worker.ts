import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log/create-logger.js';
import type { EventIntake } from '../bot/event-intake.js';
import { bullConnections, runWorkerWhen } from '../store/bull-connections.js';
import type { SignInRequest } from '../store/sign-in-states.js';
import type { SignInOutcome } from '../auth/sign-in-service.js';
import {
  EVENT_QUEUE,
  SIGN_IN_JOB,
  refusedKey,
  type EventJobData,
  type SignInJobData,
} from './event-queue.js';

export interface EventWorkerTimings {
  /** Events this process handles at once (EVENT_CONCURRENCY). */
  concurrency: number;
  /**
   * BullMQ's job lock (30 s): a worker renews it while the event runs; one that stops renewing it (killed)
   * loses the event to another worker once it lapses.
   */
  lockDurationMs?: number;
  /** How often BullMQ looks for events whose worker stopped (30 s). */
  stalledIntervalMs?: number;
  /**
   * How often an event whose worker stopped is run again (1): a second stop on the same event (one that
   * takes the process down with it) fails it for good, so it cannot take every worker down in turn.
   */
  maxStalledCount?: number;
}

/** How long a job found marked refused waits for a later 2xx'd delivery of its event to lift the mark. */
const REFUSED_GRACE_MS = 1000;

/** A job whose delivery was answered 503 before it landed; already logged. */
class EventRefused extends Error {
  constructor() {
    super('the delivery was refused');
  }
}

/** An event the intake could not process and released; already logged and told. */
class EventReleased extends Error {
  constructor() {
    super('the intake released the event');
  }
}

export interface EventWorker {
  /** Takes no new event from now on (the ones in flight go on); idempotent. */
  stopTaking(): void;
  /** The events in flight have finished (within `withinMs`) and the connections are closed. */
  close(withinMs: number): Promise<void>;
}

/**
 * The worker side of the durable intake: takes events from the queue and runs the intake on them. A job
 * ends when the intake has (it never rejects: its failures are told in the room and logged there), so
 * the only retry is BullMQ's stalled-job check, for an event whose worker died; that run takes the
 * event's de-duplication claim over from the dead worker.
 */
export function startEventWorker(deps: {
  /** The bot's connection (fails fast); BullMQ gets duplicates. */
  redis: Redis;
  /** BullMQ's prefix (`${REDIS_KEY_PREFIX}bull`). */
  prefix: string;
  /** The bot's own prefix (REDIS_KEY_PREFIX). */
  keyPrefix: string;
  intake: Pick<EventIntake, 'handle'>;
  /** Tells the room how a sign-in on a web-only process ended and carries on with the command. */
  signInDone?: (req: SignInRequest, outcome: SignInOutcome) => Promise<void>;
  /** Takes no event before this resolves (the token key check passed). */
  startWhen?: Promise<void>;
  log: Logger;
  timings: EventWorkerTimings;
}): EventWorker {
  const { log, timings } = deps;
  const connections = bullConnections(deps.redis);

  async function run(job: Job<EventJobData | SignInJobData>): Promise<void> {
    if (job.name === SIGN_IN_JOB) {
      const { req, outcome } = job.data as SignInJobData;
      await deps.signInDone?.(req, outcome);
      return;
    }
    const { envelope, trackingId, receivedAt } = job.data as EventJobData;
    const marked = () =>
      job.id ? deps.redis.exists(refusedKey(deps.keyPrefix, job.id)).catch(() => 0) : Promise.resolve(0);
    // A later delivery of the same event answered 2xx lifts the mark a moment after its add: a job found
    // marked gets that moment before it is dropped.
    const refused =
      (await marked()) && (await new Promise((r) => setTimeout(r, REFUSED_GRACE_MS)), await marked());
    if (refused) {
      log.info(
        { eventId: envelope.data.id, jobId: job.id },
        'event dropped: it reached Redis after its delivery had been answered 503',
      );
      // Failed, so removed: a redelivery of the event must find no job under its id, and is processed.
      throw new EventRefused();
    }
    // attemptsStarted counts every move to active: above 1, a worker had this event before and stopped.
    const takeOver = job.attemptsStarted > 1 || job.stalledCounter > 0;
    const waited = Date.now() - receivedAt;
    if (waited > 10_000 || takeOver)
      log.info(
        { eventId: envelope.data.id, jobId: job.id, waitedMs: waited, takeOver },
        takeOver ? 'event run again: its worker stopped before it finished' : 'event waited in the queue',
      );
    const outcome = await deps.intake.handle(envelope, trackingId ? { trackingId } : {}, { takeOver });
    // The intake released the event (told in the room, logged): the job fails and is removed, so its id
    // no longer stands in the way of a redelivery, which the intake would process.
    if (outcome === 'failed') throw new EventReleased();
  }

  const worker = new Worker<EventJobData | SignInJobData>(EVENT_QUEUE, run, {
    connection: connections.worker,
    prefix: deps.prefix,
    concurrency: timings.concurrency,
    lockDuration: timings.lockDurationMs ?? 30_000,
    stalledInterval: timings.stalledIntervalMs ?? 30_000,
    maxStalledCount: timings.maxStalledCount ?? 1,
    autorun: false,
  });
  runWorkerWhen(worker, deps.startWhen, log);
  worker.on('error', (err) => log.debug({ err: err.message }, 'event worker: Redis problem'));
  worker.on('stalled', (jobId) =>
    log.warn({ jobId }, 'event worker: an event whose worker stopped goes back to the queue'),
  );
  worker.on('failed', (job, err) => {
    if (!job || err instanceof EventReleased || err instanceof EventRefused) return;
    const data = job.data as Partial<EventJobData>;
    log.error(
      { jobId: job.id, eventId: data.envelope?.data.id, err: err.message },
      'event lost: the workers that took it stopped while processing it',
    );
  });

  let closing: Promise<void> | undefined;
  const stopTaking = () => {
    // close() stops fetching at once and waits for the jobs in flight.
    closing ??= worker.close().catch(() => undefined);
  };
  return {
    stopTaking,
    async close(withinMs) {
      await connections.close(async () => {
        stopTaking();
        await closing;
      }, withinMs);
    },
  };
}
