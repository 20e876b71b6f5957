/**
 * The fleet part of `npm run bench`: how fast the engine applies one policy to 1,000 customer orgs when
 * nothing but the bot itself holds it back, against the same GET/PUT sequence sent by a plain loop in the
 * same run (the emulator's own limit), and how long a run takes with a realistic rate limit on. Each phase
 * has its own partner and orgs, and its own bot on its own Redis prefix (removed afterwards).
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { FLEET_POLICY, type Emulator, type FleetOrg } from '../src/emulator/index.js';
import type { EmulatorLiveSettings } from '../src/sandbox/emulator-live-config.js';
import { emulatorLiveConfig } from '../src/sandbox/emulator-live-config.js';
import { ORGS_READ, PEOPLE_READ, TELEPHONY_READ, TELEPHONY_WRITE } from '../src/auth/scopes.js';
import { startBot } from '../src/start-bot.js';
import { createLogger } from '../src/log/create-logger.js';
import { freePort } from '../src/net/free-port.js';
import type { FleetStatus } from '../src/fleet/fleet-api.js';

const RULES = '/v1/telephony/config/voicemail/rules';
const SCOPES = [TELEPHONY_READ, TELEPHONY_WRITE, PEOPLE_READ, ORGS_READ];
const POLICY_WORDS = [
  'Passcode expiry: on, 60 days',
  'Passcode change: on, 1 day',
  'Block previous passcodes: on, last 5',
];
type PolicyKey = keyof typeof FLEET_POLICY;
const POLICY_KEYS = Object.keys(FLEET_POLICY) as PolicyKey[];
/** The engine's default budget per admin token (config.ts), for the projection. */
const DEFAULT_CALLS_PER_SECOND = 2;

export interface FleetBenchContext {
  em: Emulator;
  botToken: string;
  botPersonId: string;
  redis: Redis;
  redisUrl: string;
  /** One table row per figure. */
  row: (figure: string, value: string) => void;
}

/** A partner with `count` customer orgs (a third already meet FLEET_POLICY), signed in with the bot. */
function seedPartner(ctx: FleetBenchContext, tag: string, count: number) {
  const f = ctx.em.seedFleet({
    orgs: count,
    namePrefix: `${tag} Customer`,
    partner: {
      org: `${tag} Partner`,
      email: `${tag.toLowerCase()}@partner.test`,
      displayName: `${tag} Partner`,
    },
  });
  const room = ctx.em.createRoom({ type: 'direct', memberIds: [f.partner.id, ctx.botPersonId] });
  return {
    partner: f.partner,
    orgs: f.orgs,
    roomId: room.id,
    needing: f.orgs.filter((o) => !o.matchesPolicy).length,
  };
}

/** A bot instance of its own (own Redis prefix) with the fleet settings given, and the partner's token stored. */
async function fleetBot(
  ctx: FleetBenchContext,
  fleet: Partial<EmulatorLiveSettings>,
  partner: { id: string; orgId: string },
) {
  const prefix = `vmbot-bench:${randomBytes(4).toString('hex')}:`;
  // Overrides are taken as given: the bench may go past the budget a deployment is allowed (config.ts caps it).
  const config = emulatorLiveConfig(
    { apiBase: ctx.em.apiBase, botToken: ctx.botToken },
    { PORT: await freePort(), REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'silent', ...fleet },
    { REDIS_URL: ctx.redisUrl },
  );
  const running = await startBot(config, { log: createLogger({ level: 'silent' }) });
  await running.whenReady();
  if (!running.fleet) throw new Error('bench: the bot started without its fleet engine (no Redis?)');
  await running.tokens.put({
    personId: partner.id,
    orgId: partner.orgId,
    accessToken: ctx.em.issueToken(partner.id, SCOPES),
    scopes: SCOPES,
    source: 'cli',
    updatedAt: Date.now(),
  });
  return {
    running,
    fleet: running.fleet,
    async close() {
      await running.close();
      const keys = await ctx.redis.keys(`${prefix}*`);
      if (keys.length) await ctx.redis.del(...keys);
    },
  };
}

/** Starts a run through the engine's API and waits for it to finish; seconds from start() to done. */
async function timedRun(
  bot: Awaited<ReturnType<typeof fleetBot>>,
  p: ReturnType<typeof seedPartner>,
  timeoutMs: number,
): Promise<{ secs: number; status: FleetStatus }> {
  const t0 = performance.now();
  const runId = await bot.fleet.start({
    personId: p.partner.id,
    personName: p.partner.displayName,
    roomId: p.roomId,
    policy: FLEET_POLICY,
    policyWords: POLICY_WORDS,
    orgs: p.orgs.map((o) => ({ id: o.id, name: o.displayName })),
  });
  for (;;) {
    const s = await bot.fleet.status(runId);
    if (s && s.status !== 'running' && s.done === s.total)
      return { secs: (performance.now() - t0) / 1000, status: s };
    if (performance.now() - t0 > timeoutMs)
      throw new Error(`bench: fleet run not done in ${timeoutMs} ms (${s?.progress})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The run must have done what it says: every org that differed applied, the rest unchanged, none failed. */
function checkRun(s: FleetStatus, p: ReturnType<typeof seedPartner>) {
  const { applied, unchanged, failed, skipped } = s.counts;
  if (applied !== p.needing || unchanged !== p.orgs.length - p.needing || failed || skipped) {
    throw new Error(`bench: fleet run ended ${JSON.stringify(s.counts)}, expected ${p.needing} applied`);
  }
}

/**
 * The emulator-only limit: the engine's Webex calls (GET the rules, PUT only the settings that differ) sent
 * by a plain loop with fetch, `concurrency` orgs at a time, with no Redis, lock, history or budget.
 */
async function plainLoop(apiBase: string, token: string, orgs: FleetOrg[], concurrency: number) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let next = 0;
  let puts = 0;
  async function worker() {
    for (let i = next++; i < orgs.length; i = next++) {
      const url = `${apiBase}/telephony/config/voicemail/rules?orgId=${encodeURIComponent(orgs[i]!.id)}`;
      const got = await fetch(url, { headers });
      if (!got.ok) throw new Error(`bench: plain GET ${got.status}`);
      const rules = (await got.json()) as Record<string, unknown>;
      const update: Record<string, unknown> = {};
      for (const k of POLICY_KEYS) {
        if (JSON.stringify(rules[k]) !== JSON.stringify(FLEET_POLICY[k])) update[k] = FLEET_POLICY[k];
      }
      if (Object.keys(update).length === 0) continue;
      const put = await fetch(url, { method: 'PUT', headers, body: JSON.stringify(update) });
      if (!put.ok) throw new Error(`bench: plain PUT ${put.status}: ${await put.text()}`);
      await put.arrayBuffer();
      puts++;
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { secs: (performance.now() - t0) / 1000, puts };
}

const partnerCalls = (em: Emulator, personId: string) =>
  em.requests.filter((r) => r.personId === personId && r.path === RULES);

/**
 * A realistic limit: the emulator answers 429 past `perSecond` calls per token (Retry-After 1 s), and the
 * engine's budget sits under it, as a deployment's should. Its budget is a window of one second, so a
 * burst of the whole budget at once must fit the emulator's bucket: with a budget over the limit, or a
 * bucket smaller than the budget, every second starts with 429s and the run crawls (seen at 10/s against
 * 8/s burst 4: 14 of 30 orgs in a minute), which no bench budget can wait out.
 */
export async function limitedRun(
  ctx: FleetBenchContext,
  l: { orgs: number; budget: number; perSecond: number; burst: number },
): Promise<void> {
  const { em, row } = ctx;
  const p = seedPartner(ctx, `Limited${randomBytes(2).toString('hex')}`, l.orgs);
  const bot = await fleetBot(
    ctx,
    { FLEET_CALLS_PER_SECOND: l.budget, FLEET_PROGRESS_INTERVAL_MS: 1000 },
    p.partner,
  );
  em.configure({ rateLimit: { perSecond: l.perSecond, burst: l.burst, retryAfterS: 1 } });
  em.clearRequests();
  let run;
  try {
    run = await timedRun(bot, p, 60_000);
  } finally {
    em.configure({ rateLimit: null });
    await bot.close();
  }
  checkRun(run.status, p);
  const calls = partnerCalls(em, p.partner.id);
  const refused = calls.filter((r) => r.status === 429).length;
  row(
    `fleet: engine, ${l.orgs} orgs (${p.needing} differ), budget ${l.budget}/s, emulator limit ${l.perSecond}/s burst ${l.burst} (measured)`,
    `${run.secs.toFixed(1)} s, ${(l.orgs / run.secs).toFixed(1)} orgs/s, ${calls.length} Webex calls, ${refused} answered 429`,
  );
}

export async function benchFleet(ctx: FleetBenchContext): Promise<void> {
  const { em, row } = ctx;
  const ORGS = 1000;
  const CONCURRENCY = 8;
  // 1,000 orgs at the default budget would take about 14 minutes: 100 orgs measured, 1,000 projected.
  const LIMITED = { orgs: 100, budget: 6, perSecond: 8, burst: 8 };
  em.configure({ rateLimit: null });

  // 1. The engine, the emulator's rate limit off and a budget that never binds: what the bot itself costs.
  const fast = seedPartner(ctx, 'Fast', ORGS);
  const bot = await fleetBot(
    ctx,
    { FLEET_CALLS_PER_SECOND: 100_000, FLEET_CONCURRENCY: CONCURRENCY, FLEET_PROGRESS_INTERVAL_MS: 1000 },
    fast.partner,
  );
  em.clearRequests();
  let run;
  try {
    run = await timedRun(bot, fast, 60_000);
  } finally {
    await bot.close();
  }
  checkRun(run.status, fast);
  const engineCalls = partnerCalls(em, fast.partner.id).length;
  const engineRate = ORGS / run.secs;
  row(
    `fleet: orgs to change of ${ORGS} (measured)`,
    `${fast.needing} differ, ${ORGS - fast.needing} already match`,
  );
  row(
    `fleet: engine, ${ORGS} orgs, no limit, concurrency ${CONCURRENCY} (measured)`,
    `${run.secs.toFixed(1)} s, ${engineRate.toFixed(0)} orgs/s, ${engineCalls} Webex calls`,
  );

  // 2. The same sequence from a plain loop, same concurrency, fresh orgs seeded alike: the emulator's limit.
  const loop = seedPartner(ctx, 'Loop', ORGS);
  em.clearRequests();
  const plain = await plainLoop(em.apiBase, em.issueToken(loop.partner.id, SCOPES), loop.orgs, CONCURRENCY);
  if (plain.puts !== loop.needing)
    throw new Error(`bench: plain loop PUT ${plain.puts}, expected ${loop.needing}`);
  const loopCalls = partnerCalls(em, loop.partner.id).length;
  const loopRate = ORGS / plain.secs;
  row(
    `fleet: plain fetch loop, same calls (measured)`,
    `${plain.secs.toFixed(1)} s, ${loopRate.toFixed(0)} orgs/s, ${loopCalls} Webex calls`,
  );
  row(`fleet: engine as a share of the plain loop`, `${(engineRate / loopRate).toFixed(2)}x`);

  // 3. A realistic limit, measured on fewer orgs (see LIMITED).
  await limitedRun(ctx, LIMITED);
  // Projected, not measured: ten minutes is past the bench's budget.
  const projected = engineCalls / DEFAULT_CALLS_PER_SECOND;
  row(
    `fleet: ${ORGS} orgs at the default budget ${DEFAULT_CALLS_PER_SECOND}/s (PROJECTED)`,
    `${engineCalls} calls (as in the first run) / ${DEFAULT_CALLS_PER_SECOND} per s = ${projected.toFixed(0)} s (${(projected / 60).toFixed(1)} min), more if Webex answers 429`,
  );
}
