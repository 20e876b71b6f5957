import assert from 'node:assert/strict';
import { createMemoryKeyValueStore } from '../../../src/store/memory-key-value-store.js';
import type { KeyValueStore } from '../../../src/store/key-value-store.js';
import { createCardThreads } from '../../../src/store/card-threads.js';
import { captureLog } from '../../helpers/capture-log.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('card threads', () => {
  it('remembers a card’s thread and the top level; an unknown card is unknown', async () => {
    const threads = createCardThreads(createMemoryKeyValueStore(), { log: captureLog().log });
    threads.note('M-card', 'M-command');
    threads.note('M-top', undefined);
    await tick();
    assert.deepEqual(await threads.of('M-card'), { parentId: 'M-command' });
    assert.deepEqual(await threads.of('M-top'), {});
    assert.equal(await threads.of('M-other'), undefined);
  });

  it('a failing store makes every card unknown (read back from Webex), logged once', async () => {
    const logs = captureLog();
    const refuse = () => Promise.reject(new Error('Connection is closed.'));
    const kv: KeyValueStore = { ...createMemoryKeyValueStore(), get: refuse, set: refuse };
    const threads = createCardThreads(kv, { log: logs.log });
    threads.note('M-card', 'M-command');
    await tick();
    assert.equal(await threads.of('M-card'), undefined);
    assert.equal(await threads.of('M-card'), undefined);
    assert.equal(logs.lines.filter((l) => /card threads unavailable/.test(l)).length, 1);
  });
});
