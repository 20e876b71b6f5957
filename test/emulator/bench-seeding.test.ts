import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { Emulator } from '../../src/emulator/index.js';
import { getEmulator } from '../helpers/emulator.js';
import { call, seedOrg } from '../helpers/emulator-api.js';

/** What `npm run bench` asks of the emulator beyond what tests do: unsent deliveries and many spaces. */
describe('emulator: seeding for the benchmark', () => {
  let em: Emulator;
  let w: ReturnType<typeof seedOrg>;

  before(async () => {
    em = await getEmulator();
  });
  beforeEach(() => {
    em.reset();
    w = seedOrg(em);
  });

  it('sayUnsent stores the message and hands back the signed delivery instead of sending it', async () => {
    const hook = await call(em, 'POST', '/webhooks', {
      token: w.bot.token,
      body: {
        name: 'h',
        targetUrl: 'http://127.0.0.1:9/never',
        resource: 'messages',
        event: 'created',
        secret: 's3',
      },
    });
    assert.equal(hook.status, 200);
    const room = em.createRoom({ type: 'direct', memberIds: [w.admin.id, w.bot.person.id] });
    const { message, deliveries } = em.sayUnsent(w.admin.id, room.id, '/help');
    assert.equal(deliveries.length, 1);
    const d = deliveries[0]!;
    assert.equal(d.targetUrl, 'http://127.0.0.1:9/never');
    assert.equal(d.headers['x-spark-signature'], createHmac('sha1', 's3').update(d.rawBody).digest('hex'));
    const body = JSON.parse(d.rawBody) as { data: { id: string; personId: string } };
    assert.equal(body.data.id, message.id);
    assert.equal(body.data.personId, w.admin.id);
    await em.settle();
    assert.equal(em.deliveries.length, 0, 'nothing was sent');
    const got = await call(em, 'GET', `/messages/${message.id}`, { token: w.bot.token });
    assert.equal(got.status, 200);
    assert.equal(got.body.text, '/help');
  });

  it('seedSpaces adds group spaces silently, listed for their members', async () => {
    const ids = em.seedSpaces({ count: 120, memberIds: [w.admin.id, w.bot.person.id], titlePrefix: 'Bulk' });
    assert.equal(new Set(ids).size, 120);
    const list = await call(em, 'GET', '/rooms?max=1000', { token: w.bot.token });
    assert.equal(list.status, 200);
    const titles = (list.body.items as { title: string }[]).map((r) => r.title);
    assert.ok(titles.includes('Bulk 1') && titles.includes('Bulk 120'), titles.slice(0, 5).join(', '));
    assert.equal(em.deliveries.length, 0);
  });
});
