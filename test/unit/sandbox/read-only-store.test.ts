import assert from 'node:assert/strict';
import { createMemoryKeyValueStore } from '../../../src/store/memory-key-value-store.js';
import { createOrgSelection, ORG_CHOICE_TTL_MS } from '../../../src/store/org-selection.js';
import { readOnlyStore } from '../../../src/sandbox/read-only-store.js';

const DAY = 24 * 3600_000;
const GLOBEX = { orgId: 'org-globex', displayName: 'Globex' };

describe('the sandbox page reads the bot’s org choices (read-only store)', () => {
  let now = 0;
  const kv = createMemoryKeyValueStore(() => now);
  const bot = createOrgSelection(kv);
  const page = createOrgSelection(readOnlyStore(kv));

  beforeEach(() => {
    now = 0;
  });

  it('sees the choice the bot stored, and nothing for a person who made none', async () => {
    await bot.set('pat', GLOBEX);
    assert.deepEqual(await page.get('pat'), GLOBEX);
    assert.equal(await page.get('alice'), null);
  });

  it('watching does not keep a choice alive: it expires when the bot would have let it', async () => {
    await bot.set('pat', GLOBEX);
    // The page polls every second; a day at a time is enough to cross the TTL.
    for (now = DAY; now < ORG_CHOICE_TTL_MS; now += DAY) assert.deepEqual(await page.get('pat'), GLOBEX);
    now = ORG_CHOICE_TTL_MS + 1;
    assert.equal(await page.get('pat'), null);
    assert.equal(await bot.get('pat'), null);
  });

  it('writes through it change nothing', async () => {
    await bot.set('pat', GLOBEX);
    await page.clear('pat');
    await page.set('pat', { orgId: 'org-acme', displayName: 'Acme' });
    assert.deepEqual(await bot.get('pat'), GLOBEX);
    const ro = readOnlyStore(kv);
    assert.equal(await ro.setIfAbsent('other', 'x', DAY), false);
    assert.equal(await ro.delete('org-choice:pat'), false);
    assert.equal(await ro.increment('counter', DAY), 1);
    assert.equal(await kv.get('other'), null);
    assert.equal(await kv.get('counter'), null);
    assert.deepEqual(await bot.get('pat'), GLOBEX);
  });

  it('reads the bot’s capped logs (the org history) and appends nothing to them', async () => {
    await kv.appendCapped('history:acme', 'one', 10);
    const ro = readOnlyStore(kv);
    await ro.appendCapped('history:acme', 'two', 10);
    assert.deepEqual(await ro.newestEntries('history:acme', 10), ['one']);
    assert.deepEqual(await kv.newestEntries('history:acme', 10), ['one']);
  });
});
