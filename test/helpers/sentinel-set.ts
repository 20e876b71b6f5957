import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../src/net/free-port.js';
import { redisServerArgs } from './redis-server.js';

export interface SentinelSet {
  /** The group name the sentinels monitor the primary under (REDIS_SENTINEL_NAME). */
  name: string;
  password: string;
  sentinelPassword: string;
  sentinels: { host: string; port: number }[];
  primaryPort: number;
  replicaPort: number;
  /** A connection straight to the first primary (for WAIT before it is killed). */
  primary: Redis;
  /** SIGKILL the first primary: no goodbye to its clients, its sentinels or its replica. */
  killPrimary(): Promise<void>;
  /** Start the killed primary again, empty, on its port: the sentinels make it a replica of the new one. */
  restartFormerPrimary(): Promise<void>;
  /** Resolves once every sentinel names the node on `port` as the primary; fails with their logs after `ms`. */
  primaryIs(port: number, ms: number): Promise<void>;
  /**
   * An operator's `SENTINEL FAILOVER`: the live primary is demoted (it stays up, as a replica) and a replica
   * promoted. Retried while the sentinels have no replica they think fit yet; resolves once one took it.
   */
  failover(ms: number): Promise<void>;
  /** How many clients are subscribed to each sentinel's channels (ioredis's failover detectors). */
  subscribers(): Promise<number[]>;
  /** Kill everything started here and remove its directories (safe to call after a failed start). */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A real Redis Sentinel deployment on loopback, all of this test's own: a primary, a replica of it, and
 * three `redis-sentinel` processes (quorum 2) that notice a dead primary within a second and promote the
 * replica. Nothing is kept on disk but the sentinels' config files, each in its own temporary directory.
 * Both the data nodes and the sentinels require a password, so a test can show neither leaks.
 */
export async function startSentinelSet(opts: {
  password: string;
  sentinelPassword: string;
}): Promise<SentinelSet> {
  // No skip when the package is missing: scripts/ensure-test-env.sh installs it (npm test runs it first).
  if (spawnSync('redis-sentinel', ['--version']).error)
    throw new Error(
      'redis-sentinel is not installed: run `bash scripts/ensure-test-env.sh` (as root it installs it), or ' +
        '`sudo apt-get update && sudo apt-get install -y redis-sentinel`',
    );
  const name = 'vmbot-test-primary';
  const { password, sentinelPassword } = opts;
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  const clients: Redis[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'vmbot-sentinel-'));
    dirs.push(d);
    return d;
  };
  const launch = (cmd: string, args: string[]) => {
    const c = spawn(cmd, args, { stdio: 'ignore' });
    children.push(c);
    return c;
  };
  const client = (port: number, pass: string) => {
    const r = new Redis({
      host: '127.0.0.1',
      port,
      password: pass,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
    });
    r.on('error', () => undefined);
    clients.push(r);
    return r;
  };
  async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + ms;
    let last: unknown;
    for (;;) {
      try {
        const v = await probe();
        if (v !== undefined) return v;
      } catch (err) {
        last = err;
      }
      if (Date.now() > deadline)
        throw new Error(
          `${what} within ${ms} ms${last ? ` (${(last as Error).message})` : ''}\n${sentinelLogs()}`,
        );
      await sleep(100);
    }
  }
  const sentinelDirs: string[] = [];
  const sentinelLogs = () =>
    sentinelDirs
      .map((d, i) => {
        let text = '';
        try {
          text = readFileSync(join(d, 'sentinel.log'), 'utf8').split('\n').slice(-15).join('\n');
        } catch {
          // Not started yet.
        }
        return `sentinel ${i + 1}:\n${text}`;
      })
      .join('\n');

  const stop = async () => {
    for (const r of clients) r.disconnect();
    await Promise.all(
      children.map(async (c) => {
        if (c.exitCode !== null || c.signalCode !== null) return;
        const gone = new Promise((r) => c.once('exit', r));
        c.kill('SIGKILL');
        await gone;
      }),
    );
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  };
  // A test process that dies without its after() still leaves no server behind.
  const onExit = () => children.forEach((c) => c.kill('SIGKILL'));
  process.once('exit', onExit);

  try {
    const dataNode = (port: number, extra: string[]) =>
      launch('redis-server', [
        ...redisServerArgs(port),
        '--dir',
        dir(),
        '--requirepass',
        password,
        '--masterauth',
        password,
        ...extra,
      ]);
    const primaryPort = await freePort();
    let primaryProcess = dataNode(primaryPort, []);
    const primary = client(primaryPort, password);
    await until('the primary answers', 5000, async () => {
      if (primary.status !== 'ready') await primary.connect().catch(() => undefined);
      return (await primary.ping()) === 'PONG' ? true : undefined;
    });
    const replicaPort = await freePort();
    dataNode(replicaPort, ['--replicaof', '127.0.0.1', String(primaryPort)]);
    const replica = client(replicaPort, password);
    await until('the replica is in sync', 10_000, async () => {
      if (replica.status !== 'ready') await replica.connect().catch(() => undefined);
      return /master_link_status:up/.test(await replica.info('replication')) ? true : undefined;
    });

    const sentinels: { host: string; port: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const d = dir();
      sentinelDirs.push(d);
      const conf = join(d, 'sentinel.conf');
      // Sentinel rewrites its config file as it learns (replicas, other sentinels, epochs): one each.
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${d}`,
          `logfile ${join(d, 'sentinel.log')}`,
          `requirepass ${sentinelPassword}`,
          `sentinel sentinel-pass ${sentinelPassword}`,
          `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 2`,
          `sentinel auth-pass ${name} ${password}`,
          // Quick, for a test: the primary is "down" after 1 s of silence; a failed election is retried soon.
          `sentinel down-after-milliseconds ${name} 1000`,
          `sentinel failover-timeout ${name} 3000`,
          `sentinel parallel-syncs ${name} 1`,
          '',
        ].join('\n'),
      );
      launch('redis-sentinel', [conf]);
      sentinels.push({ host: '127.0.0.1', port });
    }
    // A failover needs each sentinel to know the replica and the two others (they meet through the primary).
    for (const [i, s] of sentinels.entries()) {
      const c = client(s.port, sentinelPassword);
      await until(`sentinel ${i + 1} knows the replica and the other sentinels`, 20_000, async () => {
        if (c.status !== 'ready') await c.connect().catch(() => undefined);
        const flat = (await c.call('SENTINEL', 'MASTER', name)) as string[];
        const info = Object.fromEntries(flat.flatMap((v, j) => (j % 2 ? [] : [[v, flat[j + 1]]])));
        return info['num-slaves'] === '1' && info['num-other-sentinels'] === '2' ? true : undefined;
      });
    }

    const asked = sentinels.map((s) => client(s.port, sentinelPassword));
    return {
      name,
      password,
      sentinelPassword,
      sentinels,
      primaryPort,
      replicaPort,
      primary,
      async killPrimary() {
        primary.disconnect();
        const gone = new Promise((r) => primaryProcess.once('exit', r));
        primaryProcess.kill('SIGKILL');
        await gone;
      },
      async restartFormerPrimary() {
        primaryProcess = dataNode(primaryPort, []);
        const again = client(primaryPort, password);
        await until('the former primary is back as an in-sync replica', 30_000, async () => {
          if (again.status !== 'ready') await again.connect().catch(() => undefined);
          const info = await again.info('replication');
          return /role:slave/.test(info) && /master_link_status:up/.test(info) ? true : undefined;
        });
      },
      async primaryIs(port, ms) {
        await until(`every sentinel names :${port} the primary`, ms, async () => {
          const ports = await Promise.all(
            asked.map(async (c) => {
              if (c.status !== 'ready') await c.connect().catch(() => undefined);
              const addr = (await c.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name)) as string[] | null;
              return Number(addr?.[1]);
            }),
          );
          return ports.every((p) => p === port) ? true : undefined;
        });
      },
      async failover(ms) {
        const c = asked[0]!;
        await until('a sentinel takes the failover', ms, async () => {
          if (c.status !== 'ready') await c.connect().catch(() => undefined);
          // -NOGOODSLAVE until the sentinels have seen the replica healthy (they look every few seconds).
          return (await c.call('SENTINEL', 'FAILOVER', name)) === 'OK' ? true : undefined;
        });
      },
      async subscribers() {
        return Promise.all(
          asked.map(async (c) => {
            if (c.status !== 'ready') await c.connect();
            const list = (await c.call('CLIENT', 'LIST')) as string;
            return list.split('\n').filter((l) => / sub=[1-9]/.test(l)).length;
          }),
        );
      },
      async stop() {
        process.off('exit', onExit);
        await stop();
      },
    };
  } catch (err) {
    process.off('exit', onExit);
    await stop();
    throw err;
  }
}
