import assert from 'node:assert/strict';
import { createApp } from '../../../src/app.js';
import { createWebhookRoute } from '../../../src/http/webhook-route.js';
import { captureLog } from '../../helpers/capture-log.js';
import { listenLocal, type LocalServer } from '../../helpers/listen-local.js';

/** A flood of forged webhook requests, over real HTTP: the log gets one line, then a count per interval. */
describe('bad-signature warnings are rate-limited in the log', function () {
  this.timeout(20_000);
  let server: LocalServer;
  let base: string;
  const logs = captureLog();
  // Long enough for 200 requests to finish inside one interval even on a loaded 2-core machine.
  const INTERVAL = 2500;

  before(async () => {
    const app = createApp([
      createWebhookRoute({
        secret: 's'.repeat(24),
        log: logs.log,
        enqueue: async () => undefined,
        badSignatureLogIntervalMs: INTERVAL,
      }),
    ]);
    server = await listenLocal(app);
    base = server.base;
  });
  after(async () => {
    await server.close();
  });

  const forge = (i: number) =>
    fetch(`${base}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-spark-signature': 'ab'.repeat(i % 2 ? 20 : 64) },
      body: JSON.stringify({ resource: 'messages', event: 'created', data: { id: `m${i}` } }),
    }).then((r) => r.status);
  const rejected = () => logs.lines.filter((l) => l.includes('webhook rejected')).map((l) => JSON.parse(l));

  it('200 forged requests: every one refused, one full line, then one summary with the count', async () => {
    const statuses = await Promise.all(Array.from({ length: 200 }, (_, i) => forge(i)));
    assert.ok(statuses.every((s) => s === 401));
    assert.equal(rejected().length, 1, 'only the first is logged at once');
    assert.match(rejected()[0].msg, /bad signature/);

    await new Promise((r) => setTimeout(r, INTERVAL + 300));
    const lines = rejected();
    assert.equal(lines.length, 2, lines.map((l) => l.msg).join('\n'));
    assert.equal(lines[1].count, 199);

    // Quiet for a whole interval: the next forged request is logged in full again.
    await new Promise((r) => setTimeout(r, INTERVAL + 300));
    assert.equal(rejected().length, 2, 'no empty summary');
    assert.equal(await forge(1), 401);
    assert.equal(rejected().length, 3);
    assert.match(rejected()[2].msg, /bad signature/);
  });
});
