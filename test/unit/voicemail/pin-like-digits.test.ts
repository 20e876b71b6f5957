import assert from 'node:assert/strict';
import { hasPinLikeDigits, withoutPinLikeDigits } from '../../../src/voicemail/pin-like-digits.js';
import { parseSetArgs } from '../../../src/voicemail/set-command.js';

/** The digits a reader takes in, whatever sits between them. */
const readerDigits = (s: string) => s.replace(/[^\p{Nd}]/gu, '');

describe('PIN-like digits, as a reader sees them', () => {
  const hidden = [
    '1_2_3_4_5_6',
    '123_456',
    '1_000_000',
    '12*3456*7',
    '12345\u200b67',
    '123\u00ad4567',
    '123.456.789',
    '12 34 56',
    '4325484604',
    '١٢٣٤٥٦',
  ];
  for (const s of hidden) {
    it(`${JSON.stringify(s)} counts as a PIN-like number`, () => {
      assert.equal(hasPinLikeDigits(s), true);
      assert.equal(withoutPinLikeDigits(`PIN ${s} is weak`), 'PIN [digits left out] is weak');
    });
  }
  for (const s of [
    'expire=60 history=5',
    'between 15 and 100',
    '(1-30)',
    'change=7 history=10 expire=100',
    'a1b2c3d4e5f6',
  ]) {
    it(`${JSON.stringify(s)} does not`, () => assert.equal(hasPinLikeDigits(s), false));
  }

  it('/voicemail set never repeats them, split up by separators or invisible characters', () => {
    for (const s of hidden) {
      for (const args of [`expire=${s}`, `history=${s}`, `${s}=on`, `pin-enabled=${s}`]) {
        const parsed = parseSetArgs(args);
        assert.equal(parsed.ok, false, args);
        if (parsed.ok) continue;
        for (const e of parsed.errors)
          assert.ok(!readerDigits(e.message).includes(readerDigits(s).slice(0, 6)), `${args}: ${e.message}`);
      }
    }
  });
});
