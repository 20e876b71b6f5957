/**
 * The bench's child processes (the bot, the HMAC stub, the load generator): spawned with exactly the
 * environment given, their output kept (bounded), and every one of them killed when the bench ends, however
 * it ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadJob, LoadResult } from './load-child.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const KEEP = 32 * 1024;

const live = new Set<ChildProcess>();
let dir: string | undefined;
const logDir = () => (dir ??= mkdtempSync(path.join(os.tmpdir(), 'vmbot-bench-')));

/** SIGKILL every child still running and drop their log files (idempotent; also on exit, SIGINT, SIGTERM). */
export function killAll(): void {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  live.clear();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => {
    killAll();
    process.exit(130);
  });

export interface Child {
  proc: ChildProcess;
  pid: number;
  /** The first and the last 32 KB of stdout and stderr together. */
  output(): string;
  /** Resolves with the first output line matching `re`, and ms since spawn when it came. */
  waitLine(re: RegExp, timeoutMs: number): Promise<{ line: string; ms: number }>;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
  spawnedAt: number;
}

/**
 * `node --import tsx <script>` in the repository (plain `node <script>` for a compiled `.js`), with `env`
 * (plus PATH) and nothing else of ours.
 */
export function spawnNode(
  script: string,
  env: Record<string, string>,
  opts: { logToFile?: boolean } = {},
): Child {
  const spawnedAt = performance.now();
  const args = script.endsWith('.js')
    ? [path.join(ROOT, script)]
    : ['--import', 'tsx', path.join(ROOT, script)];
  // A measured process logs to a file, not a pipe: its log writes are synchronous, and a pipe this busy
  // process is slow to drain would stall the very event loop being measured.
  const file = opts.logToFile ? path.join(logDir(), `${live.size}-${Date.now()}.log`) : undefined;
  const fd = file ? openSync(file, 'a') : undefined;
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: fd === undefined ? ['pipe', 'pipe', 'pipe'] : ['ignore', fd, fd],
  });
  if (fd !== undefined) closeSync(fd);
  if (proc.pid === undefined) throw new Error(`bench: could not spawn ${script}`);
  live.add(proc);
  let head = '';
  let tail = '';
  let partial = '';
  const waiters: { re: RegExp; resolve: (v: { line: string; ms: number }) => void }[] = [];
  const onData = (d: Buffer) => {
    const s = d.toString('utf8');
    if (head.length < KEEP) head += s.slice(0, KEEP - head.length);
    tail = (tail + s).slice(-KEEP);
    const lines = (partial + s).split('\n');
    partial = (lines.pop() ?? '').slice(-KEEP);
    for (const line of lines)
      for (const w of [...waiters])
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve({ line, ms: performance.now() - spawnedAt });
        }
  };
  let pump = () => {};
  let poller: NodeJS.Timeout | undefined;
  if (file) {
    let pos = 0;
    pump = () => {
      const size = statSync(file).size;
      if (size <= pos) return;
      const buf = Buffer.alloc(size - pos);
      const rfd = openSync(file, 'r');
      try {
        readSync(rfd, buf, 0, buf.length, pos);
      } finally {
        closeSync(rfd);
      }
      pos = size;
      onData(buf);
    };
    poller = setInterval(() => waiters.length && pump(), 10);
    proc.once('exit', () => clearInterval(poller));
  } else {
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
  }
  proc.once('exit', () => live.delete(proc));
  const output = () => {
    pump();
    return head.length < KEEP ? head : `${head}\n…\n${tail}`;
  };
  return {
    proc,
    pid: proc.pid,
    spawnedAt,
    output,
    waitLine(re, timeoutMs) {
      return new Promise((resolve, reject) => {
        const waiter = {
          re,
          resolve: (v: { line: string; ms: number }) => {
            clearTimeout(timer);
            resolve(v);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`bench: ${script} printed no ${re} in ${timeoutMs} ms:\n${output()}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    async kill() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** Resident set size of a process, MB, from /proc (Linux); NaN elsewhere or once it is gone. */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) a process has used so far, s, from /proc (Linux); NaN elsewhere. */
export function cpuSeconds(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): state is the 3rd field, utime the 14th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Samples `rssMb(pid)` every `everyMs` until stopped; returns the samples. */
export function sampleRss(pid: number, everyMs = 100): { stop(): number[] } {
  const samples: number[] = [];
  const timer = setInterval(() => {
    const v = rssMb(pid);
    if (Number.isFinite(v)) samples.push(v);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}

/** Runs one open-loop job in its own process (bench/load-child.ts) and returns what it measured. */
export async function runLoad(job: LoadJob, timeoutMs: number): Promise<LoadResult> {
  const c = spawnNode('bench/load-child.ts', {});
  let out = '';
  c.proc.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const done = new Promise<number | null>((r) => c.proc.once('exit', (code) => r(code)));
  c.proc.stdin!.end(JSON.stringify(job));
  const timer = setTimeout(() => void c.kill(), timeoutMs);
  const code = await done;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`bench: the load generator failed (exit ${code}):\n${c.output()}`);
  return JSON.parse(out) as LoadResult;
}

/** The HMAC-only stub (bench/hmac-stub.ts) listening on loopback; its URL. */
export async function startStub(secret: string): Promise<{ child: Child; url: string }> {
  const child = spawnNode('bench/hmac-stub.ts', { STUB_SECRET: secret });
  const { line } = await child.waitLine(/^listening \d+/, 30_000);
  return { child, url: `http://127.0.0.1:${line.split(' ')[1]}/webhook` };
}

/** Polls `url` until it answers 200; ms since `since`. */
export async function waitOk(url: string, since: number, child: Child, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return performance.now() - since;
    if (Date.now() > deadline || child.proc.exitCode !== null)
      throw new Error(`bench: ${url} not 200 in ${timeoutMs} ms:\n${child.output()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
