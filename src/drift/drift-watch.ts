import { createHash } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log/create-logger.js';
import type { OrgRevisions } from '../store/org-revisions.js';
import type { MessagesClient } from '../webex/messages-client.js';
import type { OrgDirectory } from '../webex/org-directory.js';
import type { TelephonyClient } from '../webex/telephony-client.js';
import { WebexApiError } from '../webex/webex-api-error.js';
import { settingsFromRules, voicemailRulesSchema, type RulesSettings } from '../voicemail/rules.js';
import type { Access, AccessProvider } from '../bot/access-provider.js';
import { AccessLostError, withRenewal } from '../bot/require-access.js';
import type { DriftSeen } from './drift-seen.js';
import {
  deniedMarkdown,
  driftBetween,
  driftMarkdown,
  listDeniedMarkdown,
  mergeSeen,
  pausedMarkdown,
} from './drift-words.js';
import { spreadDelay } from './spread-delay.js';
import { createWatchStore, type Watch, type WatchStore } from './watch-store.js';
import { bullConnections, runWorkerWhen } from '../store/bull-connections.js';

const QUEUE_NAME = 'drift';
/** An announcement kept until it is posted: long enough for BullMQ's retries, short enough to not linger. */
const OUTBOX_TTL_MS = 24 * 60 * 60 * 1000;

/** What one check of one org came to (tests and logs read it). */
export type CheckOutcome =
  /** The first check of the org for this watch: its rules recorded, nothing said. */
  | 'recorded'
  | 'unchanged'
  | 'drift'
  /** Drift another watch in the same space already announced (an org watch and a fleet watch on one org). */
  | 'announced'
  /** The bot changed the org while the rules were read: this read cannot tell whose change it saw. */
  | 'raced'
  | 'denied'
  | 'paused'
  /** The watch is gone or paused. */
  | 'skipped';

export interface CheckResult {
  watchId: string;
  orgId: string;
  outcome: CheckOutcome;
}

export interface DriftWatchDeps {
  /** The bot's Redis connection (BullMQ gets duplicates of it). Absent on the in-memory store: no watch. */
  redis?: Redis;
  /** Takes no job before this resolves (the token key check passed). */
  startWhen?: Promise<void>;
  /** The deployment's key prefix (REDIS_KEY_PREFIX). */
  prefix: string;
  /** BullMQ's key prefix: under the deployment's own. */
  bullPrefix: string;
  intervalMs: number;
  access: AccessProvider;
  telephony: TelephonyClient;
  orgs: OrgDirectory;
  messages: MessagesClient;
  revisions: OrgRevisions;
  seen: DriftSeen;
  log: Logger;
  /** Called on this instance after each check it ran (tests wait on it). */
  onCheck?: (result: CheckResult) => void;
}

export interface DriftWatch {
  /** False without Redis (the sandbox's in-memory store): the commands say a watch needs Redis. */
  readonly available: boolean;
  readonly intervalMs: number;
  readonly watches: Pick<WatchStore, 'get' | 'inRoom'>;
  /**
   * Starts a watch, or starts it afresh (a paused one, or another person's on the same org in the same
   * space: the new one's token from now on). `baseline`: an org's rules as the command just read them,
   * with the org's revision read before them; otherwise the first check of each org records its rules.
   */
  start(
    watch: Watch,
    baseline?: { orgId: string; settings: RulesSettings; revision?: number },
  ): Promise<void>;
  /** Removes the watch, its job scheduler and everything kept for it; null when there was none. */
  stop(id: string): Promise<Watch | null>;
  close(): Promise<void>;
}

interface CheckData {
  watchId: string;
  orgId: string;
  orgName: string;
  /** Whether to name the org in the GET (a customer org) or leave it to the token (one's own). */
  customer: boolean;
}

const schedulerId = (watchId: string) => `drift.${watchId}`;
const checkJobId = (tickId: string, orgId: string) =>
  `drift.${createHash('sha256').update(`${tickId}|${orgId}`).digest('base64url').slice(0, 27)}`;

const unavailable = (intervalMs: number): DriftWatch => ({
  available: false,
  intervalMs,
  watches: { get: async () => null, inRoom: async () => [] },
  start: async () => {
    throw new Error('drift watch needs Redis');
  },
  stop: async () => null,
  close: async () => undefined,
});

/**
 * The drift watch: one BullMQ job scheduler per watch (`drift.<watchId>`, every `intervalMs`), whose tick
 * enqueues one check job per org, each delayed to its own point in the interval. Every instance runs the
 * worker; BullMQ gives each job to one of them, and watches live in Redis, so they outlive any instance.
 *
 * A check reads the org's rules with the watcher's own token, then, under the org's change lock, compares
 * them with the rules last seen and stores them. The bot's own changes update the seen rules under the same
 * lock (`DriftSeen.noteApplied`), and a check whose read overlapped one (the org's revision moved while it
 * read) compares nothing that time, so a change the bot made is never announced as drift.
 */
export function createDriftWatch(deps: DriftWatchDeps): DriftWatch {
  const { log, intervalMs } = deps;
  if (!deps.redis) return unavailable(intervalMs);
  const redis = deps.redis;
  const store = createWatchStore(redis, deps.prefix);
  const outboxKey = (watchId: string) => `${deps.prefix}drift:outbox:${watchId}`;
  const deniedKey = (watchId: string) => `${deps.prefix}drift:denied:${watchId}`;
  /** One space, one org, one change (each setting's before → after): whichever watch noticed it first says it. */
  const announcedKey = (roomId: string, orgId: string, changes: ReturnType<typeof driftBetween>) =>
    `${deps.prefix}drift:announced:${createHash('sha256')
      .update(JSON.stringify([roomId, orgId, changes]))
      .digest('base64url')
      .slice(0, 27)}`;
  // Every watch on the org in the space notices the change within one interval (retries aside); kept a
  // little longer so a retried check still finds it, yet short enough that the same change made again
  // later is announced again.
  const announcedTtlMs = Math.round(intervalMs * 1.5);

  const connections = bullConnections(redis);
  const queue = new Queue(QUEUE_NAME, { connection: connections.queue, prefix: deps.bullPrefix });
  queue.on('error', (err) => log.debug({ err: err.message }, 'drift queue: Redis problem'));

  const post = async (watch: Watch, markdown: string) => {
    await deps.messages.send({ roomId: watch.roomId, markdown });
  };

  /** The token stopped working: pause, and say so once in the space (whichever check got there first). */
  async function pause(watch: Watch, why: 'signed-out' | 'rejected'): Promise<void> {
    if (!(await store.pause(watch.id, why))) return;
    log.info(
      { watchId: watch.id, personId: watch.personId, why },
      'drift watch paused: the sign-in no longer works',
    );
    await queue.removeJobScheduler(schedulerId(watch.id));
    await post(watch, pausedMarkdown(watch)).catch((err: unknown) =>
      log.warn({ watchId: watch.id, err: (err as Error).message }, 'drift watch pause notice not posted'),
    );
  }

  /** An org (or `*`: the list of customer orgs) refused: one line until it works again. */
  async function deniedOnce(watch: Watch, field: string, markdown: string): Promise<void> {
    const first = await redis.hsetnx(deniedKey(watch.id), field, new Date().toISOString());
    if (first !== 1) return;
    log.info({ watchId: watch.id, orgId: field }, 'drift watch: access refused');
    await post(watch, markdown).catch((err: unknown) =>
      log.warn({ watchId: watch.id, err: (err as Error).message }, 'drift watch refusal notice not posted'),
    );
  }

  /** The watcher's access now, or null once the watch is paused for want of it. */
  async function accessOf(watch: Watch): Promise<Access | null> {
    const access = await deps.access.get(watch.personId);
    if (!access) await pause(watch, 'signed-out');
    return access;
  }

  async function tick(job: Job<{ watchId: string }>): Promise<void> {
    const watch = await store.get(job.data.watchId);
    if (!watch) {
      // Turned off on an instance that could not remove the scheduler: nothing left to tick for.
      await queue.removeJobScheduler(schedulerId(job.data.watchId));
      return;
    }
    if (watch.paused) return;
    let orgs: { id: string; displayName: string; customer: boolean }[];
    if (watch.orgs.kind === 'org') {
      orgs = [{ id: watch.orgs.orgId, displayName: watch.orgs.orgName, customer: watch.orgs.customer }];
    } else {
      const access = await accessOf(watch);
      if (!access) return;
      let listed: { id: string; displayName: string }[];
      try {
        listed = await withRenewal(deps.access, access, (a) => deps.orgs.list(a.token));
      } catch (e) {
        if (e instanceof AccessLostError) return pause(watch, 'rejected');
        if (e instanceof WebexApiError && e.status === 403)
          return deniedOnce(watch, '*', listDeniedMarkdown(watch));
        throw e;
      }
      await redis.hdel(deniedKey(watch.id), '*');
      orgs = listed.filter((o) => o.id !== access.orgId).map((o) => ({ ...o, customer: true }));
    }
    const tickId = job.id ?? `${job.name}.${job.timestamp}`;
    await queue.addBulk(
      orgs.map((o) => ({
        name: 'check',
        data: { watchId: watch.id, orgId: o.id, orgName: o.displayName, customer: o.customer },
        opts: {
          // A tick run again (it failed after enqueueing) enqueues no org twice.
          jobId: checkJobId(tickId, o.id),
          delay: spreadDelay(o.id, intervalMs),
          // 429, 5xx and timeouts: again later, without a word in the space.
          attempts: 4,
          backoff: { type: 'exponential', delay: Math.min(5_000, Math.max(200, intervalMs / 20)) },
          removeOnComplete: true,
          removeOnFail: { count: 1000 },
        },
      })),
    );
  }

  /** Posts what a check stored to announce; kept until posted, so a check cut short still announces. */
  async function flushOutbox(watch: Watch, orgId: string): Promise<void> {
    const markdown = await redis.hget(outboxKey(watch.id), orgId);
    if (markdown === null) return;
    try {
      await post(watch, markdown);
    } catch (err) {
      // The bot left the space or may not post there: no retry will change that.
      if (!(err instanceof WebexApiError) || err.status === 0 || err.status === 429 || err.status >= 500)
        throw err;
      log.warn(
        { watchId: watch.id, orgId, status: err.status },
        'drift announcement not posted: Webex refused it',
      );
    }
    await redis.hdel(outboxKey(watch.id), orgId);
  }

  async function check(job: Job<CheckData>): Promise<CheckOutcome> {
    const { watchId, orgId, orgName, customer } = job.data;
    const watch = await store.get(watchId);
    if (!watch || watch.paused) return 'skipped';
    await flushOutbox(watch, orgId);
    const access = await accessOf(watch);
    if (!access) return 'paused';
    // Read before the rules: a bot change that lands while they are read moves it (see OrgRevisions).
    const revision = await deps.revisions.current(orgId);
    let body: unknown;
    try {
      ({ body } = await withRenewal(deps.access, access, (a) =>
        deps.telephony.getVoicemailRules(a.token, customer ? orgId : undefined),
      ));
    } catch (e) {
      if (e instanceof AccessLostError) {
        await pause(watch, 'rejected');
        return 'paused';
      }
      if (e instanceof WebexApiError && (e.status === 403 || e.status === 404)) {
        await deniedOnce(watch, orgId, deniedMarkdown(watch, orgName, e.status));
        return 'denied';
      }
      throw e;
    }
    const noticedAt = Date.now();
    const parsed = voicemailRulesSchema.safeParse(body);
    if (!parsed.success) throw new Error('drift check: voicemail rules in an unexpected shape');
    const now = settingsFromRules(parsed.data);
    await redis.hdel(deniedKey(watchId), orgId);
    const outcome = await deps.revisions.exclusive(orgId, async (): Promise<CheckOutcome> => {
      if ((await deps.revisions.current(orgId)) !== revision) return 'raced';
      // Turned off while the rules were read: nothing is kept for it any more.
      if (!(await store.get(watchId))) return 'skipped';
      const seen = await deps.seen.get(watchId, orgId);
      if (!seen) {
        await deps.seen.put(watchId, orgId, now);
        return 'recorded';
      }
      const changes = driftBetween(seen, now);
      await deps.seen.put(watchId, orgId, mergeSeen(seen, now));
      if (changes.length === 0) return 'unchanged';
      // Each watch keeps its own seen rules (above); the space hears of the change once.
      const first = await redis.set(
        announcedKey(watch.roomId, orgId, changes),
        watchId,
        'PX',
        announcedTtlMs,
        'NX',
      );
      if (first !== 'OK') {
        log.info({ watchId, orgId }, 'drift: already announced in this space by another watch');
        return 'announced';
      }
      await redis
        .multi()
        .hset(outboxKey(watchId), orgId, driftMarkdown(orgName, changes, noticedAt))
        .pexpire(outboxKey(watchId), OUTBOX_TTL_MS)
        .exec();
      log.info(
        { watchId, orgId, settings: changes.map((c) => c.setting) },
        'drift: rules changed outside the bot',
      );
      return 'drift';
    });
    await flushOutbox(watch, orgId);
    return outcome;
  }

  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job) => {
      if (job.name === 'tick') return tick(job as Job<{ watchId: string }>);
      const data = (job as Job<CheckData>).data;
      const outcome = await check(job as Job<CheckData>);
      deps.onCheck?.({ watchId: data.watchId, orgId: data.orgId, outcome });
    },
    { connection: connections.worker, prefix: deps.bullPrefix, concurrency: 4, autorun: false },
  );
  runWorkerWhen(worker, deps.startWhen, log);
  worker.on('error', (err) => log.debug({ err: err.message }, 'drift worker: Redis problem'));
  worker.on('failed', (job, err) =>
    log.warn(
      {
        job: job?.name,
        attempts: job?.attemptsMade,
        err: err.message,
        status: (err as Partial<WebexApiError>).status,
      },
      'drift job failed; BullMQ tries it again while attempts remain',
    ),
  );

  return {
    available: true,
    intervalMs,
    watches: store,
    async start(watch, baseline) {
      await deps.seen.forgetWatch(watch.id);
      await redis.del(outboxKey(watch.id), deniedKey(watch.id));
      await store.put(watch);
      if (baseline) {
        // As a check stores rules: under the org's lock, and only if the bot changed nothing since the read.
        await deps.revisions.exclusive(baseline.orgId, async () => {
          if ((await deps.revisions.current(baseline.orgId)) === (baseline.revision ?? 0))
            await deps.seen.put(watch.id, baseline.orgId, baseline.settings);
        });
      }
      await queue.upsertJobScheduler(
        schedulerId(watch.id),
        // With a baseline the rules were just read: the first tick one interval on.
        { every: intervalMs, ...(baseline ? { startDate: Date.now() + intervalMs } : {}) },
        {
          name: 'tick',
          data: { watchId: watch.id },
          opts: {
            attempts: 3,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: true,
            removeOnFail: { count: 100 },
          },
        },
      );
      log.info(
        { watchId: watch.id, orgs: watch.orgs.kind, everySeconds: intervalMs / 1000 },
        'drift watch on',
      );
    },
    async stop(id) {
      await queue.removeJobScheduler(schedulerId(id));
      const watch = await store.remove(id);
      await deps.seen.forgetWatch(id);
      await redis.del(outboxKey(id), deniedKey(id));
      if (watch) log.info({ watchId: id }, 'drift watch off');
      return watch;
    },
    async close() {
      // A check in flight finishes first; a Redis that is gone must not hold the shutdown.
      await connections.close(async () => {
        await worker.close();
        await queue.close();
      }, 5000);
    },
  };
}
