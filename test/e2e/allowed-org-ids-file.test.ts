import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, seedWorld } from '../helpers/bot-harness.js';
import { openTestRedis, REDIS_URL, type TestRedis } from '../helpers/redis.js';
import { liveEnv, runMain, spawnMain, waitReady } from '../helpers/run-main.js';

/** A partner-sized allow-list in a file, read by the bot's own process (main.ts is the only file reader). */
describe('ALLOWED_ORG_IDS_FILE (live process, emulator as Webex)', function () {
  this.timeout(60_000);
  let dir: string;
  let child: ChildProcess | undefined;
  let store: TestRedis | undefined;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'vmbot-orgs-'));
  });
  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await store?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  const orgIds = (n: number) =>
    Array.from({ length: n }, () =>
      Buffer.from(`ciscospark://us/ORGANIZATION/${randomUUID()}`).toString('base64url'),
    );

  it('a file of 500 other orgs: an admin of an org not in it is refused', async () => {
    const w = await seedWorld();
    store = await openTestRedis();
    const file = join(dir, 'orgs.txt');
    writeFileSync(file, `# partner customers\n${orgIds(500).join('\n')}\n`);
    const port = await freePort();
    let out = '';
    child = spawnMain({
      ...liveEnv({ apiBase: w.em.apiBase, botToken: w.bot.token, port }),
      WEBHOOK_SECRET: randomBytes(18).toString('hex'),
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      REDIS_URL,
      REDIS_KEY_PREFIX: store.prefix,
      ALLOWED_ORG_IDS_FILE: file,
    });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    await waitReady(child, `http://127.0.0.1:${port}`, () => out);
    await w.em.say(w.admin.id, w.dm.id, '/voicemail show');
    let reply: string | undefined;
    const replyBy = Date.now() + 10_000;
    while (!reply && Date.now() < replyBy) {
      reply = w.em.messages(w.dm.id).find((m) => m.personId === w.bot.id)?.markdown;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(reply ?? '', /limited to the organizations it was set up for/, out);
  });

  it('a file that cannot be read stops the start, naming the variable and the file', async () => {
    const r = await runMain([], {
      WEBEX_BOT_TOKEN: 'x'.repeat(40),
      PUBLIC_URL: 'https://bot.example.com',
      WEBHOOK_SECRET: randomBytes(12).toString('hex'),
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ALLOWED_ORG_IDS_FILE: join(dir, 'missing.txt'),
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /ALLOWED_ORG_IDS_FILE: cannot read .*missing\.txt \(ENOENT\)/);
  });
});
