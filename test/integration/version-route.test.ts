import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { ROOT } from '../helpers/run-main.js';

describe('GET /version (emulator, real Redis)', function () {
  this.timeout(20_000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };

  const version = async (bot: Harness) => {
    const res = await fetch(`${bot.running.url}/version`);
    assert.equal(res.status, 200);
    return (await res.json()) as Record<string, unknown>;
  };

  it("names the package and its version, and the commit the platform set (GIT_COMMIT before Heroku's)", async () => {
    h = await startHarness({
      env: { GIT_COMMIT: '0123abc', SOURCE_VERSION: 'ffffeee', HEROKU_SLUG_COMMIT: 'eeeeddd' },
    });
    assert.deepEqual(await version(h), { name: pkg.name, version: pkg.version, commit: '0123abc' });
  });

  it('leaves the commit out when no platform variable gives one', async () => {
    h = await startHarness();
    assert.deepEqual(await version(h), { name: pkg.name, version: pkg.version });
  });
});
