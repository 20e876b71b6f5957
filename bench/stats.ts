/**
 * The bench's pure parts: percentiles, the open-loop schedule, the results' JSON shape and the table. No
 * I/O here, so a unit test keeps them honest (test/unit/bench/stats.test.ts).
 */

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN for none. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(xs: readonly number[]): Summary {
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    n: xs.length,
    p50: round(percentile(xs, 50)),
    p95: round(percentile(xs, 95)),
    p99: round(percentile(xs, 99)),
    max: round(xs.length ? Math.max(...xs) : NaN),
    mean: round(xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN),
  };
}

/**
 * Open loop: request i is due at i / rate seconds after the start, whatever the answers to the earlier ones
 * do. Latency is then measured from the due time, so a stalled receiver shows in the figures instead of
 * slowing the sender down (coordinated omission).
 */
export function openLoopSchedule(ratePerS: number, count: number): number[] {
  if (!(ratePerS > 0) || !Number.isInteger(count) || count < 0)
    throw new Error(`bench: bad schedule ${ratePerS}/s x ${count}`);
  return Array.from({ length: count }, (_, i) => (i * 1000) / ratePerS);
}

/**
 * The role a process says it runs as: `role` (or `processRole`) in its /version answer or in any of its
 * JSON log lines; `all` when it names none (before PROCESS_ROLE existed every process did everything).
 */
export function detectRole(output: string, version: unknown): string {
  const v = version as { role?: unknown; processRole?: unknown } | null;
  for (const r of [v?.role, v?.processRole]) if (typeof r === 'string' && r) return r;
  const m = /"(?:role|processRole)"\s*:\s*"(all|web|worker)"/.exec(output);
  return m?.[1] ?? 'all';
}

/** `/v1/messages/Y2lz…` -> `/v1/messages/{id}`: Webex ids are long base64; a short path segment stays. */
export function endpointTemplate(method: string, path: string): string {
  const p = path.replace(/\/[A-Za-z0-9_=-]{24,}(?=\/|$)/g, '/{id}');
  return `${method} ${p}`;
}

/** Calls per endpoint template, most first. */
export function countByEndpoint(calls: readonly { method: string; path: string }[]): Record<string, number> {
  const out = new Map<string, number>();
  for (const c of calls) {
    const k = endpointTemplate(c.method, c.path);
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return Object.fromEntries([...out].sort((a, b) => b[1] - a[1]));
}

export interface Machine {
  cores: number;
  cpuModel: string;
  node: string;
  platform: string;
  date: string;
  /**
   * The 1-minute load average when the run started and when it ended: other work on the machine (over
   * the core count, it competes with the bench) is the first thing to look at when two runs differ.
   */
  loadAvg1m: { start: number; end: number };
}

export interface AckFigures {
  ratePerS: number;
  durationS: number;
  /** Latency from each delivery's due time to its 2xx, ms. */
  latencyMs: Summary;
  non2xx: number;
  errors: number;
  /** The first transport error (a timeout, a reset), if any. */
  firstError?: string;
  /** How late the sender was against its own schedule at worst (its own event loop), ms. */
  maxSendLagMs: number;
}

export interface StartupFigures {
  spaces: number;
  /** Spawn to the first /readyz 200, ms. */
  readyMs: number;
  /** Spawn to the "listening" log line, ms (null when no such line was seen). */
  listeningMs: number | null;
  apiCalls: number;
  byEndpoint: Record<string, number>;
}

export interface BenchResults {
  machine: Machine;
  /** Wall time of the whole run, s. */
  runS: number;
  /** The role the measured bot process ran as (`all` when it named none). */
  role: string;
  /** What ran it: `tsx` (src/main.ts through the tsx loader) or `dist` (the compiled dist/src/main.js). */
  entry: string;
  webhookAck: { bot: AckFigures; stub: AckFigures; p99Ratio: number };
  deliveryToReplyMs: { help: Summary; voicemail: Summary; submit: Summary };
  callsPerInteraction: { total: number; byEndpoint: Record<string, number> };
  startup: StartupFigures[];
  rssMb: { idle: number; underLoadMax: number; underLoadMean: number; worker?: number | null };
  limit: {
    concurrency: number;
    callsPerInteraction: number;
    plainInteractionsPerS: number;
    botInteractionsPerS: number;
    ratio: number;
  };
  fleet: { figure: string; value: string }[];
  /** Figures that explain the others (CPU shares, the backlog, the signature check). */
  other: { figure: string; value: string }[];
  table: { figure: string; value: string }[];
}

/** The results' top-level keys and their nested ones: what a reader of bench/results.json may rely on. */
export const RESULT_KEYS: Record<keyof BenchResults, readonly string[]> = {
  machine: ['cores', 'cpuModel', 'node', 'platform', 'date', 'loadAvg1m'],
  runS: [],
  role: [],
  entry: [],
  webhookAck: ['bot', 'stub', 'p99Ratio'],
  deliveryToReplyMs: ['help', 'voicemail', 'submit'],
  callsPerInteraction: ['total', 'byEndpoint'],
  startup: [],
  rssMb: ['idle', 'underLoadMax', 'underLoadMean'],
  limit: ['concurrency', 'callsPerInteraction', 'plainInteractionsPerS', 'botInteractionsPerS', 'ratio'],
  fleet: [],
  other: [],
  table: [],
};

/** Problems with a parsed results document (empty when it has the documented shape). */
export function resultShapeProblems(doc: unknown): string[] {
  const problems: string[] = [];
  if (typeof doc !== 'object' || doc === null) return ['not an object'];
  const d = doc as Record<string, unknown>;
  for (const [key, nested] of Object.entries(RESULT_KEYS)) {
    if (!(key in d)) {
      problems.push(`missing ${key}`);
      continue;
    }
    for (const n of nested) {
      const v = d[key] as Record<string, unknown> | null;
      if (typeof v !== 'object' || v === null || !(n in v)) problems.push(`missing ${key}.${n}`);
    }
  }
  if (Array.isArray(d.startup))
    for (const s of d.startup as Record<string, unknown>[])
      if (typeof s.spaces !== 'number' || typeof s.readyMs !== 'number' || typeof s.apiCalls !== 'number')
        problems.push(`startup entry without spaces/readyMs/apiCalls: ${JSON.stringify(s)}`);
  return problems;
}

const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a');
const pcts = (s: Summary, which: ('p50' | 'p95' | 'p99')[]) =>
  which.map((k) => `${k} ${ms(s[k])}`).join(', ') + ` (n=${s.n})`;

/** One row per figure, in the order docs/benchmarks.md explains them. */
export function tableRows(r: Omit<BenchResults, 'table'>): { figure: string; value: string }[] {
  const a = r.webhookAck;
  const rows: { figure: string; value: string }[] = [
    {
      figure: `webhook ack at ${a.bot.ratePerS}/s for ${a.bot.durationS} s, bot (role ${r.role}, ${r.entry})`,
      value: `${pcts(a.bot.latencyMs, ['p50', 'p99'])}, non-2xx ${a.bot.non2xx}, errors ${a.bot.errors}${a.bot.firstError ? ` (${a.bot.firstError})` : ''}`,
    },
    {
      figure: `webhook ack at ${a.stub.ratePerS}/s for ${a.stub.durationS} s, HMAC-only stub`,
      value: `${pcts(a.stub.latencyMs, ['p50', 'p99'])}, non-2xx ${a.stub.non2xx}, errors ${a.stub.errors}`,
    },
    { figure: 'webhook ack p99, bot / stub', value: `${a.p99Ratio.toFixed(1)}x` },
    {
      figure: 'load generator lag behind schedule (max, stub / bot)',
      value: `${ms(a.stub.maxSendLagMs)} / ${ms(a.bot.maxSendLagMs)}`,
    },
  ];
  for (const [k, label] of [
    ['help', '/help'],
    ['voicemail', '/voicemail (form card)'],
    ['submit', 'form submit (PUT + reply)'],
  ] as const)
    rows.push({
      figure: `delivery -> reply, ${label}`,
      value: pcts(r.deliveryToReplyMs[k], ['p50', 'p95', 'p99']),
    });
  rows.push({
    figure: 'Webex calls per /voicemail -> submit interaction (steady state)',
    value: `${r.callsPerInteraction.total}: ${Object.entries(r.callsPerInteraction.byEndpoint)
      .map(([e, n]) => `${e} x${n}`)
      .join(', ')}`,
  });
  for (const s of r.startup)
    rows.push({
      figure: `start-up with ${s.spaces.toLocaleString('en-US')} spaces (${r.entry})`,
      value: `${ms(s.readyMs)} to /readyz 200${s.listeningMs === null ? '' : ` (${ms(s.listeningMs)} to the listening line)`}, ${s.apiCalls} Webex calls`,
    });
  rows.push({
    figure: `RSS of the bot process (${r.entry})`,
    value: `idle ${r.rssMb.idle.toFixed(0)} MB, under load max ${r.rssMb.underLoadMax.toFixed(0)} MB (mean ${r.rssMb.underLoadMean.toFixed(0)} MB)${r.rssMb.worker ? `; worker process ${r.rssMb.worker.toFixed(0)} MB` : ''}`,
  });
  const l = r.limit;
  rows.push(
    {
      figure: `the limit: plain loop, same ${l.callsPerInteraction} calls, ${l.concurrency} loops`,
      value: `${l.plainInteractionsPerS.toFixed(1)} interactions/s`,
    },
    {
      figure: `bot: /voicemail -> submit, ${l.concurrency} admins closed loop`,
      value: `${l.botInteractionsPerS.toFixed(1)} interactions/s`,
    },
    { figure: 'bot as a share of the limit', value: `${(l.ratio * 100).toFixed(0)}%` },
  );
  rows.push(...r.fleet, ...r.other);
  return rows;
}

/** A Markdown table with the machine in its heading. */
export function formatTable(machine: Machine, rows: readonly { figure: string; value: string }[]): string {
  const l = machine.loadAvg1m;
  const head = `${machine.cores} cores, ${machine.cpuModel}, node ${machine.node}, ${machine.platform}, ${machine.date}, load average ${l.start.toFixed(1)} at the start, ${l.end.toFixed(1)} at the end`;
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `machine: ${head}`,
    '',
    '| figure | value |',
    '|---|---|',
    ...rows.map((r) => `| ${esc(r.figure)} | ${esc(r.value)} |`),
  ].join('\n');
}

/** What the run measured, before the derived figures (ratios, the table) are added. */
export interface Measured {
  machine: Machine;
  runS: number;
  role: string;
  entry: string;
  ack: { bot: AckFigures; stub: AckFigures };
  deliveryToReplyMs: BenchResults['deliveryToReplyMs'];
  callsPerInteraction: BenchResults['callsPerInteraction'];
  startup: StartupFigures[];
  rssMb: BenchResults['rssMb'];
  limit: Omit<BenchResults['limit'], 'ratio'>;
  fleet: { figure: string; value: string }[];
  other: { figure: string; value: string }[];
}

/** The results document: the measured figures, their ratios, and the table rows. */
export function assembleResults(m: Measured): BenchResults {
  const base: Omit<BenchResults, 'table'> = {
    machine: m.machine,
    runS: Math.round(m.runS * 10) / 10,
    role: m.role,
    entry: m.entry,
    webhookAck: {
      bot: m.ack.bot,
      stub: m.ack.stub,
      p99Ratio: Math.round((m.ack.bot.latencyMs.p99 / m.ack.stub.latencyMs.p99) * 100) / 100,
    },
    deliveryToReplyMs: m.deliveryToReplyMs,
    callsPerInteraction: m.callsPerInteraction,
    startup: m.startup,
    rssMb: m.rssMb,
    limit: {
      ...m.limit,
      ratio: Math.round((m.limit.botInteractionsPerS / m.limit.plainInteractionsPerS) * 1000) / 1000,
    },
    fleet: m.fleet,
    other: m.other,
  };
  return { ...base, table: tableRows(base) };
}
