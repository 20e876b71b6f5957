import { createHash, randomUUID } from 'node:crypto';
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AccessProvider } from '../bot/access-provider.js';
import { AppError, isAppError } from '../errors.js';
import type { Logger } from '../log/create-logger.js';
import type { ChangeHistory } from '../store/change-history.js';
import type { OrgRevisions } from '../store/org-revisions.js';
import type { MessagesClient } from '../webex/messages-client.js';
import type { TelephonyClient } from '../webex/telephony-client.js';
import type { OrgDirectory } from '../webex/org-directory.js';
import { WebexApiError } from '../webex/webex-api-error.js';
import { applyOrg, type WithToken } from './apply-org.js';
import type { DriftSeen } from '../drift/drift-seen.js';
import type { Fleet } from './fleet-api.js';
import { FLEET_RUN_TTL_MS, createFleetRuns, type FleetRun, type OrgResult } from './fleet-runs.js';
import { progressText, reportPages } from './fleet-report.js';
import { createTokenLimiter } from './token-limiter.js';
import { bullConnections, runWorkerWhen } from '../store/bull-connections.js';
import type { BotMetrics } from '../metrics/create-metrics.js';

export const FLEET_QUEUE = 'fleet';
const JOB_NAME = 'apply-org';

export interface FleetConfig {
  /** Jobs one instance works on at once (FLEET_CONCURRENCY). */
  concurrency: number;
  /** Webex calls per second per admin token, across every instance (FLEET_CALLS_PER_SECOND). */
  callsPerSecond: number;
  /** At most one progress edit per run this often (FLEET_PROGRESS_INTERVAL_MS). */
  progressIntervalMs: number;
  /** Tries per org for 5xx, timeouts and a busy org (default 4). */
  attempts?: number;
  /** First back-off between those tries; doubles each time (default 2 s). */
  backoffMs?: number;
  /** BullMQ's job lock: a worker that stops renewing it (dead) loses its jobs to another after this. */
  lockDurationMs?: number;
  /** How often BullMQ looks for jobs whose worker died. */
  stalledIntervalMs?: number;
  /** Longest wait for jobs in flight at close before the connections are dropped (default 8 s). */
  closeTimeoutMs?: number;
}

export interface FleetDeps {
  /** The bot's connection: the run store and the limiter use it; BullMQ gets duplicates. */
  redis: Redis;
  /** Takes no job before this resolves (the token key check passed). */
  startWhen?: Promise<void>;
  /** The bot's key prefix (REDIS_KEY_PREFIX). */
  prefix: string;
  /** BullMQ's prefix (`${REDIS_KEY_PREFIX}bull`). */
  bullPrefix: string;
  /** The requester's own token, refreshed when (nearly) spent and renewed once after a 401. */
  access: AccessProvider;
  telephony: TelephonyClient;
  /** With the bot's token: progress and report. */
  messages: MessagesClient;
  revisions: OrgRevisions;
  history: ChangeHistory;
  /**
   * Lists the orgs a sign-in manages (GET /organizations): after an org answers 403, whether the partner
   * rights themselves are gone. Without it each 403 is one org's failure.
   */
  orgs?: Pick<OrgDirectory, 'list'>;
  /** Told of every org the fleet changed, so a drift watch never reports the fleet's own change. */
  driftSeen?: DriftSeen;
  log: Logger;
  config: FleetConfig;
  /** Orgs settled, and the queue's depth at each scrape. */
  metrics?: Pick<BotMetrics, 'fleetOrg' | 'watchQueue'>;
}

export type { Fleet, FleetStart, FleetStatus } from './fleet-api.js';

/** What a job carries: ids and a name, never a token. */
export interface FleetJobData {
  runId: string;
  orgId: string;
  orgName: string;
  personId: string;
}

export const SIGN_IN_GONE =
  'the sign-in no longer works (Webex refused the token and it could not be renewed): sign in again with /login, then start the run again for the orgs left';
export const RIGHTS_LOST =
  'your sign-in no longer manages these customer orgs (partner rights lost?): ask for them back, then start the run again for the orgs left';
const CANCELLED = 'cancelled before this org was reached';
/** How long one look at the orgs a sign-in manages serves every 403 of the run. */
const MANAGED_CHECK_TTL_MS = 15_000;

/** Webex allows about this many edits of one message and refuses the next. */
export const EDITS_PER_MESSAGE = 10;
/** What a progress message that ran out of edits says from then on, instead of numbers that go stale. */
export const CONTINUES_BELOW = '_Progress continues in a newer message below._';
/** A big run's progress is edited about this many times if it runs at its full call budget. */
const EDITS_PER_RUN = 8;
/** Webex calls per org, about: a read and, for most, a write. */
const CALLS_PER_ORG = 2;
/** How long an edit of the progress message may take before another instance stops waiting for it. */
const EDIT_LOCK_MS = 15_000;
/** How long the last word of a run (finished, cancelled) waits for an edit in flight elsewhere. */
const FINAL_EDIT_WAIT_MS = 5_000;

/**
 * How often a run's progress is edited: FLEET_PROGRESS_INTERVAL_MS, or longer for a big run, so that one
 * going at its call budget is edited about EDITS_PER_RUN times (one message) however many orgs it has.
 */
export const progressEveryMs = (
  total: number,
  config: Pick<FleetConfig, 'progressIntervalMs' | 'callsPerSecond'>,
): number =>
  Math.max(config.progressIntervalMs, (total * CALLS_PER_ORG * 1000) / config.callsPerSecond / EDITS_PER_RUN);

/** A wait for the call budget up to this long is sat out in the job; a longer one (a 429 pause) delays it. */
const MAX_INLINE_WAIT_MS = 1500;

/** Why a job is put back in the queue for later, without spending one of its tries. */
class Postpone extends Error {
  constructor(readonly until: number) {
    super('postponed');
  }
}

class SignInGone extends Error {
  constructor(readonly trackingId?: string) {
    super('sign-in gone');
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An org id in a job id: BullMQ refuses `:` in one, and ids are long base64. */
const jobIdOf = (runId: string, orgId: string) =>
  `${runId}.${createHash('sha256').update(orgId).digest('hex').slice(0, 20)}`;

/** Plain words for what no retry will change; null for what a retry may. */
function permanentReason(err: unknown): string | null {
  if (!(err instanceof WebexApiError)) return null;
  if (err.status === 403) return "the sign-in may not change this org's rules (403)";
  if (err.status === 404) return 'org not found (404)';
  if (err.status === 400)
    return `Webex refused the change (400)${err.description ? `: ${err.description}` : ''}`;
  if (err.status >= 400 && err.status < 500 && ![408, 409, 423, 425, 429].includes(err.status))
    return `Webex refused (HTTP ${err.status})`;
  return null;
}

function lastTryReason(err: unknown, attempts: number): string {
  if (err instanceof WebexApiError)
    return err.status === 0
      ? `Webex did not answer, ${attempts} tries`
      : `Webex kept failing (HTTP ${err.status}), ${attempts} tries`;
  return `the bot could not finish this org (${isAppError(err) ? err.code : 'internal error'}), ${attempts} tries`;
}

/**
 * The fleet engine: one BullMQ queue in the bot's Redis, a worker in every instance, one job per org. No
 * run state lives in a process: the run, its counters and each org's result are in Redis (`FleetRuns`),
 * so an instance that dies mid-run loses nothing (BullMQ hands its jobs to another instance, which reads
 * the org's rules again before any PUT). Each job uses the requester's own token, read when it runs, within
 * a per-admin call budget; a 429 pauses that admin's jobs only.
 */
export function createFleet(deps: FleetDeps): Fleet {
  const { log, config } = deps;
  const attempts = config.attempts ?? 4;
  const runs = createFleetRuns(deps.redis, deps.prefix);
  const limiter = createTokenLimiter({
    redis: deps.redis,
    prefix: deps.prefix,
    callsPerSecond: config.callsPerSecond,
  });
  let closing = false;

  async function post(run: FleetRun, markdown: string): Promise<void> {
    const { id } = await deps.messages.send({ roomId: run.roomId, markdown });
    await runs.setProgressMessage(run.runId, id);
  }

  /**
   * Edits the progress message, one instance at a time (edits landing out of order would leave old numbers).
   * The edits are counted in Redis: the last one Webex allows turns the message into a pointer to a new
   * one, posted with the current numbers, so no message is left saying "62/300 done". `mustShow` (the
   * run finished or was cancelled) waits for an edit in flight elsewhere; a periodic update skips instead.
   */
  async function updateProgress(runId: string, mustShow = false): Promise<void> {
    const deadline = Date.now() + FINAL_EDIT_WAIT_MS;
    while (!(await runs.claim(runId, 'progress-edit', EDIT_LOCK_MS))) {
      if (!mustShow) return;
      // An instance that died holding it: show the end anyway rather than not at all.
      if (Date.now() > deadline) break;
      await sleep(50);
    }
    try {
      await showProgress(runId);
    } finally {
      await runs.release(runId, 'progress-edit').catch(() => undefined);
    }
  }

  async function showProgress(runId: string): Promise<void> {
    const run = await runs.get(runId);
    if (!run) return;
    const text = progressText(run);
    const messageId = run.progressMessageId;
    if (!messageId) return post(run, text);
    const edit = (markdown: string) => deps.messages.edit(messageId, { roomId: run.roomId, markdown });
    const n = await runs.takeProgressEdit(runId, messageId);
    // Another instance moved on to a new message meanwhile (it waited out the lock): its numbers are newer.
    if (n === null) return;
    const c = run.counts;
    // The run's last word needs no newer message: the last edit shows it.
    const finished = c.applied + c.unchanged + c.failed + c.skipped >= run.total;
    if (n < EDITS_PER_MESSAGE || (n === EDITS_PER_MESSAGE && finished)) {
      try {
        await edit(text);
        return;
      } catch (err) {
        const refused =
          err instanceof WebexApiError && err.status >= 400 && err.status < 500 && err.status !== 429;
        if (!refused) throw err;
        // Edited by something that was not counted, or gone: it keeps its last numbers, the new one goes on.
        log.info(
          { runId, status: err.status, trackingId: err.trackingId },
          'fleet: progress edit refused; posting a new one',
        );
        return post(run, text);
      }
    }
    if (n === EDITS_PER_MESSAGE) {
      await edit(CONTINUES_BELOW).catch((err: unknown) =>
        log.warn({ runId, err: (err as Error).message }, 'fleet: old progress message not closed'),
      );
    }
    await post(run, text);
  }

  async function finish(runId: string): Promise<void> {
    await updateProgress(runId, true).catch((err: unknown) =>
      log.warn({ runId, err: (err as Error).message }, 'fleet: final progress not shown'),
    );
    // Exactly one report per run, whichever instance counted the last org (or a second look at it).
    if (!(await runs.claim(runId, 'report', FLEET_RUN_TTL_MS))) return;
    const run = await runs.get(runId);
    if (!run) return;
    const pages = reportPages(run, await runs.results(runId));
    for (const markdown of pages) {
      // The report is how the requester learns the outcome: a rare duplicate page beats none.
      await deps.messages.send({ roomId: run.roomId, markdown }, { retry: true });
    }
    log.info({ runId, counts: run.counts, status: run.status }, 'fleet: run finished, report posted');
  }

  /** Records an org's outcome once, then moves the progress on (or finishes the run). */
  async function settle(runId: string, orgId: string, result: OrgResult): Promise<void> {
    const counted = await runs.record(runId, orgId, result);
    if (!counted) return;
    deps.metrics?.fleetOrg(result.outcome);
    log.info(
      {
        runId,
        orgId,
        outcome: result.outcome,
        trackingId: result.trackingId,
        done: counted.done,
        total: counted.total,
      },
      'fleet: org done',
    );
    try {
      if (counted.done >= counted.total) await finish(runId);
      else if (await runs.claim(runId, 'progress', progressEveryMs(counted.total, config)))
        await updateProgress(runId);
    } catch (err) {
      // The org's outcome is stored: progress and report trouble must not make the job run again.
      log.warn({ runId, err: (err as Error).message }, 'fleet: progress or report not posted');
    }
  }

  async function postpone(job: Job<FleetJobData>, token: string | undefined, until: number): Promise<never> {
    await job.moveToDelayed(until, token);
    throw new DelayedError();
  }

  /**
   * Stops the run for a reason that holds for every org left (the sign-in no longer works, or no longer
   * manages the orgs): said once in the log, the orgs not yet reached are skipped with it, and this org is
   * settled as `outcome` (failed: Webex refused this one; skipped: nothing was written to it).
   */
  async function stopRun(
    runId: string,
    org: { orgId: string; orgName: string },
    why: { reason: string; outcome: 'failed' | 'skipped'; logLine: string },
    trackingId?: string,
  ) {
    if (await runs.stop(runId, why.reason)) log.warn({ runId, orgId: org.orgId, trackingId }, why.logLine);
    await settle(runId, org.orgId, {
      orgName: org.orgName,
      outcome: why.outcome,
      reason: why.reason,
      // A skipped org was never written: the trackingId of the call that stopped the run is not its own.
      ...(trackingId && why.outcome === 'failed' ? { trackingId } : {}),
      at: new Date().toISOString(),
    });
  }

  const signInGone = (runId: string, orgId: string, orgName: string, trackingId?: string) =>
    stopRun(
      runId,
      { orgId, orgName },
      {
        reason: SIGN_IN_GONE,
        outcome: 'failed',
        logLine: 'fleet: the requester’s sign-in no longer works; the rest of the run is skipped',
      },
      trackingId,
    );

  /**
   * After an org answered 403: does the requester's sign-in still manage customer orgs? One GET
   * /organizations per run every MANAGED_CHECK_TTL_MS, shared by every instance through Redis (and by the
   * 403s in flight together on one), so a partner whose rights went costs one call, not one per org. True
   * when the list itself is refused or holds no customer org.
   */
  /** This instance's look at the org list under way, per run: 403s in flight together share it. */
  const managedLooks = new Map<string, Promise<string | null>>();

  /** The run's cached answer (JSON: org ids, or "refused"), asking Webex when there is none. */
  async function managedOrgs(runId: string, personId: string): Promise<string | null> {
    const key = `${deps.prefix}fleet:run:${runId}:managed`;
    const cached = await deps.redis.get(key);
    if (cached !== null) return cached;
    const access = await deps.access.get(personId);
    if (!access || !deps.orgs) return null;
    let ids: string[] | 'refused';
    try {
      // The partner's own org is always listed; only customer orgs say whether partner rights remain.
      ids = (await deps.orgs.list(access.token)).map((o) => o.id).filter((id) => id !== access.orgId);
    } catch (err) {
      // Only a refusal says the rights are gone; a Webex fault leaves the 403 as this org's own.
      if (!(err instanceof WebexApiError) || err.status !== 403) return null;
      ids = 'refused';
    }
    const answer = JSON.stringify(ids);
    await deps.redis.set(key, answer, 'PX', MANAGED_CHECK_TTL_MS);
    return answer;
  }

  async function rightsLost(runId: string, personId: string): Promise<boolean> {
    if (!deps.orgs) return false;
    let look = managedLooks.get(runId);
    if (!look) {
      look = managedOrgs(runId, personId).finally(() => managedLooks.delete(runId));
      managedLooks.set(runId, look);
    }
    const answer = await look;
    if (answer === null) return false;
    const ids = JSON.parse(answer) as string[] | 'refused';
    // An org merely missing from a list that still holds others (handed back by one customer, or never
    // managed) stays that org's own failure; a run stops when the sign-in manages no customer org at all.
    return ids === 'refused' || ids.length === 0;
  }

  // Nothing was written to this org: one of those the run could not reach, listed with the rest.
  const stopForRights = (runId: string, orgId: string, orgName: string, trackingId?: string) =>
    stopRun(
      runId,
      { orgId, orgName },
      {
        reason: RIGHTS_LOST,
        outcome: 'skipped',
        logLine: 'fleet: the requester’s sign-in no longer manages the orgs; the rest of the run is skipped',
      },
      trackingId,
    );

  async function processJob(job: Job<FleetJobData>, token?: string): Promise<void> {
    const { runId, orgId, orgName, personId } = job.data;
    const run = await runs.get(runId);
    if (!run) {
      log.warn({ runId, orgId }, 'fleet: job for a run that is gone (expired?); dropped');
      return;
    }
    const prior = await runs.result(runId, orgId);
    if (prior && prior.outcome !== 'applying') return;
    // A PUT may already have been sent for this org: read the rules again rather than skip it blind.
    const inFlight = prior?.outcome === 'applying';
    const now = () => new Date().toISOString();
    if (!inFlight && run.status === 'cancelled')
      return settle(runId, orgId, { orgName, outcome: 'skipped', reason: CANCELLED, at: now() });
    if (!inFlight && run.stopReason)
      return settle(runId, orgId, { orgName, outcome: 'skipped', reason: run.stopReason, at: now() });
    const paused = await limiter.pausedFor(personId);
    if (paused > 0) return postpone(job, token, Date.now() + paused);
    // The requester's token only, read now: a job never holds one and never borrows another admin's.
    let access = await deps.access.get(personId);
    if (!access) return signInGone(runId, orgId, orgName);

    const withToken: WithToken = async (call) => {
      const budgeted = async () => {
        for (let i = 0; i < 4; i++) {
          const wait = await limiter.take(personId);
          if (wait === 0) return;
          if (wait > MAX_INLINE_WAIT_MS) throw new Postpone(Date.now() + wait);
          await sleep(wait);
        }
        throw new Postpone(Date.now() + 1000);
      };
      await budgeted();
      try {
        return await call(access!.token);
      } catch (err) {
        if (!(err instanceof WebexApiError) || err.status !== 401) throw err;
        const renewed = await deps.access.renew(personId, access!.token);
        if (!renewed) throw new SignInGone(err.trackingId);
        access = renewed;
        await budgeted();
        try {
          return await call(renewed.token);
        } catch (again) {
          if (again instanceof WebexApiError && again.status === 401) throw new SignInGone(again.trackingId);
          throw again;
        }
      }
    };

    try {
      const result = await applyOrg({ ...deps, runs }, { run, orgId, orgName, withToken });
      return await settle(runId, orgId, result);
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      if (err instanceof Postpone) return postpone(job, token, err.until);
      if (err instanceof SignInGone) return signInGone(runId, orgId, orgName, err.trackingId);
      if (err instanceof WebexApiError && (err.status === 429 || err.status === 423)) {
        const ms = (err.retryAfterSec ?? 5) * 1000;
        await limiter.pause(personId, ms);
        log.info(
          { runId, orgId, personId, retryAfterMs: ms, trackingId: err.trackingId },
          'fleet: Webex rate-limited this admin; their jobs wait',
        );
        return postpone(job, token, Date.now() + ms);
      }
      // Shutting down cut the call: another instance takes the org later, without spending a try.
      if (closing) return postpone(job, token, Date.now() + 1000);
      // The org's change lock is held: by a chat change (seconds), or by an instance that died holding it
      // (until the lock's TTL). Either way it frees by itself, so waiting spends no try: a crash must not
      // turn into a failed org.
      if (isAppError(err) && err.code === 'BUSY') {
        log.info({ runId, orgId }, 'fleet: org busy with another change; waiting for it');
        return postpone(job, token, Date.now() + 3000);
      }
      const trackingId = isAppError(err) ? err.trackingId : undefined;
      if (err instanceof WebexApiError && err.status === 403 && (await rightsLost(runId, personId)))
        return stopForRights(runId, orgId, orgName, trackingId);
      const reason = permanentReason(err);
      if (reason) return settle(runId, orgId, { orgName, outcome: 'failed', reason, trackingId, at: now() });
      if (job.attemptsMade + 1 < attempts) {
        log.info(
          { runId, orgId, attempt: job.attemptsMade + 1, err: (err as Error).message, trackingId },
          'fleet: org failed for now; tried again later',
        );
        throw err;
      }
      log.warn(
        { runId, orgId, err: (err as Error).message, trackingId },
        'fleet: org failed on its last try',
      );
      return settle(runId, orgId, {
        orgName,
        outcome: 'failed',
        reason: lastTryReason(err, attempts),
        trackingId,
        at: now(),
      });
    }
  }

  const connections = bullConnections(deps.redis);
  const queue = new Queue<FleetJobData>(FLEET_QUEUE, {
    connection: connections.queue,
    prefix: deps.bullPrefix,
  });
  const worker = new Worker<FleetJobData>(FLEET_QUEUE, processJob, {
    connection: connections.worker,
    prefix: deps.bullPrefix,
    concurrency: config.concurrency,
    ...(config.lockDurationMs ? { lockDuration: config.lockDurationMs } : {}),
    ...(config.stalledIntervalMs ? { stalledInterval: config.stalledIntervalMs } : {}),
    maxStalledCount: 2,
    autorun: false,
  });
  runWorkerWhen(worker, deps.startWhen, log);
  queue.on('error', (err) => log.debug({ err: err.message }, 'fleet queue: Redis problem'));
  deps.metrics?.watchQueue(FLEET_QUEUE, () =>
    queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
  );
  worker.on('error', (err) => log.debug({ err: err.message }, 'fleet worker: Redis problem'));
  worker.on('stalled', (jobId) =>
    log.info({ jobId }, 'fleet: job taken over from an instance that stopped working on it'),
  );
  // A job that BullMQ itself gave up on (stalled too often, or a try that threw past the processor's own
  // handling) still gets a line in the report, or the run would never finish.
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled/i.test(err.message);
    if (!final) return;
    const { runId, orgId, orgName } = job.data;
    void settle(runId, orgId, {
      orgName,
      outcome: 'failed',
      reason: /stalled/i.test(err.message)
        ? 'the instance working on this org stopped too often'
        : lastTryReason(err, attempts),
      at: new Date().toISOString(),
    }).catch((e: unknown) =>
      log.warn({ runId, orgId, err: (e as Error).message }, 'fleet: failure not recorded'),
    );
  });

  return {
    async start(input) {
      if ('defaultVoicemailPin' in input.policy)
        throw new AppError('BAD_REQUEST', 'A fleet run never sets a PIN: each org keeps its own PIN rules.');
      const seen = new Set<string>();
      const orgs = input.orgs.filter((o) => !seen.has(o.id) && seen.add(o.id));
      const access = await deps.access.get(input.personId);
      const runId = randomUUID();
      await runs.create({
        runId,
        personId: input.personId,
        personName: input.personName,
        personEmail: input.personEmail ?? '',
        roomId: input.roomId,
        ...(access?.orgId ? { partnerOrgId: access.orgId } : {}),
        policy: input.policy,
        policyWords: input.policyWords,
        ...(input.where ? { where: input.where } : {}),
        total: orgs.length,
        startedAt: Date.now(),
        ...(input.progressMessageId ? { progressMessageId: input.progressMessageId } : {}),
      });
      log.info({ runId, personId: input.personId, orgs: orgs.length }, 'fleet: run started');
      if (orgs.length === 0) {
        await finish(runId);
        return runId;
      }
      if (!input.progressMessageId)
        await updateProgress(runId).catch((err: unknown) =>
          log.warn({ runId, err: (err as Error).message }, 'fleet: progress message not posted'),
        );
      await queue.addBulk(
        orgs.map((o) => ({
          name: JOB_NAME,
          data: { runId, orgId: o.id, orgName: o.name, personId: input.personId },
          opts: {
            jobId: jobIdOf(runId, o.id),
            attempts,
            backoff: { type: 'exponential', delay: config.backoffMs ?? 2000 },
            removeOnComplete: { age: 24 * 3600 },
            removeOnFail: { age: 7 * 24 * 3600 },
          },
        })),
      );
      return runId;
    },
    async status(runId) {
      const run = await runs.get(runId);
      if (!run) return null;
      const c = run.counts;
      return { ...run, done: c.applied + c.unchanged + c.failed + c.skipped, progress: progressText(run) };
    },
    async cancel(runId, personId) {
      const result = await runs.cancel(runId, personId);
      if (result !== 'cancelled') return result;
      log.info({ runId, personId }, 'fleet: run cancelled');
      // Jobs waiting out a pause or a back-off are skipped now rather than when their delay ends.
      for (const job of await queue.getDelayed()) {
        if (job.data.runId === runId) await job.promote().catch(() => undefined);
      }
      await updateProgress(runId, true).catch(() => undefined);
      return result;
    },
    async report(runId) {
      const run = await runs.get(runId);
      return run ? reportPages(run, await runs.results(runId)) : null;
    },
    latest: (personId) => runs.latest(personId),
    async close() {
      closing = true;
      await connections.close(async () => {
        await worker.close();
        await queue.close();
      }, config.closeTimeoutMs ?? 8000);
    },
  };
}
