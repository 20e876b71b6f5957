import assert from 'node:assert/strict';

import { checkPin, describePinRules, type PinRule } from '../../../src/voicemail/pin-policy.js';
import type { PinRules } from '../../../src/voicemail/rules.js';
import { lenientPinRules, pinRules } from '../../helpers/voicemail-fixtures.js';

interface Case {
  pin: string;
  rules: PinRules;
  broken: PinRule[];
  why: string;
}

const documented = pinRules();
const lenient = lenientPinRules();
const onlyRepeats = (max: number) => ({ ...lenient, blockRepeatedDigits: { enabled: true, max } });
const onlySequences = (up: number, down: number) => ({
  ...lenient,
  blockContiguousSequences: { enabled: true, numberOfAscendingDigits: up, numberOfDescendingDigits: down },
});
const onlyPatterns = { ...lenientPinRules({ min: 2, max: 30 }), blockRepeatedPatternsEnabled: true };

const cases: Case[] = [
  // digits
  { pin: '135792', rules: documented, broken: [], why: 'an unremarkable PIN' },
  { pin: '13579a', rules: documented, broken: ['digits'], why: 'a letter' },
  { pin: '135 792', rules: documented, broken: ['digits'], why: 'a space' },
  { pin: '１３５７９２', rules: documented, broken: ['digits'], why: 'full-width digits' },
  { pin: '-135792', rules: lenient, broken: ['digits'], why: 'a sign, even with every rule off' },
  // length
  { pin: '13579', rules: documented, broken: ['length'], why: 'one digit too short' },
  { pin: '', rules: documented, broken: ['length'], why: 'empty' },
  { pin: '1357924680135792468013579246801', rules: lenient, broken: ['length'], why: '31 digits' },
  { pin: '135792468013579246801357924680', rules: lenient, broken: [], why: 'exactly 30 digits' },
  // repeated digits: more than max identical digits in a row
  { pin: '111222', rules: documented, broken: [], why: 'two runs of exactly 3' },
  { pin: '112222', rules: documented, broken: ['repeatedDigits'], why: 'a run of 4 with max 3' },
  { pin: '135555', rules: onlyRepeats(3), broken: ['repeatedDigits'], why: 'a run of 4 at the end' },
  { pin: '112222', rules: lenient, broken: [], why: 'a run of 4 with the rule off' },
  { pin: '135792', rules: onlyRepeats(1), broken: [], why: 'no repeats with max 1' },
  { pin: '113579', rules: onlyRepeats(1), broken: ['repeatedDigits'], why: 'a pair with max 1' },
  { pin: '131313', rules: onlyRepeats(1), broken: [], why: 'alternating digits are not repeats' },
  // contiguous sequences: runs longer than the limit, no 9 -> 0 wrap
  { pin: '123579', rules: documented, broken: [], why: 'an ascending run of exactly 3' },
  { pin: '123479', rules: documented, broken: ['ascending'], why: 'an ascending run of 4' },
  { pin: '975432', rules: documented, broken: ['descending'], why: 'a descending run of 4' },
  { pin: '321790', rules: documented, broken: [], why: 'a descending run of exactly 3' },
  { pin: '789012', rules: documented, broken: [], why: '9 -> 0 does not continue a run (no wrap)' },
  { pin: '210987', rules: documented, broken: [], why: '0 -> 9 does not continue a run (no wrap)' },
  { pin: '123456', rules: lenient, broken: [], why: 'a run of 6 with the rule off' },
  { pin: '123456', rules: onlySequences(5, 2), broken: ['ascending'], why: 'ascending 6 over limit 5' },
  { pin: '125432', rules: onlySequences(5, 2), broken: ['descending'], why: 'descending 4 over limit 2' },
  { pin: '123987', rules: onlySequences(2, 2), broken: ['ascending', 'descending'], why: 'both directions' },
  // repeated patterns: one group of 2+ digits repeated 2+ times
  { pin: '121212', rules: onlyPatterns, broken: ['repeatedPattern'], why: '12 three times' },
  { pin: '123123', rules: onlyPatterns, broken: ['repeatedPattern'], why: '123 twice' },
  { pin: '4545', rules: onlyPatterns, broken: ['repeatedPattern'], why: '45 twice' },
  { pin: '80518051', rules: onlyPatterns, broken: ['repeatedPattern'], why: '8051 twice' },
  { pin: '1212123', rules: onlyPatterns, broken: [], why: 'a repeat followed by a tail' },
  { pin: '123124', rules: onlyPatterns, broken: [], why: 'almost a repeat' },
  { pin: '121212', rules: lenient, broken: [], why: 'a pattern with the rule off' },
  {
    pin: '111111',
    rules: onlyPatterns,
    broken: ['repeatedPattern'],
    why: '11 three times counts as a group',
  },
  // several at once, in a fixed order
  {
    pin: '1111',
    rules: documented,
    broken: ['length', 'repeatedDigits', 'repeatedPattern'],
    why: 'short, a run of 4 and a pattern',
  },
];

// PINs that happen to equal the fixed illustrations in the messages (such as 4545 or 1212; 123456 for a limit of 5).
const ILLUSTRATIONS = new Set(['4545', '1212', '123456']);

describe('checkPin', () => {
  for (const c of cases) {
    const label = c.broken.length === 0 ? 'passes' : `breaks ${c.broken.join(', ')}`;
    it(`${JSON.stringify(c.pin)} ${label}: ${c.why}`, () => {
      const problems = checkPin(c.pin, c.rules);
      assert.deepEqual(
        problems.map((p) => p.rule),
        c.broken,
      );
      for (const problem of problems) {
        if (c.pin.length >= 4 && !ILLUSTRATIONS.has(c.pin))
          assert.ok(!problem.message.includes(c.pin), `message echoes the PIN: ${problem.message}`);
      }
    });
  }

  it('names the limits in its messages', () => {
    const message = (pin: string, rules: PinRules) => checkPin(pin, rules).map((p) => p.message);
    assert.deepEqual(message('1357', lenient), ['PIN must be 6–30 digits long (got 4)']);
    assert.deepEqual(message('112222', onlyRepeats(3)), [
      'PIN may not repeat a digit more than 3 times in a row (it has a digit 4 times in a row)',
    ]);
    assert.deepEqual(message('113579', onlyRepeats(1)), [
      'PIN may not repeat a digit more than 1 time in a row (it has a digit 2 times in a row)',
    ]);
    assert.deepEqual(message('123479', onlySequences(3, 3)), [
      'PIN may not contain more than 3 ascending digits in a row, such as 1234 (it has 4)',
    ]);
    assert.deepEqual(message('975432', onlySequences(3, 3)), [
      'PIN may not contain more than 3 descending digits in a row, such as 4321 (it has 4)',
    ]);
    assert.deepEqual(message('121212', onlyPatterns), [
      'PIN may not be a group of digits repeated, such as 4545 or 1212',
    ]);
    assert.deepEqual(message('12a456', documented), ['PIN must contain digits (0–9) only']);
  });
});

describe('describePinRules', () => {
  it('describes the documented rules in plain language', () => {
    assert.deepEqual(describePinRules(documented), [
      '6–30 digits (0–9)',
      'No digit more than 3 times in a row',
      'No more than 3 ascending or descending digits in a row (such as 1234 or 4321)',
      'No repeated groups of digits (such as 4545 or 1212)',
    ]);
  });

  it('leaves out rules that are off', () => {
    assert.deepEqual(describePinRules(lenient), ['6–30 digits (0–9)']);
  });

  it('splits ascending and descending limits when they differ, and says "exactly" for a fixed length', () => {
    assert.deepEqual(describePinRules({ ...onlySequences(4, 2), length: { min: 8, max: 8 } }), [
      'Exactly 8 digits (0–9)',
      'No more than 4 ascending digits in a row (such as 12345)',
      'No more than 2 descending digits in a row (such as 321)',
    ]);
  });

  it('uses the singular for a repeat limit of 1', () => {
    assert.deepEqual(describePinRules(onlyRepeats(1)), [
      '6–30 digits (0–9)',
      'No digit more than 1 time in a row',
    ]);
  });
});
