import assert from 'node:assert/strict';

import {
  desiredFromForm,
  formSubmissionSchema,
  parseFormSubmission,
} from '../../../src/voicemail/form-input.js';
import { FORM_INPUT_IDS } from '../../../src/voicemail/form-input-ids.js';

/** Inputs as Webex delivers them: every value a string, the Submit action's data merged in. */
const webexInputs = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  action: 'voicemail.submit',
  formId: 'form-1',
  defaultVoicemailPinEnabled: 'true',
  defaultVoicemailPin: '',
  expirePasscodeEnabled: 'true',
  expirePasscodeDays: '60',
  changePasscodeEnabled: 'false',
  changePasscodeDays: '1',
  blockPreviousPasscodesEnabled: 'true',
  blockPreviousPasscodesCount: '10',
  ...overrides,
});

describe('FORM_INPUT_IDS', () => {
  it('are exactly the keys of formSubmissionSchema', () => {
    assert.deepEqual([...FORM_INPUT_IDS].sort(), Object.keys(formSubmissionSchema.shape).sort());
    assert.equal(new Set(FORM_INPUT_IDS).size, 9);
  });
});

describe('"generate a PIN for me" on the form', () => {
  it('with the PIN on and the field empty: a PIN is asked to be made up, none is in desired', () => {
    const result = parseFormSubmission(webexInputs({ defaultVoicemailPinGenerate: 'true' }));
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.equal(result.generatePin, true);
    assert.equal(result.desired.defaultVoicemailPin, undefined);
    assert.equal(result.desired.defaultVoicemailPinEnabled, true);
  });

  it('off (or left out): nothing is made up', () => {
    for (const value of ['false', undefined]) {
      const result = parseFormSubmission(webexInputs({ defaultVoicemailPinGenerate: value }));
      assert.equal(result.ok && result.generatePin, undefined);
    }
  });

  it('with a PIN typed as well, or with the default PIN off: refused at the PIN field, the PIN not repeated', () => {
    assert.deepEqual(
      parseFormSubmission(
        webexInputs({ defaultVoicemailPinGenerate: 'true', defaultVoicemailPin: '805163' }),
      ),
      {
        ok: false,
        errors: [
          { field: 'defaultVoicemailPin', message: 'Type a PIN or choose "generate a PIN for me", not both' },
        ],
      },
    );
    assert.deepEqual(
      parseFormSubmission(
        webexInputs({ defaultVoicemailPinGenerate: 'true', defaultVoicemailPinEnabled: 'false' }),
      ),
      {
        ok: false,
        errors: [
          { field: 'defaultVoicemailPin', message: 'Turn the default PIN on to have a PIN generated for it' },
        ],
      },
    );
  });
});

describe('formSubmissionSchema', () => {
  it('types string inputs and drops keys that are not form inputs', () => {
    assert.deepEqual(formSubmissionSchema.parse(webexInputs()), {
      defaultVoicemailPinEnabled: true,
      defaultVoicemailPin: undefined,
      defaultVoicemailPinGenerate: false,
      expirePasscodeEnabled: true,
      expirePasscodeDays: 60,
      changePasscodeEnabled: false,
      changePasscodeDays: 1,
      blockPreviousPasscodesEnabled: true,
      blockPreviousPasscodesCount: 10,
    });
  });

  it('reads an absent toggle as off and an absent or empty number as "not given"', () => {
    const parsed = formSubmissionSchema.parse({ expirePasscodeDays: '', changePasscodeDays: '  ' });
    assert.equal(parsed.defaultVoicemailPinEnabled, false);
    assert.equal(parsed.expirePasscodeEnabled, false);
    assert.equal(parsed.expirePasscodeDays, undefined);
    assert.equal(parsed.changePasscodeDays, undefined);
    assert.equal(parsed.blockPreviousPasscodesCount, undefined);
  });

  it('trims numbers and the PIN, and treats a blank PIN as "keep the current one"', () => {
    const parsed = formSubmissionSchema.parse(
      webexInputs({ expirePasscodeDays: ' 045 ', defaultVoicemailPin: ' 8051 ' }),
    );
    assert.equal(parsed.expirePasscodeDays, 45);
    assert.equal(parsed.defaultVoicemailPin, '8051');
    assert.equal(
      formSubmissionSchema.parse(webexInputs({ defaultVoicemailPin: '   ' })).defaultVoicemailPin,
      undefined,
    );
  });

  it('accepts already-typed values', () => {
    const parsed = formSubmissionSchema.parse(
      webexInputs({ expirePasscodeEnabled: false, expirePasscodeDays: 30 }),
    );
    assert.equal(parsed.expirePasscodeEnabled, false);
    assert.equal(parsed.expirePasscodeDays, 30);
  });
});

describe('parseFormSubmission', () => {
  it('returns the desired settings for planUpdate', () => {
    const result = parseFormSubmission(webexInputs({ defaultVoicemailPin: '805163' }));
    assert.deepEqual(result, {
      ok: true,
      desired: {
        defaultVoicemailPinEnabled: true,
        defaultVoicemailPin: '805163',
        expirePasscode: { enabled: true, numberOfDays: 60 },
        // The change limit is off: its number is not read (see below).
        changePasscode: { enabled: false, numberOfDays: undefined },
        blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 10 },
      },
    });
  });

  it('does not read the number of a setting that is off: hidden on the form, but submitted all the same', () => {
    // Adaptive Cards submit (and check) hidden inputs too, and a client may have shown the field.
    for (const value of ['5', '999', 'x', '']) {
      const result = parseFormSubmission(
        webexInputs({ changePasscodeEnabled: 'false', changePasscodeDays: value }),
      );
      assert.ok(result.ok, value);
      if (result.ok)
        assert.deepEqual(result.desired.changePasscode, { enabled: false, numberOfDays: undefined });
    }
    const absentToggle = parseFormSubmission(
      webexInputs({ changePasscodeEnabled: undefined, changePasscodeDays: 'x' }),
    );
    assert.ok(absentToggle.ok, 'an absent toggle is off');
    const on = parseFormSubmission(webexInputs({ changePasscodeEnabled: 'true', changePasscodeDays: '5' }));
    assert.ok(on.ok);
    if (on.ok) assert.deepEqual(on.desired.changePasscode, { enabled: true, numberOfDays: 5 });
  });

  const badNumbers = ['60.5', '-1', '1e2', 'sixty', '0x10', '٣'];
  for (const value of badNumbers) {
    it(`rejects the number ${JSON.stringify(value)} against its field, naming the setting`, () => {
      const result = parseFormSubmission(webexInputs({ expirePasscodeDays: value }));
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.errors.length, 1);
      assert.equal(result.errors[0]?.field, 'expirePasscodeDays');
      assert.match(result.errors[0]?.message ?? '', /^Passcode expiry must be a whole number of days/);
    });
  }

  it('rejects a toggle that is neither true nor false', () => {
    const result = parseFormSubmission(webexInputs({ changePasscodeEnabled: 'maybe' }));
    assert.deepEqual(result, {
      ok: false,
      errors: [
        {
          field: 'changePasscodeEnabled',
          message: 'Minimum time between passcode changes must be on or off',
        },
      ],
    });
  });

  it('reports every bad field at once', () => {
    const result = parseFormSubmission(
      webexInputs({
        changePasscodeEnabled: 'true',
        changePasscodeDays: 'x',
        blockPreviousPasscodesCount: '2.5',
      }),
    );
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(
      result.errors.map((e) => e.field),
      ['changePasscodeDays', 'blockPreviousPasscodesCount'],
    );
  });

  // The Adaptive Cards renderer leaves an empty Text or Number input out of the submit; other clients send
  // "". Both must mean "left empty", with the same outcome and the same messages.
  for (const id of [
    'defaultVoicemailPin',
    'expirePasscodeDays',
    'changePasscodeDays',
    'blockPreviousPasscodesCount',
  ]) {
    it(`reads an absent ${id} exactly as an empty one`, () => {
      const absent = webexInputs();
      delete absent[id];
      assert.ok(!(id in absent));
      assert.deepEqual(parseFormSubmission(absent), parseFormSubmission(webexInputs({ [id]: '' })));
      const parsed = parseFormSubmission(absent);
      assert.ok(parsed.ok);
      const keys: Record<string, unknown> = {
        defaultVoicemailPin: parsed.desired.defaultVoicemailPin,
        expirePasscodeDays: parsed.desired.expirePasscode?.numberOfDays,
        changePasscodeDays: parsed.desired.changePasscode?.numberOfDays,
        blockPreviousPasscodesCount: parsed.desired.blockPreviousPasscodes?.numberOfPasscodes,
      };
      assert.equal(keys[id], undefined, 'left empty: the stored value is kept');
    });
  }

  it('gives the same messages for the other fields whether empty inputs are absent or ""', () => {
    const bad = {
      changePasscodeEnabled: 'true',
      changePasscodeDays: 'x',
      blockPreviousPasscodesCount: '2.5',
    };
    const withEmpty = parseFormSubmission(
      webexInputs({ ...bad, defaultVoicemailPin: '', expirePasscodeDays: '' }),
    );
    const absent = webexInputs(bad);
    delete absent.defaultVoicemailPin;
    delete absent.expirePasscodeDays;
    assert.deepEqual(parseFormSubmission(absent), withEmpty);
    assert.equal(withEmpty.ok, false);
  });

  it('a submit with only the action data and the toggles (every text and number left empty) is valid', () => {
    const result = parseFormSubmission({
      action: 'voicemail.submit',
      formId: 'form-1',
      defaultVoicemailPinEnabled: 'false',
      expirePasscodeEnabled: 'true',
      changePasscodeEnabled: 'false',
      blockPreviousPasscodesEnabled: 'true',
    });
    assert.deepEqual(result, {
      ok: true,
      desired: {
        defaultVoicemailPinEnabled: false,
        defaultVoicemailPin: undefined,
        expirePasscode: { enabled: true, numberOfDays: undefined },
        changePasscode: { enabled: false, numberOfDays: undefined },
        blockPreviousPasscodes: { enabled: true, numberOfPasscodes: undefined },
      },
    });
  });

  it('survives inputs that are not an object', () => {
    for (const inputs of [null, 'text', 42]) {
      const result = parseFormSubmission(inputs);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.errors.length, 1);
    }
  });
});

describe('desiredFromForm', () => {
  it('maps every form field onto the desired settings', () => {
    assert.deepEqual(
      desiredFromForm({
        defaultVoicemailPinEnabled: false,
        defaultVoicemailPin: undefined,
        defaultVoicemailPinGenerate: false,
        expirePasscodeEnabled: false,
        expirePasscodeDays: undefined,
        changePasscodeEnabled: true,
        changePasscodeDays: 7,
        blockPreviousPasscodesEnabled: true,
        blockPreviousPasscodesCount: 3,
      }),
      {
        defaultVoicemailPinEnabled: false,
        defaultVoicemailPin: undefined,
        expirePasscode: { enabled: false, numberOfDays: undefined },
        changePasscode: { enabled: true, numberOfDays: 7 },
        blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 3 },
      },
    );
  });
});
