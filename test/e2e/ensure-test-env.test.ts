import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/net/free-port.js';
import { ROOT } from '../helpers/run-main.js';
import { REDIS_URL } from '../helpers/redis.js';

const SCRIPT = path.join(ROOT, 'scripts/ensure-test-env.sh');

/** `npm test`'s first step (pretest), which also runs in .ci/run: what a fresh machine lacks. */
describe('scripts/ensure-test-env.sh', function () {
  this.timeout(20_000);

  it('with Redis answering and Chromium present: exits 0 at once and says nothing', () => {
    const t0 = Date.now();
    const r = spawnSync('bash', [SCRIPT], { env: { ...process.env, REDIS_URL }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr + r.stdout, '');
    assert.ok(Date.now() - t0 < 2000);
  });

  it('not root, nothing installed: stops non-zero with the exact apt-get command (redis-sentinel only when the Sentinel test runs)', async () => {
    // A PATH with only the tools the script uses, an `id` that says "not root", and no apt-get.
    const bin = mkdtempSync(path.join(tmpdir(), 'ensure-env-'));
    try {
      for (const tool of ['bash', 'head', 'grep', 'seq', 'sleep']) {
        const found = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
        symlinkSync(found, path.join(bin, tool));
      }
      writeFileSync(path.join(bin, 'id'), '#!/bin/sh\necho 1000\n');
      chmodSync(path.join(bin, 'id'), 0o755);
      const port = await freePort();
      const run = (extra: Record<string, string> = {}) =>
        spawnSync(path.join(bin, 'bash'), [SCRIPT], {
          env: {
            PATH: bin,
            REDIS_URL: `redis://127.0.0.1:${port}`,
            CHROMIUM_PATH: path.join(bin, 'no-chromium'),
            ...extra,
          },
          encoding: 'utf8',
        });
      const r = run();
      assert.equal(r.status, 1, r.stderr);
      assert.match(
        r.stderr,
        /^ {2}sudo apt-get update && sudo apt-get install -y redis-server chromium redis-sentinel$/m,
      );
      // SKIP_SCALE_TESTS=1 leaves the Sentinel failover test out, so it does not need the package.
      const skipped = run({ SKIP_SCALE_TESTS: '1' });
      assert.equal(skipped.status, 1, skipped.stderr);
      assert.match(
        skipped.stderr,
        /^ {2}sudo apt-get update && sudo apt-get install -y redis-server chromium$/m,
      );
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
