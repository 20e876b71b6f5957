import assert from 'node:assert/strict';
import { openTestRedis, type TestRedis } from '../../helpers/redis.js';
import { createTokenLimiter } from '../../../src/fleet/token-limiter.js';

describe('fleet token limiter (real Redis)', () => {
  let store: TestRedis;
  before(async () => (store = await openTestRedis()));
  after(async () => store.cleanup());

  it('gives each admin their own budget per second, shared by every instance', async () => {
    const a = createTokenLimiter({ redis: store.redis, prefix: store.prefix, callsPerSecond: 3 });
    const b = createTokenLimiter({ redis: store.redis, prefix: store.prefix, callsPerSecond: 3 });
    // Two instances draw on one budget for admin A.
    assert.deepEqual([await a.take('A'), await b.take('A'), await a.take('A')], [0, 0, 0]);
    const wait = await b.take('A');
    assert.ok(wait > 0 && wait <= 1000, `A waits for the next second: ${wait}`);
    // Admin B's budget is untouched.
    assert.equal(await a.take('B'), 0);
  });

  it('a 429 pause holds only that admin, is never shortened, and ends by itself', async () => {
    const l = createTokenLimiter({ redis: store.redis, prefix: store.prefix, callsPerSecond: 100 });
    await l.pause('P', 400);
    await l.pause('P', 50);
    const left = await l.pausedFor('P');
    assert.ok(left > 300 && left <= 400, `the longer pause stays: ${left}`);
    assert.ok((await l.take('P')) > 300, 'a paused admin gets no call');
    assert.equal(await l.pausedFor('Q'), 0);
    assert.equal(await l.take('Q'), 0, 'another admin goes on');
    await new Promise((r) => setTimeout(r, 450));
    assert.equal(await l.take('P'), 0, 'the pause ends by itself');
  });
});
