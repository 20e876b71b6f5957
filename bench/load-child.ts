/**
 * The open-loop load generator, run as its own process so its timers share no event loop with the
 * receiver being measured nor with the emulator. Reads one job as JSON on stdin, sends request i at
 * i / ratePerS s after the start whatever the earlier answers do, and writes the results as JSON on stdout.
 */
import { Agent, request } from 'undici';
import { openLoopSchedule } from './stats.js';

export interface LoadJob {
  url: string;
  ratePerS: number;
  requests: { body: string; headers: Record<string, string> }[];
}

export interface LoadResult {
  /** From each request's due time to its answer, ms; only 2xx answers. */
  latenciesMs: number[];
  non2xx: number;
  errors: number;
  firstError?: string;
  maxSendLagMs: number;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function run(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAliveTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const due = openLoopSchedule(job.ratePerS, job.requests.length);
  const result: LoadResult = { latenciesMs: [], non2xx: 0, errors: 0, maxSendLagMs: 0 };
  const pending: Promise<void>[] = [];
  const t0 = performance.now() + 20;
  const send = (i: number) => {
    const at = t0 + due[i]!;
    const { body, headers } = job.requests[i]!;
    pending.push(
      request(job.url, { method: 'POST', headers, body, dispatcher: agent }).then(
        async (res) => {
          await res.body.dump();
          if (res.statusCode >= 200 && res.statusCode < 300) result.latenciesMs.push(performance.now() - at);
          else result.non2xx++;
        },
        (err: unknown) => {
          result.errors++;
          result.firstError ??= err instanceof Error ? err.message : String(err);
        },
      ),
    );
  };
  await new Promise<void>((resolve) => {
    let i = 0;
    const tick = () => {
      const now = performance.now() - t0;
      while (i < due.length && due[i]! <= now) {
        result.maxSendLagMs = Math.max(result.maxSendLagMs, now - due[i]!);
        send(i++);
      }
      if (i >= due.length) return resolve();
      setTimeout(tick, Math.max(0, due[i]! - (performance.now() - t0)));
    };
    setTimeout(tick, 20);
  });
  await Promise.all(pending);
  await agent.close();
  return result;
}

readStdin()
  .then((text) => run(JSON.parse(text) as LoadJob))
  .then(
    (r) => {
      process.stdout.write(JSON.stringify(r));
      process.exitCode = 0;
    },
    (err: unknown) => {
      process.stderr.write(`load-child: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
