import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  followSignIn,
  signInLink,
  startHarness,
  type Harness,
} from '../helpers/bot-harness.js';
import { cardInputs, cardOf } from '../helpers/card-inputs.js';
import { REDIS_URL } from '../helpers/redis.js';
import { createAccessProvider } from '../../src/bot/access-provider.js';
import { createRedisKeyValueStore } from '../../src/store/redis-key-value-store.js';
import { createTokenStore } from '../../src/store/token-store.js';
import { createTokenCipher } from '../../src/store/token-cipher.js';
import { createOAuthClient } from '../../src/webex/oauth-client.js';
import { createWebexClient } from '../../src/webex/webex-client.js';

const RULES = '/v1/telephony/config/voicemail/rules';

describe('sign in with Webex (OAuth through the emulator, real Redis)', function () {
  this.timeout(30_000);
  let h: Harness;
  afterEach(async () => {
    // The emulator is shared by every test file: put its token lifetime back.
    h?.em.configure({ accessTokenTtlSec: 14 * 24 * 3600 });
    await h?.close();
  });

  const puts = () => h.em.requests.filter((r) => r.method === 'PUT' && r.path === RULES);
  /** The bot's token-refresh counter (metrics), by outcome. */
  const refreshesCounted = async () =>
    (await h.running.metrics.registry.getSingleMetric('vmbot_token_refreshes_total')!.get()).values.map(
      (v) => ({ outcome: v.labels.outcome, n: v.value }),
    );

  /** Sign a person in from a room, as they would: ask, follow the link, approve. */
  async function signIn(roomId: string, who: string, mention = false) {
    const reply = await h.ask(roomId, who, '/login', { mention });
    // In a group space the link is sent to the person alone.
    const link = mention ? h.privateSignInLink(who) : signInLink(reply.markdown);
    const hops = await followSignIn(h.em, link, who);
    assert.equal(hops.at(-1)?.status, 200, hops.at(-1)?.body);
    return hops;
  }

  it('an integration registered without a scope the bot asks for: Webex refuses, the admin is told it is not them, the operator gets the code', async () => {
    h = await startHarness({ oauth: true });
    // The operator forgot spark-admin:organizations_read when creating the integration.
    h.em.registerIntegration({
      name: 'voicemail-rules-bot',
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${h.config.PUBLIC_URL}/oauth/callback`],
      scopes: [
        'spark:people_read',
        'spark-admin:telephony_config_read',
        'spark-admin:telephony_config_write',
      ],
    });
    const reply = await h.ask(h.dm.id, h.admin.id, '/login');
    const before = h.botSaid(h.dm.id).length;
    const hops = await followSignIn(h.em, signInLink(reply.markdown), h.admin.id);
    const page = hops.at(-1)!;
    assert.equal(page.status, 502);
    assert.match(page.body, /how the bot is set up, not because of anything you did/);
    assert.doesNotMatch(page.body, /cancelled/i);
    const said = (await h.nextReply(h.dm.id, before)).markdown ?? '';
    assert.match(said, /refused the sign-in because of how I am set up/);
    assert.ok(
      h.logs.lines.some(
        (l) => l.includes('Webex refused the sign-in request') && l.includes('invalid_scope'),
      ),
      h.logs.text(),
    );
    assert.equal(await h.running.tokens.get(h.admin.id), null, 'nothing stored');
  });

  it('from /voicemail in a fresh 1:1 space: one link, approve, signed in, and the form arrives', async () => {
    h = await startHarness({ oauth: true });
    const reply = await h.ask(h.dm.id, h.admin.id, '/voicemail');
    assert.equal(reply.attachments, undefined);
    const link = signInLink(reply.markdown);
    assert.ok(link.startsWith(`${h.config.PUBLIC_URL}/oauth/login?`));

    const before = h.botSaid(h.dm.id).length;
    const hops = await followSignIn(h.em, link, h.admin.id);
    // Hop 1: the bot's short link redirects to Webex's authorize URL with everything Webex needs.
    assert.equal(hops[0]?.status, 302);
    const authorize = new URL(hops[0]!.location!);
    assert.equal(`${authorize.origin}${authorize.pathname}`, `${h.em.apiBase}/authorize`);
    assert.equal(authorize.searchParams.get('client_id'), CLIENT_ID);
    assert.equal(authorize.searchParams.get('response_type'), 'code');
    assert.equal(authorize.searchParams.get('redirect_uri'), `${h.config.PUBLIC_URL}/oauth/callback`);
    const scopes = authorize.searchParams.get('scope')!.split(' ');
    for (const s of [
      'spark-admin:telephony_config_read',
      'spark-admin:telephony_config_write',
      'spark:people_read',
      'spark-admin:organizations_read',
    ]) {
      assert.ok(scopes.includes(s), s);
    }
    assert.ok((authorize.searchParams.get('state') ?? '').length >= 32);
    // Last hop: the callback page.
    const page = hops.at(-1)!;
    assert.equal(page.status, 200);
    assert.match(page.body, /close this page/i);
    assert.ok(!page.body.includes('access_token'));
    assert.equal(h.em.tokenExchanges('authorization_code'), 1);

    const said = await h.nextReply(h.dm.id, before);
    assert.match(said.markdown ?? '', /signed in as Alice Admin/);
    const form = await h.nextReply(h.dm.id, before + 1);
    assert.equal(cardOf(form).version, '1.3');

    const record = await h.running.tokens.get(h.admin.id);
    assert.equal(record?.source, 'oauth');
    assert.equal(record?.orgId, h.org.id);
    assert.ok(record?.refreshToken);
    assert.ok((record?.accessTokenExpiresAt ?? 0) > Date.now());
    assert.ok(record?.scopes.includes('spark-admin:telephony_config_write'));

    const done = h.botSaid(h.dm.id).length;
    await h.em.submitCard(h.admin.id, form.id, { expirePasscodeDays: '45' });
    assert.match((await h.nextReply(h.dm.id, done)).markdown ?? '', /updated/i);
    assert.equal(puts()[0]?.personId, h.admin.id);
    const stored = JSON.stringify(await h.store.dump());
    assert.ok(!stored.includes(record!.accessToken) && !stored.includes(record!.refreshToken!));
    assert.ok(!h.logs.text().includes(record!.accessToken) && !h.logs.text().includes(CLIENT_SECRET));
  });

  it('signs in the same way from a group space, without revealing anything there', async () => {
    h = await startHarness({ oauth: true });
    const reply = await h.ask(h.group.id, h.admin.id, '/login', { mention: true });
    assert.match(reply.markdown ?? '', /I sent you a sign-in link in a 1:1 space/);
    assert.doesNotMatch(reply.markdown ?? '', /oauth/);
    const before = h.botSaid(h.group.id).length;
    const hops = await followSignIn(h.em, h.privateSignInLink(h.admin.id), h.admin.id);
    assert.equal(hops.at(-1)?.status, 200);
    const said = await h.nextReply(h.group.id, before);
    assert.equal(said.markdown, 'Alice Admin is signed in.');
    assert.ok(await h.running.tokens.get(h.admin.id));
  });

  it('a link followed by someone else: nothing stored, and both are told why', async () => {
    h = await startHarness({ oauth: true });
    await h.ask(h.group.id, h.admin.id, '/login', { mention: true });
    const before = h.botSaid(h.group.id).length;
    const hops = await followSignIn(h.em, h.privateSignInLink(h.admin.id), h.user.id);
    const page = hops.at(-1)!;
    assert.equal(page.status, 403);
    assert.match(page.body, /someone else/i);
    assert.equal(await h.running.tokens.get(h.admin.id), null);
    assert.equal(await h.running.tokens.get(h.user.id), null);
    assert.match((await h.nextReply(h.group.id, before)).markdown ?? '', /Uma User.*nothing was stored/s);
  });

  it('a replayed callback (state already used) is refused with a plain page and stores nothing new', async () => {
    h = await startHarness({ oauth: true });
    const hops = await signIn(h.dm.id, h.admin.id);
    await h.running.tokens.delete(h.admin.id);
    const callback = hops.at(-2)!.location!;
    const again = await fetch(callback);
    assert.equal(again.status, 400);
    assert.match(await again.text(), /already used/i);
    assert.equal(await h.running.tokens.get(h.admin.id), null);
    const missing = await fetch(`${h.config.PUBLIC_URL}/oauth/callback?code=abc`);
    assert.equal(missing.status, 400);
    const forged = await fetch(`${h.config.PUBLIC_URL}/oauth/callback?code=abc&state=${'x'.repeat(43)}`);
    assert.equal(forged.status, 400);
    assert.equal(h.em.tokenExchanges('authorization_code'), 1);
  });

  it('the public sign-in routes are rate-limited per client', async () => {
    h = await startHarness({ oauth: true });
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++)
      statuses.push((await fetch(`${h.config.PUBLIC_URL}/oauth/login?state=nope`)).status);
    assert.equal(statuses[0], 400);
    assert.equal(statuses.at(-1), 429);
    assert.equal(statuses.filter((s) => s === 400).length, 30);
  });

  it('an expired state is refused (short TTL, real Redis expiry)', async () => {
    h = await startHarness({ oauth: true, start: { signInTtlMs: 300 } });
    const reply = await h.ask(h.dm.id, h.admin.id, '/login');
    await new Promise((r) => setTimeout(r, 500));
    const hops = await followSignIn(h.em, signInLink(reply.markdown), h.admin.id);
    assert.equal(hops[0]?.status, 400);
    assert.match(hops[0]!.body, /expired/i);
    assert.equal(h.em.tokenExchanges(), 0);
    assert.equal(await h.running.tokens.get(h.admin.id), null);
  });

  it('refreshes a token before it expires', async () => {
    h = await startHarness({ oauth: true, start: { refreshMarginMs: 10 * 60_000 } });
    h.em.configure({ accessTokenTtlSec: 5 * 60 });
    await signIn(h.dm.id, h.admin.id);
    const first = await h.running.tokens.get(h.admin.id);
    await h.ask(h.dm.id, h.admin.id, '/voicemail show');
    assert.equal(h.em.tokenExchanges('refresh_token'), 1);
    const second = await h.running.tokens.get(h.admin.id);
    assert.notEqual(second?.accessToken, first?.accessToken);
    assert.ok(h.em.requests.some((r) => r.path === RULES && r.status === 200));
  });

  it('roles are read again at each refresh: an admin Webex made read-only gets no form after it', async () => {
    h = await startHarness({ oauth: true, start: { refreshMarginMs: 10 * 60_000 } });
    // Every access token is within the refresh margin, so each command refreshes first.
    h.em.configure({ accessTokenTtlSec: 5 * 60 });
    await signIn(h.dm.id, h.admin.id);
    const form = await h.ask(h.dm.id, h.admin.id, '/voicemail');
    assert.ok(cardInputs(cardOf(form)).size > 0);
    h.em.state.people.get(h.admin.id)!.role = 'read_only_admin';
    const after = await h.ask(h.dm.id, h.admin.id, '/voicemail');
    assert.equal(h.em.tokenExchanges('refresh_token'), 2);
    assert.equal(cardInputs(cardOf(after)).size, 0);
    assert.match(JSON.stringify(cardOf(after)), /Only a full administrator can change these rules\./);
  });

  it('refreshes once after a 401 and carries on', async () => {
    h = await startHarness({ oauth: true });
    await signIn(h.dm.id, h.admin.id);
    const rec = await h.running.tokens.get(h.admin.id);
    h.em.expireAccessToken(rec!.accessToken);
    const reply = await h.ask(h.dm.id, h.admin.id, '/voicemail show');
    assert.match(reply.markdown ?? '', /Voicemail passcode rules/);
    assert.equal(h.em.tokenExchanges('refresh_token'), 1);
    assert.deepEqual(await refreshesCounted(), [{ outcome: 'ok', n: 1 }]);
    assert.deepEqual(
      h.em.requests.filter((r) => r.path === RULES).map((r) => r.status),
      [401, 200],
    );
    // The refresh is part of the event: its line carries the event's id like the calls around it.
    const refreshed = h.logs.lines.filter((l) => l.includes('access token refreshed'));
    assert.equal(refreshed.length, 1);
    assert.ok(JSON.parse(refreshed[0]!).eventId, refreshed[0]);
  });

  it('a revoked refresh token deletes the record and the admin gets a new sign-in link', async () => {
    h = await startHarness({ oauth: true });
    await signIn(h.dm.id, h.admin.id);
    const rec = await h.running.tokens.get(h.admin.id);
    h.em.revokeRefreshToken(rec!.refreshToken!);
    h.em.expireAccessToken(rec!.accessToken);
    const reply = await h.ask(h.dm.id, h.admin.id, '/voicemail');
    assert.ok(signInLink(reply.markdown));
    assert.equal(await h.running.tokens.get(h.admin.id), null);
    assert.deepEqual(await refreshesCounted(), [{ outcome: 'rejected', n: 1 }]);
  });

  it('two bot instances refreshing the same person at once against one Redis: exactly one exchange', async () => {
    h = await startHarness({ oauth: true });
    await signIn(h.dm.id, h.admin.id);
    const stale = (await h.running.tokens.get(h.admin.id))!.accessToken;
    h.em.expireAccessToken(stale);
    // Two independent instances: own Redis connections, own clients, same prefix and key.
    const instances = [0, 1].map(() => {
      const redis = new Redis(REDIS_URL);
      const kv = createRedisKeyValueStore(redis, h.config.REDIS_KEY_PREFIX);
      const webex = createWebexClient({ apiBase: h.em.apiBase });
      const provider = createAccessProvider({
        tokens: createTokenStore(kv, createTokenCipher(Buffer.from(h.config.TOKEN_ENCRYPTION_KEY, 'base64'))),
        kv,
        log: h.logs.log,
        oauth: createOAuthClient({ webex, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
      });
      return { redis, provider };
    });
    const results = await Promise.all(
      instances.flatMap((i) => [1, 2, 3].map(() => i.provider.renew(h.admin.id, stale))),
    );
    for (const i of instances) await i.redis.quit();
    assert.equal(h.em.tokenExchanges('refresh_token', { includeFailed: true }), 1);
    const tokens = new Set(results.map((r) => r?.token));
    assert.equal(tokens.size, 1);
    assert.ok(![...tokens][0] || [...tokens][0] !== stale);
  });

  it('a read-only admin: /voicemail show works, a change is refused up front with the reason', async () => {
    h = await startHarness({ oauth: true });
    await signIn(h.group.id, h.readOnly.id, true);
    const rec = await h.running.tokens.get(h.readOnly.id);
    assert.ok(!rec?.scopes.includes('spark-admin:telephony_config_write'));
    const show = await h.ask(h.group.id, h.readOnly.id, '/voicemail show', { mention: true });
    assert.match(show.markdown ?? '', /Voicemail passcode rules/);
    assert.ok(
      !JSON.stringify(show.attachments).includes('Change settings'),
      'no edit button for read-only access',
    );
    const reads = h.em.requests.filter((r) => r.path === RULES).length;
    const set = await h.ask(h.group.id, h.readOnly.id, '/voicemail set expire=30', { mention: true });
    assert.match(set.markdown ?? '', /Only a full administrator can change these rules\./);
    assert.equal(h.em.requests.filter((r) => r.path === RULES).length, reads, 'nothing sent to Webex');
    assert.equal(puts().length, 0);
  });

  it('/whoami shows who, org, scopes and expiry, never a token; /logout deletes the record', async () => {
    h = await startHarness({ oauth: true });
    await signIn(h.dm.id, h.admin.id);
    const rec = await h.running.tokens.get(h.admin.id);
    const who = await h.ask(h.dm.id, h.admin.id, '/whoami');
    const md = who.markdown ?? '';
    assert.match(md, /Alice Admin/);
    assert.match(md, /Acme Test Org/);
    assert.match(md, /telephony_config_write/);
    assert.match(md, /expires/i);
    assert.ok(!md.includes(rec!.accessToken) && !md.includes(rec!.refreshToken!));
    const out = await h.ask(h.dm.id, h.admin.id, '/logout');
    assert.match(out.markdown ?? '', /Signed out/);
    assert.equal(await h.running.tokens.get(h.admin.id), null);
    const again = await h.ask(h.dm.id, h.admin.id, '/voicemail');
    assert.ok(signInLink(again.markdown));
  });

  it('a partner admin lists orgs, switches, and the PUT carries orgId; messages name the org', async () => {
    let partnerId = '';
    let customer = { id: '', displayName: '' };
    let dm = '';
    h = await startHarness({
      oauth: true,
      seed: (w) => {
        customer = w.em.createOrg({ displayName: 'Customer Dental' });
        const partner = w.em.createPerson({
          email: 'pat@partner.test',
          displayName: 'Pat Partner',
          orgId: w.org.id,
          role: 'full_admin',
          managedOrgIds: [customer.id],
        });
        partnerId = partner.id;
        dm = w.em.createRoom({ type: 'direct', memberIds: [partner.id, w.bot.id] }).id;
      },
    });
    await signIn(dm, partnerId);
    const list = await h.ask(dm, partnerId, '/org list');
    assert.match(list.markdown ?? '', /Customer Dental/);
    assert.match(list.markdown ?? '', /Acme Test Org/);
    const use = await h.ask(dm, partnerId, '/org use customer dental');
    assert.match(use.markdown ?? '', /now act on \*\*Customer Dental\*\*/);
    const show = await h.ask(dm, partnerId, '/org');
    assert.match(show.markdown ?? '', /Customer Dental/);
    // A change to a customer org waits for its Confirm.
    const set = await h.ask(dm, partnerId, '/voicemail set expire=30');
    assert.match(set.markdown ?? '', /Customer org: Customer Dental, chosen with \/org use/);
    assert.equal(puts().length, 0);
    const done = await h.submit(dm, partnerId, set, {}, { actionTitle: 'Confirm' });
    assert.match(done.markdown ?? '', /Customer Dental[\s\S]*Voicemail rules updated/);
    const put = puts()[0]!;
    assert.equal(put.query.orgId, customer.id);
    assert.equal(
      (h.em.voicemailRules(customer.id) as { expirePasscode: { numberOfDays: number } }).expirePasscode
        .numberOfDays,
      30,
    );
    assert.equal(
      (h.em.voicemailRules(h.org.id) as { expirePasscode: { numberOfDays: number } }).expirePasscode
        .numberOfDays,
      180,
    );
    const form = await h.ask(dm, partnerId, '/voicemail');
    assert.match(JSON.stringify(cardOf(form)), /Customer Dental/);
  });

  it('the access gate: others get a polite refusal and nothing is stored', async () => {
    h = await startHarness({ oauth: true, env: { ALLOWED_EMAIL_DOMAINS: 'other.test' } });
    const login = await h.ask(h.dm.id, h.admin.id, '/login');
    assert.match(login.markdown ?? '', /limited to/i);
    assert.doesNotMatch(login.markdown ?? '', /oauth\/login/);
    const vm = await h.ask(h.dm.id, h.admin.id, '/voicemail');
    assert.match(vm.markdown ?? '', /limited to/i);
    assert.equal(await h.running.tokens.get(h.admin.id), null);
    assert.equal(h.em.requests.filter((r) => r.path === RULES).length, 0);
  });

  it('the access gate also holds at the callback (allowed by org id, refused by domain)', async () => {
    h = await startHarness({ oauth: true });
    await h.close();
    h = await startHarness({ oauth: true, env: { ALLOWED_ORG_IDS: 'some-other-org' } });
    const link = await h.ask(h.dm.id, h.admin.id, '/login');
    assert.match(link.markdown ?? '', /limited to/i);
  });
});
