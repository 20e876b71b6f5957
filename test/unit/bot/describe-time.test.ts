import assert from 'node:assert/strict';
import { describeTime, utcText } from '../../../src/bot/describe-time.js';

describe('describeTime: relative first, then UTC', () => {
  const now = Date.UTC(2025, 0, 7, 9, 30);
  const day = 86_400_000;

  it('days, hours and minutes ahead, with the exact UTC time', () => {
    assert.equal(describeTime(now + 13 * day + 3_600_000, now), 'in 13 days (2025-01-20 10:30 UTC)');
    assert.equal(describeTime(now + 5 * 3_600_000, now), 'in 5 hours (2025-01-07 14:30 UTC)');
    assert.equal(describeTime(now + 1 * day, now), 'in 1 day (2025-01-08 09:30 UTC)');
    assert.equal(describeTime(now + 3 * 60_000, now), 'in 3 minutes (2025-01-07 09:33 UTC)');
    assert.equal(describeTime(now + 10_000, now), 'in less than a minute (2025-01-07 09:30 UTC)');
  });

  it('the past reads as the past', () => {
    assert.equal(describeTime(now - 2 * day, now), '2 days ago (2025-01-05 09:30 UTC)');
  });

  it('UTC text is the same wherever the reader is', () => {
    assert.equal(utcText(Date.UTC(2025, 11, 31, 23, 59, 59)), '2025-12-31 23:59 UTC');
  });
});
