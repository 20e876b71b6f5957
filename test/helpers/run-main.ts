import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'src/main.ts');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `src/main.ts` as its own process, the way `npm start` / `npm run token` run the built one, with
 * exactly the environment given (plus PATH), so no variable of the test process leaks in.
 */
export function runMain(
  args: string[],
  env: Record<string, string>,
  stdin?: string,
  timeoutMs = 20_000,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main ${args.join(' ')} timed out; stdout=${stdout} stderr=${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin ?? '');
  });
}

/** `src/main.ts` left running (the bot or the sandbox) with exactly `env` (plus PATH); its output piped. */
export function spawnMain(env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** What the bot needs to run live against the emulator at `apiBase`, listening on loopback `port`. */
export function liveEnv(opts: { apiBase: string; botToken: string; port: number }): Record<string, string> {
  return {
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    WEBEX_BOT_TOKEN: opts.botToken,
    WEBEX_API_URL: opts.apiBase,
    PUBLIC_URL: `http://127.0.0.1:${opts.port}`,
  };
}

/** Waits for a bot process's /readyz to say 200; fails with its output if it exits or takes too long. */
export async function waitReady(
  child: { exitCode: number | null },
  base: string,
  output: () => string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (ready === 200) return;
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`bot did not get ready:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
