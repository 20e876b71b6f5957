import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { cardInputs, cardOf } from '../helpers/card-inputs.js';
import { cardProblems } from '../helpers/adaptive-card-check.js';

const RULES = '/v1/telephony/config/voicemail/rules';

describe('rules Webex reports only in part (every GET field is optional in its spec)', function () {
  this.timeout(30_000);
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
    await h.grant(h.admin.id);
    h.em.setVoicemailRules(h.org.id, {
      defaultVoicemailPinEnabled: true,
      expirePasscode: { enabled: true, numberOfDays: 100 },
      changePasscode: { enabled: true, numberOfDays: 1 },
      blockPreviousPasscodes: { enabled: false, numberOfPasscodes: 10 },
    });
    h.em.omitRulesFields([
      'expirePasscode',
      'changePasscode.numberOfDays',
      'defaultVoicemailPinRules.defaultVoicemailPinEnabled',
      'defaultVoicemailPinRules.length',
      'defaultVoicemailPinRules.blockRepeatedPatternsEnabled',
    ]);
  });
  afterEach(async () => h?.close());

  const puts = () => h.em.requests.filter((r) => r.method === 'PUT' && r.path === RULES);

  const ask = (text: string) => h.ask(h.dm.id, h.admin.id, text);
  const submit = (form: { id: string }, changes: Record<string, string>) =>
    h.submit(h.dm.id, h.admin.id, form, changes);

  it('/voicemail show: each missing setting reads "not reported by Webex", the rest as Webex has it', async () => {
    const reply = await ask('/voicemail show');
    const md = reply.markdown ?? '';
    assert.match(md, /\*\*Passcode expiry\*\*: not reported by Webex/);
    assert.match(md, /\*\*Default voicemail PIN\*\*: not reported by Webex/);
    assert.match(md, /\*\*Minimum time between passcode changes\*\*: on \(number not reported by Webex\)/);
    assert.match(md, /\*\*Block reuse of previous passcodes\*\*: off/);
    assert.match(md, /PIN length.*not reported by Webex/);
    const card = JSON.stringify(cardOf(reply));
    assert.match(card, /"title":"Passcode expiry","value":"not reported by Webex"/);
    assert.deepEqual(cardProblems(cardOf(reply)), []);
  });

  it('/voicemail: a valid form; changing one known setting sends only that one', async () => {
    const form = await ask('/voicemail');
    const card = cardOf(form);
    assert.deepEqual(cardProblems(card), []);
    const inputs = cardInputs(card);
    assert.equal(inputs.get('expirePasscodeEnabled')?.value, 'false');
    assert.equal(inputs.get('expirePasscodeDays')?.value ?? null, null);
    assert.equal(inputs.get('expirePasscodeDays')?.isRequired, false);
    assert.equal(inputs.get('changePasscodeEnabled')?.value, 'true');
    assert.match(JSON.stringify(card), /did not report this setting/);

    const reply = await submit(form, {
      blockPreviousPasscodesEnabled: 'true',
      blockPreviousPasscodesCount: '5',
    });
    assert.match(reply.markdown ?? '', /Voicemail rules updated/);
    assert.equal(puts().length, 1);
    assert.deepEqual(puts()[0]!.body, { blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 5 } });
  });

  it('/voicemail: a missing setting the admin fills in is sent', async () => {
    const form = await ask('/voicemail');
    const reply = await submit(form, { expirePasscodeEnabled: 'true', expirePasscodeDays: '60' });
    assert.deepEqual(puts()[0]!.body, { expirePasscode: { enabled: true, numberOfDays: 60 } });
    assert.match(reply.markdown ?? '', /\*\*Passcode expiry\*\*: not reported by Webex → on, 60 days/);
  });

  it('/voicemail set: a missing setting can be set, and a PIN alone goes with the flag on', async () => {
    const off = await ask('/voicemail set expire=off');
    assert.match(off.markdown ?? '', /Passcode expiry\*\*: not reported by Webex → off/);
    assert.deepEqual(puts()[0]!.body, { expirePasscode: { enabled: false } });

    const pin = await ask('/voicemail set pin=591738');
    assert.match(pin.markdown ?? '', /updated/);
    assert.deepEqual(Object.keys(puts()[1]!.body as object).sort(), [
      'defaultVoicemailPin',
      'defaultVoicemailPinEnabled',
    ]);
    assert.equal(
      (puts()[1]!.body as { defaultVoicemailPinEnabled: boolean }).defaultVoicemailPinEnabled,
      true,
    );
  });
});
