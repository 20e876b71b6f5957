import assert from 'node:assert/strict';
import type { Emulator } from '../../src/emulator/index.js';
import { getEmulator } from '../helpers/emulator.js';
import { call, seedOrg } from '../helpers/emulator-api.js';
import { TELEPHONY_READ, TELEPHONY_WRITE } from '../../src/auth/scopes.js';

const PATH = '/telephony/config/voicemail/rules';

/** A new org's rules as Webex sets them (Cisco's wxc_sdk `VoiceMailRules.default()`), not the docs' example. */
const WEBEX_DEFAULTS = {
  defaultVoicemailPinRules: {
    blockRepeatedPatternsEnabled: true,
    blockRepeatedDigits: { enabled: true, max: 3 },
    blockContiguousSequences: { enabled: true, numberOfAscendingDigits: 3, numberOfDescendingDigits: 3 },
    length: { min: 6, max: 30 },
    defaultVoicemailPinEnabled: false,
  },
  expirePasscode: { enabled: true, numberOfDays: 180 },
  changePasscode: { enabled: false, numberOfDays: 1 },
  blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 10 },
};

/** Webex's error body is `{message, errors: [{description}], trackingId}`; the emulator invents no code. */
function assertNoErrorCode(body: Record<string, unknown>): void {
  assert.deepEqual(Object.keys(body).sort(), ['errors', 'message', 'trackingId']);
  assert.deepEqual(
    (body.errors as Record<string, unknown>[]).map((e) => Object.keys(e)),
    [['description']],
  );
}

describe('emulator: voicemail rules GET/PUT', () => {
  let em: Emulator;
  let w: ReturnType<typeof seedOrg>;
  let adminToken: string;

  before(async () => {
    em = await getEmulator();
  });
  beforeEach(() => {
    em.reset();
    w = seedOrg(em);
    adminToken = em.issueToken(w.admin.id, [TELEPHONY_READ, TELEPHONY_WRITE]);
  });

  const put = (body: unknown, token = adminToken, query = '') =>
    call(em, 'PUT', `${PATH}${query}`, { token, body });

  it("starts every org at Webex's defaults (expiry 180, change off, previous on at 10, no default PIN) and never returns the PIN", async () => {
    const res = await call(em, 'GET', PATH, { token: adminToken });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, WEBEX_DEFAULTS);
    assert.equal((await put({ defaultVoicemailPin: '135792' })).status, 204);
    const after = await call(em, 'GET', PATH, { token: adminToken });
    assert.doesNotMatch(JSON.stringify(after.body), /135792|defaultVoicemailPin"/);
    assert.equal(em.storedPin(w.org.id), '135792');
  });

  it('applies a valid PUT (204) including partial nested objects', async () => {
    const res = await put({
      defaultVoicemailPinEnabled: true,
      defaultVoicemailPin: '147036',
      expirePasscode: { enabled: true, numberOfDays: 30 },
      changePasscode: { numberOfDays: 7 },
      blockPreviousPasscodes: { enabled: true },
    });
    assert.equal(res.status, 204);
    assert.equal(res.body, undefined);
    const rules = em.voicemailRules(w.org.id) as typeof WEBEX_DEFAULTS;
    assert.deepEqual(rules.expirePasscode, { enabled: true, numberOfDays: 30 });
    // Absent nested fields keep their stored values: the change limit stays off.
    assert.deepEqual(rules.changePasscode, { enabled: false, numberOfDays: 7 });
    assert.deepEqual(rules.blockPreviousPasscodes, { enabled: true, numberOfPasscodes: 10 });
    assert.equal(em.storedPin(w.org.id), '147036');
    assert.equal((await put({})).status, 204, 'no field is required');
  });

  it('keeps seeded values outside the PUT ranges until they are changed', async () => {
    em.setVoicemailRules(w.org.id, { expirePasscode: { numberOfDays: 150 } });
    const res = await call(em, 'GET', PATH, { token: adminToken });
    assert.deepEqual(res.body.expirePasscode, { enabled: true, numberOfDays: 150 });
    assert.equal((await put({ expirePasscode: { enabled: false } })).status, 204);
    assert.deepEqual((em.voicemailRules(w.org.id) as typeof WEBEX_DEFAULTS).expirePasscode, {
      enabled: false,
      numberOfDays: 150,
    });
    // Sending it back as it is would be refused: 150 is outside the PUT's 15..100.
    assert.equal((await put({ expirePasscode: { enabled: true, numberOfDays: 150 } })).status, 400);
  });

  describe('400 with a description, and nothing changed', () => {
    const cases: [string, unknown, RegExp][] = [
      ['expiry below 15', { expirePasscode: { numberOfDays: 14 } }, /between 15 and 100/],
      ['expiry above 100', { expirePasscode: { enabled: true, numberOfDays: 101 } }, /between 15 and 100/],
      ['change 0 days', { changePasscode: { numberOfDays: 0 } }, /between 1 and 7/],
      ['change 8 days', { changePasscode: { numberOfDays: 8 } }, /between 1 and 7/],
      ['previous 11', { blockPreviousPasscodes: { numberOfPasscodes: 11 } }, /between 1 and 10/],
      ['previous 0', { blockPreviousPasscodes: { numberOfPasscodes: 0 } }, /between 1 and 10/],
      ['a fraction', { expirePasscode: { numberOfDays: 30.5 } }, /integer/],
      ['a number as string', { expirePasscode: { numberOfDays: '30' } }, /integer/],
      ['a boolean as string', { expirePasscode: { enabled: 'true' } }, /boolean/],
      ['flag as string', { defaultVoicemailPinEnabled: 'false' }, /boolean/],
      ['PIN as number', { defaultVoicemailPin: 147036 }, /string/],
      ['nested as array', { changePasscode: [] }, /object/],
      ['null', { changePasscode: { enabled: null } }, /boolean/],
      ['unknown top-level field', { color: 'blue' }, /Unrecognized field "color"/],
      ['the rules block', { defaultVoicemailPinRules: { length: { min: 4 } } }, /defaultVoicemailPinRules/],
      ['orgId in the body', { orgId: 'x' }, /orgId/],
      ['unknown nested field', { expirePasscode: { days: 30 } }, /expirePasscode\.days/],
      ['a JSON array', [], /object/],
    ];
    for (const [name, body, description] of cases) {
      it(name, async () => {
        const before = em.voicemailRules(w.org.id);
        const res = await put(body);
        assert.equal(res.status, 400);
        assert.match(res.body.errors[0].description, description);
        assert.match(res.body.trackingId, /./);
        assertNoErrorCode(res.body);
        assert.deepEqual(em.voicemailRules(w.org.id), before);
      });
    }

    const pins: [string, RegExp][] = [
      ['12345', /between 6 and 30/],
      ['1'.repeat(31), /between 6 and 30/],
      ['14703a', /only digits/],
      ['111147', /more than 3 times/],
      ['123470', /ascending/],
      ['864321', /descending/],
      ['121212', /repeated pattern/],
      ['147147', /repeated pattern/],
    ];
    for (const [pin, description] of pins) {
      it(`PIN ${pin} breaks the org's PIN rules`, async () => {
        const res = await put({ defaultVoicemailPin: pin, expirePasscode: { numberOfDays: 30 } });
        assert.equal(res.status, 400);
        assert.match(res.body.errors[0].description, description);
        // Webex's codes for a PIN that breaks the rules are undocumented: no made-up number to rely on.
        assertNoErrorCode(res.body);
        assert.equal(em.storedPin(w.org.id), undefined);
        assert.equal((em.voicemailRules(w.org.id) as typeof WEBEX_DEFAULTS).expirePasscode.numberOfDays, 180);
      });
    }

    it("follows the org's own PIN rules", async () => {
      em.setPinRules(w.org.id, { length: { min: 4, max: 8 }, blockContiguousSequences: { enabled: false } });
      assert.equal((await put({ defaultVoicemailPin: '1234' })).status, 204);
      assert.equal((await put({ defaultVoicemailPin: '123456789' })).status, 400);
    });

    it('enabling the default PIN needs a PIN, stored or given', async () => {
      const res = await put({ defaultVoicemailPinEnabled: true });
      assert.equal(res.status, 400);
      assert.match(res.body.errors[0].description, /defaultVoicemailPin/);
      assert.equal(
        (await put({ defaultVoicemailPinEnabled: true, defaultVoicemailPin: '147036' })).status,
        204,
      );
      assert.equal((await put({ defaultVoicemailPinEnabled: true })).status, 204);
      assert.equal((await put({ defaultVoicemailPinEnabled: false })).status, 204);
      const rules = em.voicemailRules(w.org.id) as typeof WEBEX_DEFAULTS;
      assert.equal(rules.defaultVoicemailPinRules.defaultVoicemailPinEnabled, false);
    });

    it('turning the default PIN off discards the stored PIN: on again needs a new one', async () => {
      assert.equal(
        (await put({ defaultVoicemailPinEnabled: true, defaultVoicemailPin: '147036' })).status,
        204,
      );
      assert.equal((await put({ defaultVoicemailPinEnabled: false })).status, 204);
      assert.equal(em.storedPin(w.org.id), undefined);
      assert.equal((await put({ defaultVoicemailPinEnabled: true })).status, 400);
      // A flag left alone keeps the PIN: only turning it off discards it.
      assert.equal(
        (await put({ defaultVoicemailPinEnabled: true, defaultVoicemailPin: '258036' })).status,
        204,
      );
      assert.equal((await put({ expirePasscode: { enabled: false } })).status, 204);
      assert.equal(em.storedPin(w.org.id), '258036');
    });
  });

  it('answers 415 to a body that is not JSON', async () => {
    const res = await call(em, 'PUT', PATH, {
      token: adminToken,
      rawBody: 'defaultVoicemailPinEnabled=false',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.status, 415);
    const noType = await call(em, 'PUT', PATH, {
      token: adminToken,
      rawBody: '{}',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(noType.status, 415);
    const bad = await call(em, 'PUT', PATH, {
      token: adminToken,
      rawBody: '{"x":',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(bad.status, 400);
    const charset = await call(em, 'PUT', PATH, {
      token: adminToken,
      rawBody: '{}',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    assert.equal(charset.status, 204);
  });

  describe('who may read and write', () => {
    it('a read-scoped token cannot PUT (403)', async () => {
      const readOnlyToken = em.issueToken(w.admin.id, [TELEPHONY_READ]);
      assert.equal((await call(em, 'GET', PATH, { token: readOnlyToken })).status, 200);
      const res = await put({ changePasscode: { numberOfDays: 2 } }, readOnlyToken);
      assert.equal(res.status, 403);
      assert.match(res.body.errors[0].description, /telephony_config_write/);
    });

    it('a write-only token cannot GET (403)', async () => {
      const writeOnly = em.issueToken(w.admin.id, [TELEPHONY_WRITE]);
      assert.equal((await call(em, 'GET', PATH, { token: writeOnly })).status, 403);
    });

    it('a read-only administrator can GET but not PUT, even with both scopes', async () => {
      const token = em.issueToken(w.reader.id, [TELEPHONY_READ, TELEPHONY_WRITE]);
      assert.equal((await call(em, 'GET', PATH, { token })).status, 200);
      const res = await put({ changePasscode: { numberOfDays: 2 } }, token);
      assert.equal(res.status, 403);
      assert.match(res.body.errors[0].description, /full administrator/);
    });

    it('a person without an administrator role gets 403 on both', async () => {
      const token = em.issueToken(w.user.id, [TELEPHONY_READ, TELEPHONY_WRITE]);
      assert.equal((await call(em, 'GET', PATH, { token })).status, 403);
      assert.equal((await put({}, token)).status, 403);
    });

    it("a bot's token has no administrator scope", async () => {
      assert.equal((await call(em, 'GET', PATH, { token: w.bot.token })).status, 403);
    });

    it('orgId: own org, a managed org for a partner admin, else 403/404', async () => {
      assert.equal((await call(em, 'GET', `${PATH}?orgId=${w.org.id}`, { token: adminToken })).status, 200);
      assert.equal((await call(em, 'GET', `${PATH}?orgId=${w.other.id}`, { token: adminToken })).status, 403);
      const partnerToken = em.issueToken(w.partner.id, [TELEPHONY_READ, TELEPHONY_WRITE]);
      const res = await put({ expirePasscode: { numberOfDays: 45 } }, partnerToken, `?orgId=${w.org.id}`);
      assert.equal(res.status, 204);
      assert.equal((em.voicemailRules(w.org.id) as typeof WEBEX_DEFAULTS).expirePasscode.numberOfDays, 45);
      assert.equal(
        (em.voicemailRules(w.partnerOrg.id) as typeof WEBEX_DEFAULTS).expirePasscode.numberOfDays,
        180,
      );
      assert.equal(
        (await call(em, 'GET', `${PATH}?orgId=${w.other.id}`, { token: partnerToken })).status,
        403,
      );
      const unknown = await call(em, 'GET', `${PATH}?orgId=Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9ub25l`, {
        token: partnerToken,
      });
      assert.equal(unknown.status, 404);
    });
  });

  it('logs the PUT body for tests to assert on', async () => {
    em.clearRequests();
    await put({ changePasscode: { numberOfDays: 3 } });
    const r = em.requests.find((x) => x.method === 'PUT');
    assert.ok(r);
    assert.equal(r.path, `/v1${PATH}`);
    assert.equal(r.status, 204);
    assert.equal(r.personId, w.admin.id);
    assert.deepEqual(r.body, { changePasscode: { numberOfDays: 3 } });
  });
});
