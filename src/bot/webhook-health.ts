import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { isAppError } from '../errors.js';
import type { Logger } from '../log/create-logger.js';
import type { KeyValueStore } from '../store/key-value-store.js';
import type { WebhookRegistrar, WebhookRepair } from './webhook-registrar.js';
import { bullConnections } from '../store/bull-connections.js';

const QUEUE_NAME = 'webhook-check';
const SCHEDULER_ID = 'webhook-check';
/** Shared by every instance, so each one's /readyz tells the same story. */
const RESULT_KEY = 'webhooks:check';

export interface WebhookCheckResult {
  ok: boolean;
  /** ISO time the check finished. */
  at: string;
  /** Why a repair failed (the Webex call, its status and trackingId); never a token or secret. */
  reason?: string;
  repairs: WebhookRepair[];
}

export interface WebhookHealth {
  /** False while the latest check, whichever instance ran it, could not repair the webhooks. */
  healthy(): Promise<boolean>;
  /** The latest check's result, or null before the first one (or when checks are off). */
  lastResult(): Promise<WebhookCheckResult | null>;
  /** Stops this instance's worker (a running check finishes first) and closes its connections. */
  close(): Promise<void>;
}

export interface WebhookHealthDeps {
  registrar: Pick<WebhookRegistrar, 'repair'>;
  kv: KeyValueStore;
  log: Logger;
  intervalMs: number;
  /** The bot's Redis connection; BullMQ gets duplicates of it. Absent when the bot runs on memory. */
  redis?: Redis;
  /** BullMQ's key prefix: under the deployment's own prefix. */
  prefix: string;
  /**
   * False on a web-only process: it reports the latest check (in Redis) but runs none; the checks run in
   * the worker processes. Default true.
   */
  runChecks?: boolean;
  /** Called on this instance after each check it ran (tests wait on it). */
  onResult?: (result: WebhookCheckResult) => void;
}

const REPAIR_MESSAGES: Record<WebhookRepair['action'], string> = {
  reactivated: 'webhook re-activated: Webex had disabled it',
  recreated: 'webhook recreated: it was missing',
  'removed-duplicate': 'duplicate webhook removed',
  'secret-updated': 'webhook moved to the current WEBHOOK_SECRET: Webex was signing with another one',
};

function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const tracking = isAppError(err) && err.trackingId ? ` (trackingId ${err.trackingId})` : '';
  return `${message}${tracking}`.slice(0, 500);
}

/**
 * Webex disables a webhook after repeated failed deliveries and never re-enables it, so the bot checks its
 * webhooks on an interval. The interval runs on BullMQ's job scheduler in Redis: one job per interval for
 * the whole deployment, taken by whichever instance's worker is free, and it survives restarts. Without
 * Redis (the sandbox on memory) there is no scheduler, and the webhooks are checked at start only.
 */
export function createWebhookHealth(deps: WebhookHealthDeps): WebhookHealth {
  const { log } = deps;

  async function lastResult(): Promise<WebhookCheckResult | null> {
    const raw = await deps.kv.get(RESULT_KEY);
    return raw ? (JSON.parse(raw) as WebhookCheckResult) : null;
  }

  if (!deps.redis) {
    log.warn(
      'no Redis connection for a job scheduler (in-memory store, or the sandbox): the periodic webhook check is off; webhooks are checked at start only',
    );
    return { healthy: async () => true, lastResult: async () => null, close: async () => undefined };
  }

  if (deps.runChecks === false) {
    return {
      healthy: async () => (await lastResult().catch(() => null))?.ok !== false,
      lastResult,
      close: async () => undefined,
    };
  }

  // A stale failure must not keep /readyz red once no instance checks any more.
  const resultTtlMs = Math.max(3 * deps.intervalMs, 60_000);

  async function runCheck(): Promise<WebhookCheckResult> {
    let result: WebhookCheckResult;
    try {
      const repairs = await deps.registrar.repair();
      for (const r of repairs) {
        log.warn({ webhookId: r.webhookId, resource: r.resource, event: r.event }, REPAIR_MESSAGES[r.action]);
      }
      result = { ok: true, at: new Date().toISOString(), repairs };
    } catch (err) {
      const reason = reasonOf(err);
      log.error({ reason }, 'webhook check: repair failed; /readyz reports the webhooks not ready');
      result = { ok: false, at: new Date().toISOString(), reason, repairs: [] };
    }
    await deps.kv
      .set(RESULT_KEY, JSON.stringify(result), resultTtlMs)
      .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'webhook check: result not stored'));
    deps.onResult?.(result);
    return result;
  }

  const connections = bullConnections(deps.redis);
  const queue = new Queue(QUEUE_NAME, { connection: connections.queue, prefix: deps.prefix });
  const worker = new Worker(QUEUE_NAME, async () => void (await runCheck()), {
    connection: connections.worker,
    prefix: deps.prefix,
    concurrency: 1,
  });
  queue.on('error', (err) => log.debug({ err: err.message }, 'webhook check queue: Redis problem'));
  worker.on('error', (err) => log.debug({ err: err.message }, 'webhook check worker: Redis problem'));

  // The first check one interval from the scheduler's creation: start-up has just registered the webhooks.
  // An instance starting later upserts the same scheduler and keeps its timing.
  const scheduled = queue
    .upsertJobScheduler(
      SCHEDULER_ID,
      { every: deps.intervalMs, startDate: Date.now() + deps.intervalMs },
      { name: QUEUE_NAME, opts: { removeOnComplete: true, removeOnFail: true } },
    )
    .then(
      () => log.info({ everySeconds: deps.intervalMs / 1000 }, 'webhook check scheduled'),
      (err: unknown) => log.error({ err: (err as Error).message }, 'webhook check could not be scheduled'),
    );

  return {
    async healthy() {
      // Without storage the last result is unknown, not a failure: /readyz reports Redis on its own line.
      return (await lastResult().catch(() => null))?.ok !== false;
    },
    lastResult,
    async close() {
      // A check in flight finishes first; after 5 s the connections are simply dropped.
      await connections.close(async () => {
        await scheduled;
        await worker.close();
        await queue.close();
      }, 5000);
    },
  };
}
