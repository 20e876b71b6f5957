import assert from 'node:assert/strict';
import { startHarness, type Harness, type Reply } from '../helpers/bot-harness.js';
import { PEOPLE_READ, TELEPHONY_READ } from '../../src/auth/scopes.js';
import { cardInputs, cardOf } from '../helpers/card-inputs.js';

const RULES = '/v1/telephony/config/voicemail/rules';
const puts = (h: Harness) => h.em.requests.filter((r) => r.method === 'PUT' && r.path === RULES);

/** Elements a person sees as the card opens: none inside a container that starts hidden. */
function shown(card: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const el = node as Record<string, unknown>;
    if (el.isVisible === false) return;
    if (typeof el.type === 'string') out.push(el);
    for (const key of ['body', 'items', 'columns']) visit(el[key]);
  };
  visit((card as { body?: unknown }).body);
  return out;
}

const texts = (card: unknown): string[] =>
  shown(card)
    .filter((e) => e.type === 'TextBlock')
    .map((e) => String(e.text));

describe('the form fits the settings (real framework + emulator + real Redis)', function () {
  this.timeout(30_000);
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
    await h.grant(h.admin.id);
  });
  afterEach(async () => {
    await h?.close();
  });

  const puts = () => h.em.requests.filter((r) => r.method === 'PUT' && r.path === RULES);
  const askForm = (roomId = h.dm.id) =>
    h.ask(roomId, h.admin.id, '/voicemail', { mention: roomId === h.group.id });

  describe('a number whose setting is off', () => {
    it('is hidden on the form, and a value in it is neither sent nor said to be changed', async () => {
      // A new org: expiry on at 180, the change limit off (1 day), previous passcodes on at 10.
      const form = await askForm();
      const card = cardOf(form);
      const visibleIds = new Set(shown(card).map((e) => e.id));
      assert.ok(!visibleIds.has('changePasscodeDays'), 'the change limit is off: its days are hidden');
      assert.ok(visibleIds.has('changePasscodeEnabled'));
      assert.ok(visibleIds.has('expirePasscodeDays') && visibleIds.has('blockPreviousPasscodesCount'));
      assert.ok(texts(card).some((t) => /^Choose the number of days \(now 1 day\)$/.test(t)));

      // A Webex client submits hidden inputs too: a day typed there (or left by a tampered client) rides along.
      const reply = await h.submit(h.dm.id, h.admin.id, form, {
        expirePasscodeDays: '60',
        changePasscodeDays: '5',
      });
      assert.equal(puts().length, 1);
      assert.deepEqual(puts()[0]?.body, { expirePasscode: { enabled: true, numberOfDays: 60 } });
      const md = reply.markdown ?? '';
      assert.match(md, /Passcode expiry\*\*: on, 180 days → on, 60 days/);
      assert.doesNotMatch(md, /Minimum time between passcode changes|5 days/);
    });

    it('alone is "nothing to change", with no PUT', async () => {
      const form = await askForm();
      const reply = await h.submit(h.dm.id, h.admin.id, form, { changePasscodeDays: '6' });
      assert.match(reply.markdown ?? '', /Nothing to change/);
      assert.equal(puts().length, 0);
    });

    it('keeps its stored number when the setting is turned on without opening the field', async () => {
      h.em.setVoicemailRules(h.org.id, { changePasscode: { enabled: false, numberOfDays: 3 } });
      const form = await askForm();
      const reply = await h.submit(h.dm.id, h.admin.id, form, { changePasscodeEnabled: 'true' });
      assert.deepEqual(puts()[0]?.body, { changePasscode: { enabled: true, numberOfDays: 3 } });
      assert.match(reply.markdown ?? '', /Minimum time between passcode changes\*\*: off → on, 3 days/);
    });
  });

  describe('a refused PIN', () => {
    /** The PIN field's own items: the input and what sits right under it. */
    const atPinField = (card: unknown) => {
      const all = shown(card);
      const at = all.findIndex((e) => e.id === 'defaultVoicemailPin');
      return { input: all[at]!, next: all[at + 1] };
    };

    it('by the bot’s check: a new form flags the PIN field with the reason and asks for a different PIN', async () => {
      const form = await askForm();
      const again = await h.submit(h.dm.id, h.admin.id, form, {
        expirePasscodeDays: '60',
        blockPreviousPasscodesCount: '4',
        defaultVoicemailPinEnabled: 'true',
        defaultVoicemailPin: '123456',
      });
      assert.equal(puts().length, 0);
      assert.notEqual(again.id, form.id, 'a new card');
      assert.ok(!h.em.messages(h.dm.id).some((m) => m.id === form.id), 'the old one is gone');
      const card = cardOf(again);
      const { input, next } = atPinField(card);
      assert.match(String(input.label), /enter a different PIN/);
      assert.equal(input.placeholder, 'enter a different PIN');
      assert.equal(input.value, undefined, 'the PIN is never echoed');
      assert.equal(next?.color, 'Attention');
      assert.match(String(next?.text), /ascending/);
      assert.ok(!JSON.stringify(card).includes('123456'));
      // What else was typed is kept.
      const inputs = cardInputs(card);
      assert.equal(inputs.get('expirePasscodeDays')?.value, 60);
      assert.equal(inputs.get('blockPreviousPasscodesCount')?.value, 4);
      assert.equal(inputs.get('defaultVoicemailPinEnabled')?.value, 'true');
      assert.ok(texts(card).includes('Not saved. Please fix what is marked below.'));
    });

    it('by Webex: the same, with Webex’s reason at the PIN field', async () => {
      const form = await askForm();
      h.em.injectFault({
        method: 'PUT',
        path: RULES,
        status: 400,
        body: {
          message: 'Invalid PIN',
          errors: [{ description: 'The PIN is on the list of common PINs.' }],
          trackingId: 'EMU_pin_refused',
        },
      });
      const before = h.botSaid(h.dm.id).length;
      await h.em.submitCard(h.admin.id, form.id, {
        defaultVoicemailPinEnabled: 'true',
        defaultVoicemailPin: '591738',
        expirePasscodeDays: '45',
      });
      const said = await h.nextReply(h.dm.id, before);
      assert.match(
        said.markdown ?? '',
        /Not changed: Webex said “The PIN is on the list of common PINs\\?\.”/,
      );
      const again = await h.nextReply(h.dm.id, before + 1);
      const card = cardOf(again);
      const { input, next } = atPinField(card);
      assert.match(String(input.label), /enter a different PIN/);
      assert.equal(input.placeholder, 'enter a different PIN');
      assert.match(String(next?.text), /Webex refused it\\?: The PIN is on the list of common PINs/);
      assert.equal(cardInputs(card).get('expirePasscodeDays')?.value, 45);
      assert.ok(!JSON.stringify(h.botSaid(h.dm.id)).includes('591738'));
      assert.equal(h.em.storedPin(h.org.id), undefined);
    });
  });

  describe('the default PIN in the outcome', () => {
    it('a new PIN where one existed reads "replaced (not shown)"; a first one "set (not shown)"', async () => {
      const first = await askForm();
      const set = await h.submit(h.dm.id, h.admin.id, first, {
        defaultVoicemailPinEnabled: 'true',
        defaultVoicemailPin: '591738',
      });
      assert.match(set.markdown ?? '', /\*\*Default PIN\*\*: set \(not shown\)/);
      assert.doesNotMatch(set.markdown ?? '', /replaced/);

      const second = await askForm();
      const replaced = await h.submit(h.dm.id, h.admin.id, second, { defaultVoicemailPin: '604829' });
      assert.match(replaced.markdown ?? '', /\*\*Default PIN\*\*: replaced \(not shown\)/);
      assert.equal(h.em.storedPin(h.org.id), '604829');
      const all = JSON.stringify(h.botSaid(h.dm.id));
      assert.ok(!all.includes('591738') && !all.includes('604829'), 'never echoed');
    });

    it('the form warns next to the toggle, while a PIN is stored, that turning it off discards it', async () => {
      const without = cardOf(await askForm());
      assert.ok(!texts(without).some((t) => /discards the stored PIN/.test(t)), 'no PIN stored yet');
      h.em.setVoicemailRules(h.org.id, { defaultVoicemailPinEnabled: true, defaultVoicemailPin: '591738' });
      const form = await askForm();
      const all = shown(cardOf(form));
      const toggle = all.findIndex((e) => e.id === 'defaultVoicemailPinEnabled');
      assert.match(String(all[toggle + 1]?.text), /Turning the default PIN off discards the stored PIN/);
      const off = await h.submit(h.dm.id, h.admin.id, form, { defaultVoicemailPinEnabled: 'false' });
      assert.deepEqual(puts()[0]?.body, { defaultVoicemailPinEnabled: false });
      assert.match(off.markdown ?? '', /Default voicemail PIN\*\*: on → off \(the stored PIN is discarded\)/);
      assert.equal(h.em.storedPin(h.org.id), undefined);
    });

    it('/voicemail set pin-enabled=off says the PIN is discarded and waits for "confirm"', async () => {
      h.em.setVoicemailRules(h.org.id, { defaultVoicemailPinEnabled: true, defaultVoicemailPin: '591738' });
      const asked = await h.ask(h.dm.id, h.admin.id, '/voicemail set pin-enabled=off expire=60');
      const md = asked.markdown ?? '';
      assert.match(
        md,
        /^Org: Acme Test Org\n\nNot changed yet\. Turning the default PIN off discards the stored PIN/,
      );
      assert.match(md, /`\/voicemail set pin-enabled=off expire=60 confirm`/);
      assert.equal(puts().length, 0);
      assert.equal(h.em.storedPin(h.org.id), '591738');

      const done = await h.ask(h.dm.id, h.admin.id, '/voicemail set pin-enabled=off expire=60 confirm');
      assert.deepEqual(puts()[0]?.body, {
        defaultVoicemailPinEnabled: false,
        expirePasscode: { enabled: true, numberOfDays: 60 },
      });
      assert.match(done.markdown ?? '', /on → off \(the stored PIN is discarded\)/);
      assert.equal(h.em.storedPin(h.org.id), undefined);

      // Nothing to discard: other changes need no confirmation.
      const plain = await h.ask(h.dm.id, h.admin.id, '/voicemail set history=3');
      assert.match(plain.markdown ?? '', /updated/);
      assert.equal(puts().length, 2);
    });
  });
});

describe('turning a customer org’s default PIN off (real framework + emulator + real Redis)', function () {
  this.timeout(30_000);
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('the confirmation card shown before a customer-org change says the stored PIN is discarded', async () => {
    let pat = '';
    let patDm = '';
    let globex = '';
    h = await startHarness({
      seed: (w) => {
        globex = w.em.createOrg({ displayName: 'Globex' }).id;
        const partnerOrg = w.em.createOrg({ displayName: 'Partner Services' });
        pat = w.em.createPerson({
          email: 'pat@partner.test',
          displayName: 'Pat Partner',
          orgId: partnerOrg.id,
          role: 'full_admin',
          managedOrgIds: [globex],
        }).id;
        patDm = w.em.createRoom({ type: 'direct', memberIds: [pat, w.bot.id] }).id;
      },
    });
    await h.grant(pat);
    h.em.setVoicemailRules(globex, { defaultVoicemailPinEnabled: true, defaultVoicemailPin: '591738' });
    assert.match((await h.ask(patDm, pat, '/org use globex')).markdown ?? '', /Globex/);
    const preview = await h.ask(patDm, pat, '/voicemail set pin-enabled=off');
    assert.ok(preview.attachments?.length, 'a confirmation card');
    assert.match(JSON.stringify(cardOf(preview)), /on → off \(the stored PIN is discarded\)/);
    assert.match(preview.markdown ?? '', /on → off \(the stored PIN is discarded\)/);
    assert.equal(puts(h).length, 0);
    assert.equal(h.em.storedPin(globex), '591738');
  });
});

describe('forms in group spaces (real framework + emulator + real Redis)', function () {
  this.timeout(30_000);
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
    await h.grant(h.admin.id);
  });
  afterEach(async () => {
    await h?.close();
  });

  const puts = () => h.em.requests.filter((r) => r.method === 'PUT' && r.path === RULES);
  const parentOf = (id: string) => h.em.state.messages.get(id)?.parentId;

  async function groupForm(): Promise<{ asked: { id: string }; form: Reply }> {
    const before = h.botSaid(h.group.id).length;
    const asked = await h.em.say(h.admin.id, h.group.id, 'Voicemail Bot /voicemail', {
      mention: [h.bot.id],
    });
    return { asked, form: await h.nextReply(h.group.id, before) };
  }

  it('a form says on its face whose it is; a 1:1 form does not need to', async () => {
    const { form } = await groupForm();
    assert.ok(texts(cardOf(form)).includes('Only Alice Admin can save this form.'));
    const direct = await h.ask(h.dm.id, h.admin.id, '/voicemail');
    assert.ok(!JSON.stringify(cardOf(direct)).includes('can save this form'));
  });

  it('a refused submit names the owner and gives advice that fits the person who pressed', async () => {
    const other = h.em.createPerson({
      email: 'ada@acme.test',
      displayName: 'Ada Admin',
      orgId: h.org.id,
      role: 'full_admin',
    });
    h.em.addMember(h.group.id, other.id);
    await h.grant(other.id);
    await h.grant(h.readOnly.id, [TELEPHONY_READ, PEOPLE_READ]);
    const { form } = await groupForm();
    const press = async (who: string) =>
      (await h.submit(h.group.id, who, form, { expirePasscodeDays: '30' })).markdown ?? '';

    const full = await press(other.id);
    assert.match(
      full,
      /^Ada Admin, that form belongs to Alice Admin: only they can save it, so nothing was changed\./,
    );
    assert.match(full, /Say `\/voicemail` to get a form of your own\./);

    const reader = await press(h.readOnly.id);
    assert.match(reader, /^Rob Reader, that form belongs to Alice Admin/);
    assert.match(
      reader,
      /Only a full administrator can change these rules; you can view them with `\/voicemail show`\./,
    );
    assert.doesNotMatch(reader, /form of your own|get your own/, 'theirs could not save either');

    const signedOut = await press(h.user.id);
    assert.match(signedOut, /^Uma User, that form belongs to Alice Admin/);
    assert.match(signedOut, /This bot is for Webex Calling administrators/);

    await h.grant(h.user.id, [PEOPLE_READ]);
    const notAdmin = await press(h.user.id);
    assert.match(notAdmin, /This bot is for Webex Calling administrators\.$/);
    assert.doesNotMatch(notAdmin, /\/voicemail/);

    assert.equal(puts().length, 0);
    // Still Alice's to use.
    const saved = await h.submit(h.group.id, h.admin.id, form, { expirePasscodeDays: '30' });
    assert.match(saved.markdown ?? '', /updated/);
    assert.equal(puts().length, 1);
  });

  it('replies to a card go to the thread the typed command was answered in', async () => {
    await h.grant(h.readOnly.id, [TELEPHONY_READ, PEOPLE_READ]);
    const { asked, form } = await groupForm();
    assert.equal(parentOf(form.id), asked.id, 'the form answers the command in its thread');

    const refusal = await h.submit(h.group.id, h.readOnly.id, form, { expirePasscodeDays: '30' });
    assert.equal(parentOf(refusal.id), asked.id, 'a refusal');
    const again = await h.submit(
      h.group.id,
      h.admin.id,
      form,
      { expirePasscodeDays: '120' },
      { skipValidation: true },
    );
    assert.ok(cardOf(again), 'a form given back');
    assert.equal(parentOf(again.id), asked.id, 'the form given back');
    h.em.injectFault({ method: 'PUT', path: RULES, status: 503, count: 4 });
    const failed = await h.submit(h.group.id, h.admin.id, again, { expirePasscodeDays: '30' });
    assert.match(failed.markdown ?? '', /try again/i);
    assert.equal(parentOf(failed.id), asked.id, 'an error after a card action');
    const saved = await h.submit(h.group.id, h.admin.id, again, { expirePasscodeDays: '30' });
    assert.match(saved.markdown ?? '', /updated/);
    assert.equal(parentOf(saved.id), asked.id, 'the outcome');

    // The rules card's "Change settings" is answered in its thread too.
    const before = h.botSaid(h.group.id).length;
    const show = await h.em.say(h.admin.id, h.group.id, 'Voicemail Bot /voicemail show', {
      mention: [h.bot.id],
    });
    const summary = await h.nextReply(h.group.id, before);
    assert.equal(parentOf(summary.id), show.id);
    const edit = await h.submit(h.group.id, h.admin.id, summary, {}, { actionTitle: 'Change settings' });
    assert.ok(cardInputs(cardOf(edit)).has('expirePasscodeDays'));
    assert.equal(parentOf(edit.id), show.id);
  });

  it('in a 1:1 space neither typed commands nor card presses are answered in a thread', async () => {
    const form = await h.ask(h.dm.id, h.admin.id, '/voicemail');
    const again = await h.submit(h.dm.id, h.admin.id, form, { defaultVoicemailPin: '111111' });
    const saved = await h.submit(h.dm.id, h.admin.id, again, { expirePasscodeDays: '30' });
    for (const m of [form, again, saved]) assert.equal(parentOf(m.id), undefined);
    // No look-up of the card is needed where there are no threads.
    assert.ok(
      !h.em.requests.some(
        (r) => r.method === 'GET' && r.path === `/v1/messages/${form.id}` && r.personId === h.bot.id,
      ),
    );
  });
});
