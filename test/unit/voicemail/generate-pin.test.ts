import assert from 'node:assert/strict';
import fc from 'fast-check';

import {
  GENERATED_PIN_MIN_LENGTH,
  generatePersonPin,
  generatePin,
  personPinProblem,
} from '../../../src/voicemail/generate-pin.js';
import { checkPin } from '../../../src/voicemail/pin-policy.js';
import type { PinRules } from '../../../src/voicemail/rules.js';
// The emulator's checker was written from the Webex rule texts apart from the bot's: both must agree.
import { pinViolation } from '../../../src/emulator/pin-rules.js';
import { pinRules } from '../../helpers/voicemail-fixtures.js';

/** A rule set within Webex's documented ranges (min 2..15, max 3..30, repeats 1..6, runs 2..5). */
const ruleSets = fc
  .record({
    min: fc.integer({ min: 2, max: 15 }),
    max: fc.integer({ min: 3, max: 30 }),
    patterns: fc.boolean(),
    repeats: fc.record({ enabled: fc.boolean(), max: fc.integer({ min: 1, max: 6 }) }),
    runs: fc.record({
      enabled: fc.boolean(),
      numberOfAscendingDigits: fc.integer({ min: 2, max: 5 }),
      numberOfDescendingDigits: fc.integer({ min: 2, max: 5 }),
    }),
  })
  .filter((r) => r.min <= r.max)
  .map(
    (r) =>
      ({
        blockRepeatedPatternsEnabled: r.patterns,
        blockRepeatedDigits: r.repeats,
        blockContiguousSequences: r.runs,
        length: { min: r.min, max: r.max },
      }) satisfies Required<Omit<PinRules, 'defaultVoicemailPinEnabled'>>,
  );

const generated = (rules: PinRules): string => {
  const result = generatePin(rules);
  assert.ok(result.ok, `no PIN for ${JSON.stringify(rules)}`);
  return result.pin;
};

describe('generatePin', () => {
  it('every PIN for any documented rule set passes the project checker and the emulator (5,000 runs)', () => {
    fc.assert(
      fc.property(ruleSets, (rules) => {
        const pin = generated(rules);
        assert.deepEqual(
          checkPin(pin, rules),
          [],
          `project checker refused a PIN for ${JSON.stringify(rules)}`,
        );
        assert.equal(pinViolation(pin, rules), undefined);
        const shortest = Math.min(Math.max(rules.length.min, GENERATED_PIN_MIN_LENGTH), rules.length.max);
        assert.ok(pin.length >= shortest && pin.length <= shortest + 2, `length ${pin.length}`);
      }),
      { numRuns: 5000 },
    );
  });

  it('the tightest documented rules still yield passing PINs, thousands of times', () => {
    const tight = {
      blockRepeatedPatternsEnabled: true,
      blockRepeatedDigits: { enabled: true, max: 1 },
      blockContiguousSequences: { enabled: true, numberOfAscendingDigits: 2, numberOfDescendingDigits: 2 },
      length: { min: 3, max: 3 },
    };
    for (let i = 0; i < 2000; i++) {
      const pin = generated(tight);
      assert.equal(pin.length, 3);
      assert.deepEqual(checkPin(pin, tight), []);
      assert.equal(pinViolation(pin, tight), undefined);
    }
  });

  it('rules Webex did not report are taken at their strictest, which the emulator also passes', () => {
    const strictest = {
      blockRepeatedPatternsEnabled: true,
      blockRepeatedDigits: { enabled: true, max: 1 },
      blockContiguousSequences: { enabled: true, numberOfAscendingDigits: 2, numberOfDescendingDigits: 2 },
      length: { min: 6, max: 30 },
    };
    for (let i = 0; i < 1000; i++) {
      const pin = generated({});
      assert.equal(pinViolation(pin, strictest), undefined);
      assert.ok(pin.length >= 6 && pin.length <= 8);
    }
  });

  it('is spread out: 1,000 PINs are nearly all different, and every digit appears in every place', () => {
    const pins = Array.from({ length: 1000 }, () => generated(pinRules()));
    // A few hundred thousand 6-digit PINs pass these rules, so a repeat among 1,000 is chance (the birthday
    // bound), not a fault; a generator with little randomness repeats far more often than this allows.
    assert.ok(new Set(pins).size >= 990, `only ${new Set(pins).size} different PINs in 1,000`);
    for (let place = 0; place < GENERATED_PIN_MIN_LENGTH; place++) {
      const seen = new Set(pins.map((p) => p[place]));
      assert.equal(seen.size, 10, `place ${place} showed only ${[...seen].sort().join('')}`);
    }
    const lengths = new Set(pins.map((p) => p.length));
    assert.deepEqual([...lengths].sort(), [6, 7, 8]);
  });

  it('says why when the rules admit no PIN, and never returns one', () => {
    const cases: [PinRules, RegExp][] = [
      [pinRules({ length: { min: 9, max: 8 } }), /length rule \(9–8 digits\)/],
      [pinRules({ blockRepeatedDigits: { enabled: true, max: 0 } }), /repeated-digits/],
      [
        pinRules({
          blockContiguousSequences: {
            enabled: true,
            numberOfAscendingDigits: 0,
            numberOfDescendingDigits: 3,
          },
        }),
        /ascending\/descending/,
      ],
    ];
    for (const [rules, why] of cases) {
      const result = generatePin(rules);
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.reason, why);
      assert.doesNotMatch(JSON.stringify(result), /[0-9]{4}/);
    }
  });

  it('for one person: within Webex’s 6–30 digits whatever the org allows, or a reason when nothing is left', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 40 }), (min, extra) => {
        const rules = { ...pinRules(), length: { min, max: min + extra } };
        const made = generatePersonPin(rules);
        if (min + extra < 6 || min > 30) {
          assert.equal(made.ok, false);
          assert.ok(personPinProblem(rules));
          return;
        }
        assert.ok(made.ok, JSON.stringify(rules));
        assert.ok(made.pin.length >= Math.max(6, min) && made.pin.length <= Math.min(30, min + extra));
        assert.equal(checkPin(made.pin, rules).length, 0);
      }),
      { numRuns: 500 },
    );
  });
});
