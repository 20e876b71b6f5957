import assert from 'node:assert/strict';
import { reportPages, progressText } from '../../../src/fleet/fleet-report.js';
import type { FleetRun, StoredOrgResult } from '../../../src/fleet/fleet-runs.js';
import { MAX_MESSAGE_BYTES } from '../../../src/webex/messages-client.js';

const run = (over: Partial<FleetRun> = {}): FleetRun => ({
  runId: 'r1',
  personId: 'p',
  personName: 'Pat *Partner*',
  personEmail: '',
  roomId: 'room',
  policy: { expirePasscode: { enabled: true, numberOfDays: 60 } },
  policyWords: ['Passcode expiry: on, 60 days'],
  total: 1000,
  status: 'done',
  startedAt: 0,
  finishedAt: 192_000,
  counts: { applied: 600, unchanged: 300, failed: 100, skipped: 0 },
  ...over,
});

describe('fleet report', () => {
  it('pages 1,000 orgs with long hostile names under the message limit, every org named once', () => {
    const results = new Map<string, StoredOrgResult>();
    for (let i = 0; i < 1000; i++) {
      const outcome = i < 600 ? 'applied' : i < 900 ? 'unchanged' : 'failed';
      results.set(`org${i}`, {
        orgName: `Org ${i} [x](http://evil.test) <@all> ${'ü'.repeat(150)}`,
        outcome,
        ...(outcome === 'failed' ? { reason: "the sign-in may not change this org's rules (403)" } : {}),
        trackingId: `VMBOT_${i}`,
        at: '',
      });
    }
    const pages = reportPages(run(), results);
    assert.ok(pages.length > 1);
    for (const p of pages) {
      assert.ok(Buffer.byteLength(p) <= MAX_MESSAGE_BYTES, `${Buffer.byteLength(p)} bytes`);
      assert.ok(!p.includes('[x](http'), 'no link from a name');
      assert.match(
        p,
        /Applied 600 · unchanged 300 · failed 100 · skipped 0 of 1000 orgs \(done in 3 min 12 s\)/,
      );
      assert.match(p, /Pat \\\*Partner\\\*/);
    }
    const all = pages.join('\n');
    for (let i = 0; i < 1000; i += 97) assert.equal(all.split(`Org ${i} `).length, 2, `Org ${i} once`);
    assert.ok(all.indexOf('**Failed (100)**') < all.indexOf('**Applied (600)**'), 'failures first');
  });

  it('progress: done/total, failures and an ETA while running; the end once done', () => {
    const going = run({
      status: 'running',
      startedAt: 0,
      finishedAt: undefined,
      counts: { applied: 90, unchanged: 5, failed: 5, skipped: 0 },
    });
    assert.equal(
      progressText(going, 60_000),
      '**Applying policy to 1000 orgs**: 100/1000 done, 5 failed, ETA ~9 min.',
    );
    assert.match(
      progressText(run()),
      /Finished: policy applied to 1000 orgs\*\*: 1000\/1000 done, 100 failed/,
    );
  });
});
