import assert from 'node:assert/strict';

import type { Harness, Reply } from '../helpers/bot-harness.js';
import { partnerHarness, type PartnerWorld } from '../helpers/partner-harness.js';
import { checkPin } from '../../src/voicemail/pin-policy.js';
import { pinViolation } from '../../src/emulator/pin-rules.js';
import type { PinRules as EmPinRules } from '../../src/emulator/types.js';

const RULES = '/v1/telephony/config/voicemail/rules';
const text = (r: { markdown?: string; text: string }) => r.markdown ?? r.text;

/**
 * `/voicemail set pin=random` (bot + emulator + real Redis): the PIN is made up against the org's rules
 * as read, lands as the default PIN, and is written only in the admin's 1:1 space with the bot: never in
 * a group message, a log line or a Redis value.
 */
describe('a generated default PIN (pin=random)', function () {
  this.timeout(60_000);
  let h: Harness & PartnerWorld;
  beforeEach(async () => {
    h = await partnerHarness();
  });
  afterEach(async () => {
    await h?.close();
  });

  const puts = () => h.em.requests.filter((r) => r.method === 'PUT' && r.path === RULES);
  const pinRules = () =>
    (h.em.voicemailRules(h.org.id) as { defaultVoicemailPinRules: EmPinRules }).defaultVoicemailPinRules;
  const parentOf = (id: string) => h.em.state.messages.get(id)?.parentId;
  /** The PIN as the private message shows it. */
  const pinIn = (markdown: string | undefined) =>
    /The new default voicemail PIN\*\* I made up: `([0-9]+)`/.exec(markdown ?? '')?.[1];

  /** Neither the bot's log nor Redis nor any group message holds the PIN, in any of its forms. */
  async function assertNowhereBut1to1(pin: string) {
    assert.ok(pin.length >= 6);
    assert.ok(!h.logs.text().includes(pin), 'the PIN is in a log line');
    const stored = await h.store.dump();
    assert.ok(Object.keys(stored).length > 0, 'Redis holds the bot state the check reads');
    assert.ok(!JSON.stringify(stored).includes(pin), 'the PIN is in a Redis value');
    for (const m of h.em.state.messages.values()) {
      if (h.em.state.room(m.roomId).type === 'direct') continue;
      assert.ok(!JSON.stringify(m).includes(pin), `the PIN is in a group message: ${m.id}`);
    }
  }

  it('in the 1:1 space: a PIN that passes the org rules is set and shown there', async () => {
    const before = h.botSaid(h.dm.id).length;
    const updated = await h.ask(h.dm.id, h.admin.id, '/voicemail set pin=random');
    assert.match(text(updated), /Voicemail rules updated/);
    assert.match(text(updated), /Default voicemail PIN/);
    const shown = await h.nextReply(h.dm.id, before + 1);
    const pin = pinIn(shown.markdown);
    assert.ok(pin, text(shown));
    assert.match(text(shown), /^Org: Acme Test Org\n/);
    assert.equal(h.em.storedPin(h.org.id), pin, 'the PIN shown is the PIN Webex holds');
    assert.deepEqual(checkPin(pin, pinRules()), []);
    assert.equal(pinViolation(pin, pinRules()), undefined);
    assert.equal(puts().length, 1);
    assert.ok(!text(updated).includes(pin), 'the outcome does not repeat it either');
    await assertNowhereBut1to1(pin);
  });

  it('in a group space: typed there, the PIN goes to the 1:1 space and the thread is told so', async () => {
    const dmBefore = h.botSaid(h.dm.id).length;
    const groupBefore = h.botSaid(h.group.id).length;
    const asked = await h.em.say(
      h.admin.id,
      h.group.id,
      'Voicemail Bot /voicemail set pin=generate expire=60',
      {
        mention: [h.bot.id],
      },
    );
    const updated = await h.nextReply(h.group.id, groupBefore);
    assert.match(text(updated), /Voicemail rules updated[\s\S]*on, 60 days/);
    const told = await h.nextReply(h.group.id, groupBefore + 1);
    assert.match(text(told), /I sent you the new default PIN privately, in your 1:1 space with me/);
    for (const m of [updated, told]) assert.equal(parentOf(m.id), asked.id, 'answered in the thread');

    const shown = await h.nextReply(h.dm.id, dmBefore);
    const pin = pinIn(shown.markdown);
    assert.ok(pin, text(shown));
    assert.equal(h.em.storedPin(h.org.id), pin);
    const posted = h.em.requests.filter(
      (r) => r.method === 'POST' && r.path === '/v1/messages' && JSON.stringify(r.body).includes(pin),
    );
    assert.equal(posted.length, 1);
    assert.deepEqual(Object.keys(posted[0]?.body as object).sort(), ['markdown', 'toPersonId']);
    await h.em.settle();
    assert.equal(h.botSaid(h.group.id).length, groupBefore + 2, 'nothing else in the group');
    await assertNowhereBut1to1(pin);
  });

  it('a private message Webex refuses: the thread says the PIN is shown nowhere and how to make another', async () => {
    const groupBefore = h.botSaid(h.group.id).length;
    // The outcome's POST (its loss is logged, the change stands) and then the private one are refused.
    h.em.injectFault({ method: 'POST', path: '/v1/messages', status: 403, count: 2 });
    const asked = await h.em.say(h.admin.id, h.group.id, 'Voicemail Bot /voicemail set pin=random', {
      mention: [h.bot.id],
    });
    const said = await h.nextReply(h.group.id, groupBefore);
    assert.match(
      text(said),
      /I could not show you the new default PIN, and it is not written anywhere, so no one knows it/,
    );
    assert.match(text(said), /make another with `\/voicemail set pin=random` in a 1:1 space with me/);
    assert.equal(parentOf(said.id), asked.id);
    const pin = h.em.storedPin(h.org.id);
    assert.ok(pin, 'the PIN was set');
    assert.ok(!h.botSaid(h.dm.id).some((m) => JSON.stringify(m).includes(pin)), 'and shown nowhere');
    assert.ok(h.logs.text().includes('the generated PIN could not be shown to the person who asked'));
    await assertNowhereBut1to1(pin);
  });

  it('follows the rules in force: a tight rule set read from GET gives a PIN that passes it', async () => {
    h.em.setPinRules(h.org.id, {
      length: { min: 9, max: 9 },
      blockRepeatedDigits: { enabled: true, max: 1 },
      blockContiguousSequences: { enabled: true, numberOfAscendingDigits: 2, numberOfDescendingDigits: 2 },
      blockRepeatedPatternsEnabled: true,
    });
    for (let i = 0; i < 3; i++) {
      const before = h.botSaid(h.dm.id).length;
      await h.ask(h.dm.id, h.admin.id, '/voicemail set pin=random');
      const pin = pinIn((await h.nextReply(h.dm.id, before + 1)).markdown);
      assert.ok(pin);
      assert.equal(pin.length, 9);
      assert.equal(h.em.storedPin(h.org.id), pin);
      assert.equal(pinViolation(pin, pinRules()), undefined);
    }
  });

  it('rules that admit no PIN: said so, nothing is sent to Webex', async () => {
    h.em.setPinRules(h.org.id, { length: { min: 9, max: 8 } });
    const reply = await h.ask(h.dm.id, h.admin.id, '/voicemail set pin=random');
    assert.match(
      text(reply),
      /Not changed\. No PIN can pass this org's PIN rules: the PIN length rule \(9–8 digits\) admits no length\./,
    );

    assert.match(text(reply), /9–8 digits/);
    assert.equal(puts().length, 0);
  });

  it('a customer org: refused with the form as the way, nothing made up, kept or sent', async () => {
    const patSays = (t: string) => h.ask(h.patDm, h.pat, t);
    assert.match(text(await patSays('/org use globex')), /now act on \*\*Globex\*\*/);
    const reply: Reply = await patSays('/voicemail set pin=random');
    assert.match(text(reply), /^\*\*Customer org: Globex/);
    assert.match(text(reply), /Not changed: a change to a customer org waits for your Confirm/);
    assert.match(text(reply), /Set the PIN with the `\/voicemail` form/);
    assert.equal(reply.attachments, undefined);
    assert.equal(puts().length, 0);
    assert.equal(h.em.storedPin(h.globex.id), undefined);
    assert.deepEqual(await h.store.redis.keys(`${h.store.prefix}confirm:*`), []);
  });
  describe('"generate one for me" on the form', () => {
    it('in a group space: Save sets a made-up PIN, shown only in the 1:1 space', async () => {
      const groupBefore = h.botSaid(h.group.id).length;
      const form = await h.ask(h.group.id, h.admin.id, '/voicemail', { mention: true });
      const dmBefore = h.botSaid(h.dm.id).length;
      const updated = await h.submit(h.group.id, h.admin.id, form, {
        defaultVoicemailPinEnabled: 'true',
        defaultVoicemailPinGenerate: 'true',
      });
      assert.match(text(updated), /Voicemail rules updated/);
      const told = await h.nextReply(h.group.id, groupBefore + 2);
      assert.match(text(told), /I sent you the new default PIN privately/);
      const pin = pinIn((await h.nextReply(h.dm.id, dmBefore)).markdown);
      assert.ok(pin);
      assert.equal(h.em.storedPin(h.org.id), pin);
      assert.equal(pinViolation(pin, pinRules()), undefined);
      await assertNowhereBut1to1(pin);
    });

    it('on a customer org (Save is the confirmation): the PIN is made up at Save and sent to the 1:1 space', async () => {
      const patSays = (t: string) => h.ask(h.patDm, h.pat, t);
      await patSays('/org use globex');
      const form = await patSays('/voicemail');
      const before = h.botSaid(h.patDm).length;
      const updated = await h.submit(h.patDm, h.pat, form, {
        defaultVoicemailPinEnabled: 'true',
        defaultVoicemailPinGenerate: 'true',
      });
      assert.match(text(updated), /Customer org: Globex[\s\S]*Voicemail rules updated/);
      const pin = pinIn((await h.nextReply(h.patDm, before + 1)).markdown);
      assert.ok(pin);
      assert.equal(h.em.storedPin(h.globex.id), pin);
      assert.equal(puts()[0]?.query.orgId, h.globex.id);
      await assertNowhereBut1to1(pin);
    });

    it('with a PIN typed as well: refused at the PIN field, nothing sent, the PIN not repeated', async () => {
      const form = await h.ask(h.dm.id, h.admin.id, '/voicemail');
      const again = await h.submit(h.dm.id, h.admin.id, form, {
        defaultVoicemailPin: '591738',
        defaultVoicemailPinGenerate: 'true',
      });
      assert.ok(JSON.stringify(again).includes('not both'), 'said at the PIN field');
      assert.ok(!JSON.stringify(again).includes('591738'));
      assert.equal(puts().length, 0);
    });
  });
});
