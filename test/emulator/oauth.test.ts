import assert from 'node:assert/strict';
import type { Emulator } from '../../src/emulator/index.js';
import { getEmulator } from '../helpers/emulator.js';
import { call, seedOrg } from '../helpers/emulator-api.js';
import { ORGS_READ, PEOPLE_READ, TELEPHONY_READ, TELEPHONY_WRITE } from '../../src/auth/scopes.js';

const CLIENT = {
  name: 'Voicemail Rules Bot',
  clientId: 'C0ffee',
  clientSecret: 'shh',
  redirectUris: ['http://127.0.0.1:9999/oauth/callback'],
  scopes: [PEOPLE_READ, ORGS_READ, TELEPHONY_READ, TELEPHONY_WRITE],
};
const REDIRECT = CLIENT.redirectUris[0] ?? '';
const ALL_SCOPES = CLIENT.scopes.join(' ');

describe('emulator: OAuth integration', () => {
  let em: Emulator;
  let w: ReturnType<typeof seedOrg>;

  before(async () => {
    em = await getEmulator();
  });
  beforeEach(() => {
    em.reset();
    w = seedOrg(em);
    em.registerIntegration(CLIENT);
  });

  const authorizeUrl = (params: Record<string, string> = {}) => {
    const q = new URLSearchParams({
      client_id: CLIENT.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: ALL_SCOPES,
      state: 'xyz',
      ...params,
    });
    return `${em.apiBase}/authorize?${q.toString()}`;
  };

  const tokenCall = async (form: Record<string, string>) => {
    const res = await fetch(`${em.apiBase}/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const codeFor = async (personId: string, params: Record<string, string> = {}): Promise<string> => {
    em.autoApprove(personId);
    const res = await fetch(authorizeUrl(params), { redirect: 'manual' });
    assert.equal(res.status, 302);
    const loc = new URL(res.headers.get('location') ?? '');
    assert.equal(`${loc.origin}${loc.pathname}`, REDIRECT);
    assert.equal(loc.searchParams.get('state'), 'xyz');
    const code = loc.searchParams.get('code');
    assert.ok(code, loc.toString());
    return code;
  };

  const exchangeCode = (code: string, extra: Record<string, string> = {}) =>
    tokenCall({
      grant_type: 'authorization_code',
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
      code,
      redirect_uri: REDIRECT,
      ...extra,
    });

  it('exchanges a code for tokens that work on the API', async () => {
    const res = await exchangeCode(await codeFor(w.admin.id));
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.expires_in, 14 * 24 * 3600);
    assert.equal(res.body.refresh_token_expires_in, 90 * 24 * 3600);
    assert.deepEqual(String(res.body.scope).split(' ').sort(), [...CLIENT.scopes].sort());
    const token = String(res.body.access_token);
    const me = await call(em, 'GET', '/people/me', { token });
    assert.equal(me.body.id, w.admin.id);
    assert.equal((await call(em, 'GET', '/telephony/config/voicemail/rules', { token })).status, 200);
    assert.equal(em.tokenExchanges('authorization_code'), 1);
    assert.equal(em.tokenExchanges('refresh_token'), 0);
  });

  it('uses a code once, and checks redirect_uri and the client', async () => {
    const code = await codeFor(w.admin.id);
    const wrongRedirect = await exchangeCode(code, { redirect_uri: 'http://127.0.0.1:9999/other' });
    assert.equal(wrongRedirect.status, 400);
    assert.equal(wrongRedirect.body.error, 'invalid_grant');
    const badSecret = await exchangeCode(code, { client_secret: 'wrong' });
    assert.equal(badSecret.status, 401);
    assert.equal(badSecret.body.error, 'invalid_client');
    assert.equal((await exchangeCode(code)).status, 200);
    const again = await exchangeCode(code);
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'invalid_grant');
    assert.equal(typeof again.body.error_description, 'string');
    assert.equal(em.tokenExchanges('authorization_code'), 1);
    assert.equal(em.tokenExchanges('authorization_code', { includeFailed: true }), 4);
  });

  it('refuses an unknown client or an unregistered redirect_uri without redirecting', async () => {
    em.autoApprove(w.admin.id);
    const unknown = await fetch(authorizeUrl({ client_id: 'nope' }), { redirect: 'manual' });
    assert.equal(unknown.status, 400);
    const badRedirect = await fetch(authorizeUrl({ redirect_uri: 'https://evil.example/cb' }), {
      redirect: 'manual',
    });
    assert.equal(badRedirect.status, 400);
    assert.equal(badRedirect.headers.get('location'), null);
  });

  it('refuses a scope the integration was not registered for: invalid_scope back to the redirect_uri, no code', async () => {
    em.autoApprove(w.admin.id);
    const res = await fetch(authorizeUrl({ scope: `${ALL_SCOPES} spark:messages_write` }), {
      redirect: 'manual',
    });
    assert.equal(res.status, 302);
    const loc = new URL(res.headers.get('location') ?? '');
    assert.equal(`${loc.origin}${loc.pathname}`, REDIRECT);
    assert.equal(loc.searchParams.get('error'), 'invalid_scope');
    assert.equal(loc.searchParams.get('error_description'), 'The requested scope is invalid.');
    assert.equal(loc.searchParams.get('state'), 'xyz');
    assert.equal(loc.searchParams.get('code'), null);
    // The consent page is not shown for such a request either.
    em.autoApprove(null);
    const page = await fetch(authorizeUrl({ scope: 'spark-admin:people_write' }), { redirect: 'manual' });
    assert.equal(page.status, 302);
    assert.equal(new URL(page.headers.get('location') ?? '').searchParams.get('error'), 'invalid_scope');
  });

  it('grants only what the role allows', async () => {
    const reader = await exchangeCode(await codeFor(w.reader.id));
    assert.deepEqual(String(reader.body.scope).split(' ').sort(), [
      'spark-admin:organizations_read',
      TELEPHONY_READ,
      'spark:people_read',
    ]);
    const user = await exchangeCode(await codeFor(w.user.id));
    assert.equal(user.body.scope, 'spark:people_read');
    const token = String(reader.body.access_token);
    assert.equal(
      (await call(em, 'PUT', '/telephony/config/voicemail/rules', { token, body: {} })).status,
      403,
    );
  });

  it('refreshes, keeping the refresh token; a revoked refresh token is invalid_grant', async () => {
    const first = await exchangeCode(await codeFor(w.admin.id));
    const refreshToken = String(first.body.refresh_token);
    em.expireAccessToken(String(first.body.access_token));
    assert.equal(
      (await call(em, 'GET', '/people/me', { token: String(first.body.access_token) })).status,
      401,
    );
    const refreshed = await tokenCall({
      grant_type: 'refresh_token',
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
      refresh_token: refreshToken,
    });
    assert.equal(refreshed.status, 200);
    assert.equal(refreshed.body.refresh_token, refreshToken);
    assert.notEqual(refreshed.body.access_token, first.body.access_token);
    assert.equal(
      (await call(em, 'GET', '/people/me', { token: String(refreshed.body.access_token) })).status,
      200,
    );
    assert.equal(em.tokenExchanges('refresh_token'), 1);

    em.revokeRefreshToken(refreshToken);
    const revoked = await tokenCall({
      grant_type: 'refresh_token',
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
      refresh_token: refreshToken,
    });
    assert.equal(revoked.status, 400);
    assert.equal(revoked.body.error, 'invalid_grant');
  });

  it('can rotate refresh tokens when configured, and revoke all of a person', async () => {
    em.configure({ rotateRefreshTokens: true });
    try {
      const first = await exchangeCode(await codeFor(w.admin.id));
      const refresh = (rt: string) =>
        tokenCall({
          grant_type: 'refresh_token',
          client_id: CLIENT.clientId,
          client_secret: CLIENT.clientSecret,
          refresh_token: rt,
        });
      const second = await refresh(String(first.body.refresh_token));
      assert.notEqual(second.body.refresh_token, first.body.refresh_token);
      assert.equal((await refresh(String(first.body.refresh_token))).status, 400);
      em.revokeAllTokens(w.admin.id);
      assert.equal((await refresh(String(second.body.refresh_token))).status, 400);
      assert.equal(
        (await call(em, 'GET', '/people/me', { token: String(second.body.access_token) })).status,
        401,
      );
    } finally {
      em.configure({ rotateRefreshTokens: false });
    }
  });

  it('serves a consent page; Accept redirects with a code, Cancel with access_denied', async () => {
    em.autoApprove(null);
    const page = await fetch(authorizeUrl(), { headers: { cookie: `wx_person=${w.reader.id}` } });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Allow Voicemail Rules Bot to/);
    assert.match(html, /voicemail rules/i);
    assert.match(html, new RegExp(`<option value="${w.reader.id}" selected>`));
    assert.doesNotMatch(html, /vm@webex\.bot/, 'bots do not sign in');
    const form = {
      client_id: CLIENT.clientId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: ALL_SCOPES,
      state: 'xyz',
      person: w.admin.id,
    };
    const post = (decision: string) =>
      fetch(`${em.apiBase}/authorize`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...form, decision }).toString(),
      });
    const cancel = new URL((await post('cancel')).headers.get('location') ?? '');
    assert.equal(cancel.searchParams.get('error'), 'access_denied');
    assert.equal(cancel.searchParams.get('state'), 'xyz');
    const accepted = await post('accept');
    assert.match(accepted.headers.get('set-cookie') ?? '', /wx_person=/);
    const code = new URL(accepted.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const tokens = await exchangeCode(code);
    assert.equal(tokens.status, 200);
    const me = await call(em, 'GET', '/people/me', { token: String(tokens.body.access_token) });
    assert.equal(me.body.id, w.admin.id);
  });

  it('lists the organizations a token can see', async () => {
    const partnerTokens = await exchangeCode(await codeFor(w.partner.id));
    const res = await call(em, 'GET', '/organizations', { token: String(partnerTokens.body.access_token) });
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.items.map((o: { id: string; displayName: string }) => o.displayName),
      ['Partner', 'Acme'],
    );
    assert.deepEqual(Object.keys(res.body.items[0]), ['id', 'displayName', 'created']);
    const one = await call(em, 'GET', `/organizations/${w.org.id}`, {
      token: String(partnerTokens.body.access_token),
    });
    assert.equal(one.body.displayName, 'Acme');
    const other = await call(em, 'GET', `/organizations/${w.other.id}`, {
      token: String(partnerTokens.body.access_token),
    });
    assert.equal(other.status, 404);
    const adminTokens = await exchangeCode(await codeFor(w.admin.id));
    const own = await call(em, 'GET', '/organizations', { token: String(adminTokens.body.access_token) });
    assert.deepEqual(
      own.body.items.map((o: { id: string }) => o.id),
      [w.org.id],
    );
    assert.equal((await call(em, 'GET', '/organizations', { token: w.bot.token })).status, 403);
  });

  it('lists every organization at once: no paging, max ignored, no Link', async () => {
    const many = Array.from({ length: 150 }, (_, i) => em.createOrg({ displayName: `Customer ${i}` }).id);
    const partner = em.createPerson({
      email: 'big@partner.test',
      displayName: 'Big Partner',
      orgId: w.partnerOrg.id,
      role: 'full_admin',
      managedOrgIds: many,
    });
    const token = em.issueToken(partner.id, ['spark-admin:organizations_read']);
    for (const query of ['', '?max=10']) {
      const res = await call(em, 'GET', `/organizations${query}`, { token });
      assert.equal(res.status, 200);
      assert.equal(res.body.items.length, 151, query);
      assert.equal(res.headers.get('link'), null, query);
    }
  });
});
