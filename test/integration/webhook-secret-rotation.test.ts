import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { freePort, startHarness, type Harness } from '../helpers/bot-harness.js';

/**
 * WEBHOOK_SECRET rotation: an instance with the new secret and WEBHOOK_SECRET_PREVIOUS accepts deliveries
 * signed with either while its registrar moves the webhooks to the new one; without PREVIOUS an old
 * signature is refused.
 */
describe('webhook secret rotation (WEBHOOK_SECRET_PREVIOUS, emulator, real Redis)', function () {
  this.timeout(30_000);
  const started: Harness[] = [];
  afterEach(async () => {
    for (const h of started.reverse()) await h.close();
    started.length = 0;
  });

  it('accepts old- and new-signed deliveries during the rotation, moves the webhooks, and refuses old ones after it', async () => {
    const port = await freePort();
    const oldSecret = randomBytes(18).toString('hex');
    const newSecret = randomBytes(18).toString('hex');
    const url = () => `http://127.0.0.1:${port}/webhook`;

    // Before: an instance running the old config registered the webhooks with the old secret.
    const before = await startHarness({ port, env: { WEBHOOK_SECRET: oldSecret } });
    started.push(before);
    const em = before.em;
    const secrets = () =>
      [...em.state.webhooks.values()].filter((w) => w.targetUrl === url()).map((w) => w.secret);
    assert.deepEqual(secrets(), [oldSecret, oldSecret]);
    await em.say(before.admin.id, before.dm.id, '/help');
    assert.match((await before.nextReply(before.dm.id, 0)).markdown ?? '', /voicemail/);
    const oldDelivery = em.deliveries.find((d) => d.targetUrl === url() && d.status === 204);
    assert.ok(oldDelivery, 'a delivery signed with the old secret');
    await before.stop();

    // During: the new secret plus the old one as PREVIOUS.
    const during = await startHarness({
      alongside: before,
      port,
      env: { WEBHOOK_SECRET: newSecret, WEBHOOK_SECRET_PREVIOUS: oldSecret },
    });
    started.push(during);
    assert.deepEqual(secrets(), [newSecret, newSecret], 'the registrar moved the webhooks to the new secret');
    assert.equal(await em.replay(oldDelivery), 204, 'an old-signed delivery (one in flight) is accepted');
    const said = during.botSaid(during.dm.id).length;
    await em.say(during.admin.id, during.dm.id, '/help');
    assert.match(
      (await during.nextReply(during.dm.id, said)).markdown ?? '',
      /voicemail/,
      'a fresh delivery, signed with the new secret, is answered',
    );
    const fresh = em.deliveries.at(-1)!;
    assert.equal(fresh.status, 204);
    assert.equal(
      await em.replay(fresh, { signature: 'ab'.repeat(20) }),
      401,
      'a signature from neither secret is refused',
    );
    await during.stop();

    // After: PREVIOUS dropped. The old secret opens nothing any more; the new one still does.
    const after = await startHarness({ alongside: before, port, env: { WEBHOOK_SECRET: newSecret } });
    started.push(after);
    assert.equal(await em.replay(oldDelivery), 401, 'without PREVIOUS an old-signed delivery is refused');
    assert.equal(await em.replay(fresh), 204);
    for (const h of [before, during, after]) {
      const logs = h.logs.text();
      assert.ok(!logs.includes(oldSecret) && !logs.includes(newSecret), 'no secret in the log');
    }
  });
});
