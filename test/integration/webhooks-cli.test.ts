import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { runMain } from '../helpers/run-main.js';

/** `npm run --silent webhooks -- status|repair` as its own process, against the emulator and real Redis. */
describe('webhooks CLI (child process, emulator, real Redis)', function () {
  this.timeout(60_000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const cliEnv = (bot: Harness) => ({
    WEBEX_BOT_TOKEN: bot.config.WEBEX_BOT_TOKEN,
    WEBEX_API_URL: bot.config.WEBEX_API_URL,
    PUBLIC_URL: bot.config.PUBLIC_URL,
    WEBHOOK_SECRET: bot.config.WEBHOOK_SECRET,
    REDIS_URL: bot.config.REDIS_URL,
    REDIS_KEY_PREFIX: bot.config.REDIS_KEY_PREFIX,
  });
  const noSecrets = (bot: Harness, text: string) => {
    for (const s of [bot.config.WEBHOOK_SECRET, bot.config.WEBEX_BOT_TOKEN])
      assert.ok(!text.includes(s), text);
  };

  it('status shows the webhooks; repair re-activates a disabled one and recreates a missing one', async () => {
    h = await startHarness();
    const url = `${h.config.PUBLIC_URL}/webhook`;
    const hooks = () => h!.em.webhooks(h!.bot.id).filter((w) => w.targetUrl === url);
    const msgHook = hooks().find((w) => w.resource === 'messages')!;
    const cardHook = hooks().find((w) => w.resource === 'attachmentActions')!;

    const healthy = await runMain(['webhooks', 'status'], cliEnv(h));
    assert.equal(healthy.code, 0, healthy.stderr);
    assert.match(
      healthy.stdout,
      new RegExp(`active\\s+messages/created\\s+${msgHook.id}\\s+"${msgHook.name}"\\s+${url}`),
    );
    assert.match(healthy.stdout, /ok: every webhook the bot needs is active/);
    noSecrets(h, healthy.stdout + healthy.stderr);

    h.em.disableWebhook(msgHook.id);
    h.em.state.webhooks.delete(cardHook.id);
    const broken = await runMain(['webhooks', 'status'], cliEnv(h));
    assert.equal(broken.code, 1, broken.stdout + broken.stderr);
    assert.match(broken.stdout, new RegExp(`inactive\\s+messages/created\\s+${msgHook.id}`));
    assert.match(
      broken.stdout,
      /needs repair: messages\/created: inactive; attachmentActions\/created: missing/,
    );

    const repaired = await runMain(['webhooks', 'repair'], cliEnv(h));
    assert.equal(repaired.code, 0, repaired.stdout + repaired.stderr);
    assert.match(repaired.stdout, new RegExp(`reactivated messages/created ${msgHook.id}`));
    assert.match(repaired.stdout, /recreated attachmentActions\/created \S+/);
    assert.match(repaired.stdout, /ok: every webhook the bot needs is active/);
    noSecrets(h, repaired.stdout + repaired.stderr);
    assert.deepEqual(
      hooks()
        .map((w) => `${w.resource} ${w.status} ${w.secret === h!.config.WEBHOOK_SECRET}`)
        .sort(),
      ['attachmentActions active true', 'messages active true'],
    );
    // The running bot gets events again through the repaired webhooks.
    await h.em.say(h.admin.id, h.dm.id, '/help');
    assert.match((await h.nextReply(h.dm.id, 0)).markdown ?? '', /voicemail/);
  });

  it('without its settings or with an unknown subcommand it says what is needed', async () => {
    const missing = await runMain(['webhooks', 'status'], {});
    assert.equal(missing.code, 1);
    for (const v of ['WEBEX_BOT_TOKEN', 'PUBLIC_URL', 'WEBHOOK_SECRET'])
      assert.match(missing.stderr, new RegExp(`${v}: is required`));
    h = await startHarness();
    const usage = await runMain(['webhooks', 'delete-all'], cliEnv(h));
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /webhooks -- status/);
  });
});
