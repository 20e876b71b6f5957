/**
 * `npm run bench`: what the bot costs, measured against the emulator on loopback and a real Redis (prefixes
 * of its own, removed afterwards), with the limit the same machine reaches in the same run beside each
 * figure. The bot runs as production runs it, in its own process (`node --import tsx src/main.ts`); so do
 * the HMAC-only stub and the open-loop load generator. The emulator runs in this process. Figures depend on
 * the machine: compare runs on the same machine, and read the ratios. docs/benchmarks.md says what each
 * figure means. Writes the table to stdout and everything to bench/results.json.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { startEmulator, type Emulator, type PreparedDelivery } from '../src/emulator/index.js';
import { verifySignature } from '../src/http/verify-signature.js';
import { benchFleet } from './fleet.js';
import { cpuSeconds, killAll, ROOT, rssMb, runLoad, sampleRss, startStub } from './children.js';
import { entryScript, startBotProcess, type BotEntry, type BotProcess } from './bot-process.js';
import { closedLoop, formInteraction, nextBotMessage, say } from './interactions.js';
import { plainLoop, recordedCalls } from './limit.js';
import { benchStartup } from './startup.js';
import {
  assembleResults,
  countByEndpoint,
  formatTable,
  summarize,
  type AckFigures,
  type Machine,
  type Measured,
} from './stats.js';
import { dropPrefix, seedBenchWorld, type BenchWorld } from './world.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The role asked of the measured bot process; a process that ignores it runs everything. */
const ROLE = process.env.BENCH_PROCESS_ROLE ?? 'web';
// The compiled build, as `npm start` runs it in production (`npm run bench` builds first); tsx on request.
const ENTRY: BotEntry = process.env.BENCH_BOT_ENTRY === 'tsx' ? 'tsx' : 'dist';
const ADMINS = 20;
/** Concurrent admins of the closed loop, and plain loops of the limit: the same number, so the ratio is fair. */
const CONCURRENCY = 16;
const ACK_RATE = 200;
const ACK_SECONDS = 10;
const HELP_N = 100;
const FORM_N = 100;
const CLOSED_LOOP_MS = 10_000;
const LIMIT_MS = 5_000;
/** The closed loop and the plain loop take turns this many times (each turn a share of the times above). */
const ROUNDS = 2;
/** How long the answers to the ack load may take after the last ack before the run goes on without them. */
const DRAIN_MS = 60_000;
/** The whole run is bounded: past this it stops, kills its children and fails. */
const HARD_LIMIT_MS = 4 * 60_000;

const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

function machine(): Machine {
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    date: new Date().toISOString(),
    loadAvg1m: { start: os.loadavg()[0]!, end: NaN },
  };
}

function benchSignature(): { figure: string; value: string }[] {
  const secret = randomBytes(24).toString('hex');
  const raw = Buffer.from(
    JSON.stringify({
      id: 'x',
      resource: 'messages',
      event: 'created',
      data: { id: randomBytes(300).toString('base64') },
    }),
  );
  const sig = createHmac('sha1', secret).update(raw).digest('hex');
  const N = 50_000;
  let t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) verifySignature(raw, sig, secret);
  const ours = Number(process.hrtime.bigint() - t) / N;
  // The framework's own check: parse, re-serialise, HMAC, compare with !==.
  t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const body = JSON.parse(raw.toString()) as unknown;
    const d = createHmac('sha1', secret).update(JSON.stringify(body)).digest('hex');
    if (d !== sig) throw new Error('mismatch');
  }
  const theirs = Number(process.hrtime.bigint() - t) / N;
  return [
    {
      figure: `signature check, ${raw.length}-byte body (raw bytes, constant time)`,
      value: `${(ours / 1000).toFixed(2)} µs; parse + re-serialise + HMAC (the framework's way) ${(theirs / 1000).toFixed(2)} µs`,
    },
  ];
}

function ackFigures(r: Awaited<ReturnType<typeof runLoad>>, count: number): AckFigures {
  return {
    ratePerS: ACK_RATE,
    durationS: count / ACK_RATE,
    latencyMs: summarize(r.latenciesMs),
    non2xx: r.non2xx,
    errors: r.errors,
    maxSendLagMs: Math.round(r.maxSendLagMs * 10) / 10,
    ...(r.firstError ? { firstError: r.firstError } : {}),
  };
}

/** Turns a webhook the bench disabled back on, through the API as the bot would (a PUT with status active). */
async function enableWebhook(
  em: Emulator,
  token: string,
  h: { id: string; name: string; targetUrl: string },
) {
  const res = await fetch(`${em.apiBase}/webhooks/${h.id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: h.name, targetUrl: h.targetUrl, status: 'active' }),
  });
  if (!res.ok) throw new Error(`bench: re-enabling webhook: ${res.status} ${await res.text()}`);
}

/** Counts the bot's messages from now on (its answers to the load's deliveries). */
function countBotMessages(em: Emulator, botId: string) {
  let n = 0;
  const on = (m: { personId: string }) => {
    if (m.personId === botId) n++;
  };
  em.state.events.on('message', on);
  return {
    get n() {
      return n;
    },
    stop: () => em.state.events.off('message', on),
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  if (!existsSync(path.join(ROOT, entryScript(ENTRY))))
    throw new Error(
      `bench: ${entryScript(ENTRY)} is missing (BENCH_BOT_ENTRY=dist needs \`npm run build\` first)`,
    );
  const m = machine();
  log(`${m.cores} cores, ${m.cpuModel}, node ${m.node}; bot role asked: ${ROLE}, run with ${ENTRY}`);
  const extraRows = benchSignature();

  const em = await startEmulator();
  // The fleet part runs the bot in this process: its SDK reads the API base from here.
  process.env.HYDRA_SERVICE_URL = em.apiBase;
  const redis = new Redis(REDIS_URL);
  const prefixes: string[] = [];
  let bot: BotProcess | undefined;
  let stub: Awaited<ReturnType<typeof startStub>> | undefined;
  try {
    const w: BenchWorld = await seedBenchWorld(em, redis, ADMINS);
    prefixes.push(w.prefix);
    const settings = {
      entry: ENTRY,
      apiBase: em.apiBase,
      botToken: w.bot.token,
      webhookSecret: w.webhookSecret,
      tokenKey: w.tokenKey,
      redisUrl: REDIS_URL,
      prefix: w.prefix,
    };
    [bot, stub] = await Promise.all([startBotProcess(settings, { role: ROLE }), startStub(w.webhookSecret)]);
    log(
      `bot ready in ${bot.readyMs.toFixed(0)} ms, role ${bot.role}${bot.worker ? ' (+ a worker process)' : ''}`,
    );

    // A web-only process that does not name its role answers no command without a worker: give it one.
    const firstAdmin = w.admins[0]!;
    if (!bot.worker && ROLE === 'web') {
      const first = await say(em, w.bot.id, firstAdmin, '/help', 10_000).catch(() => undefined);
      if (!first) {
        log('no reply in 10 s and no role named: starting a PROCESS_ROLE=worker process beside it');
        const late = nextBotMessage(em, w.bot.id, firstAdmin.roomId, 60_000);
        await bot.addWorker();
        // The queued /help is answered once the worker runs: take that answer before measuring anything.
        await late.promise;
      }
    }
    // Warm-up: each admin's first event discovers its space; each org's name is read once.
    for (const a of w.admins) {
      await say(em, w.bot.id, a, '/help');
      await formInteraction(em, w.bot.id, a);
    }
    const botRole = bot.role;
    await new Promise((r) => setTimeout(r, 1000));
    const idle = rssMb(bot.web.pid);

    // 2. Delivery -> reply, one at a time.
    const help: number[] = [];
    for (let i = 0; i < HELP_N; i++) help.push((await say(em, w.bot.id, w.admins[i % ADMINS]!, '/help')).ms);
    const voicemail: number[] = [];
    const submitted: number[] = [];
    for (let i = 0; i < FORM_N; i++) {
      const r = await formInteraction(em, w.bot.id, w.admins[i % ADMINS]!);
      voicemail.push(r.voicemail.ms);
      submitted.push(r.submit.ms);
    }
    log('delivery -> reply measured');

    // 3. Webex calls of one steady-state interaction (the admin's sign-in, space and org are known).
    const a0 = w.admins[0]!;
    await new Promise((r) => setTimeout(r, 300));
    const before = new Set(em.state.messages.keys());
    em.clearRequests();
    await formInteraction(em, w.bot.id, a0);
    await new Promise((r) => setTimeout(r, 500));
    const calls = em.requests.filter((r) => r.personId === w.bot.id || r.personId === a0.id);
    const created = [...em.state.messages.values()]
      .filter((msg) => !before.has(msg.id) && msg.personId === w.bot.id)
      .map((msg) => msg.id);
    const sequence = recordedCalls(calls, created, w.tokenOf);
    log(`one interaction: ${calls.length} Webex calls`);

    // 1. Webhook ack at a steady rate, the same signed deliveries to the stub and to the bot.
    const count = ACK_RATE * ACK_SECONDS;
    // Each batch is new messages: the same event delivered again would be a duplicate, never processed.
    const batch = () => {
      const deliveries: PreparedDelivery[] = [];
      for (let i = 0; i < count; i++) {
        const a = w.admins[i % ADMINS]!;
        const d = em
          .sayUnsent(a.id, a.roomId, '/help')
          .deliveries.find((x) => x.targetUrl === bot!.webhookUrl);
        if (!d) throw new Error('bench: no webhook of the bot wants a message');
        deliveries.push(d);
      }
      return deliveries.map((d) => ({ body: d.rawBody, headers: d.headers }));
    };
    const requests = batch();
    const stubLoad = await runLoad({ url: stub.url, ratePerS: ACK_RATE, requests }, 60_000);
    await stub.child.kill();
    log('stub load done');
    em.clearRequests();
    const deliveriesBefore = em.deliveries.length;
    const answers = countBotMessages(em, w.bot.id);
    const rss = sampleRss(bot.web.pid);
    const cpu0 = { bot: cpuSeconds(bot.web.pid), self: process.cpuUsage(), at: performance.now() };
    // The web process alone, as production scales it: its worker (another process, another machine there)
    // is stopped during the load, so the acks do not share these 2 cores with the commands they start; the
    // events wait in Redis and are answered once a worker runs again (counted below).
    const hadWorker = Boolean(bot.worker);
    if (hadWorker) await bot.stopWorker();
    const botLoad = await runLoad({ url: bot.webhookUrl, ratePerS: ACK_RATE, requests }, 60_000);
    if (hadWorker) await bot.addWorker();
    const acked = performance.now();
    const wallS = (acked - cpu0.at) / 1000;
    const selfCpu = process.cpuUsage(cpu0.self);
    const pctOf = (s: number) => `${((s / wallS) * 100).toFixed(0)}%`;
    extraRows.push({
      figure: "CPU during the bot's ack load (100% = one core)",
      value: `bot process ${pctOf(cpuSeconds(bot.web.pid) - cpu0.bot)}, this process (the emulator) ${pctOf((selfCpu.user + selfCpu.system) / 1e6)}`,
    });
    // Only the acknowledged deliveries can be answered (one that timed out may never have reached the bot).
    const expected = botLoad.latenciesMs.length;
    while (answers.n < expected && performance.now() - acked < DRAIN_MS)
      await new Promise((r) => setTimeout(r, 50));
    const drainS = (performance.now() - acked) / 1000;
    answers.stop();
    extraRows.push({
      figure: `the ${count} /help deliveries of the ack load: answered`,
      value:
        answers.n < expected
          ? `${answers.n} of the ${expected} acknowledged within ${drainS.toFixed(1)} s after the last ack (stopped waiting)`
          : `all ${expected} acknowledged (${answers.n} answers), the last ${drainS.toFixed(1)} s after the last ack${hadWorker ? ' (the worker started then)' : ''}`,
    });
    // The emulator delivers the bot's own replies back to it, as Webex does; when the bot is slow to answer
    // those (10 s), enough failures make Webex, and the emulator, disable the webhook.
    await em.settle();
    const failed = em.deliveries.slice(deliveriesBefore).filter((d) => d.status < 200 || d.status > 299);
    const disabled = em.webhooks(w.bot.id).filter((h) => h.status !== 'active');
    extraRows.push({
      figure: "Webex's deliveries to the bot during the ack load (its own replies) that failed",
      value: `${failed.length}${failed[0] ? ` (first: ${failed[0].status || failed[0].error})` : ''}; webhooks disabled for it: ${disabled.length ? disabled.map((h) => h.resource).join(', ') + ' (re-enabled by the bench)' : 'none'}`,
    });
    for (const h of disabled) await enableWebhook(em, w.bot.token, h);
    if (hadWorker) {
      // For comparison: the same load while the worker answers the commands on the same 2 cores.
      const shared = countBotMessages(em, w.bot.id);
      const sharedLoad = await runLoad(
        { url: bot.webhookUrl, ratePerS: ACK_RATE, requests: batch() },
        60_000,
      );
      const t0 = performance.now();
      while (shared.n < sharedLoad.latenciesMs.length && performance.now() - t0 < DRAIN_MS)
        await new Promise((r) => setTimeout(r, 50));
      shared.stop();
      const f = ackFigures(sharedLoad, count);
      extraRows.push({
        figure: `webhook ack at ${ACK_RATE}/s, web process with the worker busy on the same cores`,
        value: `p50 ${f.latencyMs.p50.toFixed(1)} ms, p99 ${f.latencyMs.p99.toFixed(1)} ms (n=${sharedLoad.latenciesMs.length}); ${shared.n} answered`,
      });
      await em.settle();
    }
    log('bot load done');

    // 6. The bot's throughput, closed loop, against the plain loop's: interleaved, so a change in what else
    // the machine runs does not fall on one side only. While the plain loop runs, the bot's webhooks are
    // off (its idle process is not sent the loop's messages).
    const hooks = em.webhooks(w.bot.id);
    const botSide = { count: 0, seconds: 0 };
    const plainSide = { count: 0, seconds: 0 };
    const loadRss = rss.stop();
    const workerRssSamples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const sampling = sampleRss(bot.web.pid);
      const workerSampling = bot.worker && sampleRss(bot.worker.pid);
      const c = await closedLoop(em, w.bot.id, w.admins.slice(0, CONCURRENCY), CLOSED_LOOP_MS / ROUNDS);
      loadRss.push(...sampling.stop());
      if (workerSampling) workerRssSamples.push(...workerSampling.stop());
      botSide.count += c.count;
      botSide.seconds += c.seconds;
      await em.settle();
      for (const h of hooks) em.disableWebhook(h.id);
      em.clearRequests();
      const p = await plainLoop(em, sequence, CONCURRENCY, LIMIT_MS / ROUNDS);
      plainSide.count += p.count;
      plainSide.seconds += p.seconds;
      for (const h of hooks) await enableWebhook(em, w.bot.token, h);
    }
    const workerRss = workerRssSamples.length ? Math.max(...workerRssSamples) : null;
    await bot.kill();
    bot = undefined;
    log('closed loop and the limit measured');
    em.clearRequests();

    // 4. Start-up with many spaces (an emulator of its own).
    const startup = await benchStartup(redis, REDIS_URL, ROLE, ENTRY);
    log('start-up measured');

    // 7. The fleet figures.
    const fleet: { figure: string; value: string }[] = [];
    await benchFleet({
      em,
      botToken: w.bot.token,
      botPersonId: w.bot.id,
      redis,
      redisUrl: REDIS_URL,
      row: (figure, value) => fleet.push({ figure, value }),
    });

    m.loadAvg1m.end = os.loadavg()[0]!;
    const measured: Measured = {
      machine: m,
      runS: (performance.now() - started) / 1000,
      role: botRole,
      entry: ENTRY,
      ack: { bot: ackFigures(botLoad, count), stub: ackFigures(stubLoad, count) },
      deliveryToReplyMs: {
        help: summarize(help),
        voicemail: summarize(voicemail),
        submit: summarize(submitted),
      },
      callsPerInteraction: { total: calls.length, byEndpoint: countByEndpoint(calls) },
      startup,
      rssMb: {
        idle: Math.round(idle),
        underLoadMax: Math.round(Math.max(...loadRss)),
        underLoadMean: Math.round(loadRss.reduce((x, y) => x + y, 0) / loadRss.length),
        worker: workerRss === null ? null : Math.round(workerRss),
      },
      limit: {
        concurrency: CONCURRENCY,
        callsPerInteraction: sequence.length,
        plainInteractionsPerS: Math.round((plainSide.count / plainSide.seconds) * 10) / 10,
        botInteractionsPerS: Math.round((botSide.count / botSide.seconds) * 10) / 10,
      },
      fleet,
      other: extraRows,
    };
    const results = assembleResults(measured);
    const file = path.join(ROOT, 'bench/results.json');
    writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    console.log(formatTable(m, results.table));
    console.log(`\n(${results.runS.toFixed(0)} s; written to ${path.relative(process.cwd(), file)})`);
  } catch (e) {
    if (bot) log(`the bot's output, last part:\n${bot.web.output().slice(-3000)}`);
    const failed = em.deliveries.filter((d) => d.status < 200 || d.status > 299);
    log(
      `webhooks: ${JSON.stringify(em.webhooks().map((h) => [h.name, h.status]))}; ${failed.length} failed deliveries${failed[0] ? `, first: ${failed[0].status || failed[0].error}` : ''}`,
    );
    throw e;
  } finally {
    await bot?.kill();
    await stub?.child.kill();
    killAll();
    for (const p of prefixes) await dropPrefix(redis, p);
    await redis.quit();
    await em.close();
  }
}

const hard = setTimeout(() => {
  log(`over ${HARD_LIMIT_MS / 1000} s: stopping`);
  killAll();
  process.exit(1);
}, HARD_LIMIT_MS);
hard.unref();

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    killAll();
    process.exit(1);
  },
);
