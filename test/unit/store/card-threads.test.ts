import assert from 'node:assert/strict';
import { createMemoryKeyValueStore } from '../../../src/store/memory-key-value-store.js';
import type { KeyValueStore } from '../../../src/store/key-value-store.js';
import { createCardThreads } from '../../../src/store/card-threads.js';

const broken = (kv: KeyValueStore): KeyValueStore => ({
  ...kv,
  get: () => Promise.reject(new Error('Connection is closed.')),
  set: () => Promise.reject(new Error('Connection is closed.')),
});

describe('card threads', () => {
  it('remembers a card’s thread and the top level, and knows nothing on a failing store', async () => {
    const kv = createMemoryKeyValueStore();
    const threads = createCardThreads(kv);
    await threads.note('M-card', 'M-command');
    await threads.note('M-top', undefined);
    assert.deepEqual(await threads.of('M-card'), { parentId: 'M-command' });
    assert.deepEqual(await threads.of('M-top'), {});
    assert.equal(await threads.of('M-other'), undefined);
    const failing = createCardThreads(broken(kv));
    await failing.note('M-x', 'M-y');
    assert.equal(await failing.of('M-card'), undefined);
  });
});
