import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startHarness, type Harness } from '../helpers/bot-harness.js';

describe('webhook registration (several instances, restarts)', function () {
  this.timeout(30_000);
  let a: Harness | undefined;
  let b: Harness | undefined;
  afterEach(async () => {
    await b?.close();
    await a?.close();
    a = b = undefined;
  });

  const hooksOf = (h: Harness) =>
    h.em
      .webhooks(h.bot.id)
      .map((w) => `${w.resource}/${w.event} ${w.targetUrl} ${w.status}`)
      .sort();

  it('registers exactly messages/created and attachmentActions/created with the secret; /readyz then says ready', async () => {
    a = await startHarness();
    const url = `${a.config.PUBLIC_URL}/webhook`;
    assert.deepEqual(hooksOf(a), [
      `attachmentActions/created ${url} active`,
      `messages/created ${url} active`,
    ]);
    const ready = (await (await fetch(`${a.running.url}/readyz`)).json()) as {
      checks: Record<string, boolean>;
    };
    assert.deepEqual(ready.checks, {
      webhooks: true,
      redis: true,
      events: true,
      tokenKeys: true,
      accepting: true,
    });
  });

  it('a second instance behind the same URL reuses the webhooks; stopping one deletes nothing', async () => {
    a = await startHarness();
    const before = a.em
      .webhooks(a.bot.id)
      .map((w) => w.id)
      .sort();
    b = await startHarness({
      alongside: a,
      env: { PUBLIC_URL: a.config.PUBLIC_URL, WEBHOOK_SECRET: a.config.WEBHOOK_SECRET },
    });
    assert.deepEqual(
      b.em
        .webhooks(b.bot.id)
        .map((w) => w.id)
        .sort(),
      before,
      'same webhooks, none added',
    );
    await b.close();
    b = undefined;
    assert.deepEqual(
      a.em
        .webhooks(a.bot.id)
        .map((w) => w.id)
        .sort(),
      before,
      'stopping an instance deleted nothing',
    );
    // And the remaining instance still gets and answers events.
    await a.em.say(a.admin.id, a.dm.id, '/help');
    assert.match((await a.nextReply(a.dm.id, 0)).markdown ?? '', /voicemail/);
  });

  it('re-enables a webhook Webex disabled, rotates the secret, removes duplicates, and leaves other deployments alone', async () => {
    a = await startHarness();
    const url = `${a.config.PUBLIC_URL}/webhook`;
    const port = Number(new URL(a.config.PUBLIC_URL).port);
    const em = a.em;
    const other = {
      name: 'staging',
      targetUrl: 'https://staging.example.com/webhook',
      resource: 'messages',
      event: 'created',
    };
    const botAuth = { Authorization: `Bearer ${a.bot.token}`, 'Content-Type': 'application/json' };
    await fetch(`${em.apiBase}/webhooks`, { method: 'POST', headers: botAuth, body: JSON.stringify(other) });
    const msgHook = em.webhooks(a.bot.id).find((w) => w.targetUrl === url && w.resource === 'messages')!;
    // A duplicate of the bot's own (same name), e.g. from two instances that raced.
    await fetch(`${em.apiBase}/webhooks`, {
      method: 'POST',
      headers: botAuth,
      body: JSON.stringify({ name: msgHook.name, targetUrl: url, resource: 'messages', event: 'created' }),
    });
    em.disableWebhook(msgHook.id);
    // Another name on the same URL (an older deployment, another tool): not ours to adopt or delete.
    const leftover = (await (
      await fetch(`${em.apiBase}/webhooks`, {
        method: 'POST',
        headers: botAuth,
        body: JSON.stringify({
          name: 'leftover-tool',
          targetUrl: url,
          resource: 'messages',
          event: 'created',
        }),
      })
    ).json()) as { id: string };
    await a.stop();
    // A restart on the same URL with a new secret.
    const secret = randomBytes(18).toString('hex');
    b = await startHarness({ alongside: a, port, env: { WEBHOOK_SECRET: secret } });
    assert.deepEqual(hooksOf(b), [
      `attachmentActions/created ${url} active`,
      `messages/created ${url} active`,
      `messages/created ${url} active`,
      `messages/created https://staging.example.com/webhook active`,
    ]);
    const onUrl = em.webhooks(b.bot.id).filter((w) => w.targetUrl === url && w.resource === 'messages');
    assert.deepEqual(
      onUrl.map((w) => `${w.id} ${w.name}`).sort(),
      [`${msgHook.id} ${msgHook.name}`, `${leftover.id} leftover-tool`].sort(),
      "the bot's own webhook is kept (the same-named duplicate removed); the leftover keeps its name",
    );
    await b.em.say(b.admin.id, b.dm.id, '/help');
    assert.match(
      (await b.nextReply(b.dm.id, 0)).markdown ?? '',
      /voicemail/,
      'deliveries signed with the new secret are accepted',
    );
  });
});
