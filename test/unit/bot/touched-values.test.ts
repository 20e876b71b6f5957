import { strict as assert } from 'node:assert';
import { touchedValues } from '../../../src/bot/record-change.js';

describe('touchedValues (what an undo puts back)', () => {
  it('keeps exactly the settings the PUT touched, before and after, and never the PIN', () => {
    const v = touchedValues(
      { defaultVoicemailPin: '274913', defaultVoicemailPinEnabled: true, changePasscode: { enabled: false } },
      {
        defaultVoicemailPinEnabled: false,
        expirePasscode: { enabled: true, numberOfDays: 90 },
        changePasscode: { enabled: true, numberOfDays: 3 },
        blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 5 },
      },
    );
    assert.deepEqual(v, {
      before: { defaultVoicemailPinEnabled: false, changePasscode: { enabled: true, numberOfDays: 3 } },
      after: { defaultVoicemailPinEnabled: true, changePasscode: { enabled: false } },
    });
    assert.ok(!JSON.stringify(v).includes('274913'));
  });

  it('leaves out a "before" Webex did not report, and copies no field it was not meant to keep', () => {
    const sneaky = { enabled: true, numberOfPasscodes: 4, note: 'x' } as unknown as {
      enabled: boolean;
      numberOfPasscodes: number;
    };
    const v = touchedValues({ blockPreviousPasscodes: sneaky }, {});
    assert.deepEqual(v, {
      before: {},
      after: { blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 4 } },
    });
  });
});
