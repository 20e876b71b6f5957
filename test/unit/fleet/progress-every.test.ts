import assert from 'node:assert/strict';
import { EDITS_PER_MESSAGE, progressEveryMs } from '../../../src/fleet/create-fleet.js';

describe('progressEveryMs: how often a fleet run edits its progress message', () => {
  const defaults = { progressIntervalMs: 3000, callsPerSecond: 2 };

  it('a 300-org run at the default settings fits in one progress message at its call budget', () => {
    const runMs = (300 * 2 * 1000) / defaults.callsPerSecond;
    const every = progressEveryMs(300, defaults);
    assert.ok(runMs / every < EDITS_PER_MESSAGE, `${Math.ceil(runMs / every)} edits`);
    // Before, every 3 s: some 100 edits, ten messages.
    assert.ok(every > defaults.progressIntervalMs * 10);
  });

  it('a small run keeps FLEET_PROGRESS_INTERVAL_MS', () => {
    assert.equal(progressEveryMs(5, defaults), 3000);
    assert.equal(progressEveryMs(50, { progressIntervalMs: 100, callsPerSecond: 100 }), 125);
  });
});
