import assert from 'node:assert/strict';
import { encodeId, pinViolation, type Emulator } from '../../src/emulator/index.js';
import { getEmulator } from '../helpers/emulator.js';
import { call, seedOrg } from '../helpers/emulator-api.js';

const PEOPLE_READ = 'spark:people_read';

describe('emulator: people search by email and display name, within an org', () => {
  let em: Emulator;
  let w: ReturnType<typeof seedOrg>;
  let admin: string;
  let partner: string;

  before(async () => {
    em = await getEmulator();
  });
  beforeEach(() => {
    em.reset();
    w = seedOrg(em);
    admin = em.issueToken(w.admin.id, [PEOPLE_READ]);
    partner = em.issueToken(w.partner.id, [PEOPLE_READ]);
    em.createPerson({ email: 'anna.berg@acme.test', displayName: 'Anna Berg', orgId: w.org.id });
    em.createPerson({ email: 'anna.schafer@acme.test', displayName: 'Anna Schäfer', orgId: w.org.id });
    em.createPerson({ email: 'zoe@acme.test', displayName: 'Zoë Lefèvre', orgId: w.org.id });
    em.createPerson({ email: 'anna.k@globex.test', displayName: 'Anna Kowalska', orgId: w.other.id });
    em.createPerson({ email: 'anna.p@partner.test', displayName: 'Anna Partner', orgId: w.partnerOrg.id });
  });

  const names = (body: { items: { displayName: string }[] }) => body.items.map((p) => p.displayName);
  const search = (query: string, token = admin) => call(em, 'GET', `/people?${query}`, { token });

  it('email: exact match in any case, answered in the list shape {items}', async () => {
    const res = await search(`email=${encodeURIComponent('Anna.Berg@ACME.test')}`);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['items']);
    assert.deepEqual(names(res.body), ['Anna Berg']);
    assert.equal(res.body.items[0].orgId, w.org.id);
    assert.deepEqual(res.body.items[0].emails, ['anna.berg@acme.test']);
    // Not a prefix or a part of the address.
    assert.deepEqual((await search('email=anna.berg@acme')).body, { items: [] });
    assert.deepEqual((await search('email=anna')).body, { items: [] });
  });

  it("email: never finds a person of another org (Globex, or the partner's own)", async () => {
    assert.deepEqual((await search('email=anna.k@globex.test')).body, { items: [] });
    assert.deepEqual((await search('email=anna.p@partner.test')).body, { items: [] });
  });

  it('email: a partner administrator finds people of the orgs it manages, and with orgId only there', async () => {
    assert.deepEqual(names((await search('email=anna.berg@acme.test', partner)).body), ['Anna Berg']);
    assert.deepEqual(names((await search('email=anna.p@partner.test', partner)).body), ['Anna Partner']);
    assert.deepEqual((await search('email=anna.k@globex.test', partner)).body, { items: [] });
    const scoped = await search(`email=anna.p@partner.test&orgId=${w.org.id}`, partner);
    assert.deepEqual(scoped.body, { items: [] });
  });

  it('displayName: a prefix in any case, within the caller org only', async () => {
    assert.deepEqual(names((await search('displayName=anna')).body), ['Anna Berg', 'Anna Schäfer']);
    assert.deepEqual(names((await search('displayName=ANNA%20S')).body), ['Anna Schäfer']);
    // A prefix of the display name, not of the last name.
    assert.deepEqual((await search('displayName=Berg')).body, { items: [] });
    assert.deepEqual((await search('displayName=Kowalska')).body, { items: [] });
  });

  it('displayName: accents are letters of their own (no folding)', async () => {
    assert.deepEqual(names((await search(`displayName=${encodeURIComponent('zoë')}`)).body), ['Zoë Lefèvre']);
    assert.deepEqual((await search('displayName=Zoe')).body, { items: [] });
    // Not normalised either: the same letter typed decomposed (e + combining diaeresis) is another string.
    assert.deepEqual((await search(`displayName=${encodeURIComponent('Zoe\u0308')}`)).body, { items: [] });
  });

  it('lists a bot of the org like a person', async () => {
    const res = await search('displayName=voicemail');
    assert.deepEqual(
      res.body.items.map((p: { id: string; type: string }) => [p.id, p.type]),
      [[w.bot.person.id, 'bot']],
    );
  });

  it('displayName: a partner searches its own org by default, a managed one with orgId, never another', async () => {
    assert.deepEqual(names((await search('displayName=Anna', partner)).body), ['Anna Partner']);
    const acme = await search(`displayName=Anna&orgId=${w.org.id}`, partner);
    assert.deepEqual(names(acme.body), ['Anna Berg', 'Anna Schäfer']);
    const globex = await search(`displayName=Anna&orgId=${w.other.id}`, partner);
    assert.equal(globex.status, 403);
    assert.equal(typeof globex.body.errors[0].description, 'string');
  });

  it('orgId: an administrator may name only its own org (403 another, 404 unknown)', async () => {
    assert.equal((await search(`displayName=Anna&orgId=${w.org.id}`)).status, 200);
    assert.equal((await search(`displayName=Anna&orgId=${w.other.id}`)).status, 403);
    assert.equal((await search(`email=anna.k@globex.test&orgId=${w.other.id}`)).status, 403);
    const unknown = encodeId('ORGANIZATION', '00000000-0000-4000-8000-000000000000');
    assert.equal((await search(`displayName=Anna&orgId=${unknown}`)).status, 404);
  });

  it('an administrator without a filter lists its own org; a partner with orgId a managed one', async () => {
    const own = await search('max=100');
    assert.ok(names(own.body).includes('Anna Berg'));
    assert.ok(own.body.items.every((p: { orgId: string }) => p.orgId === w.org.id));
    const acme = await search(`orgId=${w.org.id}`, partner);
    assert.ok(acme.body.items.every((p: { orgId: string }) => p.orgId === w.org.id));
    assert.ok(names(acme.body).includes('Uma User'));
    const user = em.issueToken(w.user.id, [PEOPLE_READ]);
    assert.equal((await search('max=10', user)).status, 400);
  });

  it('pages a long result with max and Link rel="next"', async () => {
    for (let i = 0; i < 4; i++) {
      em.createPerson({ email: `ann${i}@acme.test`, displayName: `Ann Extra ${i}`, orgId: w.org.id });
    }
    const first = await search('displayName=Ann&max=4');
    assert.equal(first.body.items.length, 4);
    const next = /^<([^>]+)>; rel="next"$/.exec(first.headers.get('link') ?? '')?.[1];
    assert.ok(next);
    const second = await call(em, 'GET', next, { token: admin });
    assert.deepEqual(names(second.body), ['Ann Extra 2', 'Ann Extra 3']);
    assert.equal(second.headers.get('link'), null);
  });

  it('needs spark:people_read (403 without it)', async () => {
    const token = em.issueToken(w.admin.id, ['spark-admin:telephony_config_read']);
    const res = await search('displayName=Anna', token);
    assert.equal(res.status, 403);
    assert.match(res.body.errors[0].description, /spark:people_read/);
  });

  it('id look-ups (the SDK batch) still cross orgs; with orgId, others are not found', async () => {
    const ids = [w.admin.id, w.partner.id].join(',');
    const all = await search(`id=${ids}`, w.bot.token);
    assert.deepEqual(
      all.body.items.map((p: { id: string }) => p.id),
      [w.admin.id, w.partner.id],
    );
    const scoped = await search(`id=${ids}&orgId=${w.org.id}`, admin);
    assert.deepEqual(
      scoped.body.items.map((p: { id: string }) => p.id),
      [w.admin.id],
    );
    assert.deepEqual(scoped.body.notFoundIds, [w.partner.id]);
  });
});

describe('emulator: the demo world has ordinary users to reset', () => {
  it('Acme and Globex users, accented names, two Annas in Acme, none in a space with the bot', async () => {
    const em = await getEmulator();
    em.reset();
    const demo = em.seedDemo();
    const acme = demo.users.acme.map((p) => p.displayName);
    const globex = demo.users.globex.map((p) => p.displayName);
    assert.deepEqual(acme, ['Carol User', 'José Núñez', 'Zoë Lefèvre', 'Anna Berg', 'Anna Schäfer']);
    assert.deepEqual(globex, ['Björn Södergren', 'Anna Kowalska']);
    assert.ok(demo.users.acme.every((p) => p.orgId === demo.orgs.acme.id && p.roles.length === 0));
    assert.ok(demo.users.globex.every((p) => p.orgId === demo.orgs.globex.id));
    const alice = em.issueToken(demo.people.alice.id, [PEOPLE_READ]);
    const annas = await call(em, 'GET', '/people?displayName=Anna', { token: alice });
    assert.deepEqual(names(annas.body), ['Anna Berg', 'Anna Schäfer']);
    const group = em.state.room(demo.rooms.group);
    for (const u of [...demo.users.acme.slice(1), ...demo.users.globex]) assert.ok(!group.members.has(u.id));
  });

  it('a reset works in Acme (a default PIN that passes its rules) and is refused in Globex (no default PIN)', async () => {
    const em = await getEmulator();
    em.reset();
    const demo = em.seedDemo();
    const acme = demo.orgs.acme.id;
    const globex = demo.orgs.globex.id;
    const acmePin = em.storedPin(acme);
    assert.ok(acmePin, 'Acme has a default PIN');
    assert.equal(pinViolation(acmePin, em.state.voicemailOf(acme).pinRules), undefined);
    assert.equal(em.state.voicemailOf(acme).defaultVoicemailPinEnabled, true);
    assert.equal(em.state.voicemailOf(globex).defaultVoicemailPinEnabled, false);
    assert.equal(em.storedPin(globex), undefined);

    const scopes = ['spark-admin:people_write', 'spark-admin:telephony_config_write'];
    const reset = (token: string, personId: string, query = '') =>
      call(em, 'POST', `/people/${personId}/features/voicemail/actions/resetPin/invoke${query}`, {
        token,
        body: {},
      });
    const carol = demo.people.carol.id;
    const alice = em.issueToken(demo.people.alice.id, scopes);
    assert.equal((await reset(alice, carol)).status, 204);
    assert.equal(em.voicemailOf(carol).passcode, acmePin);
    assert.equal(em.voicemailOf(carol).mustChangeAtNextUse, true);

    const bjorn = demo.users.globex[0]!.id;
    const pat = em.issueToken(demo.people.pat.id, scopes);
    const refused = await reset(pat, bjorn, `?orgId=${globex}`);
    assert.equal(refused.status, 400);
    assert.match(refused.body.errors[0].description, /default voicemail PIN is not enabled/);
    assert.equal(em.voicemailOf(bjorn).mustChangeAtNextUse, false);
    assert.equal(em.voicemailOf(bjorn).pinResetAt, undefined);
  });

  const names = (body: { items: { displayName: string }[] }) => body.items.map((p) => p.displayName);
});
