import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { createRedis } from '../../src/store/create-redis.js';
import { bullConnections } from '../../src/store/bull-connections.js';
import { startOwnRedisServer, type OwnRedisServer } from '../helpers/redis-server.js';

/**
 * What moves a connection off a demoted primary, without a sentinel in the room: a node that turns replica
 * answers writes with READONLY, and the product's connections (BullMQ's copies too) drop it and connect
 * again, instead of failing every write on it for as long as the socket stays open.
 */
describe('Redis: a READONLY answer makes the connection reconnect (own redis-server)', function () {
  this.timeout(20_000);
  let srv: OwnRedisServer;
  let admin: Redis;
  const opened: Redis[] = [];
  before(async () => {
    srv = await startOwnRedisServer();
    admin = createRedis(srv.url);
    opened.push(admin);
    await new Promise((r) => admin.once('ready', r));
  });
  after(async () => {
    for (const r of opened) r.disconnect();
    await srv?.stop();
  });

  it('the write fails at once (not re-sent later), the connection is dropped and made again, and works once the node is primary', async () => {
    const redis = createRedis(srv.url);
    const bull = bullConnections(redis);
    const queue = bull.queue;
    opened.push(redis, queue, bull.worker);
    redis.on('error', () => undefined);
    const key = `vmbot-test:${process.pid}:readonly`;
    await Promise.all([redis, queue].map((c) => new Promise((r) => c.once('ready', r))));

    // Demoted: a replica of a primary that does not exist (it never syncs, and refuses writes meanwhile).
    await admin.call('REPLICAOF', '127.0.0.1', '1');
    for (const c of [redis, queue]) {
      const reconnecting = new Promise((r) => c.once('reconnecting', r));
      await assert.rejects(c.set(key, 'refused', 'PX', 5000), /READONLY/);
      await reconnecting;
    }
    await admin.call('REPLICAOF', 'NO', 'ONE');
    for (const c of [redis, queue]) {
      if (c.status !== 'ready') await new Promise((r) => c.once('ready', r));
    }
    assert.equal(await redis.get(key), null, 'the refused writes were not re-sent after the reconnect');
    assert.equal(await redis.set(key, 'accepted', 'PX', 5000), 'OK');
  });
});
