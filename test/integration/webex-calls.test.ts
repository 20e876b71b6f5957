import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { cardOf } from '../helpers/card-inputs.js';
import type { EmRequest } from '../../src/emulator/index.js';
import type { KeyValueStore } from '../../src/store/key-value-store.js';
import { createRedisKeyValueStore } from '../../src/store/redis-key-value-store.js';
import { PEOPLE_CACHE_TTL_MS } from '../../src/store/people-cache.js';

/** Every Webex call of one whole form interaction once the bot knows the space and the sender. */
const STEADY_STATE_MAX = 7;

/** The seven, as the README lists them (their order varies: the reply and the card's deletion race). */
const STEADY_STATE = [
  'GET /v1/messages/{id}',
  'GET /v1/telephony/config/voicemail/rules?orgId',
  'POST /v1/messages',
  'GET /v1/attachment/actions/{id}',
  'PUT /v1/telephony/config/voicemail/rules?orgId',
  'POST /v1/messages',
  'DELETE /v1/messages/{id}',
];

/** A call with its ids replaced and its query reduced to parameter names. */
const callOf = (r: EmRequest) =>
  `${r.method} ${r.path.replace(/^(\/v1\/(?:messages|people|rooms|organizations|attachment\/actions))\/(?!me$)[^/]+$/, '$1/{id}')}` +
  (Object.keys(r.query).length ? `?${Object.keys(r.query).sort().join('&')}` : '');

/** What `made` has beyond `base` (a multiset difference), sorted. */
function beyond(made: string[], base: string[]): string[] {
  const left = [...made];
  for (const c of base) {
    const i = left.indexOf(c);
    if (i >= 0) left.splice(i, 1);
  }
  return left.sort();
}

/** A store whose people-cache keys fail as a Redis that went away would; everything else works. */
function failingPeopleCache(kv: KeyValueStore): KeyValueStore {
  const refuse = () => Promise.reject(new Error('Connection is closed.'));
  return {
    ...kv,
    get: (key) => (key.startsWith('person:') ? refuse() : kv.get(key)),
    set: (key, value, ttlMs) => (key.startsWith('person:') ? refuse() : kv.set(key, value, ttlMs)),
  };
}

describe('Webex calls per form interaction (emulator request log)', function () {
  this.timeout(60_000);
  let h: Harness;
  let extra: Harness | undefined;

  afterEach(async () => {
    await extra?.close();
    extra = undefined;
    await h?.close();
  });

  // The periodic webhook check is not part of an interaction: out of the way of the count.
  const quiet = { webhookCheck: { intervalMs: 3_600_000 } };

  const calls = () => h.em.requests.map(callOf);

  /** Waits until the intake recorded the event as done: its handler, and so every call it made, is over. */
  async function settled(b: Harness, resource: 'messages' | 'attachmentActions', id: string) {
    const key = `${b.store.prefix}seen:${resource}:created:${id}`;
    const deadline = Date.now() + 10_000;
    while ((await b.store.redis.get(key)) !== 'done') {
      if (Date.now() > deadline) throw new Error(`event ${resource}:${id} was not recorded as done`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * `/voicemail` -> card -> Save with one change -> PUT -> reply, by the admin in their 1:1 space (or in a
   * group, mentioning the bot); resolves once both events are over. The reply and its thread come back.
   */
  async function formInteraction(expireDays: number, opts: { roomId?: string; bot?: Harness } = {}) {
    const b = opts.bot ?? h;
    const roomId = opts.roomId ?? b.dm.id;
    const group = roomId !== b.dm.id;
    let before = b.botSaid(roomId).length;
    const asked = await b.em.say(b.admin.id, roomId, '/voicemail', group ? { mention: [b.bot.id] } : {});
    const form = await b.nextReply(roomId, before);
    assert.ok(cardOf(form), `a form card, not: ${form.markdown}`);
    await settled(b, 'messages', asked.id);
    before = b.botSaid(roomId).length;
    const pressed = await b.em.submitCard(b.admin.id, form.id, { expirePasscodeDays: String(expireDays) });
    const reply = await b.nextReply(roomId, before);
    assert.match(reply.markdown ?? '', new RegExp(`${expireDays}`), 'the outcome names the new value');
    await settled(b, 'attachmentActions', pressed.id);
    return { asked, reply: b.em.state.messages.get(reply.id)! };
  }

  const expectSteadyState = (where: string) => {
    const made = calls();
    assert.ok(
      made.length <= STEADY_STATE_MAX,
      `${made.length} Webex calls in one ${where} interaction (at most ${STEADY_STATE_MAX}):\n  ${made.join('\n  ')}`,
    );
    assert.deepEqual([...made].sort(), [...STEADY_STATE].sort(), made.join('\n'));
  };

  it(`a steady-state interaction in a 1:1 space makes at most ${STEADY_STATE_MAX} calls, the listed ones`, async () => {
    h = await startHarness({ start: quiet });
    await h.grant(h.admin.id);
    await formInteraction(45);
    h.em.clearRequests();
    await formInteraction(46);
    expectSteadyState('1:1');
    // The sender was taken from the cache: only what the bot needs, under its prefix, short-lived.
    const key = `${h.store.prefix}person:${h.admin.id}`;
    const kept = JSON.parse((await h.store.redis.get(key)) ?? 'null') as Record<string, unknown>;
    assert.deepEqual(Object.keys(kept).sort(), ['displayName', 'emails', 'id', 'orgId', 'type']);
    assert.equal(kept.displayName, h.admin.displayName);
    const ttl = await h.store.redis.pttl(key);
    assert.ok(ttl > 0 && ttl <= PEOPLE_CACHE_TTL_MS, `TTL ${ttl} ms`);
  });

  it(`a steady-state interaction in a group space makes at most ${STEADY_STATE_MAX} calls and answers in the thread`, async () => {
    h = await startHarness({ start: quiet });
    await h.grant(h.admin.id);
    await formInteraction(45, { roomId: h.group.id });
    h.em.clearRequests();
    const { asked, reply } = await formInteraction(46, { roomId: h.group.id });
    expectSteadyState('group');
    // The press is answered in the command's thread without reading the card back.
    assert.equal(reply.parentId, asked.id);
  });

  it('first contact: the documented extras for a space the instance has not seen, a sender not cached, a CLI token', async () => {
    h = await startHarness({ start: quiet });
    await h.grant(h.admin.id);
    // Start-up's own calls are not an interaction's.
    h.em.clearRequests();
    await formInteraction(45);
    assert.deepEqual(
      beyond(calls(), STEADY_STATE),
      [
        // The framework discovers the 1:1 space: the bot's membership, the room, the other member.
        'GET /v1/memberships?personId&roomId',
        'GET /v1/memberships?roomId',
        // The admin's token stored with the CLI: roles and partner status read once (a sign-in reads them).
        'GET /v1/organizations',
        'GET /v1/people/me',
        // The sender, once per cache lifetime (the Save's event finds it cached).
        'GET /v1/people/{id}',
        'GET /v1/rooms/{id}',
      ].sort(),
      calls().join('\n'),
    );
    assert.equal(calls().length, STEADY_STATE.length + 6);

    // A group space the instance has not seen, the sender cached: two more (no member list for a group).
    h.em.clearRequests();
    await formInteraction(46, { roomId: h.group.id });
    assert.deepEqual(
      beyond(calls(), STEADY_STATE),
      ['GET /v1/memberships?personId&roomId', 'GET /v1/rooms/{id}'].sort(),
      calls().join('\n'),
    );

    // A second instance knows no space of its own (spaces live in each process's framework) nor the own
    // org's name (the org directory, an hour in memory), but shares the sender cache and the token's
    // profile through Redis.
    await h.stop();
    extra = await startHarness({ alongside: h, start: quiet });
    h.em.clearRequests();
    await formInteraction(47, { bot: extra });
    assert.deepEqual(
      beyond(calls(), STEADY_STATE),
      [
        'GET /v1/memberships?personId&roomId',
        'GET /v1/memberships?roomId',
        'GET /v1/organizations/{id}',
        'GET /v1/rooms/{id}',
      ].sort(),
      calls().join('\n'),
    );
  });

  it('a people cache that fails costs a sender look-up per event, never the event', async () => {
    h = await startHarness({ start: quiet });
    await h.grant(h.admin.id);
    await h.stop();
    extra = await startHarness({
      alongside: h,
      start: { ...quiet, kv: failingPeopleCache(createRedisKeyValueStore(h.store.redis, h.store.prefix)) },
    });
    await formInteraction(45, { bot: extra });
    h.em.clearRequests();
    await formInteraction(46, { bot: extra });
    assert.deepEqual(
      beyond(calls(), STEADY_STATE),
      ['GET /v1/people/{id}', 'GET /v1/people/{id}'],
      calls().join('\n'),
    );
    assert.match(extra.logs.text(), /people cache unavailable: reading senders from Webex for a while/);
    assert.equal(await h.store.redis.get(`${h.store.prefix}person:${h.admin.id}`), null);
  });
});
