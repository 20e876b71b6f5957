import assert from 'node:assert/strict';
import { decodeId, encodeId, type Emulator } from '../../src/emulator/index.js';
import { getEmulator } from '../helpers/emulator.js';
import { call, seedOrg } from '../helpers/emulator-api.js';

const decoded = (id: string): string => Buffer.from(id, 'base64').toString('utf8');

describe('emulator: ids, people, auth', () => {
  let em: Emulator;
  before(async () => {
    em = await getEmulator();
  });
  beforeEach(() => em.reset());

  it('spells ids as Webex does: base64 of ciscospark://us/<TYPE>/<uuid>, padding stripped', async () => {
    const w = seedOrg(em);
    const room = em.createRoom({ type: 'group', title: 'T', memberIds: [w.admin.id, w.bot.person.id] });
    const msg = await em.say(w.admin.id, room.id, 'hi');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const cases: [string, string][] = [
      [w.admin.id, 'PEOPLE'],
      [w.org.id, 'ORGANIZATION'],
      [room.id, 'ROOM'],
      [msg.id, 'MESSAGE'],
    ];
    for (const [id, type] of cases) {
      assert.doesNotMatch(id, /=/);
      assert.doesNotMatch(id, /[-_]/, 'standard base64, not base64url');
      const m = /^ciscospark:\/\/us\/([A-Z_]+)\/(.+)$/.exec(decoded(id));
      assert.ok(m, decoded(id));
      assert.equal(m[1], type);
      assert.match(m[2] ?? '', uuid);
    }
    const memberships = await call(em, 'GET', `/memberships?roomId=${room.id}`, { token: w.bot.token });
    const mine = memberships.body.items.find((m: { personId: string }) => m.personId === w.bot.person.id);
    const personUuid = decoded(w.bot.person.id).split('/').pop();
    const roomUuid = decoded(room.id).split('/').pop();
    assert.equal(decoded(mine.id), `ciscospark://us/MEMBERSHIP/${personUuid}:${roomUuid}`);
    assert.deepEqual(decodeId(encodeId('ROLE', 'id_full_admin')), { type: 'ROLE', uuid: 'id_full_admin' });
    assert.deepEqual(w.admin.roles.map(decoded), ['ciscospark://us/ROLE/id_full_admin']);
  });

  it('answers /people/me with the caller, type bot for a bot', async () => {
    const w = seedOrg(em);
    const me = await call(em, 'GET', '/people/me', { token: w.bot.token });
    assert.equal(me.status, 200);
    assert.equal(me.body.id, w.bot.person.id);
    assert.equal(me.body.type, 'bot');
    assert.deepEqual(me.body.emails, ['vm@webex.bot']);
    assert.equal(me.body.displayName, 'VoicemailBot');
    assert.equal(me.body.orgId, w.org.id);
    assert.equal(me.body.roles, undefined);
    const admin = await call(em, 'GET', '/people/me', {
      token: em.issueToken(w.admin.id, ['spark:people_read']),
    });
    assert.equal(admin.body.type, 'person');
    assert.deepEqual(admin.body.roles, w.admin.roles);
    assert.equal(admin.body.firstName, 'Alice');
    assert.equal(admin.body.lastName, 'Admin');
  });

  it('batches person look-ups by id and answers each id exactly as asked', async () => {
    const w = seedOrg(em);
    const unknown = encodeId('PEOPLE', '00000000-0000-4000-8000-000000000000');
    const ids = [w.user.id, w.admin.id, unknown];
    const res = await call(em, 'GET', `/people/?id=${ids.join(',')}&showAllTypes=true`, {
      token: w.bot.token,
    });
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.items.map((p: { id: string }) => p.id),
      [w.user.id, w.admin.id],
    );
    assert.deepEqual(res.body.notFoundIds, [unknown]);
    const byEmail = await call(em, 'GET', '/people?email=ALICE@acme.test', { token: w.bot.token });
    assert.deepEqual(
      byEmail.body.items.map((p: { id: string }) => p.id),
      [w.admin.id],
    );
    const one = await call(em, 'GET', `/people/${w.user.id}`, { token: w.bot.token });
    assert.equal(one.body.displayName, 'Uma User');
    const missing = await call(em, 'GET', `/people/${unknown}`, { token: w.bot.token });
    assert.equal(missing.status, 404);
    const noFilter = await call(em, 'GET', '/people', { token: w.bot.token });
    assert.equal(noFilter.status, 400);
  });

  it('answers 401 with a Webex error body for a missing, unknown, revoked or expired token', async () => {
    const w = seedOrg(em);
    const revoked = em.issueToken(w.user.id, ['spark:people_read']);
    em.revokeToken(revoked);
    const expired = em.issueToken(w.user.id, ['spark:people_read'], { expiresInSec: 0 });
    for (const token of [undefined, 'nope', revoked, expired]) {
      const res = await call(em, 'GET', '/people/me', token ? { token } : {});
      assert.equal(res.status, 401, String(token));
      assert.equal(typeof res.body.message, 'string');
      assert.equal(typeof res.body.errors[0].description, 'string');
      assert.match(res.body.trackingId, /^ROUTER_/);
      assert.equal(res.headers.get('trackingid'), res.body.trackingId);
    }
  });

  it('echoes a client TrackingID and never logs tokens', async () => {
    const w = seedOrg(em);
    const res = await call(em, 'GET', '/rooms/nope', {
      token: w.bot.token,
      headers: { TrackingID: 'my-app_123' },
    });
    assert.equal(res.status, 404);
    assert.equal(res.body.trackingId, 'my-app_123');
    assert.equal(res.headers.get('trackingid'), 'my-app_123');
    const logged = em.requests.find((r) => r.trackingId === 'my-app_123');
    assert.ok(logged);
    assert.equal(logged.personId, w.bot.person.id);
    assert.doesNotMatch(JSON.stringify(em.requests), new RegExp(w.bot.token));
  });

  it('shows rooms and memberships only to members, direct titles from the viewer side', async () => {
    const w = seedOrg(em);
    const dm = em.createRoom({ type: 'direct', memberIds: [w.admin.id, w.bot.person.id] });
    const group = em.createRoom({ type: 'group', title: 'Voice', memberIds: [w.admin.id, w.user.id] });
    const rooms = await call(em, 'GET', '/rooms', { token: w.bot.token });
    assert.deepEqual(
      rooms.body.items.map((r: { id: string; title: string; type: string }) => [r.id, r.title, r.type]),
      [[dm.id, 'Alice Admin', 'direct']],
    );
    assert.equal((await call(em, 'GET', `/rooms/${group.id}`, { token: w.bot.token })).status, 404);
    assert.equal(
      (await call(em, 'GET', `/memberships?roomId=${group.id}`, { token: w.bot.token })).status,
      404,
    );
    const m = await call(em, 'GET', `/memberships?roomId=${dm.id}&personId=${w.bot.person.id}`, {
      token: w.bot.token,
    });
    assert.equal(m.body.items.length, 1);
    const item = m.body.items[0];
    assert.equal(item.roomType, 'direct');
    assert.equal(item.personEmail, 'vm@webex.bot');
    assert.equal(item.personOrgId, w.org.id);
    assert.equal(item.isModerator, false);
    const got = await call(em, 'GET', `/memberships/${item.id}`, { token: w.bot.token });
    assert.deepEqual(got.body, item);
  });

  it('pages lists with max and a Link rel="next" header', async () => {
    const w = seedOrg(em);
    for (let i = 0; i < 3; i++) {
      const p = em.createPerson({ email: `p${i}@acme.test`, displayName: `P ${i}`, orgId: w.org.id });
      em.createRoom({ type: 'group', title: `R${i}`, memberIds: [w.bot.person.id, p.id] });
    }
    const first = await call(em, 'GET', '/rooms?max=2', { token: w.bot.token });
    assert.equal(first.body.items.length, 2);
    const link = first.headers.get('link') ?? '';
    const next = /^<([^>]+)>; rel="next"$/.exec(link)?.[1];
    assert.ok(next, link);
    const second = await call(em, 'GET', next, { token: w.bot.token });
    assert.equal(second.body.items.length, 1);
    assert.equal(second.headers.get('link'), null);
  });
});
