import assert from 'node:assert/strict';
import { followSignIn, signInLink, startHarness, type Harness, type Reply } from '../helpers/bot-harness.js';
import { partnerHarness, type PartnerWorld } from '../helpers/partner-harness.js';
import { cardOf } from '../helpers/card-inputs.js';
import { actions, cardProblems, elements } from '../helpers/adaptive-card-check.js';
import { rendered } from '../helpers/inert-markdown.js';
import { NOT_ADMIN, READ_ONLY_REFUSAL } from '../../src/bot/access-replies.js';
import { PEOPLE_READ } from '../../src/auth/scopes.js';
import { PIN_DISCARD_WARNING } from '../../src/voicemail/plan-update.js';
import { plain } from '../helpers/read-replies.js';

const RULES = '/v1/telephony/config/voicemail/rules';
const BANNER_ACME = 'Org: Acme Test Org';
const HOSTILE = '<@all> [Sign in again here](https://evil.example/login) **URGENT**';
const BANNER_GLOBEX = '**Customer org: Globex, chosen with /org use**';

/** A stored history entry as the test reads it straight from Redis. */
interface Stored {
  at: string;
  kind: string;
  by: { displayName: string };
  changes: { setting: string; before?: string; after: string }[];
  values?: { before: unknown; after: unknown };
  undoes?: { at: string; by: string };
  pin?: string;
}

const firstLine = (reply: Reply) => (reply.markdown ?? '').split('\n')[0] ?? '';
const card = (reply: Reply) => cardOf(reply);
const facts = (reply: Reply) => elements(card(reply)).find((e) => e.type === 'FactSet')?.facts;
/** The card's words as a reader sees them: title, intro, notes. */
const cardText = (reply: Reply) =>
  plain(
    elements(card(reply))
      .filter((e) => e.type === 'TextBlock')
      .map((e) => String(e.text))
      .join('\n'),
  );
const buttons = (reply: Reply) => actions(card(reply)).map((a) => a.title);
const utcMinute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/**
 * `/voicemail undo` puts back what the org's last rules change made through the bot changed, for exactly
 * the settings it touched, through the one confirmation card; drift since that change is shown first.
 */
describe('/voicemail undo (emulator, real framework, real Redis)', function () {
  this.timeout(60_000);
  let h: Harness & PartnerWorld;
  afterEach(async () => {
    h?.em.setLatency(0, { method: 'PUT', path: RULES });
    await h?.close();
  });

  const puts = (orgId: string) =>
    h.em.requests.filter((r) => r.method === 'PUT' && r.path === RULES && r.query.orgId === orgId);
  const ownPuts = () => puts(h.org.id);
  const rulesReads = () => h.em.requests.filter((r) => r.method === 'GET' && r.path === RULES);
  const historyOf = async (orgId: string): Promise<Stored[]> =>
    (await h.store.redis.xrevrange(`${h.store.prefix}history:${orgId}`, '+', '-')).map(
      ([, f]) => JSON.parse(f[1] ?? '') as Stored,
    );
  const aliceSays = (text: string) => h.ask(h.dm.id, h.admin.id, text);
  const press = (roomId: string, who: string, reply: Reply, title: string) =>
    h.submit(roomId, who, reply, {}, { actionTitle: title });
  const rules = (orgId: string) =>
    h.em.voicemailRules(orgId) as {
      expirePasscode?: unknown;
      changePasscode?: unknown;
      blockPreviousPasscodes?: unknown;
      defaultVoicemailPinRules?: { defaultVoicemailPinEnabled?: boolean };
    };
  /** Rules inside today's PUT ranges, so every "before" can be put back. */
  const seedAcme = () =>
    h.em.setVoicemailRules(h.org.id, {
      expirePasscode: { enabled: true, numberOfDays: 90 },
      changePasscode: { enabled: false, numberOfDays: 1 },
      blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 10 },
    });

  describe('with the partner world', () => {
    beforeEach(async () => {
      h = await partnerHarness();
    });

    it('puts back exactly the touched settings with one PUT, says what it undid, and is itself in the history', async () => {
      seedAcme();
      assert.match((await aliceSays('/voicemail set expire=60 history=5')).markdown ?? '', /updated/);
      const [changed] = await historyOf(h.org.id);
      // Changed in Control Hub since: a setting the change did not touch is no drift, and is left alone.
      h.em.setVoicemailRules(h.org.id, { changePasscode: { enabled: true, numberOfDays: 3 } });

      const asked = await aliceSays('/voicemail undo');
      assert.ok(asked.attachments, 'a card, with no reply before it');
      assert.equal(firstLine(asked), BANNER_ACME);
      assert.deepEqual(facts(asked), [
        { title: 'Passcode expiry', value: 'on, 60 days → on, 90 days' },
        { title: 'Block reuse of previous passcodes', value: 'on, 5 passcodes → on, 10 passcodes' },
      ]);
      assert.deepEqual(buttons(asked), ['Undo', 'Cancel']);
      assert.deepEqual(cardProblems(card(asked)), []);
      const text = cardText(asked);
      assert.match(text, new RegExp(`Undo the change by Alice Admin at ${utcMinute(changed!.at)}`));
      assert.match(text, /Only Alice Admin can confirm or cancel this/);
      assert.doesNotMatch(text, /changed again|Not put back/);

      const done = await press(h.dm.id, h.admin.id, asked, 'Undo');
      const said = plain(done.markdown);
      assert.match(said, /Voicemail rules updated/);
      assert.match(said, /Passcode expiry\*\*: on, 60 days → on, 90 days/);
      assert.match(said, new RegExp(`This undid the change by Alice Admin at ${utcMinute(changed!.at)}`));

      const sent = ownPuts();
      assert.equal(sent.length, 2, 'the change and its undo');
      assert.deepEqual(sent[1]?.body, {
        expirePasscode: { enabled: true, numberOfDays: 90 },
        blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 10 },
      });
      assert.deepEqual(rules(h.org.id).expirePasscode, { enabled: true, numberOfDays: 90 });
      assert.deepEqual(rules(h.org.id).blockPreviousPasscodes, { enabled: true, numberOfPasscodes: 10 });
      assert.deepEqual(rules(h.org.id).changePasscode, { enabled: true, numberOfDays: 3 });

      const [undo] = await historyOf(h.org.id);
      assert.equal(undo?.kind, 'undo');
      assert.deepEqual(undo?.undoes, { at: changed!.at, by: 'Alice Admin' });
      assert.deepEqual(undo?.values, {
        before: {
          expirePasscode: { enabled: true, numberOfDays: 60 },
          blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 5 },
        },
        after: {
          expirePasscode: { enabled: true, numberOfDays: 90 },
          blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 10 },
        },
      });
      const shown = plain((await aliceSays('/voicemail history')).markdown);
      assert.match(
        shown,
        new RegExp(
          `change undone by Alice Admin \\(alice@acme.test\\) \\(undid ${utcMinute(changed!.at)} by Alice Admin\\)\\n` +
            '- \\*\\*Passcode expiry\\*\\*: on, 60 days → on, 90 days',
        ),
      );

      // Undo again: the newest entry is the undo, so this makes the first change again, and says so.
      const redo = await aliceSays('/voicemail undo');
      assert.match(cardText(redo), new RegExp(`Undo the undo by Alice Admin at ${utcMinute(undo!.at)}`));
      assert.match(cardText(redo), /This undoes an undo .*it makes that change again/);
      assert.deepEqual(facts(redo), [
        { title: 'Passcode expiry', value: 'on, 90 days → on, 60 days' },
        { title: 'Block reuse of previous passcodes', value: 'on, 10 passcodes → on, 5 passcodes' },
      ]);
      assert.match((await press(h.dm.id, h.admin.id, redo, 'Undo')).markdown ?? '', /updated/);
      assert.deepEqual(rules(h.org.id).expirePasscode, { enabled: true, numberOfDays: 60 });
      assert.equal(ownPuts().length, 3);
    });

    it('drift: a card made before a Control Hub change is refused; asked again, it shows the difference and starts from the rules now', async () => {
      seedAcme();
      await aliceSays('/voicemail set expire=60');
      const [changed] = await historyOf(h.org.id);
      const early = await aliceSays('/voicemail undo');
      assert.deepEqual(buttons(early), ['Undo', 'Cancel']);

      h.em.setVoicemailRules(h.org.id, { expirePasscode: { enabled: true, numberOfDays: 45 } });
      const refused = await press(h.dm.id, h.admin.id, early, 'Undo');
      assert.equal(
        refused.markdown,
        `${BANNER_ACME}\n\n` +
          'Nothing was changed: the rules of Acme Test Org changed after this card was made, so it no longer shows what Confirm would do:\n' +
          '- **Passcode expiry**: on, 60 days on the card, on, 45 days now\n\n' +
          'Say `/voicemail undo` again to see what undoing it would do now.',
      );
      assert.equal(ownPuts().length, 1, 'nothing sent for the stale card');

      const before = h.botSaid(h.dm.id).length;
      const difference = await aliceSays('/voicemail undo');
      assert.equal(
        plain(difference.markdown),
        `${BANNER_ACME}\n\nThe rules changed after the change by Alice Admin at ${utcMinute(changed!.at)} ` +
          '(in Control Hub, or through me):\n' +
          '- **Passcode expiry**: on, 60 days after that change, on, 45 days now\n\n' +
          'The card below starts from the rules as they are now.',
      );
      assert.equal(difference.attachments, undefined);
      const again = await h.nextReply(h.dm.id, before + 1);
      assert.deepEqual(facts(again), [{ title: 'Passcode expiry', value: 'on, 45 days → on, 90 days' }]);
      assert.deepEqual(buttons(again), ['Undo anyway', 'Cancel']);
      assert.match(
        cardText(again),
        /changed again after that change[\s\S]*Passcode expiry\*\*: on, 60 days after that change, on, 45 days now/,
      );
      const done = await press(h.dm.id, h.admin.id, again, 'Undo anyway');
      assert.match(plain(done.markdown), /Voicemail rules updated[\s\S]*on, 45 days → on, 90 days/);
      assert.equal(ownPuts().length, 2);
      assert.deepEqual(ownPuts()[1]?.body, { expirePasscode: { enabled: true, numberOfDays: 90 } });
    });

    it('racing confirms: the same card pressed twice, and two admins’ undo cards pressed together, each PUT once', async () => {
      seedAcme();
      await aliceSays('/voicemail set expire=60');
      const asked = await aliceSays('/voicemail undo');
      h.em.setLatency(300, { method: 'PUT', path: RULES });
      let before = h.botSaid(h.dm.id).length;
      await Promise.all([
        h.em.submitCard(h.admin.id, asked.id, {}, { actionTitle: 'Undo' }),
        h.em.submitCard(h.admin.id, asked.id, {}, { actionTitle: 'Undo' }),
      ]);
      await h.nextReply(h.dm.id, before + 1, 10_000);
      let said = h
        .botSaid(h.dm.id)
        .slice(before)
        .map((m) => m.markdown ?? '');
      assert.equal(said.filter((m) => /Voicemail rules updated/.test(m)).length, 1, said.join('\n---\n'));
      assert.equal(
        said.filter((m) => /already confirmed or cancelled/.test(m)).length,
        1,
        said.join('\n---\n'),
      );
      assert.equal(ownPuts().length, 2, 'the change and one undo');

      // Two admins, two undo cards for the same change: Alice in her space, Pat (who manages Acme) in his.
      await aliceSays('/voicemail set expire=50');
      await h.ask(h.patDm, h.pat, '/org use Acme Test Org');
      const alices = await aliceSays('/voicemail undo');
      const pats = await h.ask(h.patDm, h.pat, '/voicemail undo');
      assert.deepEqual(facts(pats), facts(alices));
      before = h.botSaid(h.dm.id).length;
      const patBefore = h.botSaid(h.patDm).length;
      await Promise.all([
        h.em.submitCard(h.admin.id, alices.id, {}, { actionTitle: 'Undo' }),
        h.em.submitCard(h.pat, pats.id, {}, { actionTitle: 'Undo' }),
      ]);
      said = [
        (await h.nextReply(h.dm.id, before, 10_000)).markdown ?? '',
        (await h.nextReply(h.patDm, patBefore, 10_000)).markdown ?? '',
      ];
      assert.equal(said.filter((m) => /Voicemail rules updated/.test(m)).length, 1, said.join('\n---\n'));
      assert.equal(
        said.filter((m) => /Nothing was changed[\s\S]*`\/voicemail undo`/.test(m)).length,
        1,
        said.join('\n---\n'),
      );
      assert.equal(ownPuts().length, 4, 'two changes, two undos, one each');
      assert.deepEqual(rules(h.org.id).expirePasscode, { enabled: true, numberOfDays: 90 });
    });

    it('a PIN: the one a change set goes off again with the discard warning; one it replaced cannot be restored, and no card is sent', async () => {
      seedAcme();
      const pins = ['591738', '684219'];
      assert.match((await aliceSays(`/voicemail set pin=${pins[0]}`)).markdown ?? '', /updated/);
      const offCard = await aliceSays('/voicemail undo');
      assert.deepEqual(facts(offCard), [
        { title: 'Default voicemail PIN', value: 'on → off (the stored PIN is discarded)' },
      ]);
      assert.ok(cardText(offCard).includes(PIN_DISCARD_WARNING));
      assert.match(cardText(offCard), /That change set the default PIN/);
      // Not pressed: a replaced PIN comes next.
      assert.match((await aliceSays(`/voicemail set pin=${pins[1]}`)).markdown ?? '', /updated/);
      const before = h.botSaid(h.dm.id).length;
      const replaced = await aliceSays('/voicemail undo');
      assert.equal(replaced.attachments, undefined, 'nothing to put back: no card');
      assert.match(
        plain(replaced.markdown),
        /^Org: Acme Test Org\n\nNothing to undo: every setting the change by Alice Admin at .* touched that I can put back already reads as it did before it\.\n\nNot put back:\n- \*\*Default PIN\*\*: the PIN that change replaced cannot be restored: Webex never returns a PIN, so I never had it$/,
      );
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(h.botSaid(h.dm.id).length, before + 1);
      // The older card was made before the PIN was replaced, which no read can show: it sends nothing.
      assert.match(
        (await press(h.dm.id, h.admin.id, offCard, 'Undo')).markdown ?? '',
        /Nothing was changed: the rules of Acme Test Org were changed through me after this card was made/,
      );
      assert.equal(h.em.storedPin(h.org.id), pins[1]);
      assert.equal(ownPuts().length, 2);
      const everything = [
        JSON.stringify(await h.store.dump()),
        ...h.botSaid(h.dm.id).map((m) => `${m.markdown} ${m.text} ${JSON.stringify(m.attachments ?? [])}`),
        h.logs.text(),
      ].join('\n');
      for (const p of pins) assert.ok(!everything.includes(p), `PIN ${p} leaked`);
    });

    it('the PIN set by a change is discarded when its undo is confirmed', async () => {
      seedAcme();
      await aliceSays('/voicemail set pin=591738');
      const asked = await aliceSays('/voicemail undo');
      const done = await press(h.dm.id, h.admin.id, asked, 'Undo');
      assert.match(
        plain(done.markdown),
        /Default voicemail PIN\*\*: on → off \(the stored PIN is discarded\)/,
      );
      assert.equal(rules(h.org.id).defaultVoicemailPinRules?.defaultVoicemailPinEnabled, false);
      assert.equal(h.em.storedPin(h.org.id), undefined);
      assert.deepEqual(ownPuts()[1]?.body, { defaultVoicemailPinEnabled: false });
      // Undoing that undo would turn the default PIN on again, which needs a new PIN: said, nothing sent.
      const redo = plain((await aliceSays('/voicemail undo')).markdown);
      assert.match(redo, /Nothing to undo/);
      assert.match(
        redo,
        /not turned on again: it was on, and turning it on needs a new PIN: give a new PIN with the `\/voicemail` form, or `\/voicemail set pin=…` in a 1:1 space with me/,
      );
      assert.equal(ownPuts().length, 2);
    });

    it('nothing to undo: no change yet, only a PIN reset, a change from before undo, values Webex no longer takes', async () => {
      const stream = `${h.store.prefix}history:${h.org.id}`;
      const none = plain((await aliceSays('/voicemail undo')).markdown);
      assert.equal(
        none,
        `${BANNER_ACME}\n\nNothing to undo: I have no change to these rules made through me. Say \`/voicemail history\` to see what I kept.`,
      );
      const by = { personId: h.admin.id, displayName: 'Alice Admin', email: 'alice@acme.test' };
      const org = { id: h.org.id, name: 'Acme Test Org' };
      const reset = {
        at: new Date().toISOString(),
        kind: 'reset',
        by,
        org,
        changes: [],
        pin: 'reset',
        person: { id: h.user.id, displayName: 'Uma User', email: 'uma@acme.test' },
        outcome: 'certain',
      };
      await h.store.redis.xadd(stream, '*', 'v', JSON.stringify(reset));
      assert.match(plain((await aliceSays('/voicemail undo')).markdown), /Nothing to undo: I have no change/);
      // An entry written before undo existed has no values: said, under the reset that is newer.
      const old = {
        at: '2026-01-02T03:04:05.000Z',
        kind: 'rules',
        by,
        org,
        changes: [{ setting: 'Passcode expiry', before: 'on, 180 days', after: 'on, 60 days' }],
        outcome: 'certain',
      };
      await h.store.redis.del(stream);
      await h.store.redis.xadd(stream, '*', 'v', JSON.stringify(old));
      await h.store.redis.xadd(stream, '*', 'v', JSON.stringify(reset));
      assert.equal(
        plain((await aliceSays('/voicemail undo')).markdown),
        `${BANNER_ACME}\n\nI cannot undo the change by Alice Admin at 2026-01-02 03:04 UTC: it was made before I kept the ` +
          'values an undo needs. Say `/voicemail history` to see what it changed, and `/voicemail set …` to set those settings back.',
      );
      // The emulator's new org stores expiry 180, above what a PUT takes: it cannot be put back as it was.
      await aliceSays('/voicemail set expire=60');
      const outOfRange = plain((await aliceSays('/voicemail undo')).markdown);
      assert.match(outOfRange, /^Org: Acme Test Org\n\nNothing to undo/);
      assert.match(
        outOfRange,
        /- \*\*Passcode expiry\*\*: not put back: it was on, 180 days before that change, and Webex takes only 15–100 days in a change now/,
      );
      assert.equal(ownPuts().length, 1, 'only the change itself');
    });

    it('a read-only admin and a non-admin are refused before anything is read; anything after undo gets its usage', async () => {
      seedAcme();
      await aliceSays('/voicemail set expire=60');
      const reads = rulesReads().length;
      const robDm = h.em.createRoom({ type: 'direct', memberIds: [h.readOnly.id, h.bot.id] }).id;
      assert.equal((await h.ask(robDm, h.readOnly.id, '/voicemail undo')).markdown, READ_ONLY_REFUSAL);
      await h.grant(h.user.id, [PEOPLE_READ]);
      const umaDm = h.em.createRoom({ type: 'direct', memberIds: [h.user.id, h.bot.id] }).id;
      assert.equal((await h.ask(umaDm, h.user.id, '/voicemail undo')).markdown, NOT_ADMIN);
      const usage = plain((await aliceSays('/voicemail undo last')).markdown);
      assert.match(usage, /`\/voicemail undo` does not take that after it/);
      assert.match(usage, /`\/voicemail undo`: put back what the last rules change/);
      assert.equal(rulesReads().length, reads);
      assert.match(plain((await aliceSays('/help')).markdown), /`\/voicemail undo`: put back/);
      assert.equal(ownPuts().length, 1);
    });

    it('a partner’s undo on a customer org goes to that org, under its banner', async () => {
      h.em.setVoicemailRules(h.globex.id, { expirePasscode: { enabled: true, numberOfDays: 90 } });
      await h.ask(h.patDm, h.pat, '/org use Globex');
      const set = await h.ask(h.patDm, h.pat, '/voicemail set expire=33');
      await press(h.patDm, h.pat, set, 'Confirm');
      const asked = await h.ask(h.patDm, h.pat, '/voicemail undo');
      assert.equal(
        (elements(card(asked))[0] as { items?: { text?: string }[] }).items?.[0]?.text,
        'Customer org: Globex, chosen with /org use',
      );
      assert.deepEqual(facts(asked), [{ title: 'Passcode expiry', value: 'on, 33 days → on, 90 days' }]);
      const done = await press(h.patDm, h.pat, asked, 'Undo');
      assert.equal(firstLine(done), BANNER_GLOBEX);
      assert.match(plain(done.markdown), /This undid the change by Pat Partner/);
      const sent = puts(h.globex.id);
      assert.equal(sent.length, 2);
      assert.deepEqual(sent[1]?.body, { expirePasscode: { enabled: true, numberOfDays: 90 } });
      assert.deepEqual(rules(h.globex.id).expirePasscode, { enabled: true, numberOfDays: 90 });
      assert.equal(ownPuts().length, 0, 'Acme untouched');
      const [undo] = await historyOf(h.globex.id);
      assert.equal(undo?.kind, 'undo');
      assert.deepEqual(await historyOf(h.org.id), []);
      // Globex's own admin sees Pat's undo as the newest change: her undo would make his change again.
      const ginas = await h.ask(h.ginaDm, h.gina, '/voicemail undo');
      assert.match(cardText(ginas), /Undo the undo by Pat Partner/);
    });

    it('a hostile display name is inert in the card, the outcome and the history', async () => {
      seedAcme();
      h.em.state.people.get(h.admin.id)!.displayName = HOSTILE;
      await aliceSays('/voicemail set expire=60');
      const asked = await aliceSays('/voicemail undo');
      const title = String(
        elements(card(asked)).find((e) => e.type === 'TextBlock' && e.size === 'Large')?.text,
      );
      const done = await press(h.dm.id, h.admin.id, asked, 'Undo');
      const undone = (done.markdown ?? '').split('\n').find((l) => l.includes('This undid')) ?? '';
      const listed =
        ((await aliceSays('/voicemail history')).markdown ?? '')
          .split('\n')
          .find((l) => l.includes('change undone by')) ?? '';
      for (const md of [title, undone, listed]) {
        const out = rendered(md);
        assert.equal(out.mentions, 0, md);
        assert.equal(out.linkable, false, md);
        assert.ok(!out.elements.includes('a'), md);
        assert.match(out.text, /Sign in again here/, md);
      }
    });

    it('a confirm pressed by someone else in a group space is refused; its owner’s press works', async () => {
      seedAcme();
      await aliceSays('/voicemail set expire=60');
      const asked = await h.ask(h.group.id, h.admin.id, '/voicemail undo', { mention: true });
      const other = await press(h.group.id, h.pat, asked, 'Undo');
      assert.match(
        plain(other.markdown),
        /Pat Partner, only the admin who asked for that change can confirm or cancel it, so nothing was changed/,
      );
      assert.equal(ownPuts().length, 1);
      const done = await press(h.group.id, h.admin.id, asked, 'Undo');
      assert.match(done.markdown ?? '', /Voicemail rules updated/);
      assert.equal(ownPuts().length, 2);
    });
  });

  it('signed out: carried on after sign-in, like /voicemail set', async () => {
    const plainHarness = await startHarness({ oauth: true });
    h = plainHarness as Harness & PartnerWorld;
    await h.grant(h.admin.id);
    seedAcme();
    await aliceSays('/voicemail set expire=60');
    await h.running.tokens.delete(h.admin.id);
    const asked = await aliceSays('/voicemail undo');
    assert.match(plain(asked.markdown), /Once you are signed in I’ll carry on with `\/voicemail undo`/);
    const before = h.botSaid(h.dm.id).length;
    await followSignIn(h.em, signInLink(asked.markdown), h.admin.id);
    await h.nextReply(h.dm.id, before + 1, 10_000);
    const carried = h.botSaid(h.dm.id)[before + 1] as Reply;
    assert.deepEqual(facts(carried), [{ title: 'Passcode expiry', value: 'on, 60 days → on, 90 days' }]);
    assert.match((await press(h.dm.id, h.admin.id, carried, 'Undo')).markdown ?? '', /updated/);
    assert.equal(ownPuts().length, 2);
  });
});
