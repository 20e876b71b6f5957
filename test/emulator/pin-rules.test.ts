import assert from 'node:assert/strict';
import { pinViolation } from '../../src/emulator/index.js';
import type { PinRules } from '../../src/emulator/types.js';

const DEFAULT: PinRules = {
  blockRepeatedPatternsEnabled: true,
  blockRepeatedDigits: { enabled: true, max: 3 },
  blockContiguousSequences: { enabled: true, numberOfAscendingDigits: 3, numberOfDescendingDigits: 3 },
  length: { min: 6, max: 30 },
};

describe('emulator: voicemail PIN rules (from the Webex rule texts)', () => {
  const table: [pin: string, ok: boolean, why: string][] = [
    ['135792', true, 'fine'],
    ['111222', true, 'Webex: with max 3, 111222 passes'],
    ['112222', false, 'Webex: with max 3, 112222 fails'],
    ['123856', true, 'Webex: with 3, 123856 passes'],
    ['123485', false, 'Webex: with 3, 123485 fails (1234 is a 4-digit run)'],
    ['987246', true, 'descending run of 3'],
    ['987625', false, 'descending run of 4'],
    ['121212', false, 'repeated pattern'],
    ['123123', false, 'repeated pattern'],
    ['802802', false, 'repeated pattern'],
    ['8028027', true, 'a group repeated does not fill the PIN'],
    ['13579', false, 'too short (min 6)'],
    ['1'.repeat(2) + '3579'.repeat(7) + '24', false, 'too long (max 30)'],
    ['13579a', false, 'not digits'],
    ['', false, 'empty'],
    [' 135792', false, 'space'],
  ];
  for (const [pin, ok, why] of table) {
    it(`${JSON.stringify(pin)} ${ok ? 'passes' : 'fails'}: ${why}`, () => {
      const v = pinViolation(pin, DEFAULT);
      if (ok) assert.equal(v, undefined);
      else assert.equal(typeof v, 'string');
    });
  }

  it('checks only the rules that are enabled', () => {
    const off: PinRules = {
      blockRepeatedPatternsEnabled: false,
      blockRepeatedDigits: { enabled: false, max: 3 },
      blockContiguousSequences: { enabled: false, numberOfAscendingDigits: 3, numberOfDescendingDigits: 3 },
      length: { min: 4, max: 8 },
    };
    assert.equal(pinViolation('121212', off), undefined);
    assert.equal(pinViolation('111111', off), undefined);
    assert.equal(pinViolation('123456', off), undefined);
    assert.match(pinViolation('123', off) ?? '', /between 4 and 8/);
  });

  it('uses the org limits, not fixed ones', () => {
    const strict: PinRules = {
      ...DEFAULT,
      blockRepeatedDigits: { enabled: true, max: 1 },
      blockContiguousSequences: { enabled: true, numberOfAscendingDigits: 2, numberOfDescendingDigits: 5 },
    };
    assert.equal(typeof pinViolation('135572', strict), 'string', 'two 5s in a row with max 1');
    assert.equal(typeof pinViolation('135679', strict), 'string', '567 ascending with max 2');
    assert.equal(pinViolation('976542', strict), undefined, '7654 descending is allowed with 5');
  });
});
