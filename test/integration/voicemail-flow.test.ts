import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { TELEPHONY_READ } from '../../src/auth/scopes.js';
import { cardInputs, cardOf } from '../helpers/card-inputs.js';
import { sign } from '../helpers/sign.js';

const RULES = '/v1/telephony/config/voicemail/rules';

describe('voicemail rules flow (real framework + emulator + real Redis)', function () {
  this.timeout(30_000);
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h?.close();
  });

  const puts = () => h.em.requests.filter((r) => r.method === 'PUT' && r.path === RULES);
  const telephonyCalls = () => h.em.requests.filter((r) => r.path === RULES);

  /** Alice asks for the form in a room and gets the card message back. */
  const askForm = (roomId = h.dm.id, who = h.admin.id, mention = false) =>
    h.ask(roomId, who, '/voicemail', { mention });

  it('answers /help and points unknown text to it', async () => {
    await h.em.say(h.admin.id, h.dm.id, '/help');
    assert.match((await h.nextReply(h.dm.id, 0)).markdown ?? '', /\/voicemail set/);
    await h.em.say(h.admin.id, h.dm.id, 'what is the weather');
    assert.match((await h.nextReply(h.dm.id, 1)).markdown ?? '', /\/help/);
  });

  it('/voicemail without a stored token says how to get access, sends no form and calls no telephony API', async () => {
    const reply = await askForm();
    assert.equal(reply.attachments, undefined);
    assert.match(reply.markdown ?? '', /access/i);
    assert.equal(telephonyCalls().length, 0);
  });

  it("form pre-filled from GET (shows Webex's default expiry of 180 without rejecting it), submit -> one PUT with the admin token -> summary", async () => {
    const token = await h.grant(h.admin.id);
    // A new org as Webex makes it: expiry on at 180 days (above the PUT's 100), change off, previous on
    // at 10, default PIN off.
    const form = await askForm();
    const card = cardOf(form);
    assert.equal(card.version, '1.3');
    const inputs = cardInputs(card);
    assert.equal(inputs.get('expirePasscodeDays')?.value, 180);
    assert.equal(inputs.get('changePasscodeDays')?.value, 1);
    assert.equal(inputs.get('blockPreviousPasscodesCount')?.value, 10);
    assert.ok(!inputs.get('defaultVoicemailPin')?.value, 'PIN is never pre-filled');
    // The PIN rules are shown next to the PIN field.
    assert.match(JSON.stringify(card), /6.{1,4}30/);

    const reply = await h.submit(h.dm.id, h.admin.id, form, {
      expirePasscodeDays: '45',
      defaultVoicemailPinEnabled: 'true',
      defaultVoicemailPin: '591738',
      blockPreviousPasscodesEnabled: 'true',
      blockPreviousPasscodesCount: '5',
    });
    assert.equal(puts().length, 1);
    const put = puts()[0]!;
    assert.equal(put.personId, h.admin.id, 'the PUT carries the admin’s own token, not the bot’s');
    assert.equal(put.status, 204);
    // A PIN always goes with the flag on, as every known Webex client sends them.
    assert.deepEqual(put.body, {
      defaultVoicemailPinEnabled: true,
      expirePasscode: { enabled: true, numberOfDays: 45 },
      blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 5 },
      defaultVoicemailPin: '591738',
    });
    const rules = h.em.voicemailRules(h.org.id) as {
      expirePasscode: { numberOfDays: number };
      blockPreviousPasscodes: { enabled: boolean };
    };
    assert.equal(rules.expirePasscode.numberOfDays, 45);
    assert.equal(rules.blockPreviousPasscodes.enabled, true);
    assert.equal(h.em.storedPin(h.org.id), '591738');
    const md = reply.markdown ?? '';
    assert.match(md, /180.*45/s);
    assert.match(md, /set/i);
    assert.ok(!md.includes('591738'), 'the PIN is never echoed');
    void token;
  });

  it('the card itself stops out-of-range numbers in a Webex client (Input.Number min/max)', async () => {
    await h.grant(h.admin.id);
    // Inside the PUT range, so the card's max is the PUT's 100 (a stored 180 would widen it to 180).
    h.em.setVoicemailRules(h.org.id, { expirePasscode: { numberOfDays: 60 } });
    const form = await askForm();
    await assert.rejects(
      h.em.submitCard(h.admin.id, form.id, { expirePasscodeDays: '120' }),
      /expirePasscodeDays/,
    );
    assert.equal(puts().length, 0);
  });

  it('invalid numbers from a client that skips card validation: a message per field, nothing sent, values kept', async () => {
    await h.grant(h.admin.id);
    const form = await askForm();
    const reply = await h.submit(
      h.dm.id,
      h.admin.id,
      form,
      { expirePasscodeDays: '120', changePasscodeEnabled: 'true', changePasscodeDays: '9' },
      { skipValidation: true },
    );
    assert.equal(puts().length, 0);
    const text = JSON.stringify(cardOf(reply)) + (reply.markdown ?? '');
    assert.match(text, /15.{1,3}100/);
    assert.match(text, /1.{1,3}7/);
    assert.equal(cardInputs(cardOf(reply)).get('expirePasscodeDays')?.value, 120, 'keeps what was typed');
  });

  it('a submit without its empty inputs (as Webex clients send it) keeps those settings and changes the rest', async () => {
    await h.grant(h.admin.id);
    const form = await askForm();
    const before = h.botSaid(h.dm.id).length;
    // The PIN was never typed and the expiry days were cleared: the client leaves both keys out.
    const action = await h.em.submitCard(
      h.admin.id,
      form.id,
      { changePasscodeEnabled: 'true', expirePasscodeDays: '' },
      { skipValidation: true },
    );
    assert.ok(!('defaultVoicemailPin' in action.inputs) && !('expirePasscodeDays' in action.inputs));
    const reply = await h.nextReply(h.dm.id, before);
    assert.deepEqual(puts()[0]?.body, { changePasscode: { enabled: true, numberOfDays: 1 } });
    assert.equal(puts().length, 1);
    assert.match(reply.markdown ?? '', /updated/i);
    assert.equal(h.em.storedPin(h.org.id), undefined);
  });

  it('a weak PIN is refused with the rule it breaks and nothing is sent', async () => {
    await h.grant(h.admin.id);
    const form = await askForm();
    const reply = await h.submit(h.dm.id, h.admin.id, form, { defaultVoicemailPin: '123456' });
    assert.equal(puts().length, 0);
    const text = JSON.stringify(cardOf(reply)) + (reply.markdown ?? '');
    assert.match(text, /ascending|sequence|in a row/i);
    assert.ok(!cardInputs(cardOf(reply)).get('defaultVoicemailPin')?.value, 'the PIN is not kept');
  });

  it('another person submitting the admin’s form changes nothing; the admin can still use it', async () => {
    await h.grant(h.admin.id);
    await h.grant(h.readOnly.id);
    const form = await askForm(h.group.id, h.admin.id, true);
    const refusal = await h.submit(h.group.id, h.user.id, form, { expirePasscodeDays: '30' });
    assert.match(refusal.markdown ?? '', /belongs to|your own/i);
    assert.equal(puts().length, 0);
    await h.submit(h.group.id, h.admin.id, form, { expirePasscodeDays: '30' });
    assert.equal(puts().length, 1);
  });

  it('trusts the submitter named by the API, not the webhook body (a forged personId changes nothing)', async () => {
    await h.grant(h.admin.id);
    const form = await askForm(h.group.id, h.admin.id, true);
    // Pause delivery so the genuine event never arrives; only the forged one will. (Webex's API cannot
    // disable a webhook; Webex itself does after failed deliveries.)
    const hooks = h.em.webhooks(h.bot.id);
    for (const w of hooks) h.em.disableWebhook(w.id);
    assert.ok(h.em.webhooks(h.bot.id).every((w) => w.status === 'inactive'));
    const action = await h.em.submitCard(h.user.id, form.id, { expirePasscodeDays: '30' });
    const hook = hooks.find((w) => w.resource === 'attachmentActions')!;
    const forged = JSON.stringify({
      id: hook.id,
      name: hook.name,
      targetUrl: hook.targetUrl,
      resource: 'attachmentActions',
      event: 'created',
      orgId: h.org.id,
      createdBy: h.bot.id,
      appId: 'app',
      ownedBy: 'creator',
      status: 'active',
      created: new Date().toISOString(),
      actorId: h.admin.id,
      data: {
        id: action.id,
        type: 'submit',
        messageId: form.id,
        personId: h.admin.id,
        roomId: h.group.id,
        created: action.created,
      },
    });
    const before = h.botSaid(h.group.id).length;
    const res = await fetch(`${h.running.url}/webhook`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Spark-Signature': sign(forged, h.config.WEBHOOK_SECRET),
      },
      body: forged,
    });
    assert.equal(res.status, 204);
    const reply = await h.nextReply(h.group.id, before);
    assert.match(reply.markdown ?? '', /Uma User, that form belongs to/);
    assert.equal(puts().length, 0);
  });

  it('a double submit of the same form: one PUT, and the second is told it was already submitted', async () => {
    await h.grant(h.admin.id);
    const form = await askForm();
    const before = h.botSaid(h.dm.id).length;
    await Promise.all([
      h.em.submitCard(h.admin.id, form.id, { expirePasscodeDays: '30' }),
      h.em.submitCard(h.admin.id, form.id, { expirePasscodeDays: '31' }),
    ]);
    const a = await h.nextReply(h.dm.id, before);
    const b = await h.nextReply(h.dm.id, before + 1);
    const texts = [a.markdown ?? '', b.markdown ?? ''];
    assert.equal(texts.filter((t) => /already submitted/i.test(t)).length, 1, texts.join(' | '));
    assert.equal(texts.filter((t) => /updated/i.test(t)).length, 1, texts.join(' | '));
    assert.equal(puts().length, 1);
  });

  it('a used form disappears from the space (cards cannot be edited, so it is deleted)', async () => {
    await h.grant(h.admin.id);
    const form = await askForm();
    await h.submit(h.dm.id, h.admin.id, form, { expirePasscodeDays: '30' });
    // The summary goes out first, then the card is deleted.
    for (let i = 0; i < 100 && h.em.messages(h.dm.id).some((m) => m.id === form.id); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(!h.em.messages(h.dm.id).some((m) => m.id === form.id));
    await assert.rejects(h.em.submitCard(h.admin.id, form.id, { expirePasscodeDays: '31' }));
    assert.equal(puts().length, 1);
  });

  it('the same webhook delivered twice -> one PUT', async () => {
    await h.grant(h.admin.id);
    const form = await askForm();
    await h.submit(h.dm.id, h.admin.id, form, { expirePasscodeDays: '30' });
    const delivery = h.em.deliveries
      .filter((d) => JSON.parse(d.rawBody).resource === 'attachmentActions')
      .at(-1)!;
    const count = h.botSaid(h.dm.id).length;
    assert.equal(await h.em.replay(delivery), 204);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(puts().length, 1);
    assert.equal(h.botSaid(h.dm.id).length, count, 'no second reply either');
  });

  it('unsigned and badly signed webhooks -> 401, the first one warned about, nothing processed', async () => {
    await h.em.say(h.admin.id, h.dm.id, '/help');
    await h.nextReply(h.dm.id, 0);
    const delivery = h.em.deliveries.find((d) => JSON.parse(d.rawBody).resource === 'messages')!;
    const body = JSON.parse(delivery.rawBody);
    body.data.id = 'forged-' + body.data.id;
    h.em.clearRequests();
    const warnsBefore = h.logs.lines.filter((l) => l.includes('bad signature')).length;
    assert.equal(await h.em.replay({ ...delivery, rawBody: JSON.stringify(body) }), 401);
    assert.equal(await h.em.replay(delivery, { signature: null }), 401);
    assert.equal(await h.em.replay(delivery, { signature: 'ab'.repeat(20) }), 401);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(h.em.requests.length, 0, 'no API call was made for a rejected webhook');
    // The other two are counted into a summary line (test/unit/http/webhook-log-flood.test.ts).
    assert.equal(h.logs.lines.filter((l) => l.includes('bad signature')).length - warnsBefore, 1);
  });

  it('/voicemail show: current rules and PIN rules, readable', async () => {
    await h.grant(h.admin.id);
    await h.em.say(h.admin.id, h.dm.id, '/voicemail show');
    const reply = await h.nextReply(h.dm.id, 0);
    const md = reply.markdown ?? '';
    assert.match(md, /Acme Test Org/);
    assert.match(md, /180 days/);
    assert.match(md, /6.{1,3}30/);
    assert.ok(reply.attachments?.length);
    assert.equal(puts().length, 0);
    // "Change settings" on that card brings the form.
    await h.em.submitCard(h.admin.id, reply.id, {}, { actionTitle: 'Change settings' });
    const form = await h.nextReply(h.dm.id, 1);
    assert.ok(cardInputs(cardOf(form)).has('expirePasscodeDays'));
  });

  it('/voicemail set: same validation and PUT as the form', async () => {
    await h.grant(h.admin.id);
    await h.em.say(h.admin.id, h.dm.id, '/voicemail set expire=60 change=3 history=3');
    const ok = await h.nextReply(h.dm.id, 0);
    assert.match(ok.markdown ?? '', /updated/i);
    assert.deepEqual(puts()[0]?.body, {
      expirePasscode: { enabled: true, numberOfDays: 60 },
      changePasscode: { enabled: true, numberOfDays: 3 },
      blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 3 },
    });
    await h.em.say(h.admin.id, h.dm.id, '/voicemail set expire=5 history=11');
    const bad = await h.nextReply(h.dm.id, 1);
    assert.match(bad.markdown ?? '', /15.{1,3}100/);
    assert.match(bad.markdown ?? '', /1.{1,3}10/);
    await h.em.say(h.admin.id, h.dm.id, '/voicemail set pin=111111');
    const weak = await h.nextReply(h.dm.id, 2);
    assert.match(weak.markdown ?? '', /repeat/i);
    assert.equal(puts().length, 1);
  });

  it('/voicemail set with a PIN in a group space is refused with the reason', async () => {
    await h.grant(h.admin.id);
    await h.em.say(h.admin.id, h.group.id, 'Voicemail Bot /voicemail set pin=591738', {
      mention: [h.bot.id],
    });
    const reply = await h.nextReply(h.group.id, 0);
    assert.match(reply.markdown ?? '', /group space/i);
    assert.equal(puts().length, 0);
    assert.equal(telephonyCalls().length, 0);
  });

  it('429 with Retry-After on the PUT is waited out and retried with the same body', async () => {
    await h.grant(h.admin.id);
    const form = await askForm();
    h.em.injectFault({ method: 'PUT', path: RULES, status: 429, retryAfter: 1, count: 1 });
    const reply = await h.submit(h.dm.id, h.admin.id, form, { expirePasscodeDays: '30' });
    assert.match(reply.markdown ?? '', /updated/i);
    assert.deepEqual(
      puts().map((p) => p.status),
      [429, 204],
    );
    assert.deepEqual(puts()[1]?.body, { expirePasscode: { enabled: true, numberOfDays: 30 } });
  });

  it('Webex 503 on every try: "try again later" with the trackingId, and the same form works afterwards', async () => {
    await h.grant(h.admin.id);
    const form = await askForm();
    // Exactly the client's tries (4): all fail, then Webex is back.
    h.em.injectFault({ method: 'PUT', path: RULES, status: 503, count: 4 });
    const reply = await h.submit(h.dm.id, h.admin.id, form, { expirePasscodeDays: '30' });
    assert.match(reply.markdown ?? '', /try again/i);
    assert.match(reply.markdown ?? '', /tracking/i);
    assert.equal(puts().length, 4);
    const retry = await h.submit(h.dm.id, h.admin.id, form, { expirePasscodeDays: '30' });
    assert.match(retry.markdown ?? '', /updated|Nothing to change/i);
  });

  it('a read-only admin asking for the form gets the rules without inputs and who can change them', async () => {
    await h.grant(h.readOnly.id, [TELEPHONY_READ, 'spark:people_read']);
    await h.em.say(h.readOnly.id, h.group.id, 'Voicemail Bot /voicemail', { mention: [h.bot.id] });
    const reply = await h.nextReply(h.group.id, 0);
    const card = cardOf(reply);
    assert.equal(cardInputs(card).size, 0, 'no form he could not save');
    assert.deepEqual(card.actions ?? [], []);
    assert.match(JSON.stringify(card), /Only a full administrator can change these rules\./);
    assert.equal(puts().length, 0);
  });

  it('a person Webex refuses although the token’s scopes say otherwise is told what reading the rules needs', async () => {
    // No admin role, yet a token carrying the read scope (Webex never grants one, but the bot must not
    // rely on that): the bot lets Webex decide, and explains its 403.
    await h.grant(h.user.id, ['spark:people_read', TELEPHONY_READ]);
    await h.em.say(h.user.id, h.group.id, 'Voicemail Bot /voicemail show', { mention: [h.bot.id] });
    const reply = await h.nextReply(h.group.id, 0);
    assert.match(reply.markdown ?? '', /administrator/);
    assert.match(reply.markdown ?? '', /telephony_config_read/);
    assert.match(reply.markdown ?? '', /tracking ID/i);
  });

  it('a person without an admin role is refused before anything is asked of Webex', async () => {
    await h.grant(h.user.id, ['spark:people_read']);
    await h.em.say(h.user.id, h.group.id, 'Voicemail Bot /voicemail show', { mention: [h.bot.id] });
    const reply = await h.nextReply(h.group.id, 0);
    assert.match(reply.markdown ?? '', /^This bot is for Webex Calling administrators\./);
    assert.equal(telephonyCalls().length, 0);
  });

  it('keeps tokens out of Redis in plain text and secrets out of logs and replies', async () => {
    const token = await h.grant(h.admin.id);
    const form = await askForm();
    await h.submit(h.dm.id, h.admin.id, form, { defaultVoicemailPin: '591738' });
    await h.em.say(h.admin.id, h.dm.id, '/voicemail set pin=604829');
    assert.match((await h.nextReply(h.dm.id, 2)).markdown ?? '', /message with the PIN stays in this space/);
    const stored = JSON.stringify(await h.store.dump());
    assert.ok(stored.includes(h.admin.id), 'the record is there');
    assert.ok(!stored.includes(token), 'but not the token in plain text');
    for (const pin of ['591738', '604829']) assert.ok(!stored.includes(pin), 'no PIN in Redis');
    const logs = h.logs.text();
    const replies = JSON.stringify(h.em.messages(h.dm.id).filter((m) => m.personId === h.bot.id));
    for (const secret of [
      token,
      h.config.WEBEX_BOT_TOKEN,
      h.config.WEBHOOK_SECRET,
      h.config.TOKEN_ENCRYPTION_KEY,
      '591738',
      '604829',
    ]) {
      assert.ok(!logs.includes(secret), `log leaks ${secret.slice(0, 4)}…`);
      assert.ok(!replies.includes(secret), `reply leaks ${secret.slice(0, 4)}…`);
    }
    assert.ok(h.logs.lines.length > 5, 'logs were captured');
  });

  it('health and readiness', async () => {
    assert.equal((await fetch(`${h.running.url}/healthz`)).status, 200);
    // Nothing of the sandbox exists in live mode.
    for (const path of ['/sandbox', '/sandbox/api/state', '/sandbox/vendor/adaptivecards.min.js']) {
      assert.equal((await fetch(`${h.running.url}${path}`)).status, 404, path);
    }
    const ready = await fetch(`${h.running.url}/readyz`);
    assert.equal(ready.status, 200);
    const hooks = h.em.webhooks(h.bot.id);
    assert.deepEqual(hooks.map((w) => `${w.resource}/${w.event}`).sort(), [
      'attachmentActions/created',
      'messages/created',
    ]);
  });
});
