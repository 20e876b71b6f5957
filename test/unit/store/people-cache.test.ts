import assert from 'node:assert/strict';
import { createMemoryKeyValueStore } from '../../../src/store/memory-key-value-store.js';
import type { KeyValueStore } from '../../../src/store/key-value-store.js';
import { createPeopleCache, type CachedPerson } from '../../../src/store/people-cache.js';
import { captureLog } from '../../helpers/capture-log.js';

const alice = {
  id: 'P-alice',
  emails: ['alice@acme.test'],
  displayName: 'Alice Admin',
  orgId: 'O-acme',
  type: 'person',
  // What Webex also returns and the bot never needs: not kept.
  avatar: 'https://avatars.example/alice',
  phoneNumbers: [{ type: 'work', value: '+1 555 0100' }],
} as CachedPerson;

/** A load that counts its calls, as the GET /people/{id} would. */
function loader(person: CachedPerson | undefined) {
  const l = { calls: 0, load: async () => (l.calls++, person) };
  return l;
}

describe('people cache', () => {
  it('reads a person once per TTL and keeps only what the bot uses', async () => {
    let now = 0;
    const kv = createMemoryKeyValueStore(() => now);
    const cache = createPeopleCache(kv, { log: captureLog().log, ttlMs: 60_000 });
    const l = loader(alice);
    const first = await cache.get(alice.id, l.load);
    const second = await cache.get(alice.id, l.load);
    assert.equal(l.calls, 1);
    const kept = {
      id: 'P-alice',
      emails: ['alice@acme.test'],
      displayName: 'Alice Admin',
      orgId: 'O-acme',
      type: 'person',
    };
    assert.deepEqual(first, kept, 'a miss answers what a hit would');
    assert.deepEqual(second, kept);
    assert.deepEqual(JSON.parse((await kv.get('person:P-alice'))!), kept);
    now = 60_001;
    await cache.get(alice.id, l.load);
    assert.equal(l.calls, 2, 'read again once the entry expired');
  });

  it('does not keep a person Webex did not find', async () => {
    const kv = createMemoryKeyValueStore();
    const cache = createPeopleCache(kv, { log: captureLog().log });
    const l = loader(undefined);
    assert.equal(await cache.get('P-gone', l.load), undefined);
    assert.equal(await cache.get('P-gone', l.load), undefined);
    assert.equal(l.calls, 2);
    assert.equal(await kv.get('person:P-gone'), null);
  });

  it('reads afresh over an entry it cannot use (not JSON, another shape, another id)', async () => {
    const kv = createMemoryKeyValueStore();
    const cache = createPeopleCache(kv, { log: captureLog().log });
    for (const bad of ['not json', '{"id":"P-alice"}', JSON.stringify({ ...alice, id: 'P-bob' })]) {
      await kv.set('person:P-alice', bad);
      const l = loader(alice);
      assert.equal((await cache.get(alice.id, l.load))?.displayName, 'Alice Admin');
      assert.equal(l.calls, 1, bad);
      assert.equal(JSON.parse((await kv.get('person:P-alice'))!).id, 'P-alice', 'overwritten');
    }
  });

  it('a store that fails costs the look-up, not the answer; it is left alone for a while, logged once', async () => {
    let now = 0;
    const logs = captureLog();
    let reads = 0;
    const inner = createMemoryKeyValueStore(() => now);
    const kv: KeyValueStore = {
      ...inner,
      get: () => (reads++, Promise.reject(new Error('Connection is closed.'))),
    };
    const cache = createPeopleCache(kv, { log: logs.log, now: () => now });
    const l = loader(alice);
    assert.equal((await cache.get(alice.id, l.load))?.id, 'P-alice');
    assert.equal((await cache.get(alice.id, l.load))?.id, 'P-alice');
    assert.equal(l.calls, 2);
    assert.equal(reads, 1, 'not asked again right after it failed');
    assert.equal(await inner.get('person:P-alice'), null, 'nor written to');
    assert.equal(logs.lines.filter((l) => /people cache unavailable/.test(l)).length, 1);
    now = 10_001;
    await cache.get(alice.id, l.load);
    assert.equal(reads, 2, 'tried again after a while');
  });

  it('a store that does not answer is not waited for beyond the read budget', async () => {
    const kv: KeyValueStore = {
      ...createMemoryKeyValueStore(),
      get: () => new Promise<string | null>(() => undefined),
    };
    const logs = captureLog();
    const cache = createPeopleCache(kv, { log: logs.log, readBudgetMs: 20 });
    const l = loader(alice);
    assert.equal((await cache.get(alice.id, l.load))?.id, 'P-alice');
    assert.equal(l.calls, 1);
    assert.match(logs.text(), /no answer within 20 ms/);
  });

  it('a write that fails is logged and the person still answered', async () => {
    const logs = captureLog();
    const kv: KeyValueStore = {
      ...createMemoryKeyValueStore(),
      set: () => Promise.reject(new Error('OOM command not allowed')),
    };
    const cache = createPeopleCache(kv, { log: logs.log });
    assert.equal((await cache.get(alice.id, loader(alice).load))?.id, 'P-alice');
    await new Promise((r) => setImmediate(r));
    assert.match(logs.text(), /people cache unavailable: reading senders from Webex for a while/);
  });

  it('a failing load fails the look-up (the intake reports the event), nothing is kept', async () => {
    const kv = createMemoryKeyValueStore();
    const cache = createPeopleCache(kv, { log: captureLog().log });
    await assert.rejects(
      cache.get(alice.id, () => Promise.reject(new Error('503'))),
      /503/,
    );
    assert.equal(await kv.get('person:P-alice'), null);
  });
});
