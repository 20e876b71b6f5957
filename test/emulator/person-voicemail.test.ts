import assert from 'node:assert/strict';
import { encodeId, type Emulator } from '../../src/emulator/index.js';
import { getEmulator } from '../helpers/emulator.js';
import { call, seedOrg } from '../helpers/emulator-api.js';

// The scopes as Webex's reference names them (the emulator keeps its own list; so do these tests).
const PEOPLE_WRITE = 'spark-admin:people_write';
const TELEPHONY_READ = 'spark-admin:telephony_config_read';
const TELEPHONY_WRITE = 'spark-admin:telephony_config_write';

const resetPath = (personId: string, query = '') =>
  `/people/${personId}/features/voicemail/actions/resetPin/invoke${query}`;
const passcodePath = (personId: string, query = '') =>
  `/telephony/config/people/${personId}/voicemail/passcode${query}`;
const UNKNOWN_PERSON = encodeId('PEOPLE', '00000000-0000-4000-8000-000000000000');

describe("emulator: a person's voicemail PIN (reset and set)", () => {
  let em: Emulator;
  let w: ReturnType<typeof seedOrg>;
  let admin: string;
  let globexUser: string;

  before(async () => {
    em = await getEmulator();
  });
  beforeEach(() => {
    em.reset();
    w = seedOrg(em);
    admin = em.issueToken(w.admin.id, [PEOPLE_WRITE, TELEPHONY_READ, TELEPHONY_WRITE]);
    globexUser = em.createPerson({
      email: 'gus@globex.test',
      displayName: 'Gus Globex',
      orgId: w.other.id,
    }).id;
    // Reset sends a person back to the org's default PIN: give Acme one.
    em.setVoicemailRules(w.org.id, { defaultVoicemailPinEnabled: true, defaultVoicemailPin: '147036' });
  });

  const reset = (personId: string, token = admin, query = '', body: unknown = {}) =>
    call(em, 'POST', resetPath(personId, query), { token, body });
  const setPin = (personId: string, body: unknown, token = admin, query = '') =>
    call(em, 'PUT', passcodePath(personId, query), { token, body });

  describe('Reset Voicemail PIN', () => {
    it("resets to the org's default PIN (204, no body); the person must change it at next use", async () => {
      assert.deepEqual(em.voicemailOf(w.user.id), {
        personId: w.user.id,
        mustChangeAtNextUse: false,
        summary: 'PIN not changed by an administrator',
      });
      const before = Date.now();
      const res = await reset(w.user.id);
      assert.equal(res.status, 204);
      assert.equal(res.body, undefined);
      const vm = em.voicemailOf(w.user.id);
      assert.equal(vm.passcode, '147036');
      assert.equal(vm.mustChangeAtNextUse, true);
      assert.equal(vm.changedBy, w.admin.id);
      assert.ok(vm.pinResetAt && Date.parse(vm.pinResetAt) >= before - 1000, vm.pinResetAt);
      assert.equal(vm.pinSetAt, undefined);
      assert.equal(vm.summary, `PIN reset to the org default at ${vm.pinResetAt}, must change at next use`);
      // Only that person changed.
      assert.equal(em.voicemailOf(w.reader.id).mustChangeAtNextUse, false);
    });

    it('takes no body at all as well as {}, but refuses a body with fields (400)', async () => {
      const none = await call(em, 'POST', resetPath(w.user.id), {
        token: admin,
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(none.status, 204);
      const extra = await reset(w.reader.id, admin, '', { passcode: '258036' });
      assert.equal(extra.status, 400);
      assert.match(extra.body.errors[0].description, /empty JSON body/);
      assert.equal(em.voicemailOf(w.reader.id).mustChangeAtNextUse, false);
    });

    it('needs Content-Type application/json (415 otherwise)', async () => {
      const res = await call(em, 'POST', resetPath(w.user.id), { token: admin });
      assert.equal(res.status, 415);
      assert.equal(em.voicemailOf(w.user.id).pinResetAt, undefined);
    });

    it('refuses when the org has no default PIN enabled (400): there is nothing to reset to', async () => {
      em.setVoicemailRules(w.org.id, { defaultVoicemailPinEnabled: false, defaultVoicemailPin: null });
      const res = await reset(w.user.id);
      assert.equal(res.status, 400);
      assert.match(res.body.errors[0].description, /default voicemail PIN is not enabled/);
      assert.match(res.body.trackingId, /./);
      assert.equal(em.voicemailOf(w.user.id).pinResetAt, undefined);
    });

    it('404 for an unknown person, a bot, or a person of another org', async () => {
      for (const id of [UNKNOWN_PERSON, w.bot.person.id, globexUser, 'not-an-id']) {
        const res = await reset(id);
        assert.equal(res.status, 404, id);
        assert.match(res.body.errors[0].description, /Person not found/);
      }
      assert.equal(em.voicemailOf(globexUser).pinResetAt, undefined);
    });

    it('403 without spark-admin:people_write, naming the scope, even with the telephony scopes', async () => {
      const token = em.issueToken(w.admin.id, [TELEPHONY_READ, TELEPHONY_WRITE, 'spark:all']);
      const res = await reset(w.user.id, token);
      assert.equal(res.status, 403);
      assert.match(res.body.errors[0].description, /spark-admin:people_write/);
      assert.equal(em.voicemailOf(w.user.id).pinResetAt, undefined);
      // The scope is checked first, even for a person who does not exist.
      assert.equal((await reset(UNKNOWN_PERSON, token)).status, 403);
    });

    it('403 for a read-only administrator or a person without an admin role, even with the scope', async () => {
      for (const who of [w.reader.id, w.user.id]) {
        const res = await reset(w.admin.id, em.issueToken(who, [PEOPLE_WRITE]));
        assert.equal(res.status, 403);
        assert.match(res.body.errors[0].description, /full administrator/);
      }
      assert.equal(em.voicemailOf(w.admin.id).pinResetAt, undefined);
    });

    it('partners: orgId of a managed org only; the person must be in that org', async () => {
      const partner = em.issueToken(w.partner.id, [PEOPLE_WRITE]);
      // Without orgId the call looks in the partner's own org: Acme's user is not there.
      assert.equal((await reset(w.user.id, partner)).status, 404);
      assert.equal((await reset(w.user.id, partner, `?orgId=${w.org.id}`)).status, 204);
      assert.equal(em.voicemailOf(w.user.id).changedBy, w.partner.id);
      // Globex is not managed by the partner: 403, whoever the person is.
      const other = await reset(globexUser, partner, `?orgId=${w.other.id}`);
      assert.equal(other.status, 403);
      assert.equal(em.voicemailOf(globexUser).pinResetAt, undefined);
      // A managed org, but the person is in another one.
      assert.equal((await reset(w.partner.id, partner, `?orgId=${w.org.id}`)).status, 404);
      // An unknown org.
      const unknownOrg = encodeId('ORGANIZATION', '00000000-0000-4000-8000-000000000000');
      assert.equal((await reset(w.user.id, partner, `?orgId=${unknownOrg}`)).status, 404);
      // An admin of Acme cannot reach into Globex with orgId either.
      assert.equal((await reset(globexUser, admin, `?orgId=${w.other.id}`)).status, 403);
    });

    it("uses the target org's default PIN, not the caller's", async () => {
      const partner = em.issueToken(w.partner.id, [PEOPLE_WRITE]);
      em.setVoicemailRules(w.partnerOrg.id, {
        defaultVoicemailPinEnabled: true,
        defaultVoicemailPin: '362514',
      });
      assert.equal((await reset(w.user.id, partner, `?orgId=${w.org.id}`)).status, 204);
      assert.equal(em.voicemailOf(w.user.id).passcode, '147036');
    });
  });

  describe("Modify a person's voicemail passcode", () => {
    it('sets the passcode (204); the person need not change it', async () => {
      await reset(w.user.id);
      const res = await setPin(w.user.id, { passcode: '135792' });
      assert.equal(res.status, 204);
      assert.equal(res.body, undefined);
      const vm = em.voicemailOf(w.user.id);
      assert.equal(vm.passcode, '135792');
      assert.equal(vm.mustChangeAtNextUse, false);
      assert.ok(vm.pinSetAt);
      assert.equal(vm.pinResetAt, undefined, 'the last change was a set');
      assert.equal(vm.summary, `PIN set at ${vm.pinSetAt}`);
    });

    it('works whether or not the org has a default PIN', async () => {
      em.setVoicemailRules(w.org.id, { defaultVoicemailPinEnabled: false, defaultVoicemailPin: null });
      assert.equal((await setPin(w.user.id, { passcode: '135792' })).status, 204);
    });

    describe('400 with a Webex error body, and nothing changed', () => {
      const cases: [string, unknown, RegExp][] = [
        ['no passcode', {}, /passcode is required/],
        ['a number', { passcode: 135792 }, /string/],
        ['null', { passcode: null }, /string/],
        ['letters', { passcode: '13579a' }, /only digits/],
        ['spaces', { passcode: '135 792' }, /only digits/],
        ['5 digits', { passcode: '13579' }, /between 6 and 30/],
        ['31 digits', { passcode: '1357924680'.repeat(3) + '1' }, /between 6 and 30/],
        ['repeated digits', { passcode: '111157' }, /more than 3 times/],
        ['ascending run', { passcode: '123470' }, /ascending/],
        ['descending run', { passcode: '987602' }, /descending/],
        ['repeated pattern', { passcode: '135135' }, /repeated pattern/],
        ['an extra field', { passcode: '135792', mustChange: true }, /Unrecognized field "mustChange"/],
        ['an array', ['135792'], /JSON object/],
      ];
      for (const [name, body, description] of cases) {
        it(name, async () => {
          const res = await setPin(w.user.id, body);
          assert.equal(res.status, 400);
          assert.match(res.body.errors[0].description, description);
          assert.deepEqual(Object.keys(res.body).sort(), ['errors', 'message', 'trackingId']);
          assert.equal(em.voicemailOf(w.user.id).passcode, undefined);
        });
      }
    });

    it("follows the org's own PIN rules, within 6..30 whatever they say", async () => {
      em.setPinRules(w.org.id, { length: { min: 8, max: 10 } });
      assert.equal((await setPin(w.user.id, { passcode: '135792' })).status, 400);
      assert.equal((await setPin(w.user.id, { passcode: '13579246' })).status, 204);
      em.setPinRules(w.org.id, { length: { min: 4, max: 30 }, blockContiguousSequences: { enabled: false } });
      const short = await setPin(w.user.id, { passcode: '1357' });
      assert.equal(short.status, 400, 'Webex: the minimum length of the passcode is 6');
      assert.equal((await setPin(w.user.id, { passcode: '123456' })).status, 204);
    });

    it("refuses one of the person's last passcodes while the org blocks previous passcodes", async () => {
      em.setVoicemailRules(w.org.id, { blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 2 } });
      assert.equal((await setPin(w.user.id, { passcode: '135792' })).status, 204);
      assert.equal((await setPin(w.user.id, { passcode: '246801' })).status, 204);
      const again = await setPin(w.user.id, { passcode: '135792' });
      assert.equal(again.status, 400);
      assert.match(again.body.errors[0].description, /last 2 passcodes/);
      assert.equal((await setPin(w.user.id, { passcode: '357913' })).status, 204);
      // Three changes ago: outside the last 2.
      assert.equal((await setPin(w.user.id, { passcode: '135792' })).status, 204);
      em.setVoicemailRules(w.org.id, { blockPreviousPasscodes: { enabled: false } });
      assert.equal((await setPin(w.user.id, { passcode: '135792' })).status, 204);
    });

    it('404 for an unknown person, a bot, or a person of another org', async () => {
      for (const id of [UNKNOWN_PERSON, w.bot.person.id, globexUser]) {
        assert.equal((await setPin(id, { passcode: '135792' })).status, 404, id);
      }
    });

    it('403 without spark-admin:telephony_config_write (people_write is not enough) or as a non-full admin', async () => {
      const noWrite = em.issueToken(w.admin.id, [PEOPLE_WRITE, TELEPHONY_READ]);
      const res = await setPin(w.user.id, { passcode: '135792' }, noWrite);
      assert.equal(res.status, 403);
      assert.match(res.body.errors[0].description, /telephony_config_write/);
      const reader = em.issueToken(w.reader.id, [TELEPHONY_WRITE]);
      assert.equal((await setPin(w.user.id, { passcode: '135792' }, reader)).status, 403);
      assert.equal(em.voicemailOf(w.user.id).passcode, undefined);
    });

    it("partners: orgId of a managed org, checked against that org's PIN rules", async () => {
      const partner = em.issueToken(w.partner.id, [TELEPHONY_WRITE]);
      em.setPinRules(w.org.id, { length: { min: 10, max: 12 } });
      assert.equal((await setPin(w.user.id, { passcode: '135792' }, partner)).status, 404);
      assert.equal(
        (await setPin(w.user.id, { passcode: '135792' }, partner, `?orgId=${w.org.id}`)).status,
        400,
      );
      const ok = await setPin(w.user.id, { passcode: '1357924680' }, partner, `?orgId=${w.org.id}`);
      assert.equal(ok.status, 204);
      assert.equal(em.voicemailOf(w.user.id).changedBy, w.partner.id);
      assert.equal(
        (await setPin(globexUser, { passcode: '135792' }, partner, `?orgId=${w.other.id}`)).status,
        403,
      );
    });

    it('a reset after a set goes back to the default and asks for a change again', async () => {
      assert.equal((await setPin(w.user.id, { passcode: '135792' })).status, 204);
      assert.equal((await reset(w.user.id)).status, 204);
      const vm = em.voicemailOf(w.user.id);
      assert.equal(vm.passcode, '147036');
      assert.equal(vm.mustChangeAtNextUse, true);
      assert.equal(vm.pinSetAt, undefined);
    });
  });

  it('em.voicemailOf throws for an unknown person; em.reset() forgets every PIN', async () => {
    assert.throws(() => em.voicemailOf(UNKNOWN_PERSON), /no person/);
    await reset(w.user.id);
    em.reset();
    const again = seedOrg(em);
    assert.equal(em.voicemailOf(again.user.id).pinResetAt, undefined);
  });
});
