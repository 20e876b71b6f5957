import assert from 'node:assert/strict';
import { createRedis } from '../../../src/store/create-redis.js';
import { bullConnections } from '../../../src/store/bull-connections.js';

/**
 * The settings a Sentinel connection is made with, read back from the client without connecting. The
 * failover itself is proved against real processes (test/integration/redis-sentinel.test.ts); this pins
 * what that test cannot tell apart by outcome alone: the quick path (watching +switch-master) is on, and
 * BullMQ's copies carry it.
 */
describe('createRedis through Sentinel', () => {
  const target = {
    sentinels: [
      { host: '127.0.0.1', port: 26379 },
      { host: '::1', port: 26380 },
    ],
    name: 'mymaster',
    password: 'data-pass',
    sentinelPassword: 'sentinel-pass',
  };

  it('fails fast like a URL connection, watches for failovers, leaves a READONLY node; duplicate() keeps all of it', () => {
    const redis = createRedis(target, { lazyConnect: true });
    const bull = bullConnections(redis);
    try {
      for (const c of [redis, bull.queue, bull.worker]) {
        const o = c.options;
        assert.deepEqual(o.sentinels, target.sentinels);
        assert.equal(o.name, 'mymaster');
        assert.equal(o.password, 'data-pass');
        assert.equal(o.sentinelPassword, 'sentinel-pass');
        assert.equal(o.failoverDetector, true);
        assert.equal(
          o.reconnectOnError?.(new Error("READONLY You can't write against a read only replica.")),
          true,
        );
        assert.equal(o.reconnectOnError?.(new Error('WRONGTYPE Operation against a key')), false);
        assert.equal(typeof o.sentinelRetryStrategy, 'function');
        assert.equal(typeof o.sentinelReconnectStrategy, 'function');
        // The connector that closes the detector's subscriptions with the connection (see create-redis.ts).
        assert.equal(o.Connector, redis.options.Connector);
        assert.ok(o.Connector);
      }
      assert.equal(redis.options.enableOfflineQueue, false);
      assert.equal(redis.options.maxRetriesPerRequest, 0);
      assert.equal(redis.options.commandTimeout, 2000);
      // BullMQ's workers block on Redis and wait it out (see bull-connections.ts).
      assert.equal(bull.worker.options.maxRetriesPerRequest, null);
    } finally {
      for (const c of [redis, bull.queue, bull.worker]) c.disconnect();
    }
  });

  it('a one-shot CLI gives up when no sentinel answers, and does not watch for failovers', () => {
    const redis = createRedis(target, { lazyConnect: true, reconnect: false });
    try {
      assert.equal(redis.options.sentinelRetryStrategy?.(1), null);
      assert.equal(redis.options.failoverDetector, false);
    } finally {
      redis.disconnect();
    }
  });
});
