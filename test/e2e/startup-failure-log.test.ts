import assert from 'node:assert/strict';
import { runMain } from '../helpers/run-main.js';

/** A log platform reads the bot's stderr too: a start-up failure is one JSON line, not free text. */
describe('start-up failures for a log platform', function () {
  this.timeout(30_000);

  it('a bad environment: one JSON line with level, ISO time, service and every problem; no secret', async () => {
    const secret = 'x'.repeat(40);
    const r = await runMain([], { WEBEX_BOT_TOKEN: secret, WEBHOOK_SECRET: 'short' });
    assert.equal(r.code, 1);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(line.level, 'fatal');
    assert.ok(String(line.time).includes('T'));
    assert.equal(line.service, 'voicemail-rules-bot');
    assert.equal(line.msg, 'voicemail-rules-bot cannot start');
    const problems = line.problems as string[];
    assert.ok(
      problems.some((p) => p.startsWith('PUBLIC_URL: is required')),
      problems.join('; '),
    );
    assert.ok(
      problems.some((p) => p.startsWith('WEBHOOK_SECRET:')),
      problems.join('; '),
    );
    assert.ok(!r.stderr.includes(secret));
  });

  it('the operator’s CLI keeps plain words', async () => {
    const r = await runMain(['token', 'list'], { REDIS_URL: 'not-a-url' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^voicemail-rules-bot cannot start:\n {2}- REDIS_URL/);
  });
});
