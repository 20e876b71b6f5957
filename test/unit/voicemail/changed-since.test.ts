import assert from 'node:assert/strict';
import { changedSince } from '../../../src/voicemail/changed-since.js';
import type { RulesSettings } from '../../../src/voicemail/rules.js';

const shown: RulesSettings = {
  defaultVoicemailPinEnabled: true,
  expirePasscode: { enabled: true, numberOfDays: 180 },
  changePasscode: { enabled: false, numberOfDays: 1 },
  blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 10 },
};

describe('changedSince: what a confirmation card showed against the rules now', () => {
  it('names only the settings the change touches, in the card’s words', () => {
    const now: RulesSettings = {
      ...shown,
      expirePasscode: { enabled: false, numberOfDays: 180 },
      blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 4 },
    };
    assert.deepEqual(changedSince({ expirePasscode: { enabled: true, numberOfDays: 50 } }, shown, now), [
      { setting: 'Passcode expiry', shown: 'on, 180 days', now: 'off' },
    ]);
    assert.deepEqual(
      changedSince({ defaultVoicemailPinEnabled: false }, shown, {
        ...shown,
        defaultVoicemailPinEnabled: false,
      }),
      [{ setting: 'Default voicemail PIN', shown: 'on', now: 'off' }],
    );
  });

  it('a number stored while its setting is off was never shown, so it is no difference', () => {
    const now: RulesSettings = { ...shown, changePasscode: { enabled: false, numberOfDays: 5 } };
    assert.deepEqual(changedSince({ changePasscode: { enabled: true, numberOfDays: 3 } }, shown, now), []);
  });

  it('a setting Webex stopped (or started) reporting is a difference', () => {
    const { blockPreviousPasscodes: _gone, ...now } = shown;
    assert.deepEqual(changedSince({ blockPreviousPasscodes: { enabled: false } }, shown, now), [
      {
        setting: 'Block reuse of previous passcodes',
        shown: 'on, 10 passcodes',
        now: 'not reported by Webex',
      },
    ]);
  });

  it('unchanged rules: nothing', () => {
    assert.deepEqual(
      changedSince(
        { defaultVoicemailPinEnabled: false, expirePasscode: { enabled: true, numberOfDays: 50 } },
        shown,
        structuredClone(shown),
      ),
      [],
    );
  });
});
