import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRedisKeyValueStore } from '../../../src/store/redis-key-value-store.js';
import { createMemoryKeyValueStore } from '../../../src/store/memory-key-value-store.js';
import type { KeyValueStore } from '../../../src/store/key-value-store.js';
import { createTokenCipher } from '../../../src/store/token-cipher.js';
import { createTokenStore } from '../../../src/store/token-store.js';
import { createFormSessions } from '../../../src/store/form-sessions.js';
import { createEventDedup } from '../../../src/store/event-dedup.js';
import { createSignInStates } from '../../../src/store/sign-in-states.js';
import { createOrgSelection } from '../../../src/store/org-selection.js';
import { createOrgRevisions } from '../../../src/store/org-revisions.js';
import { createLatestConfirmations } from '../../../src/store/latest-confirmations.js';
import { createChangeHistory, type HistoryEntry } from '../../../src/store/change-history.js';
import { openTestRedis, type TestRedis } from '../../helpers/redis.js';

// The same behaviour is required of the Redis store (live) and the memory store (sandbox without Redis).
for (const kind of ['redis', 'memory'] as const) {
  describe(`stores on the ${kind} key-value store`, () => {
    let t: TestRedis | undefined;
    let kv: KeyValueStore;
    beforeEach(async () => {
      if (kind === 'redis') {
        t = await openTestRedis();
        kv = createRedisKeyValueStore(t.redis, t.prefix);
      } else kv = createMemoryKeyValueStore();
    });
    afterEach(async () => t?.cleanup());

    /** A form session Alice opened in room r. */
    async function aliceForm() {
      const forms = createFormSessions<{ n: number }>(kv, 60_000);
      const s = await forms.create({
        personId: 'alice',
        roomId: 'r',
        orgId: 'o',
        orgName: 'Acme',
        snapshot: { n: 1 },
      });
      return { forms, s, alice: { personId: 'alice', roomId: 'r' } };
    }

    it('setIfAbsent, swap, deleteIfEquals and keys behave atomically as documented', async () => {
      assert.equal(await kv.setIfAbsent('a', '1', 10_000), true);
      assert.equal(await kv.setIfAbsent('a', '2', 10_000), false);
      assert.equal(await kv.swap('a', '3', 10_000), '1');
      assert.equal(await kv.swap('missing', '3', 10_000), null);
      assert.equal(await kv.get('missing'), null);
      assert.equal(await kv.deleteIfEquals('a', 'nope'), false);
      assert.equal(await kv.deleteIfEquals('a', '3'), true);
      await kv.set('x:1', 'a');
      await kv.set('x:2', 'b');
      await kv.set('y:1', 'c');
      assert.deepEqual((await kv.keys('x:')).sort(), ['x:1', 'x:2']);
      assert.equal(await kv.ping(), true);
    });

    it('increment counts from 1, restarts the TTL each time, and racing increments each get their own number', async () => {
      // Margins of 500 ms each way: a loaded machine's timers fire late, never early.
      assert.equal(await kv.increment('n', 1500), 1);
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(await kv.increment('n', 1500), 2);
      await new Promise((r) => setTimeout(r, 1000));
      // 2 s after the first increment (past its 1.5 s), alive because the second restarted the clock.
      assert.equal(await kv.get('n'), '2');
      const raced = await Promise.all(Array.from({ length: 10 }, () => kv.increment('n', 10_000)));
      assert.deepEqual(
        raced.sort((a, b) => a - b),
        [3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      );
      await kv.set('short', '1', 30);
      await new Promise((r) => setTimeout(r, 80));
      assert.equal(await kv.increment('short', 10_000), 1, 'an expired counter starts again');
    });

    it('org revisions and latest confirmations: per org, and per person and org', async () => {
      const revisions = createOrgRevisions(kv);
      assert.equal(await revisions.current('globex'), 0);
      assert.equal(await revisions.bump('globex'), 1);
      assert.equal(await revisions.bump('globex'), 2);
      assert.equal(await revisions.current('globex'), 2);
      assert.equal(await revisions.current('acme'), 0);
      const latest = createLatestConfirmations(kv, 60_000);
      assert.equal(await latest.isLatest('pat', 'globex', 'c1'), true, 'nothing marked: an older card');
      await latest.mark('pat', 'globex', 'c1');
      await latest.mark('pat', 'globex', 'c2');
      await latest.mark('pat', 'acme', 'c3');
      await latest.mark('quinn', 'globex', 'c4');
      assert.equal(await latest.isLatest('pat', 'globex', 'c1'), false);
      assert.equal(await latest.isLatest('pat', 'globex', 'c2'), true);
      assert.equal(await latest.isLatest('pat', 'acme', 'c3'), true);
    });

    it('expires keys after their TTL', async () => {
      await kv.set('short', 'v', 50);
      assert.equal(await kv.get('short'), 'v');
      await new Promise((r) => setTimeout(r, 120));
      assert.equal(await kv.get('short'), null);
    });

    it('token store: round-trips, keeps tokens out of the stored bytes, lists without tokens', async () => {
      const tokens = createTokenStore(kv, createTokenCipher(randomBytes(32)));
      const access = 'ACCESS-' + randomBytes(24).toString('hex');
      const refresh = 'REFRESH-' + randomBytes(24).toString('hex');
      await tokens.put({
        personId: 'p1',
        orgId: 'o1',
        accessToken: access,
        accessTokenExpiresAt: Date.now() + 3600_000,
        refreshToken: refresh,
        refreshTokenExpiresAt: Date.now() + 7200_000,
        scopes: ['spark-admin:telephony_config_read'],
        source: 'oauth',
        updatedAt: Date.now(),
      });
      const got = await tokens.get('p1');
      assert.equal(got?.accessToken, access);
      assert.equal(got?.refreshToken, refresh);
      assert.equal(await tokens.get('p2'), null);
      const raw = (await kv.get('token:p1')) ?? '';
      assert.ok(raw.length > 0);
      assert.ok(!raw.includes(access) && !raw.includes(refresh));
      const list = await tokens.list();
      assert.equal(list.length, 1);
      assert.equal(list[0]?.hasRefreshToken, true);
      assert.ok(!JSON.stringify(list).includes(access));
      assert.equal(await tokens.delete('p1'), true);
      assert.equal(await tokens.get('p1'), null);
    });

    it('token store: roles kept beside the tokens, in clear; setProfile leaves a record rewritten meanwhile alone', async () => {
      const tokens = createTokenStore(kv, createTokenCipher(randomBytes(32)));
      const record = {
        personId: 'p1',
        accessToken: 'ACCESS-' + randomBytes(24).toString('hex'),
        scopes: ['spark-admin:telephony_config_read'],
        source: 'cli' as const,
        updatedAt: 1000,
      };
      await tokens.put(record);
      assert.equal((await tokens.get('p1'))?.roles, undefined);
      assert.equal(await tokens.setProfile('p1', 1000, { roles: ['r1'], managesOtherOrgs: true }), true);
      const got = await tokens.get('p1');
      assert.deepEqual(got?.roles, ['r1']);
      assert.equal(got?.managesOtherOrgs, true);
      assert.equal(got?.accessToken, record.accessToken, 'the tokens are untouched');
      // A refresh wrote a newer record: the profile read with the old token is not written over it.
      await tokens.put({ ...record, accessToken: 'NEWER', updatedAt: 2000 });
      assert.equal(await tokens.setProfile('p1', 1000, { roles: [] }), false);
      assert.equal((await tokens.get('p1'))?.accessToken, 'NEWER');
      assert.equal(await tokens.setProfile('gone', 1000, { roles: [] }), false);
    });

    it('sign-in states: keep what to carry on with and the scopes to ask for; read older states too', async () => {
      const states = createSignInStates(kv);
      const where = { personId: 'p1', roomId: 'r', roomType: 'direct' as const };
      const state = await states.create({
        ...where,
        then: { kind: 'voicemail.set', args: 'expire=30' },
        scopes: ['spark:people_read'],
      });
      const peeked = await states.peek(state);
      assert.deepEqual(peeked?.then, { kind: 'voicemail.set', args: 'expire=30' });
      assert.deepEqual(peeked?.scopes, ['spark:people_read']);
      // A state written before `then` was an object (a deploy while a link is open).
      const legacy = 'L'.repeat(43);
      await kv.set(
        `oauth-state:${legacy}`,
        JSON.stringify({ ...where, then: 'voicemail.form', createdAt: 1 }),
      );
      const used = await states.consume(legacy);
      assert.equal(used.status, 'ok');
      if (used.status === 'ok') assert.deepEqual(used.request.then, { kind: 'voicemail.form' });
      assert.equal((await states.consume(legacy)).status, 'reused');
    });

    it('form sessions: bound to the asker, single use, two racing submits -> exactly one claim', async () => {
      const { forms, s, alice } = await aliceForm();
      assert.equal((await forms.claim(s.id, { personId: 'mallory', roomId: 'r' })).status, 'not-yours');
      assert.equal(
        (await forms.claim(s.id, { personId: 'alice', roomId: 'other-room' })).status,
        'not-yours',
      );
      const results = await Promise.all([forms.claim(s.id, alice), forms.claim(s.id, alice)]);
      assert.deepEqual(results.map((r) => r.status).sort(), ['claimed', 'used']);
      assert.equal((await forms.claim(s.id, alice)).status, 'used');
      assert.equal((await forms.claim('no-such-form-id', alice)).status, 'unknown');
      assert.equal((await forms.claim('../../etc', alice)).status, 'unknown');
    });

    it('form sessions: the card id attached after a claim (or an expiry) never makes the card usable again', async () => {
      const { forms, s, alice } = await aliceForm();
      // The card's id comes back from Webex after the session was made; a fast press may claim it first.
      const read = kv.get.bind(kv);
      let claimedMeanwhile = false;
      kv.get = async (key) => {
        const raw = await read(key);
        if (!claimedMeanwhile && key.endsWith(s.id)) {
          claimedMeanwhile = true;
          assert.equal((await forms.claim(s.id, alice)).status, 'claimed');
        }
        return raw;
      };
      await forms.attachMessage(s.id, 'msg-1');
      kv.get = read;
      assert.equal((await forms.claim(s.id, alice)).status, 'used');
      const gone = await forms.create({ ...s, snapshot: { n: 2 } });
      await kv.delete(`form:${gone.id}`);
      await forms.attachMessage(gone.id, 'msg-2');
      assert.equal(await kv.get(`form:${gone.id}`), null);
    });

    it('form sessions: a released session can be claimed again', async () => {
      const { forms, s, alice } = await aliceForm();
      const c = await forms.claim(s.id, alice);
      assert.equal(c.status, 'claimed');
      if (c.status === 'claimed') await forms.release(c.session);
      assert.equal((await forms.claim(s.id, alice)).status, 'claimed');
    });

    it('event dedup: one claim at a time; done stays done; a failure frees the event for a redelivery', async () => {
      const d = createEventDedup(kv);
      assert.equal(await d.claim('messages:created:m1'), true);
      assert.equal(await d.claim('messages:created:m1'), false, 'being processed');
      assert.equal(await d.state('messages:created:m1'), 'processing');
      await d.complete('messages:created:m1');
      assert.equal(await d.state('messages:created:m1'), 'done');
      assert.equal(await d.state('messages:created:never'), null);
      assert.equal(await d.claim('messages:created:m1'), false, 'done');
      await d.release('messages:created:m1');
      assert.equal(await d.claim('messages:created:m1'), false, 'release never undoes a completed event');
      assert.equal(await d.claim('messages:created:m2'), true);
      await d.release('messages:created:m2');
      assert.equal(await d.claim('messages:created:m2'), true, 'a failed event can be processed again');
    });

    it('event dedup: a claim left by a process that died expires, so a redelivery is processed', async () => {
      const d = createEventDedup(kv, { claimMs: 50 });
      assert.equal(await d.claim('messages:created:m3'), true);
      await new Promise((r) => setTimeout(r, 80));
      assert.equal(await d.claim('messages:created:m3'), true);
    });

    it('org choice: peek shows the expiry without restarting it; get (a use) restarts it', async () => {
      let now = Date.UTC(2026, 0, 1);
      const day = 24 * 3600_000;
      const sel = createOrgSelection(kv, () => now);
      assert.equal(await sel.peek('pat'), null);
      await sel.set('pat', { orgId: 'o-globex', displayName: 'Globex' });
      assert.deepEqual(await sel.peek('pat'), {
        orgId: 'o-globex',
        name: 'Globex',
        expiresAt: now + 30 * day,
      });
      now += 10 * day;
      assert.equal((await sel.peek('pat'))?.expiresAt, Date.UTC(2026, 0, 31), 'looking is not using');
      assert.deepEqual(await sel.get('pat'), { orgId: 'o-globex', displayName: 'Globex' });
      assert.equal((await sel.peek('pat'))?.expiresAt, now + 30 * day, 'a use keeps it 30 more days');
      // A choice stored before expiries were kept: it starts its 30 days when first seen.
      await kv.set('org-choice:old', JSON.stringify({ orgId: 'o-acme', displayName: 'Acme' }), 30 * day);
      assert.deepEqual(await sel.peek('old'), { orgId: 'o-acme', name: 'Acme', expiresAt: now + 30 * day });
      await sel.clear('pat');
      assert.equal(await sel.peek('pat'), null);
      assert.equal(await sel.get('pat'), null);
    });

    it('form sessions and confirmations live apart: an id of one never claims the other', async () => {
      const { s, alice } = await aliceForm();
      const confirmations = createFormSessions<{ n: number }>(kv, 60_000, 'confirm:');
      assert.deepEqual(await confirmations.claim(s.id, alice), { status: 'unknown' });
      const c = await confirmations.create({
        personId: 'alice',
        roomId: 'r',
        orgId: 'o',
        orgName: 'A',
        snapshot: { n: 2 },
      });
      assert.equal((await createFormSessions(kv, 60_000).claim(c.id, alice)).status, 'unknown');
      assert.equal((await confirmations.claim(c.id, alice)).status, 'claimed');
    });

    it('capped logs: newest first, never more than the bound, kept apart per key, found and deleted like keys', async () => {
      for (let i = 1; i <= 7; i++) await kv.appendCapped('log:a', `a${i}`, 4);
      await kv.appendCapped('log:b', 'b1', 4);
      assert.deepEqual(await kv.newestEntries('log:a', 10), ['a7', 'a6', 'a5', 'a4']);
      assert.deepEqual(await kv.newestEntries('log:a', 2), ['a7', 'a6']);
      assert.deepEqual(await kv.newestEntries('log:b', 10), ['b1']);
      assert.deepEqual(await kv.newestEntries('log:none', 10), []);
      if (t) assert.equal(await t.redis.xlen(`${t.prefix}log:a`), 4);
      assert.deepEqual((await kv.keys('log:')).sort(), ['log:a', 'log:b']);
      assert.equal(await kv.delete('log:b'), true);
      assert.deepEqual(await kv.newestEntries('log:b', 10), []);
      await kv.appendCapped('log:short', 'x', 4, 40);
      await new Promise((r) => setTimeout(r, 90));
      assert.deepEqual(await kv.newestEntries('log:short', 10), [], 'a lifetime, when given, ends the log');
    });

    it('change history: per org, bounded, newest first; an entry that does not parse is counted, not shown', async () => {
      const history = createChangeHistory(kv, { maxEntries: 3 });
      const entry = (n: number, orgId = 'acme'): HistoryEntry => ({
        at: new Date(Date.UTC(2026, 0, n)).toISOString(),
        kind: 'rules',
        by: { personId: 'alice', displayName: 'Alice', email: 'alice@acme.test' },
        org: { id: orgId, name: 'Acme' },
        changes: [{ setting: 'Passcode expiry', before: 'off', after: `on, ${n} days` }],
        outcome: 'certain',
        trackingId: `T${n}`,
      });
      for (let n = 1; n <= 5; n++) await history.append(entry(n));
      await history.append(entry(9, 'globex'));
      const { entries, unreadable } = await history.newest('acme', 50);
      assert.equal(unreadable, 0);
      assert.deepEqual(
        entries.map((e) => e.trackingId),
        ['T5', 'T4', 'T3'],
      );
      assert.deepEqual(entries[0], entry(5));
      assert.deepEqual((await history.newest('globex', 50)).entries, [entry(9, 'globex')]);
      await kv.appendCapped('history:acme', 'not json', 3);
      await kv.appendCapped('history:acme', JSON.stringify({ kind: 'rules' }), 3);
      const after = await history.newest('acme', 50);
      assert.equal(after.unreadable, 2);
      assert.deepEqual(
        after.entries.map((e) => e.trackingId),
        ['T5'],
      );
    });
  });
}
