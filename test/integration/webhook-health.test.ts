import assert from 'node:assert/strict';
import { freePort, startHarness, type Harness } from '../helpers/bot-harness.js';
import type { WebhookCheckResult } from '../../src/bot/webhook-health.js';

/** Webex disables webhooks on its own; the bot's periodic check (a BullMQ job scheduler) repairs them. */
describe('webhook health (periodic check on BullMQ, emulator, real Redis)', function () {
  this.timeout(30_000);
  let h: Harness | undefined;
  let other: Harness | undefined;
  let results: WebhookCheckResult[] = [];
  afterEach(async () => {
    h?.em.state.faults.clear();
    await other?.stop();
    await h?.close();
    h = other = undefined;
    results = [];
  });

  /** A bot whose webhooks are checked every second, recording each result. */
  const start = (seed?: Parameters<typeof startHarness>[0]) =>
    startHarness({
      ...seed,
      start: { webhookCheck: { intervalMs: 1000, onResult: (r) => results.push(r) } },
    });

  /** Waits for the next check that finishes after now. */
  async function nextCheck(timeoutMs = 8000): Promise<WebhookCheckResult> {
    const seen = results.length;
    const deadline = Date.now() + timeoutMs;
    while (results.length === seen) {
      if (Date.now() > deadline) throw new Error(`no webhook check within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return results[seen]!;
  }

  const readyz = async (bot: Harness) => {
    const res = await fetch(`${bot.running.url}/readyz`);
    return { status: res.status, body: (await res.json()) as { checks: Record<string, boolean> } };
  };

  const ours = (bot: Harness) =>
    bot.em.webhooks(bot.bot.id).filter((w) => w.targetUrl === `${bot.config.PUBLIC_URL}/webhook`);

  it('re-activates a webhook Webex disabled and recreates a missing one within an interval, and logs it', async () => {
    h = await start();
    const msgHook = ours(h).find((w) => w.resource === 'messages')!;
    const cardHook = ours(h).find((w) => w.resource === 'attachmentActions')!;
    h.em.disableWebhook(msgHook.id);
    // Gone, as if deleted by hand in the developer portal.
    h.em.state.webhooks.delete(cardHook.id);

    // The first check may already be under way: wait for one that saw the damage.
    let result = await nextCheck();
    if (result.repairs.length === 0) result = await nextCheck();
    assert.equal(result.ok, true);
    assert.deepEqual(result.repairs.map((r) => `${r.action} ${r.resource}`).sort(), [
      'reactivated messages',
      'recreated attachmentActions',
    ]);
    assert.deepEqual(
      ours(h)
        .map((w) => `${w.resource} ${w.status} ${w.name}`)
        .sort(),
      [`attachmentActions active ${msgHook.name}`, `messages active ${msgHook.name}`],
    );
    assert.equal(
      ours(h).find((w) => w.resource === 'messages')?.id,
      msgHook.id,
      'the same webhook, re-enabled',
    );
    const logs = h.logs.text();
    assert.match(logs, new RegExp(`"webhookId":"${msgHook.id}".*webhook re-activated`));
    assert.match(logs, /"resource":"attachmentActions".*webhook recreated/);

    // Events flow again, through the re-enabled webhook.
    await h.em.say(h.admin.id, h.dm.id, '/help');
    assert.match((await h.nextReply(h.dm.id, 0)).markdown ?? '', /voicemail/);
    assert.equal((await readyz(h)).status, 200);

    // A healthy deployment costs one GET per check and changes nothing.
    h.em.clearRequests();
    const quiet = await nextCheck();
    assert.deepEqual(quiet.repairs, []);
    const calls = h.em.requests.filter((r) => r.path.startsWith('/v1/webhooks'));
    assert.ok(calls.length >= 1);
    assert.ok(
      calls.every((r) => r.method === 'GET'),
      JSON.stringify(calls.map((r) => r.method)),
    );
  });

  it('a repair Webex refuses makes /readyz 503 (webhooks) on every instance, with the reason logged and stored; it clears once the repair works', async () => {
    h = await start();
    // A second instance of the same deployment: whichever worker takes the job, both report it.
    other = await start({
      alongside: h,
      env: { PUBLIC_URL: h.config.PUBLIC_URL, WEBHOOK_SECRET: h.config.WEBHOOK_SECRET },
    });
    assert.equal((await readyz(h)).status, 200);
    const msgHook = ours(h).find((w) => w.resource === 'messages')!;
    h.em.injectFault({ method: 'PUT', path: '/webhooks', status: 503, count: 1000 });
    h.em.injectFault({ method: 'POST', path: '/webhooks', status: 503, count: 1000 });
    h.em.disableWebhook(msgHook.id);

    let failed = await nextCheck();
    if (failed.ok) failed = await nextCheck();
    assert.equal(failed.ok, false);
    assert.match(failed.reason ?? '', /PUT \/webhooks\/.* -> 503/);
    assert.match(failed.reason ?? '', /trackingId/);
    for (const bot of [h, other]) {
      const ready = await readyz(bot);
      assert.equal(ready.status, 503);
      assert.deepEqual(ready.body.checks, {
        webhooks: false,
        redis: true,
        events: true,
        tokenKeys: true,
        accepting: true,
      });
    }
    const logs = h.logs.text() + other.logs.text();
    assert.match(logs, /"reason":"Webex PUT \/webhooks\/[^"]+ -> 503[^"]*trackingId[^"]*".*repair failed/);
    for (const secret of [h.config.WEBEX_BOT_TOKEN, h.config.WEBHOOK_SECRET])
      assert.ok(!logs.includes(secret));

    h.em.state.faults.clear();
    let healed = await nextCheck();
    if (!healed.ok) healed = await nextCheck();
    assert.equal(healed.ok, true);
    assert.equal((await readyz(h)).status, 200);
    assert.equal((await readyz(other)).status, 200);
    assert.equal(ours(h).find((w) => w.id === msgHook.id)?.status, 'active');
  });

  it("a webhook with another name on the bot's URL survives de-duplication and does not replace the bot's own", async () => {
    const port = await freePort();
    h = await start({ port });
    const url = `${h.config.PUBLIC_URL}/webhook`;
    const own = ours(h).find((w) => w.resource === 'messages')!;
    // A leftover on the same URL, resource and event under another name (an old deployment, a tool) ...
    const res = await fetch(`${h.em.apiBase}/webhooks`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${h.bot.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'leftover-tool', targetUrl: url, resource: 'messages', event: 'created' }),
    });
    const leftoverId = ((await res.json()) as { id: string }).id;
    // ... and the bot's own is gone.
    h.em.state.webhooks.delete(own.id);

    let result = await nextCheck();
    if (result.repairs.length === 0) result = await nextCheck();
    assert.deepEqual(
      result.repairs.map((r) => `${r.action} ${r.resource}`),
      ['recreated messages'],
    );
    const named = () =>
      ours(h!)
        .filter((w) => w.resource === 'messages')
        .map((w) => `${w.name} ${w.status}`)
        .sort();
    assert.deepEqual(named(), ['leftover-tool active', `${own.name} active`].sort());
    assert.equal(ours(h).find((w) => w.id === leftoverId)?.name, 'leftover-tool', 'not adopted or renamed');

    // A restart on the same URL (start-up de-duplication): the leftover is still not adopted, renamed or
    // deleted, and the bot's own webhook stays.
    const ownNow = ours(h).find((w) => w.resource === 'messages' && w.id !== leftoverId)!;
    await h.stop();
    const again = await startHarness({
      alongside: h,
      port,
      env: { WEBHOOK_SECRET: h.config.WEBHOOK_SECRET },
    });
    try {
      const after = again.em
        .webhooks(again.bot.id)
        .filter((w) => w.targetUrl === url && w.resource === 'messages')
        .map((w) => `${w.id} ${w.name}`)
        .sort();
      assert.deepEqual(after, [`${leftoverId} leftover-tool`, `${ownNow.id} ${own.name}`].sort());
      assert.match(again.logs.text(), /another webhook with a different name points at this bot/);
      // The bot still answers through its own webhook.
      await again.em.say(again.admin.id, again.dm.id, '/help');
      assert.match((await again.nextReply(again.dm.id, 0)).markdown ?? '', /voicemail/);
    } finally {
      await again.stop();
    }
  });

  it("runs one check per interval across instances, under the deployment's key prefix, and close() leaves no BullMQ connection open", async () => {
    h = await start();
    other = await start({
      alongside: h,
      env: { PUBLIC_URL: h.config.PUBLIC_URL, WEBHOOK_SECRET: h.config.WEBHOOK_SECRET },
    });
    await nextCheck();
    const first = results.length;
    await new Promise((r) => setTimeout(r, 3100));
    const during = results.length - first;
    // Two workers, one scheduler: about three checks in three seconds, not six.
    assert.ok(during >= 2 && during <= 4, `checks in 3.1 s: ${during}`);
    const keys = await h.store.redis.keys(`${h.store.prefix}bull:webhook-check:*`);
    assert.ok(keys.length > 0, 'the scheduler and its jobs live under the prefix');
    assert.deepEqual(
      await h.store.redis.keys('bull:*webhook-check*'),
      [],
      "nothing under BullMQ's default prefix",
    );

    const bullClients = async () =>
      String(await h!.store.redis.client('LIST'))
        .split('\n')
        .filter((line) => line.includes(` name=${h!.store.prefix}bull`));
    assert.ok((await bullClients()).length > 0);
    await other.stop();
    await h.stop();
    assert.deepEqual(await bullClients(), []);
  });

  it('webhooks signed with a secret other than WEBHOOK_SECRET are moved to it by the check (deliveries were all refused)', async () => {
    h = await start();
    await h.grant(h.admin.id);
    for (const w of h.em.state.webhooks.values())
      if (w.targetUrl.startsWith(h.running.url)) w.secret = 'z'.repeat(24);
    await h.em.say(h.admin.id, h.dm.id, '/help');
    assert.equal(h.em.deliveries.at(-1)?.status, 401, 'refused while signed with a foreign secret');
    let check = await nextCheck();
    if (!check.repairs.length) check = await nextCheck();
    assert.deepEqual(
      check.repairs.map((r) => r.action),
      ['secret-updated', 'secret-updated'],
    );
    assert.ok(h.logs.lines.some((l) => l.includes('webhook moved to the current WEBHOOK_SECRET')));
    const before = h.botSaid(h.dm.id).length;
    await h.em.say(h.admin.id, h.dm.id, '/help');
    assert.match((await h.nextReply(h.dm.id, before)).markdown ?? '', /\/voicemail set/);
  });
});
