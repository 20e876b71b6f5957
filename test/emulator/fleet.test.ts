import assert from 'node:assert/strict';
import { FLEET_POLICY, pinViolation, type Emulator, type SeededFleet } from '../../src/emulator/index.js';
import { getEmulator } from '../helpers/emulator.js';
import { call } from '../helpers/emulator-api.js';
import { ORGS_READ, TELEPHONY_READ, TELEPHONY_WRITE } from '../../src/auth/scopes.js';

const RULES = '/telephony/config/voicemail/rules';
const ADMIN_SCOPES = [ORGS_READ, TELEPHONY_READ, TELEPHONY_WRITE];

interface RulesBody {
  expirePasscode: { enabled: boolean; numberOfDays: number };
  changePasscode: { enabled: boolean; numberOfDays: number };
  blockPreviousPasscodes: { enabled: boolean; numberOfPasscodes: number };
  defaultVoicemailPinRules: { length: { min: number }; defaultVoicemailPinEnabled: boolean };
}

const matches = (r: RulesBody): boolean =>
  JSON.stringify([r.expirePasscode, r.changePasscode, r.blockPreviousPasscodes]) ===
  JSON.stringify([
    FLEET_POLICY.expirePasscode,
    FLEET_POLICY.changePasscode,
    FLEET_POLICY.blockPreviousPasscodes,
  ]);

describe('emulator: a partner fleet (seedFleet)', () => {
  let em: Emulator;

  before(async () => {
    em = await getEmulator();
  });
  beforeEach(() => em.reset());

  it('seeds 1,000 customer orgs; GET /organizations lists them all unpaged, to the partner only', async () => {
    const options = {
      orgs: 1000,
      colleague: { email: 'quinn@partner.test', displayName: 'Quinn Partner' },
      otherPartner: { org: 'Rival MSP', email: 'rita@rival.test', displayName: 'Rita Rival', orgs: 3 },
    };
    // How fast seeding is belongs to `npm run bench`, not to a timed test on a shared machine.
    const f = em.seedFleet(options);
    assert.equal(f.orgs.length, 1000);
    assert.equal(new Set(f.orgs.map((o) => o.displayName)).size, 1000, 'names are unique');

    const pat = em.issueToken(f.partner.id, ADMIN_SCOPES);
    const res = await call(em, 'GET', '/organizations?max=10', { token: pat });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('link'), null, 'not paged');
    const ids = (res.body.items as { id: string }[]).map((o) => o.id);
    assert.deepEqual(ids, [f.partnerOrg?.id, ...f.orgs.map((o) => o.id)]);
    assert.equal(res.body.items[1].displayName, f.orgs[0]?.displayName);

    const quinn = em.issueToken(f.colleague?.id ?? '', ADMIN_SCOPES);
    assert.equal((await call(em, 'GET', '/organizations', { token: quinn })).body.items.length, 1001);

    // Another partner sees only its own customers; a customer's own admin only its org.
    const rita = em.issueToken(f.otherPartner?.partner.id ?? '', ADMIN_SCOPES);
    const theirs = (await call(em, 'GET', '/organizations', { token: rita })).body.items as { id: string }[];
    assert.deepEqual(
      theirs.map((o) => o.id),
      [f.otherPartner?.partnerOrg.id, ...(f.otherPartner?.orgs.map((o) => o.id) ?? [])],
    );
    const customer = f.orgs[5];
    assert.ok(customer?.people[0]);
    const own = em.issueToken(customer.people[0].id, ADMIN_SCOPES);
    const listed = (await call(em, 'GET', '/organizations', { token: own })).body.items as { id: string }[];
    assert.deepEqual(
      listed.map((o) => o.id),
      [customer.id],
    );
    const cross = await call(em, 'GET', `${RULES}?orgId=${f.orgs[0]?.id}`, { token: rita });
    assert.equal(cross.status, 403, "another partner cannot read this partner's customers");
  });

  it('gives each org its own rules, PIN rules and people, deterministically, some matching the policy', async () => {
    const f = em.seedFleet({ orgs: 24 });
    const token = em.issueToken(f.partner.id, ADMIN_SCOPES);
    const seen = new Set<string>();
    let matching = 0;
    for (const org of f.orgs) {
      const res = await call(em, 'GET', `${RULES}?orgId=${org.id}`, { token });
      assert.equal(res.status, 200);
      const body = res.body as RulesBody;
      assert.equal(matches(body), org.matchesPolicy, `${org.displayName}: matchesPolicy is what GET shows`);
      if (org.matchesPolicy) matching++;
      seen.add(JSON.stringify(body));
      assert.ok(org.people.length >= 1 && org.people.length <= 2);
      assert.equal(org.people[0]?.role, 'full_admin');
      for (const p of org.people) assert.equal(p.orgId, org.id);
      const pin = em.storedPin(org.id);
      if (body.defaultVoicemailPinRules.defaultVoicemailPinEnabled) {
        assert.ok(pin, 'an enabled default PIN is stored');
        const rules = em.state.voicemailOf(org.id).pinRules;
        assert.equal(
          pinViolation(pin, rules),
          undefined,
          `${org.displayName}: the seeded PIN obeys its rules`,
        );
      } else {
        assert.equal(pin, undefined);
      }
    }
    assert.ok(matching > 0 && matching < f.orgs.length, `${matching} of ${f.orgs.length} match`);
    assert.ok(seen.size >= 12, `rules vary (${seen.size} distinct)`);

    const names = f.orgs.flatMap((o) => [o.displayName, ...o.people.map((p) => p.displayName)]);
    assert.ok(names.some((n) => n.includes('<@all>')));
    assert.ok(
      names.some((n) => /\*\*|\[.*\]\(/.test(n)),
      'markdown',
    );
    assert.ok(
      names.some((n) => n.length > 300),
      'very long',
    );
    assert.ok(names.some((n) => /[\u4e00-\u9fff]/.test(n)) && names.some((n) => /[\u0600-\u06ff]/.test(n)));

    em.reset();
    const again = em.seedFleet({ orgs: 24 });
    assert.deepEqual(
      again.orgs.map((o) => [o.displayName, o.matchesPolicy, o.people.map((p) => p.displayName)]),
      f.orgs.map((o) => [o.displayName, o.matchesPolicy, o.people.map((p) => p.displayName)]),
    );
  });

  it('adds a fleet to an existing partner (the sandbox: a handful of orgs)', async () => {
    const w = em.seedWorld({
      partner: { org: 'Partner Services', email: 'pat@partner.example', displayName: 'Pat Partner' },
      spaces: false,
    });
    const pat = w.partner?.id ?? '';
    const f = em.seedFleet({ partner: pat, orgs: 5, namePrefix: 'Client' });
    assert.equal(f.partner.id, pat);
    assert.deepEqual(f.partner.managedOrgIds, [w.org.id, ...f.orgs.map((o) => o.id)]);
    assert.match(f.orgs[0]?.displayName ?? '', /^Client 0001/);
    const token = em.issueToken(pat, ADMIN_SCOPES);
    assert.equal((await call(em, 'GET', '/organizations', { token })).body.items.length, 7);
  });

  it('seeds a fleet of 0 orgs (a partner with no customers) and refuses a count that is not whole', async () => {
    const f = em.seedFleet({ orgs: 0 });
    assert.deepEqual(f.orgs, []);
    const token = em.issueToken(f.partner.id, ADMIN_SCOPES);
    const res = await call(em, 'GET', '/organizations', { token });
    assert.deepEqual(
      res.body.items.map((o: { id: string }) => o.id),
      [f.partnerOrg?.id],
    );
    assert.throws(() => em.seedFleet({ orgs: 1.5, namePrefix: 'Half' }), /whole number/);
  });

  it('a partner that loses its customers gets 403 on them (setManagedOrgs)', async () => {
    const f: SeededFleet = em.seedFleet({ orgs: 3 });
    const token = em.issueToken(f.partner.id, ADMIN_SCOPES);
    const org = f.orgs[1]?.id ?? '';
    assert.equal((await call(em, 'GET', `${RULES}?orgId=${org}`, { token })).status, 200);
    em.setManagedOrgs(f.partner.id, []);
    assert.equal((await call(em, 'GET', `${RULES}?orgId=${org}`, { token })).status, 403);
    assert.equal((await call(em, 'GET', '/organizations', { token })).body.items.length, 1);
  });

  it('changes a customer org "in Control Hub" without a trace in the request log', async () => {
    const f = em.seedFleet({ orgs: 3 });
    const org = f.orgs[0];
    assert.ok(org?.matchesPolicy);
    const token = em.issueToken(f.partner.id, ADMIN_SCOPES);
    em.clearRequests();
    em.setVoicemailRules(org.id, { expirePasscode: { numberOfDays: 45 } });
    assert.equal(em.requests.length, 0, 'not an API call');
    const res = await call(em, 'GET', `${RULES}?orgId=${org.id}`, { token });
    assert.deepEqual(res.body.expirePasscode, { enabled: true, numberOfDays: 45 });
    assert.equal(matches(res.body as RulesBody), false);
    assert.deepEqual(
      (await call(em, 'GET', `${RULES}?orgId=${f.orgs[2]?.id}`, { token })).body.expirePasscode,
      FLEET_POLICY.expirePasscode,
      'other orgs untouched',
    );
    assert.equal(em.requestsFor({ method: 'GET', path: RULES, orgId: org.id }).length, 1);
  });
});
