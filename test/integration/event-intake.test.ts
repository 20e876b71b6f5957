import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { checkFrameworkVersion, FRAMEWORK_VERSION } from '../../src/bot/start-framework.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/run-main.js';

const MESSAGES = /^\/v1\/messages\/[^/]+$/;

/** No event may vanish: a Webex error while reading what an event names is retried or told. */
describe('event intake: Webex errors while reading an event', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.grant(h.admin.id);
  });
  afterEach(async () => h?.close());

  const reads = (re: RegExp) => h.em.requests.filter((r) => r.method === 'GET' && re.test(r.path));

  async function showIn(roomId: string, mention = false) {
    return (
      (await h.ask(roomId, h.admin.id, '/voicemail show', { mention, timeoutMs: 10_000 })).markdown ?? ''
    );
  }

  it('one 503 on GET /messages/{id}: retried, and the command is answered', async () => {
    h.em.injectFault({ method: 'GET', path: MESSAGES, status: 503 });
    assert.match(await showIn(h.dm.id), /Voicemail passcode rules/);
    assert.deepEqual(
      reads(MESSAGES).map((r) => r.status),
      [503, 200],
    );
  });

  it('every line of one event carries its id: the intake’s reads and the handler’s Webex calls', async () => {
    h.em.injectFault({ method: 'GET', path: MESSAGES, status: 503 });
    h.em.injectFault({ method: 'GET', path: '/v1/telephony/config/voicemail/rules', status: 503 });
    const msg = await h.em.say(h.admin.id, h.dm.id, '/voicemail show');
    await h.nextReply(h.dm.id, 0, 10_000);
    const failed = h.logs.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'webex call failed');
    assert.deepEqual(
      failed.map((l) => [String(l.webex).split(' ')[1]?.split('/')[1], l.eventId]),
      [
        ['messages', msg.id],
        ['telephony', msg.id],
      ],
    );
  });

  it('429 with Retry-After on the message read: waited out, then answered', async () => {
    h.em.injectFault({ method: 'GET', path: MESSAGES, status: 429, retryAfter: 1 });
    const t0 = Date.now();
    assert.match(await showIn(h.dm.id), /Voicemail passcode rules/);
    assert.ok(Date.now() - t0 >= 900, 'the Retry-After second was honoured');
  });

  it('three 503s on the sender look-up: retried, and the command is answered', async () => {
    // By id or through the SDK's batch (GET /people?id=…): whichever way the sender is looked up.
    h.em.injectFault({ method: 'GET', path: /^\/v1\/people(\/(?!me$)[^/]+)?$/, status: 503, count: 3 });
    assert.match(await showIn(h.dm.id), /Voicemail passcode rules/);
    assert.equal(
      reads(/^\/v1\/people/).filter((r) => r.status === 503).length,
      3,
      'the sender look-up met every fault',
    );
  });

  it('a 429 on the sender look-up with a Retry-After past the cap: not retried behind its back, the person is told', async () => {
    h.em.injectFault({
      method: 'GET',
      path: /^\/v1\/people(\/(?!me$)[^/]+)?$/,
      status: 429,
      retryAfter: 120,
    });
    const before = h.botSaid(h.dm.id).length;
    await h.em.say(h.admin.id, h.dm.id, '/voicemail show');
    const reply = (await h.nextReply(h.dm.id, before, 10_000)).markdown ?? '';
    assert.match(reply, /couldn't read your message/);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(reads(/^\/v1\/people\/(?!me$)/).length, 1, 'asked once, and Webex said wait two minutes');
    assert.equal(h.botSaid(h.dm.id).length, before + 1, 'no late answer either');
  });

  it('one 503 while discovering a space the bot has not seen (GET /rooms/{id}): retried, answered', async () => {
    h.em.injectFault({ method: 'GET', path: /^\/v1\/rooms\/[^/]+$/, status: 503 });
    assert.match(await showIn(h.group.id, true), /Voicemail passcode rules/);
  });

  it('one 503 on GET /attachment/actions/{id}: the card submit is still processed', async () => {
    const before = h.botSaid(h.dm.id).length;
    await h.em.say(h.admin.id, h.dm.id, '/voicemail');
    const form = await h.nextReply(h.dm.id, before);
    h.em.injectFault({ method: 'GET', path: /^\/v1\/attachment\/actions\//, status: 503 });
    await h.em.submitCard(h.admin.id, form.id, { expirePasscodeDays: '77' });
    const reply = await h.nextReply(h.dm.id, before + 1, 10_000);
    assert.match(reply.markdown ?? '', /updated/i);
    assert.equal(
      (h.em.voicemailRules(h.org.id) as { expirePasscode: { numberOfDays: number } }).expirePasscode
        .numberOfDays,
      77,
    );
  });

  it('Webex keeps failing: one log line with the event id and trackingId, a short reply, and a redelivery is processed', async () => {
    h.em.injectFault({ method: 'GET', path: MESSAGES, status: 503, count: 50 });
    const before = h.botSaid(h.dm.id).length;
    const msg = await h.em.say(h.admin.id, h.dm.id, '/voicemail show');
    const reply = (await h.nextReply(h.dm.id, before, 10_000)).markdown ?? '';
    h.em.state.faults.clear();
    assert.match(reply, /couldn't read your message/);
    assert.match(reply, /send it again/);
    const failed = reads(MESSAGES).filter((r) => r.status === 503);
    assert.ok(failed.length >= 2, 'retried before giving up');
    const trackingId = failed.at(-1)!.trackingId;
    assert.ok(reply.includes(trackingId), 'the reply carries the trackingId');
    const lost = h.logs.lines.filter((l) => l.includes('event lost'));
    assert.equal(lost.length, 1, h.logs.text());
    assert.ok(lost[0]!.includes(msg.id) && lost[0]!.includes(trackingId), lost[0]);
    // ...and Webex's own id of the delivery, which is what Webex support looks up.
    const deliveryTracking = h.em.deliveries.find((d) => d.rawBody.includes(msg.id))?.headers.trackingid;
    assert.ok(deliveryTracking && lost[0]!.includes(deliveryTracking), lost[0]);

    // Webex (or an operator) delivers the same event again: it was never processed, so now it is.
    const delivery = h.em.deliveries.find((d) => d.resource === 'messages' && d.rawBody.includes(msg.id));
    assert.ok(delivery);
    // Its queue job ends just after the reply; until then a redelivery meets the job's id and is dropped as a
    // duplicate, so it is delivered again until one is taken in.
    for (let i = 0; h.botSaid(h.dm.id).length === before + 1; i++) {
      assert.ok(i < 20, 'a redelivery was processed');
      assert.equal(await h.em.replay(delivery), 204);
      await new Promise((r) => setTimeout(r, 250));
    }
    const again = (await h.nextReply(h.dm.id, before + 1, 10_000)).markdown ?? '';
    assert.match(again, /Voicemail passcode rules/);
    // ...and once processed, a third delivery is a duplicate.
    assert.equal(await h.em.replay(delivery), 204);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(h.botSaid(h.dm.id).length, before + 2);
  });

  it('a card submit that cannot be read is told "nothing was changed" and changes nothing', async () => {
    const before = h.botSaid(h.dm.id).length;
    await h.em.say(h.admin.id, h.dm.id, '/voicemail');
    const form = await h.nextReply(h.dm.id, before);
    const rulesBefore = JSON.stringify(h.em.voicemailRules(h.org.id));
    h.em.injectFault({ method: 'GET', path: /^\/v1\/attachment\/actions\//, status: 502, count: 50 });
    await h.em.submitCard(h.admin.id, form.id, { expirePasscodeDays: '66' });
    const reply = (await h.nextReply(h.dm.id, before + 1, 10_000)).markdown ?? '';
    h.em.state.faults.clear();
    assert.match(reply, /couldn't read your form submission.*nothing was changed/s);
    assert.equal(JSON.stringify(h.em.voicemailRules(h.org.id)), rulesBefore);
    // The form is still usable: pressing Save again works.
    await h.em.submitCard(h.admin.id, form.id, { expirePasscodeDays: '66' });
    assert.match((await h.nextReply(h.dm.id, before + 2, 10_000)).markdown ?? '', /updated/i);
  });

  it('two messages at once in a space the bot has not seen yet: both are answered', async () => {
    const before = h.botSaid(h.group.id).length;
    await Promise.all([
      h.em.say(h.admin.id, h.group.id, 'Voicemail Bot /help', { mention: [h.bot.id] }),
      h.em.say(h.admin.id, h.group.id, 'Voicemail Bot /voicemail show', { mention: [h.bot.id] }),
    ]);
    await h.nextReply(h.group.id, before + 1, 10_000);
    const said = h
      .botSaid(h.group.id)
      .slice(before)
      .map((m) => m.markdown ?? '');
    assert.ok(
      said.some((m) => /Voicemail passcode rules/.test(m)),
      said.join('\n---\n'),
    );
    assert.ok(
      said.some((m) => /\/voicemail set/.test(m)),
      said.join('\n---\n'),
    );
  });
});

describe('webex-node-bot-framework version pin', () => {
  it('package.json pins the exact version the adapter was written for, and it is the one installed', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    assert.equal(pkg.dependencies['webex-node-bot-framework'], FRAMEWORK_VERSION);
    const installed = JSON.parse(
      readFileSync(path.join(ROOT, 'node_modules/webex-node-bot-framework/package.json'), 'utf8'),
    ) as { version: string };
    assert.doesNotThrow(() => checkFrameworkVersion(installed.version));
  });

  it('another version refuses to load, naming both versions', () => {
    assert.throws(() => checkFrameworkVersion('2.4.0'), /2\.4\.0 is installed.*2\.3\.14 exactly/);
  });
});
