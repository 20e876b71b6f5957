import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from '../../src/net/free-port.js';

export interface OwnRedisServer {
  url: string;
  /** SIGSTOP: the connection stays open and nothing answers (a hung or overloaded Redis). */
  pause(): void;
  resume(): void;
  /** SIGKILL: connections are refused. */
  kill(): Promise<void>;
  /** A new server on the same port (empty: it keeps nothing on disk). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A test redis-server's flags: loopback only, on `port`, keeping nothing on disk. */
export const redisServerArgs = (port: number): string[] => [
  '--port',
  String(port),
  '--bind',
  '127.0.0.1',
  '--save',
  '',
  '--appendonly',
  'no',
];

/** A redis-server of this test's own on a free loopback port, to stop and start without touching others. */
export async function startOwnRedisServer(opts: { password?: string } = {}): Promise<OwnRedisServer> {
  const port = await freePort('127.0.0.1');
  let child: ChildProcess | undefined;
  const launch = async () => {
    const c = spawn(
      'redis-server',
      [...redisServerArgs(port), ...(opts.password ? ['--requirepass', opts.password] : [])],
      { stdio: 'ignore' },
    );
    child = c;
    const probe = new Redis({
      port,
      host: '127.0.0.1',
      password: opts.password,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    const deadline = Date.now() + 5000;
    for (;;) {
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        probe.disconnect();
        if (c.exitCode !== null || Date.now() > deadline)
          throw new Error(`redis-server on ${port} did not start`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGCONT');
    c.kill('SIGKILL');
    await gone;
  };
  await launch();
  process.once('exit', () => child?.kill('SIGKILL'));
  return {
    url: opts.password
      ? `redis://:${encodeURIComponent(opts.password)}@127.0.0.1:${port}`
      : `redis://127.0.0.1:${port}`,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    kill,
    async restart() {
      await kill();
      await launch();
    },
    stop: kill,
  };
}
