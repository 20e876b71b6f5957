import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { freePort } from '../helpers/bot-harness.js';
import { spawnMain } from '../helpers/run-main.js';

/** `npm start` with no configuration, as a newcomer runs it, but with no Redis to be found. */
describe('sandbox start-up without Redis (own process)', function () {
  this.timeout(60_000);
  let child: ChildProcess | undefined;
  after(() => {
    child?.kill('SIGTERM');
  });

  it('starts on loopback with an in-memory store, says nothing persists, and serves the page', async () => {
    const port = await freePort();
    child = spawnMain({ PORT: String(port), REDIS_URL: 'redis://127.0.0.1:1' });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const deadline = Date.now() + 45_000;
    while (!/sandbox ready/.test(out)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`sandbox did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(out, /nothing persists/);
    assert.match(out, new RegExp(`http://127\\.0\\.0\\.1:${port}/sandbox`));
    assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200);
    const page = await fetch(`http://127.0.0.1:${port}/sandbox`);
    assert.equal(page.status, 200);
  });
});
