import assert from 'node:assert/strict';
import { followSignIn, signInLink, startHarness, type Harness, type Reply } from '../helpers/bot-harness.js';
import { lateAnswers } from '../helpers/late-answers.js';
import { rendered } from '../helpers/inert-markdown.js';
import { NOT_ADMIN } from '../../src/bot/access-replies.js';
import { PEOPLE_READ } from '../../src/auth/scopes.js';
import { partnerHarness } from '../helpers/partner-harness.js';
import { plain } from '../helpers/read-replies.js';

const RULES = '/v1/telephony/config/voicemail/rules';
const LIMIT = 7439;
const HOSTILE_NAME = '<@all> [Sign in again here](https://evil.example/login) **URGENT**';

/** A stored entry as the test reads it straight from Redis. */
interface Stored {
  at: string;
  kind: string;
  by: { personId: string; displayName: string; email: string };
  org: { id: string; name: string };
  changes: { setting: string; before?: string; after: string }[];
  pin?: string;
  values?: { before: unknown; after: unknown };
  outcome: string;
  readBack?: string;
  trackingId?: string;
}

/**
 * Every change the bot applies lands in one Redis stream per org, shared by every instance, and
 * `/voicemail history` reads it back newest first under the org banner.
 */
describe('change history (emulator, real framework, real Redis)', function () {
  this.timeout(60_000);
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const key = () => `${h.store.prefix}history:${h.org.id}`;
  const stored = async (): Promise<Stored[]> =>
    (await h.store.redis.xrange(key(), '-', '+')).map(([, f]) => JSON.parse(f[1] ?? '') as Stored);
  const puts = () => h.em.requests.filter((r) => r.method === 'PUT' && r.path === RULES);
  const aliceSays = async (text: string) => (await h.ask(h.dm.id, h.admin.id, text)).markdown ?? '';

  /** Every message the bot sends for one command (history may take several), once `count` have come. */
  async function replies(roomId: string, who: string, text: string, count: number): Promise<Reply[]> {
    const before = h.botSaid(roomId).length;
    await h.em.say(who, roomId, text);
    await h.nextReply(roomId, before + count - 1, 10_000);
    await new Promise((r) => setTimeout(r, 200));
    return h.botSaid(roomId).slice(before) as Reply[];
  }

  it('changes through two instances sharing Redis: both in one stream, newest first, a read-only admin reads it', async () => {
    h = await startHarness();
    await h.grant(h.admin.id);
    await h.grant(h.readOnly.id);
    assert.match(await aliceSays('/voicemail set expire=60'), /Voicemail rules updated/);
    await h.stop();
    // Only the second instance receives events from here on: the first entry is in Redis, not in memory.
    const second = await startHarness({ alongside: h });
    try {
      const saved = await second.ask(second.dm.id, second.admin.id, '/voicemail set history=5');
      assert.match(saved.markdown ?? '', /Voicemail rules updated/);
      const robDm = second.em.createRoom({
        type: 'direct',
        memberIds: [second.readOnly.id, second.bot.id],
      }).id;
      const shown = (await second.ask(robDm, second.readOnly.id, '/voicemail history')).markdown ?? '';
      const text = plain(shown);
      assert.equal(shown.split('\n')[0], 'Org: Acme Test Org', 'the org banner comes first');
      assert.match(text, /the last 2 changes made through me, newest first/);
      const newer = text.indexOf('Block reuse of previous passcodes');
      const older = text.indexOf('Passcode expiry');
      assert.ok(newer > 0 && older > newer, `newest first: ${text}`);
      assert.match(text, /rules changed by Alice Admin \(alice@acme.test\)/);
      assert.match(text, /Passcode expiry\*\*: on, 180 days → on, 60 days/);

      const entries = await stored();
      assert.equal(entries.length, 2);
      for (const e of entries) {
        assert.equal(e.kind, 'rules');
        assert.deepEqual(e.by, {
          personId: h.admin.id,
          displayName: 'Alice Admin',
          email: 'alice@acme.test',
        });
        assert.deepEqual(e.org, { id: h.org.id, name: 'Acme Test Org' });
        assert.equal(e.outcome, 'certain');
        assert.match(e.trackingId ?? '', /\S/);
        assert.ok(Math.abs(Date.parse(e.at) - Date.now()) < 60_000, e.at);
      }
      assert.deepEqual(entries[0]?.changes, [
        { setting: 'Passcode expiry', before: 'on, 180 days', after: 'on, 60 days' },
      ]);
      // The values themselves, for exactly the touched setting: what an undo puts back.
      assert.deepEqual(entries[0]?.values, {
        before: { expirePasscode: { enabled: true, numberOfDays: 180 } },
        after: { expirePasscode: { enabled: true, numberOfDays: 60 } },
      });
      // Each entry names the PUT Webex answered, as its trackingId.
      const tracked = puts().map((p) => p.trackingId);
      assert.deepEqual(
        entries.map((e) => e.trackingId),
        tracked,
      );
    } finally {
      await second.close();
    }
  });

  it('a partner’s Confirm on a customer org goes to that org’s history, read under its banner by the partner and its own admin', async () => {
    const p = await partnerHarness();
    h = p;
    await h.ask(p.patDm, p.pat, '/org use Globex');
    const card = await h.ask(p.patDm, p.pat, '/voicemail set expire=33');
    const done = await h.submit(p.patDm, p.pat, card, {}, { actionTitle: 'Confirm' });
    assert.match(done.markdown ?? '', /Voicemail rules updated/);
    const pats = (await h.ask(p.patDm, p.pat, '/voicemail history')).markdown ?? '';
    assert.equal(pats.split('\n')[0], '**Customer org: Globex, chosen with /org use**');
    assert.match(
      plain(pats),
      /rules changed by Pat Partner \(pat@partner.test\)\n- \*\*Passcode expiry\*\*: on, 180 days → on, 33 days/,
    );
    const ginas = (await h.ask(p.ginaDm, p.gina, '/voicemail history')).markdown ?? '';
    assert.equal(ginas.split('\n')[0], 'Org: Globex');
    assert.match(plain(ginas), /rules changed by Pat Partner/);
    // Acme's own history holds nothing of it.
    const alices = plain(await aliceSays('/voicemail history'));
    assert.match(alices, /^Org: Acme Test Org\n\nNo changes to these rules were made through me yet\./);
    const [entry] = (await h.store.redis.xrange(`${h.store.prefix}history:${p.globex.id}`, '-', '+')).map(
      ([, f]) => JSON.parse(f[1] ?? '') as Stored,
    );
    assert.deepEqual(entry?.org, { id: p.globex.id, name: 'Globex' });
  });

  it('keeps at most HISTORY_MAX_ENTRIES per org, the oldest dropped', async () => {
    h = await startHarness({ env: { HISTORY_MAX_ENTRIES: '3' } });
    await h.grant(h.admin.id);
    for (const days of [20, 21, 22, 23, 24]) {
      assert.match(await aliceSays(`/voicemail set expire=${days}`), /Voicemail rules updated/);
    }
    assert.equal(await h.store.redis.xlen(key()), 3);
    assert.deepEqual(
      (await stored()).map((e) => e.changes[0]?.after),
      ['on, 22 days', 'on, 23 days', 'on, 24 days'],
    );
    const text = plain(await aliceSays('/voicemail history 50'));
    assert.match(text, /the last 3 changes/);
    const order = ['24', '23', '22'].map((d) => text.indexOf(`→ on, ${d} days`));
    assert.ok(
      order.every((i, n) => i > 0 && (n === 0 || i > (order[n - 1] ?? 0))),
      text,
    );
    assert.ok(!text.includes('→ on, 21 days'));
    // `n` counts: the newest two only.
    const two = plain(await aliceSays('/voicemail history 2'));
    assert.match(two, /the last 2 changes/);
    assert.ok(two.includes('on, 24 days') && two.includes('on, 23 days') && !two.includes('→ on, 22 days'));
  });

  it('a bad or out-of-range n is answered with the usage and asks Webex nothing; history=5 points to set', async () => {
    h = await startHarness();
    await h.grant(h.admin.id);
    const calls = () => h.em.requests.filter((r) => r.path === RULES).length;
    for (const typed of ['/voicemail history x', '/voicemail history 5 6']) {
      const reply = plain(await aliceSays(typed));
      assert.match(reply, /`\/voicemail history` does not take that after it/, typed);
      assert.match(reply, /\/voicemail history 20` \(at most 50\)/, typed);
    }
    for (const typed of ['/voicemail history 0', '/voicemail history 51', '/voicemail history 999999']) {
      const reply = plain(await aliceSays(typed));
      assert.match(reply, /shows 1 to 50 changes at a time/, typed);
      assert.match(reply, /\/voicemail history 20` \(at most 50\)/, typed);
    }
    assert.match(plain(await aliceSays('/voicemail history=5')), /Did you mean `\/voicemail set/);
    assert.match(plain(await aliceSays('/voicemail history last 5')), /Did you mean `\/voicemail set/);
    assert.equal(calls(), 0);
    assert.match(
      plain(await aliceSays('/voicemail history ５')),
      /No changes to these rules were made through me yet/,
    );
    const help = plain(await aliceSays('/help'));
    assert.match(help, /\/voicemail history 20` \(at most 50\)/);
  });

  it('a PIN is recorded as set, then replaced, and never appears in Redis, a reply or a log line', async () => {
    h = await startHarness();
    await h.grant(h.admin.id);
    const pins = ['591738', '684219'];
    assert.match(await aliceSays(`/voicemail set pin=${pins[0]}`), /Voicemail rules updated/);
    assert.match(await aliceSays(`/voicemail set pin=${pins[1]}`), /Voicemail rules updated/);
    assert.equal(h.em.storedPin(h.org.id), pins[1]);
    const entries = await stored();
    assert.deepEqual(
      entries.map((e) => e.pin),
      ['set', 'replaced'],
    );
    const shown = await aliceSays('/voicemail history');
    assert.match(
      plain(shown),
      /Default PIN\*\*: replaced \(not shown\)[\s\S]*Default PIN\*\*: set \(not shown\)/,
    );
    const everything = [
      JSON.stringify(await h.store.dump()),
      ...h.botSaid(h.dm.id).map((m) => `${m.markdown} ${m.text}`),
      h.logs.text(),
    ].join('\n');
    // Six digits are too short for the log's secret scrubber: a PIN in a line would show as it is.
    for (const p of pins) assert.ok(!everything.includes(p), `PIN ${p} leaked`);
  });

  it('hostile display names are inert; 50 entries with very long names fit in messages under the limit', async () => {
    h = await startHarness();
    h.em.state.people.get(h.admin.id)!.displayName = HOSTILE_NAME;
    await h.grant(h.admin.id);
    assert.match(await aliceSays('/voicemail set expire=30'), /Voicemail rules updated/);
    const [first] = await replies(h.dm.id, h.admin.id, '/voicemail history', 1);
    const entryHead = (first?.markdown ?? '').split('\n').find((l) => l.includes('rules changed by')) ?? '';
    const out = rendered(entryHead);
    assert.equal(out.mentions, 0, entryHead);
    assert.equal(out.linkable, false, entryHead);
    assert.ok(!out.elements.includes('a') && !out.elements.includes('em'), entryHead);
    assert.deepEqual(
      out.elements.filter((e) => e === 'strong'),
      ['strong'],
      'only the bot’s own bold time',
    );

    h.em.state.people.get(h.admin.id)!.displayName = `Ä${'x'.repeat(4000)}`;
    for (let i = 0; i < 49; i++)
      assert.match(await aliceSays(`/voicemail set expire=${31 + i}`), /Voicemail rules updated/);
    const parts = await replies(h.dm.id, h.admin.id, '/voicemail history 50', 2);
    assert.ok(parts.length >= 2, 'more than one message');
    const texts = parts.map((p) => p.markdown ?? '');
    for (const [i, t] of texts.entries()) {
      assert.ok(
        Buffer.byteLength(t, 'utf8') <= LIMIT,
        `part ${i + 1}: ${Buffer.byteLength(t, 'utf8')} bytes`,
      );
      assert.equal(t.split('\n')[0], 'Org: Acme Test Org');
      assert.match(plain(t), new RegExp(`\\(part ${i + 1} of ${texts.length}\\)`));
    }
    const all = plain(texts.join('\n'));
    assert.equal((all.match(/rules changed by/g) ?? []).length, 50);
    for (let d = 30; d < 80; d++) assert.ok(all.includes(`→ on, ${d} days`), `entry for ${d} days`);
    assert.ok(all.indexOf('→ on, 79 days') < all.indexOf('→ on, 31 days'), 'newest first');
  });

  it('non-admins and the signed-out get the usual replies; nothing is read', async () => {
    h = await startHarness();
    // A sign-in as a non-admin's can be: no telephony scope at all.
    await h.grant(h.user.id, [PEOPLE_READ]);
    const umaDm = h.em.createRoom({ type: 'direct', memberIds: [h.user.id, h.bot.id] }).id;
    assert.equal((await h.ask(umaDm, h.user.id, '/voicemail history')).markdown, NOT_ADMIN);
    const signedOut = await aliceSays('/voicemail history');
    assert.match(signedOut, /sign in|access/i);
    assert.equal(h.em.requests.filter((r) => r.path === RULES).length, 0);
  });

  it('asked while signed out, it is shown once the sign-in is done, with the count that was asked for', async () => {
    h = await startHarness({ oauth: true });
    await h.grant(h.admin.id);
    for (const d of [41, 42, 43]) assert.match(await aliceSays(`/voicemail set expire=${d}`), /updated/);
    await h.store.redis.del(`${h.store.prefix}token:${h.admin.id}`);
    const ask = await h.ask(h.dm.id, h.admin.id, '/voicemail history 2');
    assert.match(ask.markdown ?? '', /carry on with `\/voicemail history`/);
    const before = h.botSaid(h.dm.id).length;
    await followSignIn(h.em, signInLink(ask.markdown), h.admin.id);
    await h.nextReply(h.dm.id, before + 1, 10_000);
    const shown = plain(h.botSaid(h.dm.id)[before + 1]?.markdown);
    assert.match(shown, /the last 2 changes made through me/);
    assert.ok(shown.includes('→ on, 43 days') && !shown.includes('→ on, 41 days'), shown);
  });

  it('a history the store cannot append to never turns a landed change into a failure', async () => {
    h = await startHarness();
    await h.grant(h.admin.id);
    // A plain value where the stream belongs: every XADD to it fails (WRONGTYPE).
    await h.store.redis.set(key(), 'not a stream');
    const reply = await aliceSays('/voicemail set expire=44');
    assert.match(reply, /Voicemail rules updated/);
    assert.doesNotMatch(reply, /storage|Nothing was changed/i);
    assert.equal(
      (h.em.voicemailRules(h.org.id) as { expirePasscode: { numberOfDays: number } }).expirePasscode
        .numberOfDays,
      44,
    );
    assert.ok(h.logs.lines.some((l) => l.includes('change not recorded in the org’s history')));
  });

  describe('a PUT whose answer never came', () => {
    const late = lateAnswers();
    afterEach(() => late.set(undefined));

    it('is recorded as uncertain when the read-back cannot show all of it (a PIN never reads back)', async () => {
      const real = globalThis.fetch;
      globalThis.fetch = late.fetch;
      try {
        h = await startHarness({ start: { webexTimeoutMs: 500 } });
      } finally {
        globalThis.fetch = real;
      }
      await h.grant(h.admin.id);
      late.set({ method: 'PUT', pathPart: RULES });
      const reply = await h.ask(h.dm.id, h.admin.id, '/voicemail set pin=591738 expire=50', {
        timeoutMs: 15_000,
      });
      assert.match(reply.markdown ?? '', /did not answer the change in time/);
      late.set(undefined);
      const [entry] = await stored();
      assert.equal(entry?.outcome, 'uncertain');
      assert.equal(entry?.readBack, 'all');
      assert.equal(entry?.pin, 'set');
      const shown = plain(await aliceSays('/voicemail history'));
      assert.match(shown, /Not certain it landed: Webex did not answer the change/);
    });
  });
});
