import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { lateAnswers } from '../helpers/late-answers.js';

const RULES = '/v1/telephony/config/voicemail/rules';
const MESSAGES = '/v1/messages';
/** The client's per-try timeout in these tests; the PUT's latency is longer, so every try times out. */
const TIMEOUT_MS = 500;
// Well past the timeout: a loaded machine firing the client's timer late must not turn a try into an answer.
const SLOW_MS = 1500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the outcome of a change is reported honestly, apart from the delivery of the reply', function () {
  this.timeout(30_000);
  let h: Harness;
  const late = lateAnswers();

  beforeEach(async () => {
    const real = globalThis.fetch;
    globalThis.fetch = late.fetch;
    try {
      h = await startHarness({ start: { webexTimeoutMs: TIMEOUT_MS } });
    } finally {
      globalThis.fetch = real;
    }
    await h.grant(h.admin.id);
    h.em.setVoicemailRules(h.org.id, {
      defaultVoicemailPinEnabled: true,
      expirePasscode: { enabled: true, numberOfDays: 100 },
      changePasscode: { enabled: true, numberOfDays: 1 },
      blockPreviousPasscodes: { enabled: false, numberOfPasscodes: 10 },
    });
  });
  afterEach(async () => {
    late.set(undefined);
    h?.em.state.faults.clear();
    await h?.close();
  });

  const puts = () => h.em.requests.filter((r) => r.method === 'PUT' && r.path === RULES);
  const expiry = () =>
    (h.em.voicemailRules(h.org.id) as { expirePasscode: { numberOfDays: number } }).expirePasscode
      .numberOfDays;
  const history = () =>
    (h.em.voicemailRules(h.org.id) as { blockPreviousPasscodes: { enabled: boolean } }).blockPreviousPasscodes
      .enabled;

  async function say(text: string, waitMs = 10_000): Promise<string> {
    const before = h.botSaid(h.dm.id).length;
    await h.em.say(h.admin.id, h.dm.id, text);
    return (await h.nextReply(h.dm.id, before, waitMs)).markdown ?? '';
  }

  const askForm = () => h.ask(h.dm.id, h.admin.id, '/voicemail');
  async function submit(form: { id: string }, changes: Record<string, string>, waitMs = 10_000) {
    return (await h.submit(h.dm.id, h.admin.id, form, changes, { timeoutMs: waitMs })).markdown ?? '';
  }

  /**
   * Every try of the PUT times out. `land`: Webex applies it and its answer comes too late; otherwise the
   * answer is slow and then a failure, so nothing changes.
   */
  function putTimesOut(land: boolean) {
    if (land) {
      late.set({ method: 'PUT', pathPart: RULES });
      return;
    }
    h.em.setLatency(SLOW_MS, { method: 'PUT', path: RULES });
    h.em.injectFault({ method: 'PUT', path: RULES, status: 500, count: 4 });
  }

  /** Keeps the used card in the space (its deletion fails), so it can be pressed a second time. */
  const keepCard = (form: { id: string }) =>
    h.em.injectFault({ method: 'DELETE', path: `${MESSAGES}/${form.id}`, status: 500, count: 4 });

  async function until(done: () => boolean, what: string, ms = 8000) {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  }

  /** Lets the slow PUTs the client gave up on finish on the emulator's side before the test goes on. */
  async function drainSlowPuts() {
    await sleep(SLOW_MS + 200);
    h.em.state.faults.clear();
  }

  describe('the reply fails once (500 on POST /messages)', () => {
    it('`set`: the change is reported as made, not as "nothing changed"', async () => {
      h.em.injectFault({ method: 'POST', path: MESSAGES, status: 500, count: 1 });
      const reply = await say('/voicemail set expire=70');
      assert.equal(expiry(), 70);
      assert.equal(puts().length, 1);
      assert.match(reply, /Voicemail rules updated/);
      assert.match(reply, /100 days → on, 70 days/);
      assert.doesNotMatch(reply, /Nothing was changed/i);
      assert.ok(h.logs.lines.some((l) => l.includes('voicemail rules updated')));
    });

    it('`set`: when no reply gets through, the change is still logged and never called a failure', async () => {
      h.em.injectFault({ method: 'POST', path: MESSAGES, status: 500, count: 8 });
      await h.em.say(h.admin.id, h.dm.id, '/voicemail set expire=71');
      await until(() => h.logs.lines.some((l) => l.includes('could not be delivered')), 'the log line');
      await sleep(200);
      assert.equal(expiry(), 71);
      assert.ok(h.logs.lines.some((l) => l.includes('voicemail rules updated')));
      assert.ok(
        h.logs.lines.some((l) => l.includes('could not be delivered')),
        h.logs.lines.join('\n'),
      );
      assert.ok(!h.logs.lines.some((l) => l.includes('failed: WEBEX_UNAVAILABLE')), h.logs.lines.join('\n'));
    });

    it('form: the change is reported and the used card removed', async () => {
      const form = await askForm();
      h.em.injectFault({ method: 'POST', path: MESSAGES, status: 500, count: 1 });
      const reply = await submit(form, { expirePasscodeDays: '70' });
      assert.match(reply, /Voicemail rules updated/);
      assert.equal(expiry(), 70);
      await until(() => !h.em.messages(h.dm.id).some((m) => m.id === form.id), 'the used card to go');
    });

    it('form: the form is closed, so a second submit sends no second PUT', async () => {
      const form = await askForm();
      keepCard(form);
      h.em.injectFault({ method: 'POST', path: MESSAGES, status: 500, count: 1 });
      const reply = await submit(form, { expirePasscodeDays: '70' });
      assert.match(reply, /Voicemail rules updated/);
      assert.equal(expiry(), 70);

      const again = await submit(form, { expirePasscodeDays: '70' });
      assert.match(again, /already submitted/);
      assert.equal(puts().length, 1, 'one PUT only');
    });

    it('form: even with no reply delivered at all, the form stays closed', async () => {
      const form = await askForm();
      keepCard(form);
      h.em.injectFault({ method: 'POST', path: MESSAGES, status: 500, count: 8 });
      await h.em.submitCard(h.admin.id, form.id, { expirePasscodeDays: '72' });
      await until(() => h.logs.lines.some((l) => l.includes('could not be delivered')), 'the log line');
      await sleep(200);
      h.em.state.faults.clear();
      assert.equal(expiry(), 72);
      const again = await submit(form, { expirePasscodeDays: '60' });
      assert.match(again, /already submitted/);
      assert.equal(puts().length, 1, 'one PUT only');
      assert.equal(expiry(), 72);
    });
  });

  describe('every try of the PUT times out', () => {
    it('`set`, the PUT landed: reported as made, noting Webex answered late', async () => {
      putTimesOut(true);
      const reply = await say('/voicemail set expire=70');
      await drainSlowPuts();
      assert.equal(expiry(), 70);
      assert.match(reply, /Voicemail rules updated/);
      assert.match(reply, /100 days → on, 70 days/);
      assert.match(reply, /did not answer the change in time/);
      assert.doesNotMatch(reply, /Nothing was changed/i);
    });

    it('form, the PUT landed: the form is closed, so a second submit sends no PUT', async () => {
      const form = await askForm();
      keepCard(form);
      putTimesOut(true);
      const reply = await submit(form, { expirePasscodeDays: '70' });
      await drainSlowPuts();
      assert.match(reply, /Voicemail rules updated/);
      assert.equal(expiry(), 70);
      const sent = puts().length;
      const again = await submit(form, { expirePasscodeDays: '70' });
      assert.match(again, /already submitted/);
      assert.equal(puts().length, sent, 'no PUT after the form was closed');
    });

    it('form, the PUT did not land: "not changed so far" (it may still arrive), and the same form can be submitted again', async () => {
      const form = await askForm();
      putTimesOut(false);
      const reply = await submit(form, { expirePasscodeDays: '70' });
      await drainSlowPuts();
      assert.equal(expiry(), 100);
      assert.match(reply, /Not changed so far: Webex did not answer in time/);
      assert.doesNotMatch(reply, /Nothing was changed/i);
      const again = await submit(form, { expirePasscodeDays: '70' });
      assert.match(again, /Voicemail rules updated/);
      assert.equal(expiry(), 70);
    });

    it('form, the read-back fails too: no claim either way, and the form is not offered again', async () => {
      const form = await askForm();
      keepCard(form);
      putTimesOut(false);
      h.em.injectFault({ method: 'GET', path: RULES, status: 503, count: 4 });
      const reply = await submit(form, { expirePasscodeDays: '70' });
      await drainSlowPuts();
      assert.match(reply, /Could not confirm/);
      assert.match(reply, /\/voicemail show/);
      assert.doesNotMatch(reply, /Nothing was changed/i);
      const sent = puts().length;
      const again = await submit(form, { expirePasscodeDays: '70' });
      assert.match(again, /already submitted/);
      assert.equal(puts().length, sent, 'no second PUT with a stale "before"');
      assert.equal(expiry(), 100);
    });

    it('form, only part is in place: says exactly which', async () => {
      const form = await askForm();
      // Someone else set the expiry meanwhile; this PUT itself never lands.
      h.em.setVoicemailRules(h.org.id, { expirePasscode: { enabled: true, numberOfDays: 45 } });
      putTimesOut(false);
      const reply = await submit(form, {
        expirePasscodeDays: '45',
        blockPreviousPasscodesEnabled: 'true',
        blockPreviousPasscodesCount: '5',
      });
      await drainSlowPuts();
      assert.equal(history(), false);
      assert.match(reply, /partly updated/);
      assert.match(reply, /In place:\n- \*\*Passcode expiry\*\*: on, 100 days → on, 45 days/);
      assert.match(reply, /Not in place:\n- \*\*Block reuse of previous passcodes\*\*/);
    });

    it('`set pin=…`: the PIN part is said to be unconfirmed, and the PIN is not echoed', async () => {
      putTimesOut(true);
      const reply = await say('/voicemail set pin=591738');
      await drainSlowPuts();
      assert.equal(h.em.storedPin(h.org.id), '591738');
      assert.match(reply, /PIN could not be confirmed/);
      assert.doesNotMatch(reply, /Nothing was changed/i);
      assert.ok(!reply.includes('591738'));
      assert.ok(!h.logs.lines.some((l) => l.includes('591738')), 'the PIN is never logged');
    });

    it('`set pin=random expire=…` not seen in place so far: "not changed so far", and the PIN still reaches the admin in case it lands', async () => {
      putTimesOut(false);
      const before = h.botSaid(h.dm.id).length;
      await h.em.say(h.admin.id, h.dm.id, '/voicemail set pin=random expire=61');
      await h.nextReply(h.dm.id, before + 1, 15_000);
      await drainSlowPuts();
      const [reply, pinMessage] = h
        .botSaid(h.dm.id)
        .slice(before)
        .map((m) => m.markdown ?? '');
      assert.match(reply ?? '', /Not changed so far: Webex did not answer in time/);
      assert.match(pinMessage ?? '', /if it lands late, this is the PIN in force/);
      const pin = /I made up: `([0-9]+)`/.exec(pinMessage ?? '')?.[1];
      assert.ok(pin && pin.length >= 6, pinMessage);
      assert.ok(!h.logs.lines.some((l) => l.includes(pin)), 'the PIN is never logged');
    });
  });
});
