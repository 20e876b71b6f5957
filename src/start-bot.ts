import { httpOrigin } from './net/http-origin.js';
import type { Server } from 'node:http';
import type { Router } from 'express';
import { openRedis, redisTarget, type RedisTls } from './store/create-redis.js';
import type { Redis } from 'ioredis';
import { checkBotToken } from './bot/check-bot-token.js';
import type { LiveConfig } from './config.js';
import type { Logger } from './log/create-logger.js';
import { createApp } from './app.js';
import { createWebhookRoute } from './http/webhook-route.js';
import { createHealthRoutes } from './http/health-routes.js';
import { createVersionRoute } from './http/version-route.js';
import { readPackageInfo } from './package-info.js';
import { createWebexClient, type FetchLike } from './webex/webex-client.js';
import { logWebexCalls } from './webex/log-webex-calls.js';
import { createTelephonyClient } from './webex/telephony-client.js';
import { createMessagesClient } from './webex/messages-client.js';
import { createOrgDirectory } from './webex/org-directory.js';
import { createRedisKeyValueStore } from './store/redis-key-value-store.js';
import type { KeyValueStore } from './store/key-value-store.js';
import { createTokenCipher } from './store/token-cipher.js';
import { checkTokenKeys, createTokenStore, type TokenStore } from './store/token-store.js';
import { createFormSessions } from './store/form-sessions.js';
import { createLatestConfirmations } from './store/latest-confirmations.js';
import { createSignOuts } from './store/sign-outs.js';
import { createOrgRevisions } from './store/org-revisions.js';
import { createChangeHistory, type ChangeHistory } from './store/change-history.js';
import { createEventDedup } from './store/event-dedup.js';
import { createPeopleCache } from './store/people-cache.js';
import { createCardThreads } from './store/card-threads.js';
import { createEventIntake } from './bot/event-intake.js';
import { createCardRenderer } from './cards/render.js';
import { startFramework } from './bot/start-framework.js';
import { createWebhookRegistrar } from './bot/webhook-registrar.js';
import { createWebhookHealth, type WebhookCheckResult } from './bot/webhook-health.js';
import { createAccessProvider } from './bot/access-provider.js';
import { createOrgSelection } from './store/org-selection.js';
import { attachBot } from './bot/attach-bot.js';
import { createAccessGate } from './auth/access-gate.js';
import { createAccessHelp, createSignInNotifier } from './bot/sign-in-messages.js';
import { createSignInLinks, createSignInService } from './auth/sign-in-service.js';
import { createOAuthRoutes } from './http/oauth-routes.js';
import { createRedisRateLimitStore } from './http/redis-rate-limit-store.js';
import { createOAuthClient } from './webex/oauth-client.js';
import { createPeopleClient } from './webex/people-client.js';
import { createProfileReader } from './auth/read-profile.js';
import { createSignInStates } from './store/sign-in-states.js';
import type { FormSnapshot, PendingConfirmation } from './bot/bot-deps.js';
import { createMembershipsClient } from './webex/memberships-client.js';
import { createSpaceOrgs } from './bot/space-orgs.js';
import type { CommandDeps } from './bot/commands/command-spec.js';
import { createDriftSeen, NO_DRIFT_SEEN } from './drift/drift-seen.js';
import { createDriftWatch, type CheckResult } from './drift/drift-watch.js';
import { createFleet, type Fleet, type FleetConfig } from './fleet/create-fleet.js';
import { createFleetRulesReader } from './fleet/read-fleet-rules.js';
import { createTokenLimiter } from './fleet/token-limiter.js';
import { createMetrics, type BotMetrics } from './metrics/create-metrics.js';
import { createMetricsRoute } from './http/metrics-route.js';
import { createEventQueue, type EventQueue } from './intake/event-queue.js';
import { startEventWorker, type EventWorker, type EventWorkerTimings } from './intake/event-worker.js';
import type { EventIntake } from './bot/event-intake.js';
import { AppError } from './errors.js';
import type { WebhookEnvelope } from './http/webhook-route.js';

export interface RunningBot {
  url: string;
  server: Server;
  tokens: TokenStore;
  kv: KeyValueStore;
  botPersonId: string;
  /** The fleet engine (this instance's worker and the run API); absent on the in-memory store and in `web`. */
  fleet?: Fleet;
  /** What `/metrics` serves (counted whether or not METRICS_TOKEN serves it). */
  metrics: BotMetrics;
  /** Webhooks registered (start-up does not wait for it). */
  whenReady(): Promise<void>;
  /**
   * Start shutting down: /readyz turns 503 and new events are refused at once, and every Webex call ends by
   * `until` (replies included; other calls `reserveMs` earlier, so the outcome can still be told).
   */
  beginShutdown(until: number, reserveMs: number): void;
  /** Let running work finish, then close the port and connections. Webhooks stay registered. */
  close(): Promise<void>;
}

/** Time kept back for the replies that report outcomes: a share of the shutdown budget, within bounds. */
export function replyReserveMs(budgetMs: number): number {
  return Math.min(5000, Math.max(1000, Math.round(budgetMs * 0.3)));
}

export interface StartOptions {
  log: Logger;
  /** The fetch the bot's own Webex client uses (an outbound proxy's, from main.ts); the global one otherwise. */
  webexFetch?: FetchLike;
  /** rediss:// settings from REDIS_TLS_*, with the CA file already read (main.ts reads files). */
  redisTls?: RedisTls;
  /** A ready store instead of Redis (the sandbox's). Wins over `redis`. */
  kv?: KeyValueStore;
  /**
   * With `kv`: the Redis it lives on, for what only Redis does (BullMQ jobs: fleet runs, drift watches,
   * webhook checks; the shared rate limits), under REDIS_KEY_PREFIX. The caller owns the connection.
   */
  jobsRedis?: Redis;
  /** More routes on the same server (the sandbox page). Never given in live mode. */
  extraRouters?: Router[];
  /** The change history to append to, when someone else reads it too (the sandbox's panel); else one on the store. */
  history?: ChangeHistory;
  /** Back-off between webhook registration attempts. */
  registrationRetryMs?: number;
  webexTimeoutMs?: number;
  webexMaxRetryAfterMs?: number;
  webexBaseDelayMs?: number;
  /** How long a sign-in link stays valid (10 minutes). */
  signInTtlMs?: number;
  /** Refresh an access token this long before it expires (10 minutes). */
  refreshMarginMs?: number;
  /** The periodic webhook check: its interval (default WEBHOOK_CHECK_INTERVAL_S) and a hook per result. */
  webhookCheck?: { intervalMs?: number; onResult?: (result: WebhookCheckResult) => void };
  /** The drift watch: its interval (default DRIFT_CHECK_INTERVAL_S) and a hook per check this instance ran. */
  driftWatch?: { intervalMs?: number; onCheck?: (result: CheckResult) => void };
  /** Fleet engine timings beyond the configuration (tests: a short job lock, quick back-off). */
  fleet?: Partial<FleetConfig>;
  /** Where the bot counts what it does; a fresh registry of its own otherwise. */
  metrics?: BotMetrics;
  /** Event worker timings beyond the configuration (tests: a short job lock and stalled check). */
  eventWorker?: Partial<EventWorkerTimings>;
}

/** How /readyz names a Redis reached through Sentinel: the group and how many sentinels, never an address. */
function redisSetup(config: LiveConfig, own: boolean): Record<string, unknown> | undefined {
  if (!own || !config.REDIS_SENTINELS || !config.REDIS_SENTINEL_NAME) return undefined;
  return { via: 'sentinel', name: config.REDIS_SENTINEL_NAME, sentinels: config.REDIS_SENTINELS.length };
}

/** The events the intake handles; anything else is answered 204 and never queued. */
function handledKind(ev: WebhookEnvelope): boolean {
  return ev.event === 'created' && (ev.resource === 'messages' || ev.resource === 'attachmentActions');
}

/**
 * Wires config -> stores and clients -> framework -> HTTP, and listens. main.ts and the tests both use it.
 *
 * PROCESS_ROLE picks the part: `web` is the HTTP side (signature, durable enqueue, sign-in, health; no
 * framework and no BullMQ worker of any kind), `worker` the event worker with the framework and the fleet,
 * drift and webhook-check workers (listening for /healthz and /readyz only), `all` both in one process.
 */
export async function startBot(config: LiveConfig, opts: StartOptions): Promise<RunningBot> {
  const log = opts.log;
  const role = config.PROCESS_ROLE;
  const servesWeb = role !== 'worker';
  const runsWorkers = role !== 'web';
  // The one way to hand in a store is `kv` (the sandbox's, a test's broken one); otherwise the bot opens
  // REDIS_URL (or REDIS_SENTINELS) itself and owns that connection.
  const ownRedis = opts.kv ? undefined : await openRedis(redisTarget(config), log, opts.redisTls);
  const kv = opts.kv ?? createRedisKeyValueStore(ownRedis!, config.REDIS_KEY_PREFIX);
  const redis = ownRedis ?? (opts.kv ? opts.jobsRedis : undefined);
  const metrics = opts.metrics ?? createMetrics({ processMetrics: config.METRICS_TOKEN !== undefined });
  // Counted from here: errors while openRedis waited for the first connection are in its log line only.
  ownRedis?.on('error', () => metrics.redisError());
  if (!redis && role !== 'all') {
    await ownRedis?.quit().catch(() => undefined);
    throw new AppError(
      'CONFIG_INVALID',
      `PROCESS_ROLE=${role} needs Redis for the event queue; only PROCESS_ROLE=all runs without it`,
    );
  }

  const logCall = logWebexCalls(log);
  const webex = createWebexClient({
    apiBase: config.WEBEX_API_URL,
    fetch: opts.webexFetch,
    timeoutMs: opts.webexTimeoutMs,
    maxRetryAfterMs: opts.webexMaxRetryAfterMs,
    baseDelayMs: opts.webexBaseDelayMs,
    onAttempt: (a) => {
      logCall(a);
      metrics.webexCall(a);
    },
    onRetry: (r) => metrics.webexRetry(r),
  });
  const cipher = createTokenCipher(
    Buffer.from(config.TOKEN_ENCRYPTION_KEY, 'base64'),
    config.TOKEN_ENCRYPTION_KEY_PREVIOUS
      ? Buffer.from(config.TOKEN_ENCRYPTION_KEY_PREVIOUS, 'base64')
      : undefined,
  );
  // Only on the deployment's own Redis: the sandbox hands in its store and makes up a key per start.
  // A wrong key refuses the start; when Redis is not reachable yet the check runs once it answers, and
  // until it passes /readyz says `tokenKeys: false` (so no traffic is sent to an instance that would sign
  // admins out).
  let tokenKeysOk = !ownRedis;
  // Workers take no event before the check passed: one with the wrong key would answer every admin
  // "storage unavailable" (it cannot read their sign-ins), while /readyz only keeps traffic off the web side.
  let keysPassed = () => {};
  const keysChecked = new Promise<void>((r) => (keysPassed = r));
  if (tokenKeysOk) keysPassed();
  if (ownRedis) {
    const redis = ownRedis;
    const checkKeys = async () => {
      const problem = await checkTokenKeys(kv, cipher);
      if (!problem) {
        tokenKeysOk = true;
        keysPassed();
      }
      return problem;
    };
    let problem: string | null = null;
    if (await kv.ping()) {
      problem = await checkKeys().catch(async (err: unknown) => {
        await redis.quit().catch(() => undefined);
        throw err;
      });
    } else {
      log.warn('token key check deferred until Redis answers; /readyz stays 503 until it passes');
      const onReady = () =>
        checkKeys().then(
          (p) => {
            if (p) log.error(p);
            else redis.off('ready', onReady);
          },
          (err: unknown) => log.warn({ err }, 'token key check failed; retried when Redis reconnects'),
        );
      redis.on('ready', onReady);
      if (redis.status === 'ready') void onReady();
    }
    if (problem) {
      await redis.quit().catch(() => undefined);
      // A refusal the operator can act on, not a crash: coded, so the log line carries no stack.
      throw Object.assign(new Error(problem), { code: 'TOKEN_KEY_MISMATCH' });
    }
  }
  const tokens = createTokenStore(kv, cipher, { log });
  const dedup = createEventDedup(kv);
  const webhookUrl = `${config.PUBLIC_URL}/webhook`;
  const registrar = createWebhookRegistrar({
    webex,
    token: config.WEBEX_BOT_TOKEN,
    targetUrl: webhookUrl,
    secret: config.WEBHOOK_SECRET,
    kv,
    log,
    retryDelayMs: opts.registrationRetryMs,
  });

  // Webhook health: Webex may disable a webhook later; a BullMQ job scheduler re-checks them (see module).
  const webhookHealth = createWebhookHealth({
    registrar,
    kv,
    log,
    redis,
    prefix: `${config.REDIS_KEY_PREFIX}bull`,
    intervalMs: opts.webhookCheck?.intervalMs ?? config.WEBHOOK_CHECK_INTERVAL_S * 1000,
    onResult: opts.webhookCheck?.onResult,
    runChecks: runsWorkers,
  });

  const botId = await checkBotToken(webex, config.WEBEX_BOT_TOKEN, log);
  const messages = createMessagesClient(webex, config.WEBEX_BOT_TOKEN);
  const gate = createAccessGate({
    emailDomains: config.ALLOWED_EMAIL_DOMAINS,
    orgIds: config.ALLOWED_ORG_IDS,
  });
  const oauth =
    config.WEBEX_CLIENT_ID && config.WEBEX_CLIENT_SECRET
      ? createOAuthClient({
          webex,
          clientId: config.WEBEX_CLIENT_ID,
          clientSecret: config.WEBEX_CLIENT_SECRET,
        })
      : undefined;
  const signInTtlMs = opts.signInTtlMs ?? 10 * 60_000;
  const signInStates = createSignInStates(kv, signInTtlMs);
  const signInLinks = oauth
    ? createSignInLinks({ publicUrl: config.PUBLIC_URL, states: signInStates })
    : undefined;
  const people = createPeopleClient(webex);
  const orgs = createOrgDirectory(webex);
  const profile = createProfileReader({ people, orgs });
  // The web side stores events in Redis and answers; workers take them (in-process without Redis for jobs).
  const eventQueue: EventQueue | undefined =
    servesWeb && redis
      ? createEventQueue({
          redis,
          prefix: `${config.REDIS_KEY_PREFIX}bull`,
          keyPrefix: config.REDIS_KEY_PREFIX,
        })
      : undefined;
  if (eventQueue) metrics.watchQueue('events', () => eventQueue.jobCounts());
  const side = runsWorkers
    ? await startWorkerSide().catch(async (err: unknown) => {
        await eventQueue?.close();
        await ownRedis?.quit().catch(() => undefined);
        throw err;
      })
    : undefined;
  const botPersonId = side?.botPersonId ?? botId;

  /** The framework, the bot runtime on it, the intake, and the fleet, drift and event workers. */
  async function startWorkerSide() {
    const fw = await startFramework({
      apiBase: config.WEBEX_API_URL,
      token: config.WEBEX_BOT_TOKEN,
      webhookUrl,
      webhookName: registrar.name,
      webex,
    });
    const botPersonId = fw.framework.person.id;

    const orgSelection = createOrgSelection(kv);
    const telephony = createTelephonyClient(webex);
    const access = createAccessProvider({
      tokens,
      kv,
      log,
      oauth,
      profile,
      refreshMarginMs: opts.refreshMarginMs,
      metrics,
    });
    const revisions = createOrgRevisions(kv);
    // Drift watches: a BullMQ job scheduler per watch, on Redis only (see src/drift/drift-watch.ts).
    const driftSeen = redis ? createDriftSeen(redis, config.REDIS_KEY_PREFIX) : NO_DRIFT_SEEN;
    const drift = createDriftWatch({
      redis,
      startWhen: keysChecked,
      prefix: config.REDIS_KEY_PREFIX,
      bullPrefix: `${config.REDIS_KEY_PREFIX}bull`,
      intervalMs: opts.driftWatch?.intervalMs ?? config.DRIFT_CHECK_INTERVAL_S * 1000,
      access,
      telephony,
      orgs,
      messages,
      revisions,
      seen: driftSeen,
      log,
      onCheck: (r) => {
        metrics.driftCheck(r.outcome);
        opts.driftWatch?.onCheck?.(r);
      },
    });
    const history = opts.history ?? createChangeHistory(kv, { maxEntries: config.HISTORY_MAX_ENTRIES });
    // Every instance on the deployment's Redis is a fleet worker; the in-memory store (sandbox) has no fleet.
    const fleet = redis
      ? createFleet({
          redis,
          startWhen: keysChecked,
          prefix: config.REDIS_KEY_PREFIX,
          bullPrefix: `${config.REDIS_KEY_PREFIX}bull`,
          access,
          telephony,
          messages,
          orgs,
          revisions,
          history,
          driftSeen,
          log,
          metrics,
          config: {
            concurrency: config.FLEET_CONCURRENCY,
            callsPerSecond: config.FLEET_CALLS_PER_SECOND,
            progressIntervalMs: config.FLEET_PROGRESS_INTERVAL_MS,
            ...opts.fleet,
          },
        })
      : undefined;
    // `/fleet` reads draw on the same per-admin budget in Redis as the fleet's jobs (same keys).
    const fleetRules = redis
      ? createFleetRulesReader({
          telephony,
          limiter: createTokenLimiter({
            redis,
            prefix: config.REDIS_KEY_PREFIX,
            callsPerSecond: config.FLEET_CALLS_PER_SECOND,
          }),
          concurrency: config.FLEET_CONCURRENCY,
          callsPerSecond: config.FLEET_CALLS_PER_SECOND,
        })
      : undefined;
    const deps: CommandDeps = {
      telephony,
      people,
      messages,
      access,
      async targetOrg(access) {
        const choice = await orgSelection.get(access.personId);
        return choice ? { orgId: choice.orgId, customerName: choice.displayName } : { orgId: access.orgId };
      },
      forms: createFormSessions<FormSnapshot>(kv, config.FORM_TTL_MINUTES * 60_000),
      confirmations: createFormSessions<PendingConfirmation>(
        kv,
        config.FORM_TTL_MINUTES * 60_000,
        'confirm:',
      ),
      revisions,
      history,
      latestConfirmations: createLatestConfirmations(kv, config.FORM_TTL_MINUTES * 60_000),
      signOuts: createSignOuts(kv, config.FORM_TTL_MINUTES * 60_000),
      spaceOrgs: createSpaceOrgs({
        memberships: createMembershipsClient(webex, config.WEBEX_BOT_TOKEN),
        orgs,
        kv,
        botPersonId,
        log,
      }),
      orgs,
      cards: createCardRenderer(),
      log,
      accessHelp: createAccessHelp({ gate, signIn: signInLinks, linkTtlMs: signInTtlMs, messages, log }),
      tokens,
      orgSelection,
      driftSeen,
      drift,
      ...(fleet && fleetRules ? { fleet, fleetRules } : {}),
    };
    const bot = attachBot(fw.framework, deps, {
      cardThreads: createCardThreads(kv, { log }),
      metrics,
    });
    // Sign-in outcomes carry on with the asked-for command: built once the bot runtime exists.
    const notifySignIn = signInLinks
      ? createSignInNotifier({ messages, runtime: bot, signIn: signInLinks, linkTtlMs: signInTtlMs, log })
      : undefined;

    const intake: EventIntake = createEventIntake({
      fw,
      runtime: bot,
      webex,
      botToken: config.WEBEX_BOT_TOKEN,
      botPersonId,
      dedup,
      messages,
      log,
      senderCache: createPeopleCache(kv, { log }),
    });
    const eventWorker: EventWorker | undefined = redis
      ? startEventWorker({
          redis,
          prefix: `${config.REDIS_KEY_PREFIX}bull`,
          keyPrefix: config.REDIS_KEY_PREFIX,
          intake,
          signInDone: notifySignIn,
          startWhen: keysChecked,
          log,
          timings: { concurrency: config.EVENT_CONCURRENCY, ...opts.eventWorker },
        })
      : undefined;
    return { fw, bot, botPersonId, intake, eventWorker, notifySignIn, drift, fleet };
  }

  // A web-only process hands a finished sign-in to a worker, where the bot runtime can carry on with it.
  const notify = side?.notifySignIn ?? (eventQueue ? eventQueue.enqueueSignIn : undefined);
  const signIn =
    servesWeb && oauth && signInLinks && notify
      ? createSignInService({
          publicUrl: config.PUBLIC_URL,
          oauth,
          people,
          states: signInStates,
          tokens,
          gate,
          profile,
          log,
          notify,
        })
      : undefined;
  const intake = side?.intake;
  const enqueue = eventQueue
    ? eventQueue.enqueue
    : // No Redis for jobs (the sandbox on memory, a test's store): processed in this process, as it comes.
      async (ev: WebhookEnvelope, delivery: { trackingId?: string }) => {
        setImmediate(() => void intake?.handle(ev, delivery));
      };

  let accepting = true;
  const beginShutdown = (until: number, reserveMs: number) => {
    if (!accepting) return;
    accepting = false;
    intake?.stopAccepting();
    side?.eventWorker?.stopTaking();
    webex.drain(until, reserveMs);
  };

  const app = createApp(
    [
      createHealthRoutes([
        {
          name: 'webhooks',
          // A worker does not register them (the web side does) but runs the periodic check.
          check: async () => (!servesWeb || registrar.isReady()) && (await webhookHealth.healthy()),
        },
        { name: 'redis', check: () => kv.ping(), setup: redisSetup(config, Boolean(ownRedis)) },
        // The event queue has a connection of its own, which may come back later than the bot's (after a
        // failover): until it answers, deliveries would be refused, so traffic should go elsewhere.
        ...(eventQueue ? [{ name: 'events', check: () => eventQueue.ping() }] : []),
        { name: 'tokenKeys', check: async () => tokenKeysOk },
        { name: 'accepting', check: async () => accepting },
      ]),
      createVersionRoute({ ...readPackageInfo(), commit: config.commit }),
      ...(servesWeb
        ? [
            createWebhookRoute({
              secret: config.WEBHOOK_SECRET,
              previousSecret: config.WEBHOOK_SECRET_PREVIOUS,
              log,
              enqueue,
              accepting: () => accepting,
              ignorable: (ev) =>
                !handledKind(ev) || (ev.resource === 'messages' && ev.data.personId === botPersonId),
              metrics,
            }),
          ]
        : []),
      ...(config.METRICS_TOKEN
        ? [createMetricsRoute({ token: config.METRICS_TOKEN, registry: metrics.registry, log })]
        : []),
      ...(signIn
        ? [
            createOAuthRoutes(signIn, {
              limiterStore: redis
                ? createRedisRateLimitStore(redis, `${config.REDIS_KEY_PREFIX}ratelimit:oauth:`, log)
                : undefined,
            }),
          ]
        : []),
      ...(opts.extraRouters ?? []),
    ],
    { trustProxy: config.TRUST_PROXY, log },
  );
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    s.once('error', reject);
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
  // The web side registers the webhooks (they point at it); a worker only checks them on the schedule.
  const registered = servesWeb
    ? registrar.ensure().catch((err: unknown) => {
        log.error({ err }, 'webhook registration failed; retrying in the background');
        registrar.ensureInBackground();
      })
    : Promise.resolve();
  const fleet = side?.fleet;

  return {
    url: httpOrigin(config.HOST, port),
    server,
    tokens,
    kv,
    botPersonId,
    ...(fleet ? { fleet } : {}),
    metrics,
    async whenReady() {
      await registered;
      while (servesWeb && !registrar.isReady()) await new Promise((r) => setTimeout(r, 50));
    },
    beginShutdown,
    async close() {
      beginShutdown(Date.now() + 25_000, replyReserveMs(25_000));
      registrar.stop();
      // The periodic check stops at once, beside the draining work: BullMQ's worker can take seconds to let
      // go of its blocking connection, and after the work that would push the exit past the platform's kill.
      const checksStopped = Promise.all([webhookHealth.close(), side?.drift.close()]);
      // Fleet jobs and events in flight finish (their Webex calls end within the drain); the rest wait in
      // Redis for another worker, or this one after a restart.
      const fleetStopped = fleet?.close();
      const eventsStopped = side?.eventWorker?.close(config.SHUTDOWN_TIMEOUT_S * 1000);
      // The port stays open while work runs: /readyz keeps saying 503 and late events get a 503, not a reset.
      await eventsStopped;
      await intake?.idle();
      await checksStopped;
      await fleetStopped;
      await side?.bot.idle();
      // No work is left, so what is still connected is a keep-alive socket or a late request that would be
      // refused anyway: it gets a moment to finish its answer, then it is cut (a sender that keeps its
      // connection open must not hold the exit past the platform's kill).
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 500).unref();
      });
      await eventQueue?.close();
      await side?.fw.stop().catch(() => undefined);
      await ownRedis?.quit().catch(() => undefined);
    },
  };
}
