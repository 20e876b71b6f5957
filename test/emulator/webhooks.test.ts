import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Emulator } from '../../src/emulator/index.js';
import { getEmulator } from '../helpers/emulator.js';
import { call, seedOrg, startReceiver, type Receiver } from '../helpers/emulator-api.js';

const hmac = (secret: string, raw: string): string => createHmac('sha1', secret).update(raw).digest('hex');

function verify(secret: string, raw: string, header: unknown): boolean {
  if (typeof header !== 'string') return false;
  const a = Buffer.from(hmac(secret, raw));
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}

const CARD = {
  type: 'AdaptiveCard',
  version: '1.3',
  body: [{ type: 'Input.Text', id: 'note', isRequired: true, label: 'Note' }],
  actions: [{ type: 'Action.Submit', title: 'Save', data: { action: 'save' } }],
};

describe('emulator: webhooks and signed delivery', () => {
  let em: Emulator;
  let rx: Receiver;
  let w: ReturnType<typeof seedOrg>;

  before(async () => {
    em = await getEmulator();
    rx = await startReceiver();
  });
  after(() => rx.close());
  beforeEach(() => {
    em.reset();
    rx.received.length = 0;
    rx.status = 200;
    w = seedOrg(em);
  });

  const createHook = async (body: Record<string, unknown>, token = w.bot.token) => {
    const res = await call(em, 'POST', '/webhooks', {
      token,
      body: { name: 'hook', targetUrl: rx.url, ...body },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { id: string; name: string; created: string };
  };

  it('does webhook CRUD per owner, with Webex fields', async () => {
    const hook = await createHook({
      resource: 'messages',
      event: 'created',
      filter: 'roomType=direct',
      secret: 's',
    });
    assert.deepEqual(Object.keys(hook), [
      'id',
      'name',
      'targetUrl',
      'resource',
      'event',
      'filter',
      'secret',
      'status',
      'created',
      'orgId',
      'createdBy',
      'appId',
      'ownedBy',
    ]);
    assert.equal(Buffer.from(hook.id, 'base64').toString().split('/')[3], 'WEBHOOK');
    const other = em.issueToken(w.user.id, ['spark:all']);
    assert.equal((await call(em, 'GET', '/webhooks', { token: other })).body.items.length, 0);
    assert.equal((await call(em, 'GET', `/webhooks/${hook.id}`, { token: other })).status, 404);
    const list = await call(em, 'GET', '/webhooks', { token: w.bot.token });
    assert.deepEqual(list.body.items, [hook]);
    const put = await call(em, 'PUT', `/webhooks/${hook.id}`, {
      token: w.bot.token,
      body: { name: 'renamed', targetUrl: rx.url, status: 'active' },
    });
    assert.equal(put.body.name, 'renamed');
    assert.equal(put.body.status, 'active');
    assert.equal((await call(em, 'DELETE', `/webhooks/${hook.id}`, { token: w.bot.token })).status, 204);
    assert.deepEqual(em.webhooks(w.bot.person.id), []);
    const bad = await call(em, 'POST', '/webhooks', {
      token: w.bot.token,
      body: { name: 'x', targetUrl: 'not a url', resource: 'messages', event: 'created' },
    });
    assert.equal(bad.status, 400);
    const badEvent = await call(em, 'POST', '/webhooks', {
      token: w.bot.token,
      body: { name: 'x', targetUrl: rx.url, resource: 'attachmentActions', event: 'deleted' },
    });
    assert.equal(badEvent.status, 400);
  });

  it('signs the exact raw body with HMAC-SHA1 and sends the Webex envelope', async () => {
    const hook = await createHook({ resource: 'all', event: 'all', secret: 'top-secret' });
    const dm = em.createRoom({ type: 'direct', memberIds: [w.admin.id, w.bot.person.id] });
    const msg = await em.say(w.admin.id, dm.id, 'hello');
    assert.equal(rx.received.length, 1);
    const got = rx.received[0];
    assert.ok(got);
    assert.ok(verify('top-secret', got.rawBody, got.headers['x-spark-signature']));
    assert.ok(!verify('other', got.rawBody, got.headers['x-spark-signature']));
    const env = JSON.parse(got.rawBody);
    assert.deepEqual(Object.keys(env), [
      'id',
      'name',
      'targetUrl',
      'resource',
      'event',
      'orgId',
      'createdBy',
      'appId',
      'ownedBy',
      'status',
      'created',
      'actorId',
      'data',
    ]);
    assert.equal(env.id, hook.id);
    assert.equal(env.name, 'hook');
    assert.equal(env.resource, 'messages');
    assert.equal(env.event, 'created');
    assert.equal(env.createdBy, w.bot.person.id);
    assert.equal(env.orgId, w.org.id);
    assert.equal(env.ownedBy, 'creator');
    assert.equal(env.status, 'active');
    assert.equal(env.actorId, w.admin.id);
    assert.deepEqual(env.data, {
      id: msg.id,
      roomId: dm.id,
      roomType: 'direct',
      personId: w.admin.id,
      personEmail: 'alice@acme.test',
      created: msg.created,
    });
    assert.doesNotMatch(got.rawBody, /hello/, 'the text is never in the webhook');

    const d = em.deliveries[0];
    assert.ok(d);
    assert.equal(d.rawBody, got.rawBody);
    assert.equal(d.status, 200);
    assert.equal(d.webhookId, hook.id);
    assert.equal(await em.replay(d), 200);
    assert.equal(rx.received[1]?.rawBody, got.rawBody);
    assert.equal(rx.received[1]?.headers['x-spark-signature'], got.headers['x-spark-signature']);
    await em.replay(d, { signature: null });
    assert.equal(rx.received[2]?.headers['x-spark-signature'], undefined);
    await em.replay(d, { signature: 'forged' });
    assert.equal(rx.received[3]?.headers['x-spark-signature'], 'forged');
  });

  it('omits the signature header when the webhook has no secret', async () => {
    await createHook({ resource: 'messages', event: 'created' });
    const dm = em.createRoom({ type: 'direct', memberIds: [w.admin.id, w.bot.person.id] });
    await em.say(w.admin.id, dm.id, 'hi');
    assert.equal(rx.received[0]?.headers['x-spark-signature'], undefined);
  });

  it("in a group room delivers to a bot only messages that mention it, and the bot's own", async () => {
    await createHook({ resource: 'all', event: 'all' });
    const group = em.createRoom({
      type: 'group',
      title: 'Voice',
      memberIds: [w.admin.id, w.user.id, w.bot.person.id],
    });
    await em.say(w.admin.id, group.id, 'just chatting');
    assert.equal(rx.received.length, 0);
    const mention = await em.say(w.admin.id, group.id, '/voicemail', { mention: [w.bot.person.id] });
    assert.equal(mention.text, 'VoicemailBot /voicemail');
    assert.deepEqual(mention.mentionedPeople, [w.bot.person.id]);
    assert.match(
      mention.html ?? '',
      /<spark-mention data-object-type="person" data-object-id="[^"]+">VoicemailBot/,
    );
    assert.equal(rx.received.length, 1);
    const env = JSON.parse(rx.received[0]?.rawBody ?? '{}');
    assert.equal(env.data.roomType, 'group');
    assert.deepEqual(env.data.mentionedPeople, [w.bot.person.id]);

    const own = await call(em, 'POST', '/messages', {
      token: w.bot.token,
      body: { roomId: group.id, text: 'hi all' },
    });
    assert.equal(own.status, 200);
    await em.settle();
    assert.equal(rx.received.length, 2, 'the firehose delivers the bot its own message');
    assert.equal(JSON.parse(rx.received[1]?.rawBody ?? '{}').data.personId, w.bot.person.id);

    // A person's webhook gets everything in the group.
    const human = em.issueToken(w.user.id, ['spark:all']);
    await createHook({ resource: 'messages', event: 'created' }, human);
    rx.received.length = 0;
    await em.say(w.admin.id, group.id, 'no mention');
    assert.equal(rx.received.length, 1);
    assert.equal(JSON.parse(rx.received[0]?.rawBody ?? '{}').createdBy, w.user.id);
  });

  it('delivers only to owners who are in the room, honouring filters', async () => {
    await createHook({ resource: 'messages', event: 'created', filter: 'roomType=group' });
    const dm = em.createRoom({ type: 'direct', memberIds: [w.admin.id, w.bot.person.id] });
    const elsewhere = em.createRoom({ type: 'group', title: 'No bot', memberIds: [w.admin.id, w.user.id] });
    await em.say(w.admin.id, dm.id, 'filtered out by roomType');
    await em.say(w.admin.id, elsewhere.id, 'bot not a member', { mention: [w.user.id] });
    assert.equal(rx.received.length, 0);
  });

  it('sends card submissions only to the attachmentActions webhook of the app that posted the card', async () => {
    await createHook({ resource: 'all', event: 'all', name: 'fire' });
    const cards = await createHook({
      resource: 'attachmentActions',
      event: 'created',
      name: 'cards',
      secret: 'k',
    });
    const dm = em.createRoom({ type: 'direct', memberIds: [w.admin.id, w.bot.person.id] });
    const posted = await call(em, 'POST', '/messages', {
      token: w.bot.token,
      body: {
        roomId: dm.id,
        markdown: 'Fill in the form',
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: CARD }],
      },
    });
    await em.settle();
    rx.received.length = 0;
    const action = await em.submitCard(w.admin.id, posted.body.id, { note: 'hello' });
    assert.equal(rx.received.length, 1);
    const env = JSON.parse(rx.received[0]?.rawBody ?? '{}');
    assert.equal(env.id, cards.id);
    assert.equal(env.resource, 'attachmentActions');
    assert.deepEqual(env.data, {
      id: action.id,
      type: 'submit',
      messageId: posted.body.id,
      personId: w.admin.id,
      roomId: dm.id,
      created: action.created,
    });
    assert.ok(verify('k', rx.received[0]?.rawBody ?? '', rx.received[0]?.headers['x-spark-signature']));
    const got = await call(em, 'GET', `/attachment/actions/${action.id}`, { token: w.bot.token });
    assert.deepEqual(got.body, {
      id: action.id,
      type: 'submit',
      messageId: posted.body.id,
      inputs: { action: 'save', note: 'hello' },
      personId: w.admin.id,
      roomId: dm.id,
      created: action.created,
    });
  });

  it('refuses to set a webhook inactive through the API (only Webex disables one); disableWebhook does', async () => {
    const hook = await createHook({ resource: 'messages', event: 'created' });
    const put = await call(em, 'PUT', `/webhooks/${hook.id}`, {
      token: w.bot.token,
      body: { name: 'hook', targetUrl: rx.url, status: 'inactive' },
    });
    assert.equal(put.status, 400);
    assert.match(put.body.errors[0].description, /only be set to active/);
    assert.equal(em.webhooks(w.bot.person.id)[0]?.status, 'active');
    // A refused PUT changes nothing, not even the name.
    assert.equal(em.webhooks(w.bot.person.id)[0]?.name, hook.name);

    em.disableWebhook(hook.id);
    assert.equal(em.webhooks(w.bot.person.id)[0]?.status, 'inactive');
    const dm = em.createRoom({ type: 'direct', memberIds: [w.admin.id, w.bot.person.id] });
    await em.say(w.admin.id, dm.id, 'not delivered');
    assert.equal(rx.received.length, 0);
    const again = await call(em, 'PUT', `/webhooks/${hook.id}`, {
      token: w.bot.token,
      body: { name: hook.name, targetUrl: rx.url, status: 'active' },
    });
    assert.equal(again.body.status, 'active');
    await em.say(w.admin.id, dm.id, 'delivered');
    assert.equal(rx.received.length, 1);
  });

  it('disables a webhook after 100 failed deliveries in 5 minutes; PUT status active re-enables it', async function () {
    this.timeout(30_000);
    const hook = await createHook({ resource: 'messages', event: 'created' });
    const dm = em.createRoom({ type: 'direct', memberIds: [w.admin.id, w.bot.person.id] });
    rx.status = 500;
    for (let i = 0; i < 99; i++) await em.say(w.admin.id, dm.id, `m${i}`);
    assert.equal(em.webhooks(w.bot.person.id)[0]?.status, 'active');
    await em.say(w.admin.id, dm.id, 'the 100th');
    assert.equal(em.webhooks(w.bot.person.id)[0]?.status, 'inactive');
    const before = rx.received.length;
    await em.say(w.admin.id, dm.id, 'not delivered');
    assert.equal(rx.received.length, before);
    assert.equal(em.deliveries.filter((d) => d.status === 500).length, 100);
    rx.status = 200;
    await call(em, 'PUT', `/webhooks/${hook.id}`, {
      token: w.bot.token,
      body: { name: 'hook', targetUrl: rx.url, status: 'active' },
    });
    await em.say(w.admin.id, dm.id, 'delivered again');
    assert.equal(rx.received.length, before + 1);
  });

  it('records an unreachable receiver as status 0 and counts it as a failure', async () => {
    await call(em, 'POST', '/webhooks', {
      token: w.bot.token,
      body: { name: 'dead', targetUrl: 'http://127.0.0.1:9/nothing', resource: 'messages', event: 'created' },
    });
    const dm = em.createRoom({ type: 'direct', memberIds: [w.admin.id, w.bot.person.id] });
    await em.say(w.admin.id, dm.id, 'x');
    assert.equal(em.deliveries[0]?.status, 0);
    assert.ok(em.deliveries[0]?.error);
  });

  it('tells messages/updated webhooks of an edit, with ids and no text', async () => {
    await createHook({ resource: 'messages', event: 'updated' });
    const dm = em.createRoom({ type: 'direct', memberIds: [w.admin.id, w.bot.person.id] });
    const posted = await call(em, 'POST', '/messages', {
      token: w.bot.token,
      body: { roomId: dm.id, text: 'a' },
    });
    await em.settle();
    assert.equal(rx.received.length, 0, 'a new message is not an update');
    const edit = await call(em, 'PUT', `/messages/${posted.body.id}`, {
      token: w.bot.token,
      body: { roomId: dm.id, text: 'secret-ish progress' },
    });
    assert.equal(edit.status, 200);
    await em.settle();
    assert.equal(rx.received.length, 1);
    const ev = JSON.parse(rx.received[0]?.rawBody ?? '{}');
    assert.equal(ev.resource, 'messages');
    assert.equal(ev.event, 'updated');
    assert.equal(ev.data.id, posted.body.id);
    assert.equal(ev.actorId, w.bot.person.id);
    assert.ok(!rx.received[0]?.rawBody.includes('progress'), 'no text in the event');
  });

  it('tells webhooks about memberships added and removed through the API', async () => {
    await createHook({ resource: 'all', event: 'all' });
    const group = em.createRoom({ type: 'group', title: 'G', memberIds: [w.admin.id] });
    await em.addMemberAs(w.admin.id, group.id, w.bot.person.id);
    const added = JSON.parse(rx.received[0]?.rawBody ?? '{}');
    assert.equal(added.resource, 'memberships');
    assert.equal(added.event, 'created');
    assert.equal(added.data.personId, w.bot.person.id);
    assert.equal(added.actorId, w.admin.id);
    await em.removeMemberAs(w.admin.id, group.id, w.bot.person.id);
    const removed = JSON.parse(rx.received[1]?.rawBody ?? '{}');
    assert.equal(removed.event, 'deleted');
  });
});
