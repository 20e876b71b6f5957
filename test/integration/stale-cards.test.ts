import assert from 'node:assert/strict';
import type { Harness, Reply } from '../helpers/bot-harness.js';
import { cardOf } from '../helpers/card-inputs.js';
import { elements } from '../helpers/adaptive-card-check.js';
import { partnerHarness, type PartnerWorld } from '../helpers/partner-harness.js';

const RULES = '/v1/telephony/config/voicemail/rules';
const BANNER_GLOBEX = '**Customer org: Globex, chosen with /org use**';
const THIRTY_DAYS_MS = 30 * 24 * 3600_000;

const firstLine = (reply: Reply) => (reply.markdown ?? '').split('\n')[0] ?? '';
const facts = (reply: Reply) => elements(cardOf(reply)).find((e) => e.type === 'FactSet')?.facts;

/**
 * A card shows the rules as they were when it was made. Pressing it later must not act on rules that have
 * moved on since (another admin's change, a newer card), and a card names the org it acts on.
 */
describe('cards that went stale (emulator, real framework, real Redis)', function () {
  this.timeout(60_000);
  let h: Harness & PartnerWorld;
  beforeEach(async () => {
    h = await partnerHarness();
  });
  afterEach(async () => {
    await h?.close();
  });

  const puts = (orgId: string) =>
    h.em.requests.filter((r) => r.method === 'PUT' && r.path === RULES && r.query.orgId === orgId);
  const patSays = (text: string, roomId = h.patDm) =>
    h.ask(roomId, h.pat, text, { mention: roomId !== h.patDm });
  const confirm = (card: Reply, roomId = h.patDm) =>
    h.submit(roomId, h.pat, card, {}, { actionTitle: 'Confirm' });
  const expiry = (orgId: string) =>
    (h.em.voicemailRules(orgId) as { expirePasscode?: unknown }).expirePasscode;
  const revisionKey = (orgId: string) => `${h.store.prefix}org-rev:${orgId}`;

  describe('a confirmation is checked again when Confirm is pressed', () => {
    it('a PIN-off card pressed after a new PIN was set (by /voicemail set or the form) discards nothing', async () => {
      h.em.setVoicemailRules(h.globex.id, {
        defaultVoicemailPinEnabled: true,
        defaultVoicemailPin: '740193',
      });
      await patSays('/org use Globex');
      const card = await patSays('/voicemail set pin-enabled=off');
      assert.deepEqual(facts(card), [
        { title: 'Default voicemail PIN', value: 'on → off (the stored PIN is discarded)' },
      ]);

      // Globex's own admin sets a new PIN in her 1:1 space: Webex never shows PINs, so the rules look the same.
      const set = await h.ask(h.ginaDm, h.gina, '/voicemail set pin=902817');
      assert.match(set.markdown ?? '', /Voicemail rules updated/);
      assert.equal(h.em.storedPin(h.globex.id), '902817');

      const refused = await confirm(card);
      const said = refused.markdown ?? '';
      assert.equal(firstLine(refused), BANNER_GLOBEX);
      assert.match(
        said,
        /Nothing was changed: the rules of Globex were changed through me after this card was made/,
      );
      assert.match(said, /default PIN, which Webex never shows/);
      assert.match(said, /Say `\/voicemail set …` again/);
      assert.doesNotMatch(said, /updated/i);
      assert.equal(h.em.storedPin(h.globex.id), '902817', 'the new PIN is kept');
      assert.equal(puts(h.globex.id).length, 1, 'only Gina’s change reached Webex');

      // The same with Pat's own form: its Save (with a new PIN) makes his earlier PIN-off card stale.
      const again = await patSays('/voicemail set pin-enabled=off');
      const form = await patSays('/voicemail');
      const saved = await h.submit(h.patDm, h.pat, form, { defaultVoicemailPin: '315926' });
      assert.match(
        saved.markdown ?? '',
        /Voicemail rules updated[\s\S]*Default PIN\*\*: replaced \(not shown\)/,
      );
      const refusedAgain = await confirm(again);
      assert.match(
        refusedAgain.markdown ?? '',
        /Nothing was changed: the rules of Globex were changed through me/,
      );
      assert.equal(h.em.storedPin(h.globex.id), '315926');
      assert.equal(puts(h.globex.id).length, 2);
    });

    it('a card whose "before" no longer holds is refused, naming the setting, what the card showed and what holds now', async () => {
      await patSays('/org use Globex');
      const card = await patSays('/voicemail set expire=50 history=3');
      assert.deepEqual(facts(card), [
        { title: 'Passcode expiry', value: 'on, 180 days → on, 50 days' },
        { title: 'Block reuse of previous passcodes', value: 'on, 10 passcodes → on, 3 passcodes' },
      ]);
      // Changed outside the bot (Control Hub): only a fresh read can tell.
      h.em.setVoicemailRules(h.globex.id, { expirePasscode: { enabled: false, numberOfDays: 180 } });
      const refused = await confirm(card);
      assert.equal(
        refused.markdown,
        `${BANNER_GLOBEX}\n\n` +
          'Nothing was changed: the rules of Globex changed after this card was made, so it no longer shows what Confirm would do:\n' +
          '- **Passcode expiry**: on, 180 days on the card, off now\n\n' +
          'Say `/voicemail set …` again to see your change against the rules as they are now.',
      );
      assert.equal(puts(h.globex.id).length, 0);
      assert.deepEqual(expiry(h.globex.id), { enabled: false, numberOfDays: 180 });
      // The refused card is gone, and pressing it again changes nothing either.
      const gone = () => h.em.state.messages.get(card.id)?.deleted === true;
      for (let i = 0; i < 100 && !gone(); i++) await new Promise((r) => setTimeout(r, 20));
      assert.ok(gone(), 'the stale card is removed');
    });

    it('a newer card for the same org replaces the older one; a card for another org does not', async () => {
      await patSays('/org use Globex');
      const older = await patSays('/voicemail set expire=50');
      const newer = await patSays('/voicemail set expire=60');
      const refused = await confirm(older);
      assert.equal(
        refused.markdown,
        `${BANNER_GLOBEX}\n\n` +
          'Nothing was changed: you asked for a newer change to Globex after this card, and only the newest card ' +
          'can be confirmed. Press Confirm on that one. Say `/voicemail set …` again to see your change against the ' +
          'rules as they are now.',
      );
      assert.equal(puts(h.globex.id).length, 0);
      const done = await confirm(newer);
      assert.match(done.markdown ?? '', /Voicemail rules updated[\s\S]*on, 180 days → on, 60 days/);
      assert.deepEqual(expiry(h.globex.id), { enabled: true, numberOfDays: 60 });

      // One card per org: Pat's card for Globex stays good while he asks for a change to Acme.
      const forGlobex = await patSays('/voicemail set history=4');
      await patSays('/org use Acme Test Org');
      const forAcme = await patSays('/voicemail set history=5');
      assert.match(firstLine(forAcme), /Customer org: Acme Test Org/);
      assert.match((await confirm(forGlobex)).markdown ?? '', /Voicemail rules updated/);
      assert.match((await confirm(forAcme)).markdown ?? '', /Voicemail rules updated/);
      assert.equal(puts(h.globex.id).length, 2);
      assert.equal(puts(h.org.id).length, 1);
    });

    it('the org’s change count is in Redis under the deployment prefix for 30 days, and every change moves it', async () => {
      await patSays('/org use Globex');
      const key = revisionKey(h.globex.id);
      assert.equal(await h.store.redis.get(key), null, 'no change yet');
      await h.ask(h.ginaDm, h.gina, '/voicemail set expire=40');
      assert.equal(await h.store.redis.get(key), '1');
      const form = await patSays('/voicemail');
      await h.submit(h.patDm, h.pat, form, { expirePasscodeDays: '41' });
      assert.equal(await h.store.redis.get(key), '2');
      await confirm(await patSays('/voicemail set expire=42'));
      assert.equal(await h.store.redis.get(key), '3');
      const ttl = await h.store.redis.pttl(key);
      assert.ok(ttl > THIRTY_DAYS_MS - 60_000 && ttl <= THIRTY_DAYS_MS, `TTL ${ttl}`);
      // Nothing changed, nothing counted: a refused or cancelled card leaves it alone.
      await h.submit(
        h.patDm,
        h.pat,
        await patSays('/voicemail set expire=43'),
        {},
        { actionTitle: 'Cancel' },
      );
      assert.equal(await h.store.redis.get(key), '3');
      assert.deepEqual(expiry(h.globex.id), { enabled: true, numberOfDays: 42 });
    });

    it('another instance knows: a PIN set through one instance makes a card pressed on the next stale', async () => {
      h.em.setVoicemailRules(h.globex.id, {
        defaultVoicemailPinEnabled: true,
        defaultVoicemailPin: '740193',
      });
      await patSays('/org use Globex');
      const card = await patSays('/voicemail set pin-enabled=off');
      const set = await h.ask(h.ginaDm, h.gina, '/voicemail set pin=902817');
      assert.match(set.markdown ?? '', /Voicemail rules updated/);
      // Only the second instance receives events from here on: what it knows of the change is in Redis.
      await h.stop();
      const second = await partnerHarness({ alongside: h });
      try {
        const refused = await second.submit(second.patDm, second.pat, card, {}, { actionTitle: 'Confirm' });
        assert.match(
          refused.markdown ?? '',
          /Nothing was changed: the rules of Globex were changed through me/,
        );
        assert.equal(h.em.storedPin(h.globex.id), '902817');
      } finally {
        await second.close();
      }
    });
  });

  describe('a form is refused when the org’s rules were changed through the bot after it was made', () => {
    it('a form Save and a Confirm pressed at once for the same org: one applies, the other is refused, never both "updated"', async () => {
      await patSays('/org use Globex');
      const card = await patSays('/voicemail set expire=45');
      const form = await h.ask(h.ginaDm, h.gina, '/voicemail');
      // Webex is slow: both presses would pass any check made before their PUT.
      h.em.setLatency(300, { method: 'PUT', path: RULES });
      try {
        const [confirmed, saved] = await Promise.all([
          confirm(card),
          h.submit(h.ginaDm, h.gina, form, { expirePasscodeDays: '60' }),
        ]);
        const said = [confirmed.markdown ?? '', saved.markdown ?? ''];
        assert.equal(said.filter((m) => /Voicemail rules updated/.test(m)).length, 1, said.join('\n---\n'));
        assert.equal(said.filter((m) => /Nothing was changed/.test(m)).length, 1, said.join('\n---\n'));
        assert.equal(puts(h.globex.id).length, 1, 'one PUT reached Webex');
      } finally {
        h.em.setLatency(0, { method: 'PUT', path: RULES });
      }
    });

    it('turning the PIN off on an old form does not discard a PIN set since', async () => {
      h.em.setVoicemailRules(h.org.id, { defaultVoicemailPinEnabled: true, defaultVoicemailPin: '591738' });
      const form = await h.ask(h.dm.id, h.admin.id, '/voicemail');
      const set = await h.ask(h.dm.id, h.admin.id, '/voicemail set pin=604829');
      assert.match(set.markdown ?? '', /Voicemail rules updated/);
      const refused = await h.submit(h.dm.id, h.admin.id, form, { defaultVoicemailPinEnabled: 'false' });
      assert.equal(
        refused.markdown,
        'Org: Acme Test Org\n\n' +
          'Nothing was changed: the rules of Acme Test Org were changed through me after this form was made ' +
          '(a Save, `/voicemail set` or Confirm), so the form no longer shows them as they are. ' +
          'Say `/voicemail` for a fresh form.',
      );
      assert.equal(refused.attachments, undefined);
      assert.equal(h.em.storedPin(h.org.id), '604829');
      assert.equal(puts(h.org.id).length, 1);
      // A fresh form saves.
      const fresh = await h.ask(h.dm.id, h.admin.id, '/voicemail');
      const saved = await h.submit(h.dm.id, h.admin.id, fresh, { expirePasscodeDays: '45' });
      assert.match(saved.markdown ?? '', /Voicemail rules updated/);
    });
  });
});
