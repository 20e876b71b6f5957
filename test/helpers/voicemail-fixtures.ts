import type { PinRules, RulesSettings } from '../../src/voicemail/rules.js';

/** The documented GET example: patterns blocked, repeats max 3, sequences 3/3, 6–30, PIN on, 100/1/off 10. */
export const documentedGet = {
  defaultVoicemailPinRules: {
    blockRepeatedPatternsEnabled: true,
    blockRepeatedDigits: { enabled: true, max: 3 },
    blockContiguousSequences: { enabled: true, numberOfAscendingDigits: 3, numberOfDescendingDigits: 3 },
    length: { min: 6, max: 30 },
    defaultVoicemailPinEnabled: true,
  },
  expirePasscode: { enabled: true, numberOfDays: 100 },
  changePasscode: { enabled: true, numberOfDays: 1 },
  blockPreviousPasscodes: { enabled: false, numberOfPasscodes: 10 },
};

export const pinRules = (overrides: Partial<PinRules> = {}): PinRules => ({
  blockRepeatedPatternsEnabled: true,
  blockRepeatedDigits: { enabled: true, max: 3 },
  blockContiguousSequences: { enabled: true, numberOfAscendingDigits: 3, numberOfDescendingDigits: 3 },
  length: { min: 6, max: 30 },
  defaultVoicemailPinEnabled: true,
  ...overrides,
});

/** Every optional rule off: only digits and length apply. */
export const lenientPinRules = (length = { min: 6, max: 30 }): PinRules => ({
  blockRepeatedPatternsEnabled: false,
  blockRepeatedDigits: { enabled: false, max: 3 },
  blockContiguousSequences: { enabled: false, numberOfAscendingDigits: 3, numberOfDescendingDigits: 3 },
  length,
  defaultVoicemailPinEnabled: true,
});

export const settings = (overrides: Partial<RulesSettings> = {}): RulesSettings => ({
  defaultVoicemailPinEnabled: true,
  expirePasscode: { enabled: true, numberOfDays: 100 },
  changePasscode: { enabled: true, numberOfDays: 1 },
  blockPreviousPasscodes: { enabled: false, numberOfPasscodes: 10 },
  ...overrides,
});

/** A stored expiry the GET allows but the PUT does not. */
export const settingsWithStored180 = (enabled = true): RulesSettings =>
  settings({ expirePasscode: { enabled, numberOfDays: 180 } });
