import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { freePort } from './bot-harness.js';
import { REDIS_URL } from './redis.js';
import { spawnMain } from './run-main.js';

export interface SandboxProcess {
  /** The /sandbox page URL the sandbox logged. */
  url: string;
  /** The run's own Redis key prefix, as the sandbox logged it (none when it runs on memory). */
  prefix?: string;
  /** Every line the child wrote, for the test artifacts. */
  output(): string;
  /** SIGTERM (then SIGKILL after 5 s); resolves once the child is gone. */
  stop(): Promise<void>;
}

/**
 * The newcomer's command, as a child process: `node --import tsx src/main.ts` with no bot token, on a free
 * loopback port. A child because the Webex SDK in this (mocha) process already points at the shared test
 * emulator, and the sandbox needs its own.
 */
export async function startSandboxProcess(
  opts: {
    timeoutMs?: number;
    /** Extra environment (a REDIS_URL with a password, …). */
    env?: Record<string, string>;
  } = {},
): Promise<SandboxProcess> {
  const port = await freePort();
  // Exactly the newcomer's environment: no bot token, and nothing of this process (whose Webex SDK
  // points at the shared test emulator) leaks in.
  const child = spawnMain({
    PORT: String(port),
    HOST: '127.0.0.1',
    REDIS_URL,
    LOG_LEVEL: 'info',
    ...opts.env,
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  createInterface({ input: child.stderr }).on('line', (l) => lines.push(`[stderr] ${l}`));

  let prefix: string | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new Error(`the sandbox did not log "sandbox ready" in time:\n${lines.slice(-20).join('\n')}`)),
      opts.timeoutMs ?? 30_000,
    );
    createInterface({ input: child.stdout }).on('line', (l) => {
      lines.push(l);
      let entry: { msg?: unknown; url?: unknown; prefix?: unknown } = {};
      try {
        entry = JSON.parse(l) as typeof entry;
      } catch {
        return;
      }
      if (entry.msg === 'sandbox store: Redis' && typeof entry.prefix === 'string') prefix = entry.prefix;
      if (
        typeof entry.msg === 'string' &&
        entry.msg.startsWith('sandbox ready') &&
        typeof entry.url === 'string'
      ) {
        clearTimeout(timer);
        resolve(entry.url);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(`the sandbox exited (code ${code}) before it was ready:\n${lines.slice(-20).join('\n')}`),
      );
    });
  }).catch(async (e: unknown) => {
    child.kill('SIGKILL');
    throw e;
  });

  return {
    url,
    prefix,
    output: () => lines.join('\n') + '\n',
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(force);
    },
  };
}

/** Deletes the keys the sandbox left under the test prefix (none when it ran without Redis). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch {
    return;
  }
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit().catch(() => undefined);
  }
}
