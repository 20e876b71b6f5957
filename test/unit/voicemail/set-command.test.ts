import assert from 'node:assert/strict';
import fc from 'fast-check';

import { parseFormSubmission } from '../../../src/voicemail/form-input.js';
import { planUpdate } from '../../../src/voicemail/plan-update.js';
import type { DesiredSettings } from '../../../src/voicemail/rules.js';
import {
  parseSetArgs,
  setCommandMentionsPin,
  type SetArgsResult,
} from '../../../src/voicemail/set-command.js';
import { SECTIONS, SET_COMMAND_KEYS, SET_EXAMPLES } from '../../../src/voicemail/setting-sections.js';
import { pinRules, settings } from '../../helpers/voicemail-fixtures.js';

function desiredOf(result: SetArgsResult): DesiredSettings {
  if (!result.ok) assert.fail(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.desired;
}

function errorsOf(result: SetArgsResult) {
  if (result.ok) assert.fail(`expected errors, got ${JSON.stringify(result.desired)}`);
  return result.errors;
}

describe('parseSetArgs', () => {
  const accepted: [string, DesiredSettings][] = [
    ['expire=60', { expirePasscode: { enabled: true, numberOfDays: 60 } }],
    ['expire=off', { expirePasscode: { enabled: false, numberOfDays: undefined } }],
    ['expire=on', { expirePasscode: { enabled: true, numberOfDays: undefined } }],
    [
      'change=2 history=off',
      {
        changePasscode: { enabled: true, numberOfDays: 2 },
        blockPreviousPasscodes: { enabled: false, numberOfPasscodes: undefined },
      },
    ],
    [
      'history=5, change=OFF',
      {
        blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 5 },
        changePasscode: { enabled: false, numberOfDays: undefined },
      },
    ],
    ['EXPIRE=060', { expirePasscode: { enabled: true, numberOfDays: 60 } }],
    ['pin-enabled=off', { defaultVoicemailPinEnabled: false }],
    ['pin-enabled=YES', { defaultVoicemailPinEnabled: true }],
    ['pin-enabled=false', { defaultVoicemailPinEnabled: false }],
    ['pin=805163', { defaultVoicemailPin: '805163', defaultVoicemailPinEnabled: true }],
    ['pin-enabled=off pin=805163', { defaultVoicemailPinEnabled: false, defaultVoicemailPin: '805163' }],
    [
      '  expire=30\tchange=1  ',
      {
        expirePasscode: { enabled: true, numberOfDays: 30 },
        changePasscode: { enabled: true, numberOfDays: 1 },
      },
    ],
  ];
  for (const [text, desired] of accepted) {
    it(`reads ${JSON.stringify(text)}`, () => assert.deepEqual(desiredOf(parseSetArgs(text)), desired));
  }

  const rejected: [string, { key?: string; message: string }[]][] = [
    [
      '',
      [
        {
          message:
            'Nothing to set. Usage: /voicemail set key=value … with pin-enabled=on|off, pin=DIGITS, expire=off|15–100, change=off|1–7, history=off|1–10',
        },
      ],
    ],
    [
      'colour=blue',
      [{ message: 'Unknown setting "colour": use pin-enabled, pin, expire, change or history' }],
    ],
    [
      'expire=60 expire=70',
      [{ key: 'expire', message: 'expire is given more than once: give each setting once' }],
    ],
    [
      'expire 60',
      [
        { message: '"expire" has no "=": write each setting as key=value, e.g. expire=60' },
        { message: 'Setting 2 has no "=": write each setting as key=value, e.g. expire=60' },
      ],
    ],
    [
      'expire=sixty',
      [
        {
          key: 'expire',
          message:
            'expire must be off, on or a whole number of days (15–100 days), e.g. expire=100 (got "sixty")',
        },
      ],
    ],
    [
      'change=1.5',
      [
        {
          key: 'change',
          message: 'change must be off, on or a whole number of days (1–7 days), e.g. change=7 (got "1.5")',
        },
      ],
    ],
    [
      'history=-1',
      [
        {
          key: 'history',
          message:
            'history must be off, on or a whole number of passcodes (1–10), e.g. history=10 (got "-1")',
        },
      ],
    ],
    [
      'expire=',
      [
        {
          key: 'expire',
          message:
            'expire must be off, on or a whole number of days (15–100 days), e.g. expire=100 (got nothing)',
        },
      ],
    ],
    [
      'pin-enabled=maybe',
      [
        {
          key: 'pin-enabled',
          message: 'pin-enabled must be on or off (or true/false, yes/no) (got "maybe")',
        },
      ],
    ],
    ['pin=', [{ key: 'pin', message: 'pin needs a value: the new default PIN, digits only' }]],
    [
      '=60',
      [{ message: 'Setting 1 has no key before "=": use pin-enabled, pin, expire, change or history' }],
    ],
  ];
  for (const [text, errors] of rejected) {
    it(`rejects ${JSON.stringify(text)} with a specific message`, () =>
      assert.deepEqual(errorsOf(parseSetArgs(text)), errors));
  }

  it("never repeats a bare number or an unknown key's value, which could be a PIN", () => {
    for (const text of ['805163', 'pn=805163', 'pin 805163']) {
      const messages = errorsOf(parseSetArgs(text))
        .map((e) => e.message)
        .join(' ');
      assert.ok(!messages.includes('805163'), messages);
    }
  });

  it('keeps echoed text short and free of markdown', () => {
    const [error] = errorsOf(parseSetArgs('expire=**bold**_and_`code`_and_a_very_long_tail'));
    assert.equal(error?.message.includes('*'), false);
    assert.equal(error?.message.includes('`'), false);
    assert.match(error?.message ?? '', /…"\)$/);
  });

  describe('shares validation with the form through planUpdate', () => {
    const plan = (text: string) => planUpdate(desiredOf(parseSetArgs(text)), settings(), pinRules());

    it('range errors carry the set key', () => {
      assert.deepEqual(plan('expire=120 history=11'), {
        ok: false,
        errors: [
          {
            field: 'expirePasscodeDays',
            key: 'expire',
            message: 'Passcode expiry must be 15–100 days (got 120)',
          },
          {
            field: 'blockPreviousPasscodesCount',
            key: 'history',
            message: 'Number of previous passcodes to block must be 1–10 (got 11)',
          },
        ],
      });
    });

    it('a PIN is checked against the org rules', () => {
      const result = plan('pin=12ab');
      assert.equal(result.ok, false);
      if (!result.ok)
        assert.deepEqual(
          result.errors.map((e) => e.key),
          ['pin'],
        );
    });

    it('a PIN with pin-enabled=off is refused', () => {
      assert.equal(plan('pin-enabled=off pin=805163').ok, false);
    });

    it('expire=off turns expiry off', () => {
      assert.deepEqual(plan('expire=off'), {
        ok: true,
        update: { expirePasscode: { enabled: false, numberOfDays: 100 } },
        changes: [{ setting: 'Passcode expiry', before: 'on, 100 days', after: 'off' }],
      });
    });

    it('pin=… alone turns the default PIN on when it was off', () => {
      const result = planUpdate(
        desiredOf(parseSetArgs('pin=805163')),
        settings({ defaultVoicemailPinEnabled: false }),
        pinRules(),
      );
      assert.equal(result.ok, true);
      if (result.ok)
        assert.deepEqual(result.update, { defaultVoicemailPinEnabled: true, defaultVoicemailPin: '805163' });
    });
  });
});

describe('setCommandMentionsPin', () => {
  const yes = [
    'pin=805163',
    'PIN=805163',
    'expire=60 pin=9',
    'pin 805163',
    'pin: 805163',
    'pin =805163',
    '805163',
    'set 8051',
    'pin=',
  ];
  const no = ['pin-enabled=on', 'expire=60 history=5', 'spin=3', 'expire=100', 'pin', 'show', ''];
  for (const text of yes)
    it(`flags ${JSON.stringify(text)}`, () => assert.equal(setCommandMentionsPin(text), true));
  for (const text of no)
    it(`does not flag ${JSON.stringify(text)}`, () => assert.equal(setCommandMentionsPin(text), false));
});

describe('no PIN-like digits in what parseSetArgs, planUpdate and the form say', () => {
  const digits = fc.stringMatching(/^[0-9]{6,14}$/);
  const key = fc.constantFrom('pin-enabled', 'pin', 'expire', 'change', 'history', 'x');
  const around = fc.constantFrom('', 'x', '-', '1', '=');
  /** The run as a key, a value, inside a value or a key, or a bare token, among other settings. */
  const args = fc
    .tuple(
      fc.oneof(
        fc.tuple(key, digits).map(([k, d]) => `${k}=${d}`),
        fc.tuple(key, digits, around, around).map(([k, d, a, b]) => `${k}=${a}${d}${b}`),
        fc.tuple(digits, around).map(([d, a]) => `${d}${a}=on`),
        fc.tuple(key, digits).map(([k, d]) => `${k}${d}=5`),
        digits,
      ),
      fc.constantFrom('', 'expire=30', 'history=off change=2'),
      fc.boolean(),
    )
    .map(([hostile, other, first]) => (first ? `${hostile} ${other}` : `${other} ${hostile}`));

  const windows = (text: string): string[] =>
    (text.match(/[0-9]{6,}/g) ?? []).flatMap((run) =>
      Array.from({ length: run.length - 5 }, (_v, i) => run.slice(i, i + 6)),
    );

  it('never repeats a run of 6 or more digits from the input', () => {
    fc.assert(
      fc.property(args, (text) => {
        const parsed = parseSetArgs(text);
        const messages = parsed.ok
          ? (() => {
              const plan = planUpdate(parsed.desired, settings(), pinRules());
              return plan.ok ? [] : plan.errors.map((e) => e.message);
            })()
          : parsed.errors.map((e) => e.message);
        for (const w of windows(text))
          for (const m of messages) assert.ok(!m.includes(w), `${JSON.stringify(text)}: ${m}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('says what was wrong without the number', () => {
    assert.deepEqual(errorsOf(parseSetArgs('pin-enabled=4325484604')), [
      {
        key: 'pin-enabled',
        message:
          'pin-enabled must be on or off (or true/false, yes/no) (got a long number, not repeated here)',
      },
    ]);
    assert.deepEqual(errorsOf(parseSetArgs('123456=on')), [
      {
        message:
          'Setting 1 has an unknown key (a long number, not repeated here): use pin-enabled, pin, expire, change or history',
      },
    ]);
    assert.match(
      errorsOf(parseSetArgs('expire=1234567'))[0]?.message ?? '',
      /expire must be .*\(got a long number/,
    );
  });

  it('the form: a long number in a number field is not repeated', () => {
    const parsed = parseFormSubmission({ expirePasscodeEnabled: 'true', expirePasscodeDays: '12345678x' });
    assert.ok(!parsed.ok);
    assert.ok(!JSON.stringify(parsed.errors).includes('123456'), JSON.stringify(parsed.errors));
    const plan = planUpdate(
      { expirePasscode: { enabled: true, numberOfDays: 4325484 } },
      settings(),
      pinRules(),
    );
    assert.ok(!plan.ok);
    assert.ok(!JSON.stringify(plan.errors).includes('432548'), JSON.stringify(plan.errors));
  });
});

describe('the set keys come from the setting table', () => {
  it('every key is accepted, one per section plus the PIN two, and the examples parse', () => {
    assert.deepEqual(SET_COMMAND_KEYS, ['pin-enabled', 'pin', ...SECTIONS.map((s) => s.key)]);
    for (const key of SET_COMMAND_KEYS) {
      const errors = parseSetArgs(`${key}=`).ok ? [] : errorsOf(parseSetArgs(`${key}=`));
      assert.ok(!errors.some((e) => /Unknown setting/.test(e.message)), key);
    }
    for (const example of SET_EXAMPLES) desiredOf(parseSetArgs(example));
    desiredOf(parseSetArgs(SET_EXAMPLES.join(' ')));
  });
});
