/**
 * `npm run bench`: what the bot costs per command, measured against the emulator on loopback and a real
 * Redis (a prefix of its own, removed afterwards). Figures depend on the machine: compare runs on the
 * same machine, and read the ratios.
 */
import { createHmac, randomBytes } from 'node:crypto';
import os from 'node:os';
import { Redis } from 'ioredis';
import { startEmulator } from '../src/emulator/index.js';
import { ROLE_IDS } from '../src/emulator/ids.js';
import { emulatorLiveConfig } from '../src/sandbox/emulator-live-config.js';
import { PEOPLE_READ, TELEPHONY_READ, TELEPHONY_WRITE } from '../src/auth/scopes.js';
import { startBot } from '../src/start-bot.js';
import { createLogger } from '../src/log/create-logger.js';
import { verifySignature } from '../src/http/verify-signature.js';
import { freePort } from '../src/net/free-port.js';
import { benchFleet } from './fleet.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}
const ms = (n: number) => `${n.toFixed(1)} ms`;

function benchSignature() {
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
    const body = JSON.parse(raw.toString());
    const d = createHmac('sha1', secret).update(JSON.stringify(body)).digest('hex');
    if (d !== sig) throw new Error('mismatch');
  }
  const theirs = Number(process.hrtime.bigint() - t) / N;
  console.log(
    `signature check, ${raw.length}-byte body: ${(ours / 1000).toFixed(2)} µs (raw bytes, constant time)`,
  );
  console.log(
    `  vs parse + re-serialise + HMAC (the framework's way): ${(theirs / 1000).toFixed(2)} µs  -> ratio ${(theirs / ours).toFixed(2)}x`,
  );
}

async function main() {
  console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}, node ${process.version}`);
  benchSignature();

  const em = await startEmulator();
  process.env.HYDRA_SERVICE_URL = em.apiBase;
  const ADMINS = 20;
  const { org, admins, bot, direct } = em.seedWorld({
    org: 'Bench Org',
    admins: Array.from({ length: ADMINS }, (_, i) => ({
      email: `a${i}@bench.test`,
      displayName: `Admin ${i}`,
    })),
    readOnly: { email: 'reader@bench.test', displayName: 'Bench Reader' },
    user: { email: 'user@bench.test', displayName: 'Bench User' },
    bot: { email: 'bench@webex.bot', displayName: 'Bench Bot' },
    spaces: { direct: 'admins' },
  });
  const rooms = admins.map((a) => {
    const room = direct[a.id];
    if (!room) throw new Error(`no 1:1 space for ${a.displayName}`);
    return room.id;
  });
  const prefix = `vmbot-bench:${randomBytes(4).toString('hex')}:`;
  const redis = new Redis(REDIS_URL);
  const config = emulatorLiveConfig(
    { apiBase: em.apiBase, botToken: bot.token },
    { PORT: await freePort(), REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'silent' },
    { REDIS_URL },
  );
  const running = await startBot(config, {
    log: createLogger({ level: 'silent' }),
  });
  await running.whenReady();
  const scopes = [PEOPLE_READ, TELEPHONY_READ, TELEPHONY_WRITE];
  for (const a of admins) {
    await running.tokens.put({
      personId: a.id,
      orgId: org.id,
      accessToken: em.issueToken(a.id, scopes),
      scopes,
      // As a sign-in keeps them: otherwise the first command of each admin reads them, and is counted.
      roles: [ROLE_IDS.full_admin],
      source: 'cli',
      updatedAt: Date.now(),
    });
  }
  const botCount = (roomId: string) => em.messages(roomId).filter((m) => m.personId === bot.person.id).length;
  const waitReply = async (roomId: string, n: number) => {
    const t0 = Date.now();
    while (botCount(roomId) <= n) {
      if (Date.now() - t0 > 15_000) throw new Error('no reply');
      await new Promise((r) => setTimeout(r, 1));
    }
  };

  async function roundTrip(i: number, text: string): Promise<number> {
    const room = rooms[i % ADMINS]!;
    const n = botCount(room);
    const t0 = performance.now();
    await em.say(admins[i % ADMINS]!.id, room, text);
    await waitReply(room, n);
    return performance.now() - t0;
  }

  // Warm-up: first event in each space also discovers the space.
  for (let i = 0; i < ADMINS; i++) await roundTrip(i, '/help');

  for (const [label, text] of [
    ['/help', '/help'],
    ['/voicemail show', '/voicemail show'],
    ['/voicemail (form)', '/voicemail'],
    ['/voicemail set expire=N', '/voicemail set expire=60'],
  ] as const) {
    em.clearRequests();
    const N = 40;
    const lat: number[] = [];
    for (let i = 0; i < N; i++)
      lat.push(
        await roundTrip(
          i,
          text === '/voicemail set expire=60' ? `/voicemail set expire=${20 + (i % 60)}` : text,
        ),
      );
    const calls = em.requests.length / N;
    console.log(
      `${label.padEnd(26)} sequential x${N}: p50 ${ms(pct(lat, 50))}, p95 ${ms(pct(lat, 95))}; Webex calls per command ${calls.toFixed(1)}`,
    );
  }

  // Concurrency: every admin asks at once, several rounds.
  const rounds = 5;
  const t0 = performance.now();
  const lat: number[] = [];
  for (let r = 0; r < rounds; r++)
    lat.push(...(await Promise.all(admins.map((_, i) => roundTrip(i, '/voicemail show')))));
  const secs = (performance.now() - t0) / 1000;
  console.log(
    `/voicemail show, ${ADMINS} admins at once x${rounds}: ${(lat.length / secs).toFixed(0)} commands/s, p50 ${ms(pct(lat, 50))}, p95 ${ms(pct(lat, 95))}`,
  );

  await running.close();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);

  // A table, one row per figure, each with the machine it was measured on.
  const machine = `${os.cpus().length} cores | node ${process.version} | ${new Date().toISOString().slice(0, 10)}`;
  console.log('\n| figure | value | cores | node | date |\n|---|---|---|---|---|');
  const started = performance.now();
  await benchFleet({
    em,
    botToken: bot.token,
    botPersonId: bot.person.id,
    redis,
    redisUrl: REDIS_URL,
    row: (figure, value) => console.log(`| ${figure} | ${value} | ${machine} |`),
  });
  console.log(`(fleet part: ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  await redis.quit();
  await em.close();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
