import assert from 'node:assert/strict';
import { createMemoryKeyValueStore } from '../../../src/store/memory-key-value-store.js';
import type { KeyValueStore } from '../../../src/store/key-value-store.js';
import { withLock } from '../../../src/store/with-lock.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fail = (): Promise<never> => Promise.reject(new Error('timed out'));

describe('withLock', () => {
  it('one holder at a time; the lock is free again afterwards', async () => {
    const kv = createMemoryKeyValueStore();
    let inside = 0;
    let most = 0;
    const work = async () => {
      most = Math.max(most, ++inside);
      await sleep(30);
      inside--;
      return 'done';
    };
    const opts = { ttlMs: 1000, waitMs: 2000, retryMs: 5, onTimeout: fail };
    assert.deepEqual(await Promise.all([1, 2, 3].map(() => withLock(kv, 'k', opts, work))), [
      'done',
      'done',
      'done',
    ]);
    assert.equal(most, 1);
    assert.equal(await kv.get('k'), null);
  });

  it("a waiter takes the holder's result instead of doing the work again", async () => {
    const kv = createMemoryKeyValueStore();
    let result: string | undefined;
    let runs = 0;
    const opts = { ttlMs: 1000, waitMs: 2000, retryMs: 5, settled: async () => result, onTimeout: fail };
    const work = async () => {
      runs++;
      await sleep(30);
      result = 'fresh token';
      return result;
    };
    assert.deepEqual(await Promise.all([withLock(kv, 'k', opts, work), withLock(kv, 'k', opts, work)]), [
      'fresh token',
      'fresh token',
    ]);
    assert.equal(runs, 1);
  });

  it('held past the wait: onTimeout decides; a dead store: onStoreError decides, or the error goes up', async () => {
    const kv = createMemoryKeyValueStore();
    await kv.setIfAbsent('k', 'someone else', 10_000);
    await assert.rejects(
      withLock(kv, 'k', { ttlMs: 1000, waitMs: 30, retryMs: 5, onTimeout: fail }, async () => 1),
      /timed out/,
    );
    assert.equal(await kv.get('k'), 'someone else', "another holder's lock is never released");
    const dead: KeyValueStore = { ...kv, setIfAbsent: () => Promise.reject(new Error('redis down')) };
    const without = await withLock(
      dead,
      'k',
      { ttlMs: 1000, waitMs: 30, onTimeout: fail, onStoreError: async () => 'ran without the lock' },
      async () => 'with lock',
    );
    assert.equal(without, 'ran without the lock');
    await assert.rejects(
      withLock(dead, 'k', { ttlMs: 1000, waitMs: 30, onTimeout: fail }, async () => 1),
      /redis down/,
    );
  });
});
