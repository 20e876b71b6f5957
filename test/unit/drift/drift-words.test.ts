import assert from 'node:assert/strict';
import { driftBetween, mergeSeen } from '../../../src/drift/drift-words.js';
import { spreadDelay } from '../../../src/drift/spread-delay.js';
import type { RulesSettings } from '../../../src/voicemail/rules.js';

const SEEN: RulesSettings = {
  defaultVoicemailPinEnabled: false,
  expirePasscode: { enabled: true, numberOfDays: 180 },
  changePasscode: { enabled: false, numberOfDays: 1 },
  blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 10 },
};

describe('drift between the rules last seen and now', () => {
  it('names each changed setting with old → new in the words /voicemail show uses', () => {
    const now = {
      ...SEEN,
      expirePasscode: { enabled: true, numberOfDays: 45 },
      defaultVoicemailPinEnabled: true,
    };
    assert.deepEqual(driftBetween(SEEN, now), [
      { setting: 'Default voicemail PIN', before: 'off', after: 'on' },
      { setting: 'Passcode expiry', before: 'on, 180 days', after: 'on, 45 days' },
    ]);
  });

  it('a number changed while its setting is off is no drift (nobody sees it); a setting Webex left out keeps its last value', () => {
    const now: RulesSettings = { ...SEEN, changePasscode: { enabled: false, numberOfDays: 5 } };
    delete now.expirePasscode;
    assert.deepEqual(driftBetween(SEEN, now), []);
    assert.deepEqual(mergeSeen(SEEN, now).expirePasscode, SEEN.expirePasscode);
  });

  it('spreads orgs across the interval, each at a fixed point', () => {
    const delays = Array.from({ length: 200 }, (_, i) => spreadDelay(`org-${i}`, 900_000));
    assert.ok(delays.every((d) => d >= 0 && d < 900_000));
    assert.equal(spreadDelay('org-1', 900_000), delays[1]);
    // Four quarters of the interval each get a fair share of 200 orgs.
    for (let q = 0; q < 4; q++) {
      const n = delays.filter((d) => Math.floor(d / 225_000) === q).length;
      assert.ok(n > 25, `quarter ${q}: ${n}`);
    }
  });
});
