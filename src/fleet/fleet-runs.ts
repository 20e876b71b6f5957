import type { Redis } from 'ioredis';
import type { Change } from '../voicemail/plan-update.js';
import type { DesiredSettings, RulesSettings, RulesUpdate } from '../voicemail/rules.js';

/** Runs and their per-org results are kept this long after the last write: `/fleet report` a month on. */
export const FLEET_RUN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * What a fleet run asks of every org: the `set` settings, never a PIN (each org has its own PIN rules, and
 * one PIN shared by hundreds of orgs would be a bad one).
 */
export type FleetPolicy = Omit<DesiredSettings, 'defaultVoicemailPin'>;

export type OrgOutcome = 'applied' | 'unchanged' | 'failed' | 'skipped';

/** How one org ended. `reason` is plain words (a Webex description may be among them: escape when shown). */
export interface OrgResult {
  orgName: string;
  outcome: OrgOutcome;
  reason?: string;
  trackingId?: string;
  /** ISO time. */
  at: string;
}

/**
 * Written just before an org's PUT: a job re-run after its worker died reads the rules again, and when they
 * already hold the policy it knows the PUT landed (applied, not unchanged) and can still record the change in
 * the org's history, since the marker keeps what was planned. Never a PIN (a policy has none).
 */
export interface ApplyingMarker {
  orgName: string;
  outcome: 'applying';
  at: string;
  update: RulesUpdate;
  before: RulesSettings;
  changes: Change[];
  /** The org's history already has the entry. */
  recorded?: boolean;
}

export type StoredOrgResult = OrgResult | ApplyingMarker;

export interface FleetCounts {
  applied: number;
  unchanged: number;
  failed: number;
  skipped: number;
}

export interface FleetRun {
  runId: string;
  personId: string;
  personName: string;
  personEmail: string;
  roomId: string;
  /** The partner's own org, when known. */
  partnerOrgId?: string;
  policy: FleetPolicy;
  /** The policy in the bot's words, one line per setting (what the report and progress repeat). */
  policyWords: string[];
  /**
   * `/fleet apply … where`: the condition (never a PIN) and how it was typed. Checked again on each org's
   * rules read under its lock, so an org changed after the preview is left alone.
   */
  where?: { settings: DesiredSettings; text: string };
  total: number;
  status: 'running' | 'cancelled' | 'done';
  /** ms since the epoch. */
  startedAt: number;
  finishedAt?: number;
  progressMessageId?: string;
  /** Why the remaining orgs were not tried (the sign-in stopped working): set once per run. */
  stopReason?: string;
  counts: FleetCounts;
}

export type NewFleetRun = Omit<FleetRun, 'status' | 'finishedAt' | 'stopReason' | 'counts'>;

export type CancelResult = 'cancelled' | 'not-found' | 'not-yours' | 'not-running';

export interface FleetRuns {
  create(run: NewFleetRun): Promise<void>;
  get(runId: string): Promise<FleetRun | null>;
  result(runId: string, orgId: string): Promise<StoredOrgResult | null>;
  /** Every org's result so far (markers included), by org id. */
  results(runId: string): Promise<Map<string, StoredOrgResult>>;
  /** Writes the marker unless the org already has a final result. */
  markApplying(runId: string, orgId: string, marker: ApplyingMarker): Promise<void>;
  /**
   * Records an org's final result and counts it, in one step: only the first final result of an org counts
   * (a job run twice cannot count twice). Null when the org already had one (or the run is gone); otherwise
   * how many orgs are done, and of how many.
   */
  record(runId: string, orgId: string, result: OrgResult): Promise<{ done: number; total: number } | null>;
  /** Only the requester, and only while running. */
  cancel(runId: string, personId: string): Promise<CancelResult>;
  /** Marks why the rest of the run cannot go on; true for the call that set it first. */
  stop(runId: string, reason: string): Promise<boolean>;
  /** A new progress message: none of its edits used yet. */
  setProgressMessage(runId: string, messageId: string): Promise<void>;
  /**
   * Takes one edit of the run's progress message (in Redis: any instance may edit it) and says which it is,
   * 1 for the first; null when the run's progress message is no longer `messageId` (or the run is gone).
   */
  takeProgressEdit(runId: string, messageId: string): Promise<number | null>;
  latest(personId: string): Promise<string | null>;
  /** SET NX PX: true for the one caller that may act now (progress edits, the report). */
  claim(runId: string, what: 'progress' | 'progress-edit' | 'report', ttlMs: number): Promise<boolean>;
  /** Lets go of a claim before its time is up. */
  release(runId: string, what: 'progress-edit'): Promise<void>;
}

const TAKE_EDIT = `
if redis.call('HGET', KEYS[1], 'progressMessageId') ~= ARGV[1] then return -1 end
return redis.call('HINCRBY', KEYS[1], 'progressEdits', 1)`;

const RECORD = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1, 0} end
local cur = redis.call('HGET', KEYS[2], ARGV[1])
if cur and cjson.decode(cur)['outcome'] ~= 'applying' then return {-2, 0} end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[1], ARGV[3], 1)
local c = redis.call('HMGET', KEYS[1], 'applied', 'unchanged', 'failed', 'skipped', 'total', 'status')
local done = (tonumber(c[1]) or 0) + (tonumber(c[2]) or 0) + (tonumber(c[3]) or 0) + (tonumber(c[4]) or 0)
local total = tonumber(c[5]) or 0
if done >= total then
  if c[6] == 'running' then redis.call('HSET', KEYS[1], 'status', 'done') end
  redis.call('HSETNX', KEYS[1], 'finishedAt', ARGV[5])
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return {done, total}
`;

const MARK = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur and cjson.decode(cur)['outcome'] ~= 'applying' then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

const CANCEL = `
local s = redis.call('HGET', KEYS[1], 'status')
if not s then return 'not-found' end
if s ~= 'running' then return 'not-running' end
redis.call('HSET', KEYS[1], 'status', 'cancelled')
return 'cancelled'
`;

const num = (v: string | undefined): number => Number(v ?? 0) || 0;

/**
 * A run as Redis hashes under the bot's prefix: `fleet:run:<id>` (the run: fixed fields as JSON in `meta`,
 * status and counters beside it so HINCRBY keeps them exact across instances) and `fleet:run:<id>:orgs`
 * (org id -> result JSON); `fleet:latest:<personId>` names a person's newest run.
 */
export function createFleetRuns(redis: Redis, prefix: string): FleetRuns {
  const runKey = (runId: string) => `${prefix}fleet:run:${runId}`;
  const orgsKey = (runId: string) => `${prefix}fleet:run:${runId}:orgs`;
  const latestKey = (personId: string) => `${prefix}fleet:latest:${personId}`;
  const ttl = String(FLEET_RUN_TTL_MS);

  async function get(runId: string): Promise<FleetRun | null> {
    const h = await redis.hgetall(runKey(runId));
    if (!h.meta) return null;
    const meta = JSON.parse(h.meta) as NewFleetRun;
    return {
      ...meta,
      status: (h.status as FleetRun['status'] | undefined) ?? 'running',
      ...(h.finishedAt ? { finishedAt: Date.parse(h.finishedAt) } : {}),
      ...(h.progressMessageId ? { progressMessageId: h.progressMessageId } : {}),
      ...(h.stopReason ? { stopReason: h.stopReason } : {}),
      counts: {
        applied: num(h.applied),
        unchanged: num(h.unchanged),
        failed: num(h.failed),
        skipped: num(h.skipped),
      },
    };
  }

  return {
    async create(run) {
      const { progressMessageId, ...meta } = run;
      await redis
        .multi()
        .hset(runKey(run.runId), {
          meta: JSON.stringify(meta),
          // A fleet of no orgs is done as it starts.
          status: run.total === 0 ? 'done' : 'running',
          ...(run.total === 0 ? { finishedAt: new Date(run.startedAt).toISOString() } : {}),
          total: String(run.total),
          applied: '0',
          unchanged: '0',
          failed: '0',
          skipped: '0',
          ...(progressMessageId ? { progressMessageId } : {}),
        })
        .pexpire(runKey(run.runId), FLEET_RUN_TTL_MS)
        .set(latestKey(run.personId), run.runId, 'PX', FLEET_RUN_TTL_MS)
        .exec();
    },
    get,
    async result(runId, orgId) {
      const raw = await redis.hget(orgsKey(runId), orgId);
      return raw ? (JSON.parse(raw) as StoredOrgResult) : null;
    },
    async results(runId) {
      const all = await redis.hgetall(orgsKey(runId));
      return new Map(Object.entries(all).map(([id, raw]) => [id, JSON.parse(raw) as StoredOrgResult]));
    },
    async markApplying(runId, orgId, marker) {
      await redis.eval(MARK, 1, orgsKey(runId), orgId, JSON.stringify(marker), ttl);
    },
    async record(runId, orgId, result) {
      const [done, total] = (await redis.eval(
        RECORD,
        2,
        runKey(runId),
        orgsKey(runId),
        orgId,
        JSON.stringify(result),
        result.outcome,
        ttl,
        new Date().toISOString(),
      )) as [number, number];
      return done < 0 ? null : { done, total };
    },
    async cancel(runId, personId) {
      const run = await get(runId);
      if (!run) return 'not-found';
      if (run.personId !== personId) return 'not-yours';
      return (await redis.eval(CANCEL, 1, runKey(runId))) as CancelResult;
    },
    async stop(runId, reason) {
      return (await redis.hsetnx(runKey(runId), 'stopReason', reason)) === 1;
    },
    async setProgressMessage(runId, messageId) {
      await redis.hset(runKey(runId), { progressMessageId: messageId, progressEdits: '0' });
    },
    async takeProgressEdit(runId, messageId) {
      const n = (await redis.eval(TAKE_EDIT, 1, runKey(runId), messageId)) as number;
      return n < 0 ? null : n;
    },
    latest: (personId) => redis.get(latestKey(personId)),
    async claim(runId, what, ttlMs) {
      return (await redis.set(`${runKey(runId)}:${what}-lock`, '1', 'PX', ttlMs, 'NX')) === 'OK';
    },
    async release(runId, what) {
      await redis.del(`${runKey(runId)}:${what}-lock`);
    },
  };
}
