import assert from 'node:assert/strict';

import {
  BLOCK_PREVIOUS_PASSCODES,
  CHANGE_PASSCODE_DAYS,
  EXPIRE_PASSCODE_DAYS,
  rulesUpdateSchema,
  settingsFromRules,
  voicemailRulesSchema,
  type RulesSettings,
} from '../../../src/voicemail/rules.js';
import { documentedGet } from '../../helpers/voicemail-fixtures.js';

const clone = <T>(value: T): T => structuredClone(value);

describe('voicemailRulesSchema', () => {
  it('parses the documented GET example', () => {
    const rules = voicemailRulesSchema.parse(documentedGet);
    assert.deepEqual(rules, documentedGet);
  });

  it('lets unknown fields through without keeping them', () => {
    const body = {
      ...clone(documentedGet),
      newTopLevel: { anything: 1 },
      expirePasscode: { enabled: true, numberOfDays: 100, unit: 'days' },
    };
    body.defaultVoicemailPinRules = { ...body.defaultVoicemailPinRules, ...{ blockDictionaryWords: true } };
    const rules = voicemailRulesSchema.parse(body);
    assert.deepEqual(rules, documentedGet);
  });

  it('accepts stored numbers outside the PUT ranges (expiry 180, history 0)', () => {
    const body = clone(documentedGet);
    body.expirePasscode.numberOfDays = 180;
    body.blockPreviousPasscodes.numberOfPasscodes = 0;
    const rules = voicemailRulesSchema.parse(body);
    assert.equal(rules.expirePasscode?.numberOfDays, 180);
    assert.equal(rules.blockPreviousPasscodes?.numberOfPasscodes, 0);
  });

  it('takes defaultVoicemailPinEnabled from the top level when the rules block lacks it', () => {
    const body: Record<string, unknown> = clone(documentedGet);
    const { defaultVoicemailPinEnabled: _dropped, ...block } = documentedGet.defaultVoicemailPinRules;
    body.defaultVoicemailPinRules = block;
    body.defaultVoicemailPinEnabled = false;
    const rules = voicemailRulesSchema.parse(body);
    assert.equal(rules.defaultVoicemailPinRules.defaultVoicemailPinEnabled, false);
  });

  it('prefers the flag inside the rules block, where GET documents it', () => {
    const rules = voicemailRulesSchema.parse({ ...clone(documentedGet), defaultVoicemailPinEnabled: false });
    assert.equal(rules.defaultVoicemailPinRules.defaultVoicemailPinEnabled, true);
  });

  // Every field of this GET is optional in Webex's spec: one missing or malformed field makes that one
  // setting unknown, never the whole answer unreadable.
  const partial: [string, (body: Record<string, unknown>) => void, (s: RulesSettings) => void][] = [
    [
      'the enabled flag is missing everywhere',
      (b) => {
        delete (b.defaultVoicemailPinRules as Record<string, unknown>).defaultVoicemailPinEnabled;
      },
      (s) => assert.equal('defaultVoicemailPinEnabled' in s, false),
    ],
    [
      'expirePasscode is missing',
      (b) => delete b.expirePasscode,
      (s) => assert.equal(s.expirePasscode, undefined),
    ],
    [
      'a number is a string',
      (b) => (b.changePasscode = { enabled: true, numberOfDays: '1' }),
      (s) => assert.deepEqual(s.changePasscode, { enabled: true }),
    ],
    [
      'a flag is a string',
      (b) => (b.blockPreviousPasscodes = { enabled: 'false', numberOfPasscodes: 10 }),
      (s) => assert.equal(s.blockPreviousPasscodes, undefined),
    ],
  ];
  for (const [name, breakIt, check] of partial) {
    it(`keeps the rest when ${name}`, () => {
      const body: Record<string, unknown> = clone(documentedGet);
      breakIt(body);
      const settings = settingsFromRules(voicemailRulesSchema.parse(body));
      check(settings);
      const full = settingsFromRules(voicemailRulesSchema.parse(documentedGet));
      const kept = Object.keys(settings).length;
      assert.ok(kept >= Object.keys(full).length - 1, JSON.stringify(settings));
    });
  }

  it('reads an empty object as "nothing reported"', () => {
    const rules = voicemailRulesSchema.parse({});
    assert.deepEqual(rules, { defaultVoicemailPinRules: {} });
    assert.deepEqual(settingsFromRules(rules), {});
  });

  it('drops a PIN rule that is on without its numbers, and the length without both bounds', () => {
    const body = clone(documentedGet) as unknown as { defaultVoicemailPinRules: Record<string, unknown> };
    body.defaultVoicemailPinRules.blockRepeatedDigits = { enabled: true };
    body.defaultVoicemailPinRules.length = { min: 6 };
    const rules = voicemailRulesSchema.parse(body);
    assert.equal(rules.defaultVoicemailPinRules.blockRepeatedDigits, undefined);
    assert.equal(rules.defaultVoicemailPinRules.length, undefined);
    assert.deepEqual(rules.defaultVoicemailPinRules.blockContiguousSequences, {
      enabled: true,
      numberOfAscendingDigits: 3,
      numberOfDescendingDigits: 3,
    });
  });

  it('still rejects a body that is not an object', () => {
    for (const body of [null, 'rules', 42, []])
      assert.equal(voicemailRulesSchema.safeParse(body).success, false);
  });
});

describe('settingsFromRules', () => {
  it('normalises the GET shape: the PIN flag moves out of the rules block', () => {
    assert.deepEqual(settingsFromRules(voicemailRulesSchema.parse(documentedGet)), {
      defaultVoicemailPinEnabled: true,
      expirePasscode: { enabled: true, numberOfDays: 100 },
      changePasscode: { enabled: true, numberOfDays: 1 },
      blockPreviousPasscodes: { enabled: false, numberOfPasscodes: 10 },
    });
  });
});

describe('PUT ranges', () => {
  it('are the documented ones', () => {
    assert.deepEqual(EXPIRE_PASSCODE_DAYS, { min: 15, max: 100 });
    assert.deepEqual(CHANGE_PASSCODE_DAYS, { min: 1, max: 7 });
    assert.deepEqual(BLOCK_PREVIOUS_PASSCODES, { min: 1, max: 10 });
  });
});

describe('rulesUpdateSchema', () => {
  it('accepts the documented PUT example and an empty partial body', () => {
    const example = {
      defaultVoicemailPinEnabled: true,
      defaultVoicemailPin: '123544',
      expirePasscode: { enabled: true, numberOfDays: 100 },
      changePasscode: { enabled: true, numberOfDays: 1 },
      blockPreviousPasscodes: { enabled: false, numberOfPasscodes: 10 },
    };
    assert.equal(rulesUpdateSchema.safeParse(example).success, true);
    assert.equal(rulesUpdateSchema.safeParse({}).success, true);
    assert.equal(rulesUpdateSchema.safeParse({ expirePasscode: { enabled: false } }).success, true);
  });

  const rejected: [string, unknown][] = [
    ['orgId', { orgId: 'o' }],
    ['the read-only rules block', { defaultVoicemailPinRules: documentedGet.defaultVoicemailPinRules }],
    ['expiry 180', { expirePasscode: { enabled: true, numberOfDays: 180 } }],
    ['change 0', { changePasscode: { enabled: true, numberOfDays: 0 } }],
    ['history 11', { blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 11 } }],
    ['a fractional number', { changePasscode: { enabled: true, numberOfDays: 1.5 } }],
    ['a PIN with letters', { defaultVoicemailPin: '12ab56' }],
  ];
  for (const [name, body] of rejected) {
    it(`rejects ${name}`, () => assert.equal(rulesUpdateSchema.safeParse(body).success, false));
  }
});
