import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log/create-logger.js';

/** A BullMQ queue's and worker's own Redis connections, and how to let go of them. */
export interface BullConnections {
  queue: Redis;
  worker: Redis;
  /**
   * Runs `graceful` (close the worker, then the queue: a job in flight finishes first), but no longer than
   * `withinMs`: a Redis that is gone, which BullMQ's connections wait for without a deadline, must not hold
   * the shutdown. Then both connections are dropped.
   */
  close(graceful: () => Promise<unknown>, withinMs: number): Promise<void>;
}

/**
 * Copies of the bot's connection for BullMQ: a worker blocks on Redis and must wait it out
 * (`maxRetriesPerRequest: null`, no command timeout), unlike the bot's own connection, which fails fast.
 * Their errors are not reported again: the bot's own connection already reports Redis trouble.
 */
export function bullConnections(redis: Redis): BullConnections {
  const options = { maxRetriesPerRequest: null, enableOfflineQueue: true, commandTimeout: undefined };
  const queue = redis.duplicate(options);
  const worker = redis.duplicate(options);
  for (const c of [queue, worker]) c.on('error', () => undefined);
  return {
    queue,
    worker,
    async close(graceful, withinMs) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        graceful().catch(() => undefined),
        new Promise<void>((r) => (timer = setTimeout(r, withinMs))),
      ]);
      clearTimeout(timer);
      queue.disconnect();
      worker.disconnect();
    },
  };
}

/**
 * Starts a worker made with `autorun: false` once `when` resolves (the token key check passed: a worker
 * with the wrong key would act on every admin as signed out), unless it was closed before.
 */
export function runWorkerWhen(worker: Worker, when: Promise<void> | undefined, log: Logger): void {
  void (when ?? Promise.resolve()).then(() => {
    if (worker.closing) return;
    worker.run().catch((err: unknown) => log.error({ err, queue: worker.name }, 'a BullMQ worker stopped'));
  });
}
