import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { startBotChild } from '../helpers/bot-child-process.js';
import { startOwnRedisServer, type OwnRedisServer } from '../helpers/redis-server.js';

/**
 * Review 13a (outside reviewer): an operator starts a `worker` with the wrong TOKEN_ENCRYPTION_KEY while
 * Redis is briefly unreachable (a deploy during a Redis hiccup). The key check is then deferred, "/readyz
 * stays 503 until it passes" — but readiness gates HTTP traffic only; nothing stops the BullMQ worker
 * taking events. Such a worker must take no event (it cannot read anyone's token).
 */
describe('(outside review) a worker with the wrong TOKEN_ENCRYPTION_KEY started while Redis was away', function () {
  this.timeout(90_000);
  let srv: OwnRedisServer;
  let h: Harness;
  let child: ChildProcess | undefined;

  before(async () => {
    srv = await startOwnRedisServer();
    h = await startHarness({ redisUrl: srv.url, env: { PROCESS_ROLE: 'web' } });
  });
  after(async () => {
    srv?.resume();
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
    }
    await h?.close();
    await srv?.stop();
  });

  it('takes no event once Redis answers and the key check fails', async () => {
    await h.grant(h.admin.id);
    const wrongKey = randomBytes(32).toString('base64');
    srv.pause();
    const starting = startBotChild(
      { ...h.config, PORT: 0, PROCESS_ROLE: 'worker', TOKEN_ENCRYPTION_KEY: wrongKey },
      {},
      60_000,
    );
    // Redis comes back while (or after) the worker starts.
    await new Promise((r) => setTimeout(r, 9000));
    srv.resume();
    const w = await starting.catch((err: Error) => ({ process: undefined, output: () => err.message }));
    child = w.process;
    if (!child) {
      console.log('REFUSED', w.output().slice(-1500));
      return;
    }
    const before = h.botSaid(h.dm.id).length;
    await h.em.say(h.admin.id, h.dm.id, '/voicemail show');
    await new Promise((r) => setTimeout(r, 6000));
    const said = h
      .botSaid(h.dm.id)
      .slice(before)
      .map((m) => (m.markdown ?? '').slice(0, 120));
    assert.deepEqual(said, [], `a worker whose key check failed answered:\n${w.output().slice(-3000)}`);
  });
});
