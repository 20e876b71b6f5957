import assert from 'node:assert/strict';
import { checkUpdate } from '../../../src/voicemail/check-update.js';
import type { RulesSettings } from '../../../src/voicemail/rules.js';

const before: RulesSettings = {
  defaultVoicemailPinEnabled: false,
  expirePasscode: { enabled: true, numberOfDays: 100 },
  changePasscode: { enabled: true, numberOfDays: 1 },
  blockPreviousPasscodes: { enabled: false, numberOfPasscodes: 10 },
};
const withChanges = (patch: Partial<RulesSettings>): RulesSettings => ({
  ...structuredClone(before),
  ...patch,
});

describe('checkUpdate (what a read-back shows of a PUT whose answer never came)', () => {
  const update = {
    expirePasscode: { enabled: true, numberOfDays: 60 },
    blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 5 },
  };

  it('all asked settings held: "all"', () => {
    const now = withChanges({
      expirePasscode: { enabled: true, numberOfDays: 60 },
      blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 5 },
    });
    const check = checkUpdate(update, before, now);
    assert.equal(check.verdict, 'all');
    assert.deepEqual(check.inPlace, ['Passcode expiry', 'Block reuse of previous passcodes']);
  });

  it('nothing held: "none"', () => {
    assert.equal(checkUpdate(update, before, before).verdict, 'none');
  });

  it('one of two held: "some", naming each', () => {
    const check = checkUpdate(
      update,
      before,
      withChanges({ expirePasscode: { enabled: true, numberOfDays: 60 } }),
    );
    assert.equal(check.verdict, 'some');
    assert.deepEqual(check.inPlace, ['Passcode expiry']);
    assert.deepEqual(check.notInPlace, ['Block reuse of previous passcodes']);
  });

  it('a number only sent with the flag (turning off) is checked on the flag alone', () => {
    const check = checkUpdate(
      { expirePasscode: { enabled: false } },
      withChanges({ expirePasscode: { enabled: true, numberOfDays: 180 } }),
      withChanges({ expirePasscode: { enabled: false, numberOfDays: 180 } }),
    );
    assert.equal(check.verdict, 'all');
  });

  it('a PIN alone cannot be checked, and the flag sent with it proves nothing when it was already on', () => {
    const on = withChanges({ defaultVoicemailPinEnabled: true });
    const check = checkUpdate({ defaultVoicemailPinEnabled: true, defaultVoicemailPin: '591738' }, on, on);
    assert.equal(check.verdict, 'unconfirmed');
    assert.equal(check.pinUnchecked, true);
  });

  it('turning the PIN on with a PIN: the flag is checked, the PIN is reported unchecked', () => {
    const check = checkUpdate(
      { defaultVoicemailPinEnabled: true, defaultVoicemailPin: '591738' },
      before,
      withChanges({ defaultVoicemailPinEnabled: true }),
    );
    assert.equal(check.verdict, 'all');
    assert.equal(check.pinUnchecked, true);
  });

  it('a setting the read-back does not report is neither in place nor missing', () => {
    const now: RulesSettings = { ...withChanges({}), expirePasscode: undefined } as unknown as RulesSettings;
    const check = checkUpdate({ expirePasscode: { enabled: true, numberOfDays: 60 } }, before, now);
    assert.equal(check.verdict, 'unconfirmed');
    assert.deepEqual(check.unreported, ['Passcode expiry']);
  });
});
