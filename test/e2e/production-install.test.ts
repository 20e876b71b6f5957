import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, seedWorld, ADMIN_SCOPES } from '../helpers/bot-harness.js';
import { openTestRedis, REDIS_URL, type TestRedis } from '../helpers/redis.js';
import { liveEnv, ROOT, waitReady } from '../helpers/run-main.js';
import { createRedisKeyValueStore } from '../../src/store/redis-key-value-store.js';
import { createTokenStore } from '../../src/store/token-store.js';
import { createTokenCipher } from '../../src/store/token-cipher.js';

const run = promisify(execFile);

/**
 * The Dockerfile's steps, run outside Docker (no engine on the dev machine): if these pass, the image's
 * install and start do too. Each is checked against the Dockerfile below, so the two cannot drift apart.
 */
const BUILD = 'RUN npm run build';
const COPIES = [
  'COPY package.json package-lock.json ./',
  'COPY --from=build /app/dist/src ./dist/src',
  'COPY cards ./cards',
];
const INSTALL = ['ci', '--omit=dev', '--omit=optional', '--no-audit', '--no-fund'];
const START = ['dist/src/main.js'];

// A clean production install takes 30–60 s (network): run in CI (.ci/run sets CI=true) or with RUN_SLOW=1.
const slow = process.env.CI === 'true' || process.env.RUN_SLOW === '1';

(slow ? describe : describe.skip)('production install and start, as the Dockerfile does it', function () {
  this.timeout(300_000);
  let tmp = '';
  let store: TestRedis | undefined;
  let child: ChildProcess | undefined;

  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await store?.cleanup();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('the Dockerfile has exactly the steps this test runs', async () => {
    const docker = await readFile(path.join(ROOT, 'Dockerfile'), 'utf8');
    const stages = docker.split(/^FROM /m).slice(1);
    assert.equal(stages.length, 2, 'a build stage and a runtime stage');
    const [build = '', runtime = ''] = stages;
    assert.match(build, /^node:24-slim AS build$/m);
    assert.ok(build.includes(BUILD));
    assert.match(runtime, /^node:24-slim$/m);
    const steps = runtime.split('\n').filter((l) => /^(COPY|RUN|CMD|USER|ENV) /.test(l));
    assert.deepEqual(steps, [
      'ENV NODE_ENV=production',
      COPIES[0],
      `RUN npm ${INSTALL.join(' ')} && npm cache clean --force`,
      ...COPIES.slice(1),
      'USER node',
      `CMD ${JSON.stringify(['node', ...START]).replace(/,/g, ', ')}`,
    ]);
    assert.match(runtime, /^HEALTHCHECK .*\n.*\/healthz/m);
    assert.match(runtime, /^EXPOSE 3000$/m);
  });

  it('installs without dev and optional dependencies, starts live, answers a command, stops on SIGTERM', async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'vmbot-prod-'));
    const app = path.join(tmp, 'app');
    const built = path.join(tmp, 'build');
    const timings: string[] = [];
    const timed = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
      const t0 = Date.now();
      const r = await f();
      timings.push(`${label} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return r;
    };

    // Build stage: the repository's own build, written outside the repository so nothing here changes.
    await timed('build', () =>
      run('npm', ['run', 'build', '--', '--outDir', built], { cwd: ROOT, maxBuffer: 1 << 24 }),
    );
    // Runtime stage: only what the Dockerfile copies.
    await mkdir(path.join(app, 'dist'), { recursive: true });
    for (const f of ['package.json', 'package-lock.json']) await cp(path.join(ROOT, f), path.join(app, f));
    await cp(path.join(built, 'src'), path.join(app, 'dist/src'), { recursive: true });
    await cp(path.join(ROOT, 'cards'), path.join(app, 'cards'), { recursive: true });
    await timed('npm ci', () =>
      run('npm', INSTALL, {
        cwd: app,
        env: { ...process.env, NODE_ENV: 'production' },
        maxBuffer: 1 << 24,
      }),
    );
    const modules = path.join(app, 'node_modules');
    assert.ok(
      existsSync(path.join(modules, 'webex-node-bot-framework')),
      'production dependencies are there',
    );
    for (const absent of ['typescript', 'mocha', 'tsx'])
      assert.ok(!existsSync(path.join(modules, absent)), `no dev dependency ${absent}`);
    // The Webex SDK's optional dependencies (react-native, expo, …) are most of a default install.
    for (const absent of ['react-native', 'expo'])
      assert.ok(!existsSync(path.join(modules, absent)), `no optional dependency ${absent}`);

    const w = await seedWorld();
    store = await openTestRedis();
    const port = await freePort();
    const key = randomBytes(32).toString('base64');
    const secret = randomBytes(18).toString('hex');
    await createTokenStore(
      createRedisKeyValueStore(store.redis, store.prefix),
      createTokenCipher(Buffer.from(key, 'base64')),
    ).put({
      personId: w.admin.id,
      orgId: w.org.id,
      accessToken: w.em.issueToken(w.admin.id, ADMIN_SCOPES),
      scopes: ADMIN_SCOPES,
      source: 'cli',
      updatedAt: Date.now(),
    });

    let out = '';
    const t0 = Date.now();
    const proc = spawn(process.execPath, START, {
      cwd: app,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        ...liveEnv({ apiBase: w.em.apiBase, botToken: w.bot.token, port }),
        WEBHOOK_SECRET: secret,
        TOKEN_ENCRYPTION_KEY: key,
        REDIS_URL,
        REDIS_KEY_PREFIX: store.prefix,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => proc.once('exit', r));

    const base = `http://127.0.0.1:${port}`;
    await waitReady(proc, base, () => out);
    timings.push(`ready ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    assert.equal((await fetch(`${base}/healthz`)).status, 200, 'what the HEALTHCHECK asks');

    await w.em.say(w.admin.id, w.dm.id, '/help');
    const replies = () => w.em.messages(w.dm.id).filter((m) => m.personId === w.bot.id);
    for (let i = 0; replies().length === 0; i++) {
      if (i > 200) throw new Error(`no answer to /help:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(replies()[0]?.markdown ?? '', /\/voicemail/);

    proc.kill('SIGTERM');
    assert.equal(await exited, 0, out);
    for (const s of [w.bot.token, secret, key]) assert.ok(!out.includes(s), 'no secret in the output');
    process.stdout.write(`      (${timings.join(', ')})\n`);
  });
});
