import assert from 'node:assert/strict';

import { desiredFromForm, formSubmissionSchema } from '../../../src/voicemail/form-input.js';
import { discardsDefaultPin, planUpdate, type PlanResult } from '../../../src/voicemail/plan-update.js';
import { rulesUpdateSchema, type DesiredSettings, type RulesSettings } from '../../../src/voicemail/rules.js';
import { pinRules, settings, settingsWithStored180 } from '../../helpers/voicemail-fixtures.js';

const rules = pinRules();

/** What the form submits when the admin changes nothing: the stored settings, as strings. */
const unchangedForm = (s: RulesSettings): DesiredSettings =>
  desiredFromForm(
    formSubmissionSchema.parse({
      defaultVoicemailPinEnabled: String(s.defaultVoicemailPinEnabled),
      defaultVoicemailPin: '',
      expirePasscodeEnabled: String(s.expirePasscode!.enabled),
      expirePasscodeDays: String(s.expirePasscode!.numberOfDays),
      changePasscodeEnabled: String(s.changePasscode!.enabled),
      changePasscodeDays: String(s.changePasscode!.numberOfDays),
      blockPreviousPasscodesEnabled: String(s.blockPreviousPasscodes!.enabled),
      blockPreviousPasscodesCount: String(s.blockPreviousPasscodes!.numberOfPasscodes),
    }),
  );

function expectOk(result: PlanResult) {
  if (!result.ok) assert.fail(`expected ok, got ${JSON.stringify(result.errors)}`);
  // Every body planUpdate produces is one the PUT accepts.
  assert.equal(rulesUpdateSchema.safeParse(result.update).success, true, JSON.stringify(result.update));
  return result;
}

function expectErrors(result: PlanResult) {
  if (result.ok) assert.fail(`expected errors, got ${JSON.stringify(result.update)}`);
  return result.errors;
}

describe('planUpdate', () => {
  describe('nothing to change', () => {
    it('for an empty request', () => {
      assert.deepEqual(expectOk(planUpdate({}, settings(), rules)), { ok: true, update: {}, changes: [] });
    });

    it('for a form submitted as it was sent', () => {
      const current = settings();
      assert.deepEqual(expectOk(planUpdate(unchangedForm(current), current, rules)).update, {});
    });

    it('for a form submitted as it was sent with a stored expiry of 180 (shown, not rejected)', () => {
      for (const enabled of [true, false]) {
        const current = settingsWithStored180(enabled);
        assert.deepEqual(expectOk(planUpdate(unchangedForm(current), current, rules)), {
          ok: true,
          update: {},
          changes: [],
        });
      }
    });

    it('when the requested values equal the stored ones', () => {
      const result = planUpdate({ expirePasscode: { enabled: true, numberOfDays: 100 } }, settings(), rules);
      assert.deepEqual(expectOk(result).update, {});
    });
  });

  describe('sections', () => {
    it('sends only the changed section, with its flag and number', () => {
      const result = expectOk(planUpdate({ expirePasscode: { numberOfDays: 60 } }, settings(), rules));
      assert.deepEqual(result.update, { expirePasscode: { enabled: true, numberOfDays: 60 } });
      assert.deepEqual(result.changes, [
        { setting: 'Passcode expiry', before: 'on, 100 days', after: 'on, 60 days' },
      ]);
    });

    it('turns a section on with its stored number', () => {
      const result = expectOk(planUpdate({ blockPreviousPasscodes: { enabled: true } }, settings(), rules));
      assert.deepEqual(result.update, { blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 10 } });
      assert.deepEqual(result.changes, [
        { setting: 'Block reuse of previous passcodes', before: 'off', after: 'on, 10 passcodes' },
      ]);
    });

    it('turns a section off, sending its in-range number too', () => {
      const result = expectOk(planUpdate({ changePasscode: { enabled: false } }, settings(), rules));
      assert.deepEqual(result.update, { changePasscode: { enabled: false, numberOfDays: 1 } });
      assert.deepEqual(result.changes, [
        { setting: 'Minimum time between passcode changes', before: 'on, 1 day', after: 'off' },
      ]);
    });

    it('a number given for a section that stays off is no change: not sent, not listed, not checked', () => {
      for (const numberOfPasscodes of [5, 0, 11]) {
        assert.deepEqual(
          expectOk(planUpdate({ blockPreviousPasscodes: { numberOfPasscodes } }, settings(), rules)),
          { ok: true, update: {}, changes: [] },
        );
      }
    });

    it('a number given while turning a section off is ignored: the stored number goes with the flag', () => {
      const result = expectOk(
        planUpdate({ changePasscode: { enabled: false, numberOfDays: 5 } }, settings(), rules),
      );
      assert.deepEqual(result.update, { changePasscode: { enabled: false, numberOfDays: 1 } });
      assert.deepEqual(result.changes, [
        { setting: 'Minimum time between passcode changes', before: 'on, 1 day', after: 'off' },
      ]);
    });

    it('accepts the ends of every range', () => {
      const desired: DesiredSettings = {
        expirePasscode: { numberOfDays: 15 },
        changePasscode: { numberOfDays: 7 },
        blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 1 },
      };
      assert.deepEqual(expectOk(planUpdate(desired, settings(), rules)).update, {
        expirePasscode: { enabled: true, numberOfDays: 15 },
        changePasscode: { enabled: true, numberOfDays: 7 },
        blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 1 },
      });
    });

    const outOfRange: [string, DesiredSettings, string, string, string][] = [
      [
        'expiry 120',
        { expirePasscode: { numberOfDays: 120 } },
        'expirePasscodeDays',
        'expire',
        'Passcode expiry must be 15–100 days (got 120)',
      ],
      [
        'expiry 14',
        { expirePasscode: { numberOfDays: 14 } },
        'expirePasscodeDays',
        'expire',
        'Passcode expiry must be 15–100 days (got 14)',
      ],
      [
        'change 0',
        { changePasscode: { numberOfDays: 0 } },
        'changePasscodeDays',
        'change',
        'Minimum time between passcode changes must be 1–7 days (got 0)',
      ],
      [
        'change 8',
        { changePasscode: { numberOfDays: 8 } },
        'changePasscodeDays',
        'change',
        'Minimum time between passcode changes must be 1–7 days (got 8)',
      ],
      [
        'history 11',
        { blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 11 } },
        'blockPreviousPasscodesCount',
        'history',
        'Number of previous passcodes to block must be 1–10 (got 11)',
      ],
      [
        'history 0 while turning it on',
        { blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 0 } },
        'blockPreviousPasscodesCount',
        'history',
        'Number of previous passcodes to block must be 1–10 (got 0)',
      ],
      [
        'a fraction',
        { changePasscode: { numberOfDays: 2.5 } },
        'changePasscodeDays',
        'change',
        'Minimum time between passcode changes must be a whole number, 1–7 days (got 2.5)',
      ],
    ];
    for (const [name, desired, field, key, message] of outOfRange) {
      it(`rejects ${name}, naming the field and the range`, () => {
        assert.deepEqual(expectErrors(planUpdate(desired, settings(), rules)), [{ field, key, message }]);
      });
    }
  });

  describe('a stored number outside the PUT range (expiry 180)', () => {
    it('is not validated while it is left alone', () => {
      const result = planUpdate({ changePasscode: { numberOfDays: 3 } }, settingsWithStored180(), rules);
      assert.deepEqual(expectOk(result).update, { changePasscode: { enabled: true, numberOfDays: 3 } });
    });

    it('turning the section off sends only the flag', () => {
      const result = expectOk(
        planUpdate({ expirePasscode: { enabled: false } }, settingsWithStored180(), rules),
      );
      assert.deepEqual(result.update, { expirePasscode: { enabled: false } });
      assert.deepEqual(result.changes, [
        { setting: 'Passcode expiry', before: 'on, 180 days', after: 'off' },
      ]);
    });

    it('turning it off from the form (number left at 180) sends only the flag', () => {
      const desired = {
        ...unchangedForm(settingsWithStored180()),
        expirePasscode: { enabled: false, numberOfDays: 180 },
      };
      assert.deepEqual(expectOk(planUpdate(desired, settingsWithStored180(), rules)).update, {
        expirePasscode: { enabled: false },
      });
    });

    it('turning it off with a new number, in range or not, sends only the flag', () => {
      for (const numberOfDays of [60, 150]) {
        const desired = { expirePasscode: { enabled: false, numberOfDays } };
        const result = expectOk(planUpdate(desired, settingsWithStored180(), rules));
        assert.deepEqual(result.update, { expirePasscode: { enabled: false } });
        assert.deepEqual(result.changes, [
          { setting: 'Passcode expiry', before: 'on, 180 days', after: 'off' },
        ]);
      }
    });

    it('turning it on without choosing a number in range is an error', () => {
      const result = planUpdate({ expirePasscode: { enabled: true } }, settingsWithStored180(false), rules);
      assert.deepEqual(expectErrors(result), [
        {
          field: 'expirePasscodeDays',
          key: 'expire',
          message: 'Passcode expiry must be 15–100 days to turn it on (currently 180)',
        },
      ]);
    });

    it('turning it on with a number in range is fine', () => {
      const result = planUpdate(
        { expirePasscode: { enabled: true, numberOfDays: 90 } },
        settingsWithStored180(false),
        rules,
      );
      assert.deepEqual(expectOk(result).update, { expirePasscode: { enabled: true, numberOfDays: 90 } });
    });
  });

  describe('the default PIN', () => {
    const pinError = (message: string) => ({ field: 'defaultVoicemailPin', key: 'pin', message });

    it('sets a new PIN while it stays on, sent with the flag on as every Webex client does, never echoed', () => {
      const result = expectOk(planUpdate({ defaultVoicemailPin: '805163' }, settings(), rules));
      assert.deepEqual(result.update, { defaultVoicemailPinEnabled: true, defaultVoicemailPin: '805163' });
      // A default PIN that is on has a PIN: the new one replaces it.
      assert.deepEqual(result.changes, [{ setting: 'Default PIN', after: 'replaced (not shown)' }]);
      assert.ok(!JSON.stringify(result.changes).includes('805163'));
    });

    it('never sends a PIN without defaultVoicemailPinEnabled: true', () => {
      const on = settings();
      const off = settings({ defaultVoicemailPinEnabled: false });
      const asked: [DesiredSettings, RulesSettings][] = [
        [{ defaultVoicemailPin: '805163' }, on],
        [{ defaultVoicemailPinEnabled: true, defaultVoicemailPin: '805163' }, on],
        [{ defaultVoicemailPinEnabled: true, defaultVoicemailPin: '805163' }, off],
        [{ ...unchangedForm(on), defaultVoicemailPin: '805163', expirePasscode: { numberOfDays: 60 } }, on],
      ];
      for (const [desired, current] of asked) {
        const { update } = expectOk(planUpdate(desired, current, rules));
        assert.equal(update.defaultVoicemailPin, '805163');
        assert.equal(update.defaultVoicemailPinEnabled, true, JSON.stringify(desired));
      }
    });

    it('keeps the existing PIN when the PIN is empty', () => {
      assert.deepEqual(expectOk(planUpdate({ defaultVoicemailPin: '' }, settings(), rules)).update, {});
    });

    it('checks the PIN against the org rules, one error per broken rule, marked as a refused PIN', () => {
      const refused = (message: string) => ({ ...pinError(message), pinRefused: true });
      assert.deepEqual(expectErrors(planUpdate({ defaultVoicemailPin: '1234' }, settings(), rules)), [
        refused('PIN must be 6–30 digits long (got 4)'),
        refused('PIN may not contain more than 3 ascending digits in a row, such as 1234 (it has 4)'),
      ]);
      assert.deepEqual(expectErrors(planUpdate({ defaultVoicemailPin: '80516x' }, settings(), rules)), [
        refused('PIN must contain digits (0–9) only'),
      ]);
    });

    it('requires a PIN when turning the default PIN on', () => {
      const off = settings({ defaultVoicemailPinEnabled: false });
      for (const desired of [
        { defaultVoicemailPinEnabled: true },
        { defaultVoicemailPinEnabled: true, defaultVoicemailPin: '' },
      ]) {
        assert.deepEqual(expectErrors(planUpdate(desired, off, rules)), [
          pinError('Enter a PIN to turn the default voicemail PIN on'),
        ]);
      }
    });

    it('turns the default PIN on with a valid PIN', () => {
      const off = settings({ defaultVoicemailPinEnabled: false });
      const result = expectOk(
        planUpdate({ defaultVoicemailPinEnabled: true, defaultVoicemailPin: '805163' }, off, rules),
      );
      assert.deepEqual(result.update, { defaultVoicemailPinEnabled: true, defaultVoicemailPin: '805163' });
      assert.deepEqual(result.changes, [
        { setting: 'Default voicemail PIN', before: 'off', after: 'on' },
        // Off keeps no PIN: this one is new.
        { setting: 'Default PIN', after: 'set (not shown)' },
      ]);
    });

    it('turns the default PIN off without a PIN', () => {
      const result = expectOk(planUpdate({ defaultVoicemailPinEnabled: false }, settings(), rules));
      assert.deepEqual(result.update, { defaultVoicemailPinEnabled: false });
      assert.deepEqual(result.changes, [
        { setting: 'Default voicemail PIN', before: 'on', after: 'off (the stored PIN is discarded)' },
      ]);
      assert.ok(discardsDefaultPin(result.update));
      assert.ok(
        !discardsDefaultPin(
          expectOk(planUpdate({ defaultVoicemailPin: '805163' }, settings(), rules)).update,
        ),
      );
    });

    it('refuses a new PIN while turning the default PIN off, or while it stays off', () => {
      assert.deepEqual(
        expectErrors(
          planUpdate({ defaultVoicemailPinEnabled: false, defaultVoicemailPin: '805163' }, settings(), rules),
        ),
        [pinError('Leave the PIN empty when turning the default voicemail PIN off')],
      );
      const off = settings({ defaultVoicemailPinEnabled: false });
      assert.deepEqual(
        expectErrors(
          planUpdate({ defaultVoicemailPin: '805163', defaultVoicemailPinEnabled: false }, off, rules),
        ),
        [pinError('The default voicemail PIN is off: turn it on to set a PIN')],
      );
    });
  });

  it('reports every problem at once and sends nothing', () => {
    const desired: DesiredSettings = {
      defaultVoicemailPin: '1111',
      expirePasscode: { numberOfDays: 120 },
      changePasscode: { numberOfDays: 9 },
      blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 5 },
    };
    const errors = expectErrors(planUpdate(desired, settings(), rules));
    assert.deepEqual(
      errors.map((e) => e.field),
      [
        'defaultVoicemailPin',
        'defaultVoicemailPin',
        'defaultVoicemailPin',
        'expirePasscodeDays',
        'changePasscodeDays',
      ],
    );
  });

  it('puts several changes in one body, in form order', () => {
    const desired: DesiredSettings = {
      defaultVoicemailPinEnabled: false,
      expirePasscode: { enabled: false },
      changePasscode: { numberOfDays: 2 },
      blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 3 },
    };
    const result = expectOk(planUpdate(desired, settings(), rules));
    assert.deepEqual(result.update, {
      defaultVoicemailPinEnabled: false,
      expirePasscode: { enabled: false, numberOfDays: 100 },
      changePasscode: { enabled: true, numberOfDays: 2 },
      blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 3 },
    });
    assert.deepEqual(
      result.changes.map((c) => c.setting),
      [
        'Default voicemail PIN',
        'Passcode expiry',
        'Minimum time between passcode changes',
        'Block reuse of previous passcodes',
      ],
    );
  });

  it('does not modify its arguments', () => {
    const current = settingsWithStored180();
    const desired: DesiredSettings = { expirePasscode: { enabled: false }, defaultVoicemailPin: '805163' };
    const before = JSON.stringify([current, desired]);
    planUpdate(desired, current, rules);
    assert.equal(JSON.stringify([current, desired]), before);
  });
});

describe('planUpdate with settings Webex did not report', () => {
  const rules = pinRules();
  const unknown: RulesSettings = {
    changePasscode: { enabled: true },
    blockPreviousPasscodes: { enabled: false, numberOfPasscodes: 10 },
  };

  it('asks nothing of a setting nobody mentioned', () => {
    const result = planUpdate(
      { blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 5 } },
      unknown,
      rules,
    );
    assert.deepEqual(expectOk(result).update, {
      blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 5 },
    });
  });

  it('sets a missing setting when asked, shown as "not reported by Webex" before', () => {
    const result = expectOk(
      planUpdate({ expirePasscode: { enabled: true, numberOfDays: 60 } }, unknown, rules),
    );
    assert.deepEqual(result.update, { expirePasscode: { enabled: true, numberOfDays: 60 } });
    assert.deepEqual(result.changes, [
      { setting: 'Passcode expiry', before: 'not reported by Webex', after: 'on, 60 days' },
    ]);
  });

  it('keeps a setting whose number is missing when only its flag is given unchanged', () => {
    assert.deepEqual(expectOk(planUpdate({ changePasscode: { enabled: true } }, unknown, rules)).update, {});
  });

  it('turning on a setting without a known number needs a number', () => {
    const errors = expectErrors(planUpdate({ expirePasscode: { enabled: true } }, unknown, rules));
    assert.match(errors[0]!.message, /not reported by Webex: give a number, 15–100 days/);
  });

  it('a PIN with the flag unknown turns it on and is sent with it', () => {
    const result = expectOk(planUpdate({ defaultVoicemailPin: '805163' }, unknown, rules));
    assert.deepEqual(result.update, { defaultVoicemailPinEnabled: true, defaultVoicemailPin: '805163' });
    // Whether a PIN was stored is unknown, so it is not said to be replaced.
    assert.deepEqual(result.changes.at(-1), { setting: 'Default PIN', after: 'set (not shown)' });
  });

  it('a PIN rule Webex did not report is left to Webex to check', () => {
    const { length: _dropped, ...noLength } = rules;
    assert.ok(expectOk(planUpdate({ defaultVoicemailPin: '8051' }, unknown, noLength)));
  });
});
