import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ErrorCode } from '../errors.js';
import { endpointTemplate } from './endpoint-template.js';

/**
 * What became of one webhook delivery; each delivery is counted once. `accepted`: taken in for processing;
 * `duplicate`: an event already taken in (Webex redelivers); `ignored`: nothing for the bot (its own
 * messages, other resources); `refused`: 503 while shutting down; `bad_signature`: 401; `not_an_event`:
 * signed, but not a Webex event (400).
 */
export type DeliveryOutcome =
  'accepted' | 'duplicate' | 'ignored' | 'refused' | 'bad_signature' | 'not_an_event';

/** How the error boundary saw a command or card press end: `failed` is a known error told to the person. */
export type HandledOutcome = 'ok' | 'failed' | 'unexpected';

export type TokenRefreshOutcome = 'ok' | 'rejected' | 'failed';

/** What the Webex client reports of one attempt (its `onAttempt` hook, plus the time it took). */
export interface WebexAttempt {
  method: string;
  path: string;
  /** 0: no answer (timed out, refused, cut at shutdown). */
  status: number;
  ms?: number;
}

/** A retry the Webex client is about to make, and how long it waits first. */
export interface WebexRetry {
  method: string;
  path: string;
  status: number;
  waitMs: number;
  /** The wait is Webex's Retry-After (a 429/423, or a 5xx that sent one), not our back-off. */
  retryAfter: boolean;
}

/** BullMQ's counts by state, e.g. `queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')`. */
export type QueueCounts = () => Promise<Record<string, number>>;

/**
 * The bot's metrics, as small methods its parts call. Every label value is either a fixed word chosen here
 * or by the caller's own tables (command kinds, action names, error codes, fleet outcomes), or a Webex
 * endpoint template with every id taken out: never a person, org, room, email, text or secret.
 */
export interface BotMetrics {
  readonly registry: Registry;
  webhookDelivery(outcome: DeliveryOutcome): void;
  /** A command (`kind` from the command table) or a card press (`kind`: the action's name) ended. */
  handled(type: 'command' | 'action', kind: string, outcome: HandledOutcome, code?: ErrorCode): void;
  webexCall(a: WebexAttempt): void;
  webexRetry(r: WebexRetry): void;
  tokenRefresh(outcome: TokenRefreshOutcome): void;
  redisError(): void;
  /** A fleet job settled one org (counted once per org and run). */
  fleetOrg(outcome: 'applied' | 'unchanged' | 'failed' | 'skipped'): void;
  /** A drift check ended (`drift`: a change outside the bot was announced). */
  driftCheck(outcome: string): void;
  /** Report this queue's depth at each scrape. */
  watchQueue(queue: string, counts: QueueCounts): void;
}

export interface MetricsOptions {
  /** Node's process metrics (CPU, memory, event-loop lag, GC): on when the endpoint is served. */
  processMetrics?: boolean;
  /** Longest wait for a queue's counts during a scrape; a queue that does not answer is left out. */
  queueTimeoutMs?: number;
}

/** Distinct values a caller-chosen label may take; more are `other` (a slip must not grow series forever). */
const MAX_VALUES_PER_LABEL = 64;

function boundedLabel(): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= MAX_VALUES_PER_LABEL || !/^[a-z][a-z0-9._-]{0,39}$/i.test(value)) return 'other';
    seen.add(value);
    return value;
  };
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });

/**
 * One Registry per bot, never prom-client's global one, so two bots in one process (the tests) keep apart.
 */
export function createMetrics(opts: MetricsOptions = {}): BotMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (opts.processMetrics) collectDefaultMetrics({ register: registry });
  const queueTimeoutMs = opts.queueTimeoutMs ?? 1000;

  const deliveries = new Counter({
    name: 'vmbot_webhook_deliveries_total',
    help: 'Webhook deliveries by outcome (each delivery counted once)',
    labelNames: ['outcome'],
    registers,
  });
  const commands = new Counter({
    name: 'vmbot_commands_total',
    help: 'Chat commands handled, by command kind and outcome (code: the error code when failed)',
    labelNames: ['kind', 'outcome', 'code'],
    registers,
  });
  const actions = new Counter({
    name: 'vmbot_card_actions_total',
    help: 'Card presses handled, by action and outcome (code: the error code when failed)',
    labelNames: ['action', 'outcome', 'code'],
    registers,
  });
  const webexRequests = new Counter({
    name: 'vmbot_webex_requests_total',
    help: 'Webex API attempts (each retry counted) by endpoint template, method and status (0: no answer)',
    labelNames: ['endpoint', 'method', 'status'],
    registers,
  });
  const webexDuration = new Histogram({
    name: 'vmbot_webex_request_duration_seconds',
    help: 'Webex API attempt latency, by endpoint template and method',
    labelNames: ['endpoint', 'method'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const webexRetries = new Counter({
    name: 'vmbot_webex_retries_total',
    help: 'Webex API retries by endpoint template, method and the status that caused them',
    labelNames: ['endpoint', 'method', 'status'],
    registers,
  });
  const retryWaits = new Counter({
    name: 'vmbot_webex_retry_wait_seconds_total',
    help: "Time spent waiting before Webex retries (reason retry_after: Webex's Retry-After; backoff: ours)",
    labelNames: ['reason'],
    registers,
  });
  const retryAfterWaits = new Counter({
    name: 'vmbot_webex_retry_after_waits_total',
    help: 'Retries that waited out a Retry-After from Webex (429/423, or a 5xx that sent one)',
    registers,
  });
  const refreshes = new Counter({
    name: 'vmbot_token_refreshes_total',
    help: 'Access-token refreshes by outcome (rejected: Webex refused the refresh token; failed: no answer or error)',
    labelNames: ['outcome'],
    registers,
  });
  const redisErrors = new Counter({
    name: 'vmbot_redis_errors_total',
    help: "Errors reported by the bot's Redis connection (connection problems, each reconnection attempt)",
    registers,
  });
  const fleetOrgs = new Counter({
    name: 'vmbot_fleet_orgs_total',
    help: 'Fleet run orgs settled by this instance, by outcome',
    labelNames: ['outcome'],
    registers,
  });
  const driftChecks = new Counter({
    name: 'vmbot_drift_checks_total',
    help: 'Drift checks run by this instance, by outcome',
    labelNames: ['outcome'],
    registers,
  });
  const driftAlerts = new Counter({
    name: 'vmbot_drift_alerts_total',
    help: 'Rule changes made outside the bot that a drift watch announced',
    registers,
  });
  const queues = new Map<string, QueueCounts>();
  new Gauge({
    name: 'vmbot_queue_jobs',
    help: 'Jobs in a BullMQ queue by state, read at scrape time (a queue that does not answer is left out)',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      this.reset();
      await Promise.all(
        [...queues].map(async ([queue, counts]) => {
          try {
            const byState = await withTimeout(counts(), queueTimeoutMs);
            for (const [state, n] of Object.entries(byState)) this.set({ queue, state }, n);
          } catch {
            // Redis away or slow: the scrape still answers, without this queue's numbers.
          }
        }),
      );
    },
  });

  const commandKind = boundedLabel();
  const actionName = boundedLabel();
  const driftOutcome = boundedLabel();
  const statusOf = (s: number) => (Number.isInteger(s) && s >= 0 && s < 600 ? String(s) : 'other');

  return {
    registry,
    webhookDelivery: (outcome) => deliveries.inc({ outcome }),
    handled(type, kind, outcome, code) {
      const c = outcome === 'failed' ? (code ?? 'INTERNAL') : 'none';
      if (type === 'command') commands.inc({ kind: commandKind(kind), outcome, code: c });
      else actions.inc({ action: actionName(kind), outcome, code: c });
    },
    webexCall(a) {
      const endpoint = endpointTemplate(a.path);
      webexRequests.inc({ endpoint, method: a.method, status: statusOf(a.status) });
      if (a.ms !== undefined) webexDuration.observe({ endpoint, method: a.method }, a.ms / 1000);
    },
    webexRetry(r) {
      webexRetries.inc({ endpoint: endpointTemplate(r.path), method: r.method, status: statusOf(r.status) });
      retryWaits.inc({ reason: r.retryAfter ? 'retry_after' : 'backoff' }, r.waitMs / 1000);
      if (r.retryAfter) retryAfterWaits.inc();
    },
    tokenRefresh: (outcome) => refreshes.inc({ outcome }),
    redisError: () => redisErrors.inc(),
    fleetOrg: (outcome) => fleetOrgs.inc({ outcome }),
    driftCheck(outcome) {
      driftChecks.inc({ outcome: driftOutcome(outcome) });
      if (outcome === 'drift') driftAlerts.inc();
    },
    watchQueue(queue, counts) {
      queues.set(queue, counts);
    },
  };
}
