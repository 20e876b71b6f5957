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
import {
  GENERATE_PIN_WORDS,
  OFF_WORDS,
  ON_WORDS,
  REFUSED_UNITS,
  SECTIONS,
  SET_COMMAND_KEYS,
  SET_EXAMPLES,
  SET_KEYS,
  type SectionSpec,
} from '../../../src/voicemail/setting-sections.js';
import { pinRules, settings } from '../../helpers/voicemail-fixtures.js';

function desiredOf(result: SetArgsResult): DesiredSettings {
  if (!result.ok) assert.fail(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.desired;
}

function errorsOf(result: SetArgsResult) {
  if (result.ok) assert.fail(`expected errors, got ${JSON.stringify(result.desired)}`);
  return result.errors;
}

const expire = (enabled: boolean, numberOfDays?: number): DesiredSettings => ({
  expirePasscode: { enabled, numberOfDays },
});
const change = (enabled: boolean, numberOfDays?: number): DesiredSettings => ({
  changePasscode: { enabled, numberOfDays },
});
const history = (enabled: boolean, numberOfPasscodes?: number): DesiredSettings => ({
  blockPreviousPasscodes: { enabled, numberOfPasscodes },
});
const pinOn = (on: boolean): DesiredSettings => ({ defaultVoicemailPinEnabled: on });

const KEYS = 'pin-enabled, pin, expire, change or history';
const EXPIRE_MUST = 'expire must be off, on or a whole number of days (15–100 days), e.g. expire=100';
const CHANGE_MUST = 'change must be off, on or a whole number of days (1–7 days), e.g. change=7';
const HISTORY_MUST = 'history must be off, on or a whole number of passcodes (1–10), e.g. history=10';

describe('parseSetArgs: what people type', () => {
  // Input line -> the settings it asks for. Every row is something a person typed or a phone produced.
  const accepted: [string, DesiredSettings][] = [
    ['expire=60', expire(true, 60)],
    ['expire=off', expire(false)],
    ['expire=on', expire(true)],
    ['EXPIRE=060', expire(true, 60)],
    // Spaces, ":" and "to" around or instead of "=".
    ['expire = 50', expire(true, 50)],
    ['expire =50', expire(true, 50)],
    ['expire= 50', expire(true, 50)],
    ['expire:50', expire(true, 50)],
    ['expire: 50', expire(true, 50)],
    ['expire 50', expire(true, 50)],
    ['expire to 50', expire(true, 50)],
    ['expire==50', expire(true, 50)],
    // Other names of the key, from the setting table.
    ['expiry=50', expire(true, 50)],
    ['Expires=50', expire(true, 50)],
    ['expiration=50', expire(true, 50)],
    ['expirePasscode=50', expire(true, 50)],
    ['expire_passcode=50', expire(true, 50)],
    ['passcode expiry = 50', expire(true, 50)],
    // Units, glued or apart, singular or plural, and words before the number.
    ['expire=50days', expire(true, 50)],
    ['expire=50 days', expire(true, 50)],
    ['expire=50d', expire(true, 50)],
    ['expire=50 DAYS', expire(true, 50)],
    ['expire=3 weeks', expire(true, 21)],
    ['expire=3w', expire(true, 21)],
    ['expire every 50 days', expire(true, 50)],
    ['expire after 50 days', expire(true, 50)],
    ['expire in 50 days', expire(true, 50)],
    ['expire=never', expire(false)],
    ['expire50', expire(true, 50)],
    ['change=every 3 days', change(true, 3)],
    ['change=1 week', change(true, 7)],
    ['change=1 day', change(true, 1)],
    ['min-change=2', change(true, 2)],
    ['changePasscode=2', change(true, 2)],
    ['history=5 passcodes', history(true, 5)],
    ['history=1 passcode', history(true, 1)],
    ['history=5 pins', history(true, 5)],
    ['history=last 5', history(true, 5)],
    ['history=none', history(false)],
    ['block-previous=5', history(true, 5)],
    ['blockPreviousPasscodes=5', history(true, 5)],
    ['reuse=4', history(true, 4)],
    // Yes and no, as people say them, for the PIN switch and the sections.
    ...[...ON_WORDS, 'ON', 'Yes', 'TRUE', 'Enabled'].map((w): [string, DesiredSettings] => [
      `pin-enabled=${w}`,
      pinOn(true),
    ]),
    ...[...OFF_WORDS, 'OFF', 'No', 'FALSE', 'Disabled'].map((w): [string, DesiredSettings] => [
      `pin-enabled=${w}`,
      pinOn(false),
    ]),
    ['expire=yes', expire(true)],
    ['history=disabled', history(false)],
    ['change=false', change(false)],
    // The PIN switch's key, any case, any separator.
    ['PIN-ENABLED=on', pinOn(true)],
    ['pin_enabled=on', pinOn(true)],
    ['pinEnabled=on', pinOn(true)],
    ['pin enabled=on', pinOn(true)],
    ['pin enabled yes', pinOn(true)],
    ['pin-enable=on', pinOn(true)],
    ['default pin enabled: no', pinOn(false)],
    ['defaultVoicemailPinEnabled=true', pinOn(true)],
    // A switch word after pin means the switch: no PIN is a word.
    ['pin=off', pinOn(false)],
    ['pin=on', pinOn(true)],
    ['pin=enabled', pinOn(true)],
    // The PIN itself.
    ['pin=805163', { defaultVoicemailPin: '805163', defaultVoicemailPinEnabled: true }],
    ['pin 805163', { defaultVoicemailPin: '805163', defaultVoicemailPinEnabled: true }],
    ['pin: 805163', { defaultVoicemailPin: '805163', defaultVoicemailPinEnabled: true }],
    ['pin805163', { defaultVoicemailPin: '805163', defaultVoicemailPinEnabled: true }],
    ['default-pin=805163', { defaultVoicemailPin: '805163', defaultVoicemailPinEnabled: true }],
    ['defaultVoicemailPin=805163', { defaultVoicemailPin: '805163', defaultVoicemailPinEnabled: true }],
    ['pin=８０５１６３', { defaultVoicemailPin: '805163', defaultVoicemailPinEnabled: true }],
    // Digits of other scripts are digits to whoever typed them (an Arabic or Hindi keyboard).
    ['expire=٥٠', expire(true, 50)],
    ['expire=५० days', expire(true, 50)],
    ['history=𝟓', history(true, 5)],
    ['pin-enabled=off pin=805163', { defaultVoicemailPinEnabled: false, defaultVoicemailPin: '805163' }],
    // Several at once, with any list separator.
    ['change=2 history=off', { ...change(true, 2), ...history(false) }],
    ['history=5, change=OFF', { ...history(true, 5), ...change(false) }],
    ['expire=50; history=5', { ...expire(true, 50), ...history(true, 5) }],
    ['expire=50 and history=5', { ...expire(true, 50), ...history(true, 5) }],
    ['expire=50 & history=5', { ...expire(true, 50), ...history(true, 5) }],
    ['expire=50,history=5', { ...expire(true, 50), ...history(true, 5) }],
    ['expire 50 history 5', { ...expire(true, 50), ...history(true, 5) }],
    ['expire 50 days history 5 passcodes', { ...expire(true, 50), ...history(true, 5) }],
    ['  expire=30\tchange=1  ', { ...expire(true, 30), ...change(true, 1) }],
    ['expire=50.', expire(true, 50)],
    ['expire=50, and history=last 5!', { ...expire(true, 50), ...history(true, 5) }],
    // What phones and Webex clients put in: no-break and other spaces, dashes, curly and other quotes,
    // fullwidth forms, zero-width and soft-hyphen characters.
    ['expire\u00a0=\u00a050', expire(true, 50)],
    ['expire=50\u202fdays', expire(true, 50)],
    ['expire\u3000=\u300050', expire(true, 50)],
    ['pin\u2013enabled=on', pinOn(true)],
    ['pin\u2014enabled=on', pinOn(true)],
    ['pin\u2011enabled=on', pinOn(true)],
    ['pin \u2013 enabled = on', pinOn(true)],
    ['expire=\u201c50\u201d', expire(true, 50)],
    ['expire=\u201850\u2019', expire(true, 50)],
    ['expire="50 days"', expire(true, 50)],
    ['expire=\u00ab50\u00bb', expire(true, 50)],
    ['expire=\u201e50\u201c', expire(true, 50)],
    ['\u201cexpire\u201d: 50', expire(true, 50)],
    ['Expire\uff1d\uff15\uff10', expire(true, 50)],
    ['expire\uff1a50', expire(true, 50)],
    ['ex\u200bpire=5\u200b0', expire(true, 50)],
    ['expire=5\u00ad0', expire(true, 50)],
    ['\ufeffexpire=50', expire(true, 50)],
  ];
  for (const [text, desired] of accepted) {
    it(`reads ${JSON.stringify(text)}`, () => assert.deepEqual(desiredOf(parseSetArgs(text)), desired));
  }

  it('superscripts, subscripts, circled numbers and fractions are refused, never read as digits (5⁰ is not 50)', () => {
    // (A PIN goes on as typed: the PIN check refuses anything but 0–9.)
    for (const text of ['expire=5⁰', 'expire=₅₀', 'history=⑤', 'change=½']) {
      const r = parseSetArgs(text);
      assert.equal(r.ok, false, `${text} was read as ${JSON.stringify(r)}`);
      assert.match(JSON.stringify(r), /got a superscript, circled number or fraction: type plain digits/);
      assert.ok(!JSON.stringify(r).includes('\uFFFD'), 'no replacement character in the reply');
    }
  });

  // Input line -> the exact refusal. Nothing is read from a line with any error.
  const rejected: [string, { key?: string; message: string }[]][] = [
    [
      '',
      [
        {
          message:
            'Nothing to set. Usage: /voicemail set key=value … with pin-enabled=on|off, pin=DIGITS|random|generate, expire=off|15–100, change=off|1–7, history=off|1–10',
        },
      ],
    ],
    [
      ', ;',
      [
        {
          message:
            'Nothing to set. Usage: /voicemail set key=value … with pin-enabled=on|off, pin=DIGITS|random|generate, expire=off|15–100, change=off|1–7, history=off|1–10',
        },
      ],
    ],
    // Unknown keys: the nearest known key, or the list.
    ['colour=blue', [{ message: `Unknown setting "colour": use ${KEYS}` }]],
    ['expre=50', [{ message: `Unknown setting "expre": did you mean expire? The settings are ${KEYS}` }]],
    ['exipre=50', [{ message: `Unknown setting "exipre": did you mean expire? The settings are ${KEYS}` }]],
    ['histroy=5', [{ message: `Unknown setting "histroy": did you mean history? The settings are ${KEYS}` }]],
    ['hist=5', [{ message: `Unknown setting "hist": did you mean history? The settings are ${KEYS}` }]],
    ['chnage=2', [{ message: `Unknown setting "chnage": did you mean change? The settings are ${KEYS}` }]],
    [
      'pin enbled=on',
      [{ message: `Unknown setting "pin enbled": did you mean pin-enabled? The settings are ${KEYS}` }],
    ],
    ['Expir: 50', [{ message: `Unknown setting "Expir": did you mean expire? The settings are ${KEYS}` }]],
    ['hello', [{ message: `Unknown setting "hello": use ${KEYS}` }]],
    ['expire=50 please', [{ message: `Unknown setting "please": use ${KEYS}` }]],
    // Given twice, by any of its names.
    [
      'expire=60 expire=70',
      [{ key: 'expire', message: 'expire is given more than once: give each setting once' }],
    ],
    [
      'expire=60 expiry=70',
      [{ key: 'expire', message: 'expire is given more than once: give each setting once' }],
    ],
    [
      'pin=off pin-enabled=on',
      [{ key: 'pin-enabled', message: 'pin-enabled is given more than once: give each setting once' }],
    ],
    // Values that are not one.
    ['expire=sixty', [{ key: 'expire', message: `${EXPIRE_MUST} (got "sixty")` }]],
    ['change=1.5', [{ key: 'change', message: `${CHANGE_MUST} (got "1.5")` }]],
    ['history=-1', [{ key: 'history', message: `${HISTORY_MUST} (got "-1")` }]],
    ['history=\u22121', [{ key: 'history', message: `${HISTORY_MUST} (got "-1")` }]],
    ['expire=50x', [{ key: 'expire', message: `${EXPIRE_MUST} (got "50x")` }]],
    [
      'expire=',
      [{ key: 'expire', message: `expire needs a value: ${EXPIRE_MUST.replace('expire must be ', '')}` }],
    ],
    [
      'expire',
      [{ key: 'expire', message: `expire needs a value: ${EXPIRE_MUST.replace('expire must be ', '')}` }],
    ],
    [
      'expire history=5',
      [{ key: 'expire', message: `expire needs a value: ${EXPIRE_MUST.replace('expire must be ', '')}` }],
    ],
    [
      'expire every',
      [{ key: 'expire', message: `expire needs a value: ${EXPIRE_MUST.replace('expire must be ', '')}` }],
    ],
    // Out of the PUT range: refused here, never handed on.
    ['expire=120', [{ key: 'expire', message: `${EXPIRE_MUST} (got "120")` }]],
    ['expire=14', [{ key: 'expire', message: `${EXPIRE_MUST} (got "14")` }]],
    ['expire=20 weeks', [{ key: 'expire', message: `${EXPIRE_MUST} (got "20 weeks", 140 days)` }]],
    ['change=8', [{ key: 'change', message: `${CHANGE_MUST} (got "8")` }]],
    ['change=2 weeks', [{ key: 'change', message: `${CHANGE_MUST} (got "2 weeks", 14 days)` }]],
    ['history=11', [{ key: 'history', message: `${HISTORY_MUST} (got "11")` }]],
    ['expire=0', [{ key: 'expire', message: `${EXPIRE_MUST} (got "0"); to turn it off, say expire=off` }]],
    [
      'history=0',
      [{ key: 'history', message: `${HISTORY_MUST} (got "0"); to turn it off, say history=off` }],
    ],
    // Units that do not fit: refused by name, not read as something else.
    [
      'expire=2 months',
      [
        {
          key: 'expire',
          message: 'expire is a number of days: a month is not a fixed number of days (got "2 months")',
        },
      ],
    ],
    [
      'expire=1 year',
      [{ key: 'expire', message: 'expire is a number of days: the rules count days (got "1 year")' }],
    ],
    [
      'change=12 hours',
      [{ key: 'change', message: 'change is a number of days: the rules count whole days (got "12 hours")' }],
    ],
    ['history=5 days', [{ key: 'history', message: 'history counts passcodes, not days (got "5 days")' }]],
    [
      'expire=5 passcodes',
      [{ key: 'expire', message: 'expire counts days, not passcodes (got "5 passcodes")' }],
    ],
    // Ambiguous: a second value, a value with no key, a unit with no number.
    [
      'expire=50 60',
      [
        {
          message:
            'Setting 2 is a number with no key before it: write each setting as key=value, e.g. expire=60',
        },
      ],
    ],
    [
      'change=1,5',
      [
        {
          message:
            'Setting 2 is a number with no key before it: write each setting as key=value, e.g. expire=60',
        },
      ],
    ],
    [
      'expire=on off',
      [
        {
          message: 'Setting 2 ("off") has no key before it: write each setting as key=value, e.g. expire=60',
        },
      ],
    ],
    ['days', [{ message: 'Setting 1 ("days") has no number before it, e.g. expire=60' }]],
    ['=60', [{ message: `Setting 1 has no key before "=": use ${KEYS}` }]],
    [
      'pin-enabled=maybe',
      [
        {
          key: 'pin-enabled',
          message: 'pin-enabled must be on or off (or yes/no, true/false) (got "maybe")',
        },
      ],
    ],
    [
      'pin-enabled',
      [{ key: 'pin-enabled', message: 'pin-enabled must be on or off (or yes/no, true/false)' }],
    ],
    [
      'pin=',
      [
        {
          key: 'pin',
          message: 'pin needs a value: the new default PIN (digits only), or random to have one made up',
        },
      ],
    ],
    [
      'pin',
      [
        {
          key: 'pin',
          message: 'pin needs a value: the new default PIN (digits only), or random to have one made up',
        },
      ],
    ],
    // Several problems are all told at once.
    [
      'expre=50 history=11',
      [
        { message: `Unknown setting "expre": did you mean expire? The settings are ${KEYS}` },
        { key: 'history', message: `${HISTORY_MUST} (got "11")` },
      ],
    ],
  ];
  for (const [text, errors] of rejected) {
    it(`refuses ${JSON.stringify(text)} with a specific message`, () =>
      assert.deepEqual(errorsOf(parseSetArgs(text)), errors));
  }

  it('keeps echoed text short and free of markdown', () => {
    const [error] = errorsOf(parseSetArgs('expire=**bold**_and_`code`_and_a_very_long_tail'));
    assert.equal(error?.message.includes('*'), false);
    assert.equal(error?.message.includes('`'), false);
    assert.match(error?.message ?? '', /…"\)$/);
  });

  describe('shares validation with the form through planUpdate', () => {
    const plan = (text: string) => planUpdate(desiredOf(parseSetArgs(text)), settings(), pinRules());

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

    it('expire=3 weeks is sent as 21 days', () => {
      assert.deepEqual(plan('expire=3 weeks'), {
        ok: true,
        update: { expirePasscode: { enabled: true, numberOfDays: 21 } },
        changes: [{ setting: 'Passcode expiry', before: 'on, 100 days', after: 'on, 21 days' }],
      });
    });

    it('pin=random and pin=generate ask for a made-up PIN with the default PIN on, and carry no PIN', () => {
      for (const text of ['pin=random', 'PIN: Generate', 'default-pin random expire=60']) {
        const result = parseSetArgs(text);
        assert.equal(result.ok, true, text);
        if (!result.ok) continue;
        assert.equal(result.generatePin, true);
        assert.equal(result.desired.defaultVoicemailPin, undefined);
        assert.equal(result.desired.defaultVoicemailPinEnabled, true);
      }
      assert.equal((parseSetArgs('expire=60') as { generatePin?: true }).generatePin, undefined);
    });

    it('pin=random with pin-enabled=off, or with a PIN as well, is refused', () => {
      assert.deepEqual(parseSetArgs('pin=random pin-enabled=off'), {
        ok: false,
        errors: [
          {
            key: 'pin',
            message:
              'pin=random makes up a default PIN, which needs the default PIN on: leave out pin-enabled=off',
          },
        ],
      });
      assert.deepEqual(parseSetArgs('pin=random pin=805163'), {
        ok: false,
        errors: [{ key: 'pin', message: 'pin is given more than once: give each setting once' }],
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

describe('parseSetArgs: properties', () => {
  const keyNames = SET_KEYS.flatMap((k) => [k.key, ...k.aliases]);
  const unitWords = [
    ...SECTIONS.flatMap((s: SectionSpec) => s.units.flatMap((u) => u.words)),
    ...REFUSED_UNITS.flatMap((u) => u.words),
  ];
  const leadWords = SECTIONS.flatMap((s: SectionSpec) => s.leadWords);
  const piece = fc.oneof(
    fc.constantFrom(...keyNames, ...unitWords, ...leadWords, ...ON_WORDS, ...OFF_WORDS, 'never', 'none'),
    fc.constantFrom(
      '=',
      ':',
      ' ',
      ',',
      ';',
      ' and ',
      ' to ',
      '-',
      '\u2013',
      '\u00a0',
      '\u200b',
      '\u201c',
      '.',
      '==',
    ),
    fc.integer({ min: -20, max: 2000 }).map(String),
    fc.stringMatching(/^[0-9]{1,12}$/),
    fc.string({ maxLength: 6 }),
    fc.string({ unit: 'binary', maxLength: 4 }),
  );
  const line = fc.oneof(
    fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
    fc.array(piece, { maxLength: 12 }).map((p) => p.join(' ')),
    fc.string({ unit: 'binary', maxLength: 40 }),
  );

  const within = (n: number | undefined, spec: SectionSpec) =>
    n === undefined || (Number.isInteger(n) && n >= spec.range.min && n <= spec.range.max);

  it('never throws, and never accepts a value outside the PUT ranges', () => {
    fc.assert(
      fc.property(line, (text) => {
        const parsed = parseSetArgs(text);
        if (!parsed.ok) {
          assert.ok(parsed.errors.length > 0);
          for (const e of parsed.errors) assert.ok(e.message.length > 0 && e.message.length < 400, e.message);
          return;
        }
        const d = parsed.desired;
        assert.ok(Object.keys(d).length > 0, JSON.stringify(text));
        for (const spec of SECTIONS) {
          const s = d[spec.name];
          if (!s) continue;
          assert.equal(typeof s.enabled, 'boolean');
          const n =
            'numberOfDays' in s ? s.numberOfDays : (s as { numberOfPasscodes?: number }).numberOfPasscodes;
          assert.ok(within(n, spec), `${JSON.stringify(text)} -> ${JSON.stringify(d)}`);
          // A number is only ever asked for with the setting on.
          if (n !== undefined) assert.equal(s.enabled, true);
        }
        if (d.defaultVoicemailPinEnabled !== undefined)
          assert.equal(typeof d.defaultVoicemailPinEnabled, 'boolean');
        if (d.defaultVoicemailPin !== undefined) {
          assert.ok(d.defaultVoicemailPin.length > 0);
          assert.ok(!/\s/.test(d.defaultVoicemailPin));
          assert.notEqual(d.defaultVoicemailPinEnabled, undefined);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('every number in its range is read, with or without its unit', () => {
    for (const spec of SECTIONS as readonly SectionSpec[]) {
      for (let n = spec.range.min; n <= spec.range.max; n++) {
        for (const text of [
          `${spec.key}=${n}`,
          `${spec.key} ${n} ${spec.unit.many}`,
          `${spec.key}:${n}${spec.units[0]?.words[0]}`,
        ]) {
          const d = desiredOf(parseSetArgs(text));
          const s = d[spec.name] as { enabled: boolean; numberOfDays?: number; numberOfPasscodes?: number };
          assert.equal(s.numberOfDays ?? s.numberOfPasscodes, n, text);
        }
      }
    }
  });
});

describe('a PIN typed in /voicemail set is never said back', () => {
  // Orgs may allow PINs shorter than 6 digits: after a PIN key, the value is never repeated, at any length.
  const pin = fc.stringMatching(/^[0-9]{4,12}$/);
  const nearPin = fc.constantFrom(
    'pn',
    'pim',
    'pinn',
    'ppin',
    'pni',
    'pin-',
    'Pin_',
    'default-pn',
    'pn:',
    'pincod',
  );
  const mistake = fc.oneof(
    // A misspelt key: "did you mean pin?" must not carry the digits.
    fc.tuple(nearPin, pin).map(([k, p]) => `${k}=${p}`),
    fc.tuple(nearPin, pin).map(([k, p]) => `${k}${p}`),
    // The PIN after the wrong key, split by a space, or with a second PIN after it.
    pin.map((p) => `pin-enabled=${p}`),
    pin.map((p) => `pin-enabled ${p}`),
    fc.tuple(pin, pin).map(([a, b]) => `pin=${a} ${b}`),
    fc.tuple(pin, pin).map(([a, b]) => `pin=${a} pin=${b}`),
    pin.map((p) => `pin=${p} pin-enabled=maybe`),
    pin.map((p) => `${p}`),
    pin.map((p) => `pin enbled=${p}`),
    pin.map((p) => `pin=${p} colour=blue`),
    pin.map((p) => `pin=${p}x`),
    pin.map((p) => `${p}=on`),
  );

  it('no refusal of parseSetArgs or planUpdate contains the digits typed after a PIN key', () => {
    fc.assert(
      fc.property(mistake, fc.constantFrom('', 'expire=30', 'history=off change=2'), (hostile, other) => {
        const text = `${hostile} ${other}`;
        const parsed = parseSetArgs(text);
        const messages = parsed.ok
          ? (() => {
              const plan = planUpdate(parsed.desired, settings(), pinRules());
              return plan.ok ? [] : plan.errors.map((e) => e.message);
            })()
          : parsed.errors.map((e) => e.message);
        // No message says four digits in a row, except the PIN rules' own illustrations ("such as 1234",
        // "such as 4545 or 1212"), which read the same whatever was typed: any four digits of a PIN are too many.
        for (const m of messages) {
          const said = m.replace(/such as [0-9]+( or [0-9]+)?/g, 'such as …');
          assert.doesNotMatch(said, /[0-9]{4}/, `${JSON.stringify(text)}: ${m}`);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('"did you mean pin?" names the key only', () => {
    assert.deepEqual(errorsOf(parseSetArgs('pn=8051')), [
      { message: `Unknown setting "pn": did you mean pin? The settings are ${KEYS}` },
    ]);
    assert.deepEqual(errorsOf(parseSetArgs('pn8051=on')), [
      {
        message: `Setting 1 has an unknown key (with digits, not repeated here): did you mean pin? The settings are ${KEYS}`,
      },
    ]);
    assert.deepEqual(errorsOf(parseSetArgs('pin-enabled=4325')), [
      {
        key: 'pin-enabled',
        message: 'pin-enabled must be on or off (or yes/no, true/false) (got a number, not repeated here)',
      },
    ]);
    assert.deepEqual(errorsOf(parseSetArgs('pin=8051 63')), [
      {
        message:
          'Setting 2 is a number with no key before it: write each setting as key=value, e.g. expire=60',
      },
    ]);
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
    'default-pin=12',
    'voicemail pin: 12',
    'pin\u2013code=12',
    'pin=\uff18\uff10\uff15\uff11',
    '80 51 63',
    'pin=abc',
    'pin enbled=on',
  ];
  const no = [
    'pin-enabled=on',
    'pin enabled=off',
    'pin=off',
    'pin=yes',
    'pin=random',
    'PIN generate expire=60',
    'expire=60 history=5',
    'spin=3',
    'expire=100',
    'pin',
    'show',
    '',
  ];
  for (const text of yes)
    it(`flags ${JSON.stringify(text)}`, () => assert.equal(setCommandMentionsPin(text), true));
  for (const text of no)
    it(`does not flag ${JSON.stringify(text)}`, () => assert.equal(setCommandMentionsPin(text), false));
});

describe('no PIN-like digits in what parseSetArgs, planUpdate and the form say', () => {
  const digits = fc.stringMatching(/^[0-9]{6,14}$/);
  const key = fc.constantFrom('pin-enabled', 'pin', 'expire', 'change', 'history', 'x', 'expiry', 'pn');
  const around = fc.constantFrom('', 'x', '-', '1', '=', ' ', ' days');
  /** The run as a key, a value, inside a value or a key, or a bare token, among other settings. */
  const args = fc
    .tuple(
      fc.oneof(
        fc.tuple(key, digits).map(([k, d]) => `${k}=${d}`),
        fc.tuple(key, digits, around, around).map(([k, d, a, b]) => `${k}=${a}${d}${b}`),
        fc.tuple(digits, around).map(([d, a]) => `${d}${a}=on`),
        fc.tuple(key, digits).map(([k, d]) => `${k}${d}=5`),
        fc.tuple(key, digits).map(([k, d]) => `${k} ${d}`),
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
        message: 'pin-enabled must be on or off (or yes/no, true/false) (got a number, not repeated here)',
      },
    ]);
    assert.deepEqual(errorsOf(parseSetArgs('123456=on')), [
      {
        message: `Setting 1 has an unknown key (with digits, not repeated here): use ${KEYS}`,
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
  const form = (s: string) => s.toLowerCase().replace(/[-_.\s]/g, '');

  it('every key is accepted, one per section plus the PIN two, and the examples parse', () => {
    assert.deepEqual(SET_COMMAND_KEYS, ['pin-enabled', 'pin', ...SECTIONS.map((s) => s.key)]);
    for (const key of SET_COMMAND_KEYS) {
      const errors = parseSetArgs(`${key}=`).ok ? [] : errorsOf(parseSetArgs(`${key}=`));
      assert.ok(!errors.some((e) => /Unknown setting/.test(e.message)), key);
    }
    for (const example of SET_EXAMPLES) desiredOf(parseSetArgs(example));
    desiredOf(parseSetArgs(SET_EXAMPLES.join(' ')));
  });

  it('every alias reads as its own key and no other', () => {
    const owner = new Map<string, string>();
    for (const k of SET_KEYS) {
      for (const name of [k.key, ...k.aliases]) {
        const was = owner.get(form(name));
        assert.ok(was === undefined || was === k.key, `${name}: ${was} and ${k.key}`);
        owner.set(form(name), k.key);
        const value = k.key === 'pin' ? '805163' : k.key === 'pin-enabled' ? 'on' : 'off';
        const parsed = desiredOf(parseSetArgs(`${name}=${value}`));
        assert.deepEqual(parsed, desiredOf(parseSetArgs(`${k.key}=${value}`)), name);
      }
    }
  });

  it('no key name is also a value, unit or lead word, which would make a line read two ways', () => {
    const words = new Set(
      [
        ...ON_WORDS,
        ...OFF_WORDS,
        ...GENERATE_PIN_WORDS,
        ...SECTIONS.flatMap((s: SectionSpec) => [
          ...s.offWords,
          ...s.leadWords,
          ...s.units.flatMap((u) => u.words),
        ]),
        ...REFUSED_UNITS.flatMap((u) => u.words),
      ].map(form),
    );
    for (const k of SET_KEYS)
      for (const name of [k.key, ...k.aliases]) assert.ok(!words.has(form(name)), name);
    // A unit of one section is no lead word of another ("every 3 days").
    const units = SECTIONS.flatMap((s: SectionSpec) => s.units.flatMap((u) => u.words));
    for (const s of SECTIONS as readonly SectionSpec[])
      for (const w of s.leadWords) assert.ok(!units.includes(w), w);
  });
});
