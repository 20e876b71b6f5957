import assert from 'node:assert/strict';
import type { Harness, Reply } from '../helpers/bot-harness.js';
import { partnerHarness, type PartnerWorld } from '../helpers/partner-harness.js';
import { cardOf } from '../helpers/card-inputs.js';
import { actions, elements, type CardElement } from '../helpers/adaptive-card-check.js';
import { rendered, visible } from '../helpers/inert-markdown.js';
import { escapeMarkdown } from '../../src/markdown.js';
import { TELEPHONY_READ, PEOPLE_READ, ORGS_READ } from '../../src/auth/scopes.js';

const RULES = '/v1/telephony/config/voicemail/rules';
const BANNER_GLOBEX = 'Customer org: Globex, chosen with /org use';

/**
 * The shared partner world (Pat manages Acme and Globex; Gina is Globex's admin), plus Ivan of Initech (an
 * org Pat does not manage) in Acme's group space, and a Globex space with Pat and Gina.
 */
interface TargetOrgWorld extends PartnerWorld {
  initech: { id: string; displayName: string };
  globexRoom: string;
}

async function targetOrgHarness(): Promise<Harness & TargetOrgWorld> {
  const extra = {} as Pick<TargetOrgWorld, 'initech' | 'globexRoom'>;
  const h = await partnerHarness({
    more: (w, world) => {
      extra.initech = w.em.createOrg({ displayName: 'Initech' });
      const ivan = w.em.createPerson({
        email: 'ivan@initech.test',
        displayName: 'Ivan Initech',
        orgId: extra.initech.id,
        role: 'none',
      });
      w.em.addMember(w.group.id, ivan.id);
      extra.globexRoom = w.em.createRoom({
        title: 'Globex voice',
        type: 'group',
        memberIds: [world.pat, world.gina, w.bot.id],
      }).id;
    },
  });
  return Object.assign(h, extra);
}

function bannerBlock(reply: Reply): CardElement & { items?: CardElement[] } {
  const first = (cardOf(reply).body as CardElement[])[0] as CardElement & { items?: CardElement[] };
  assert.equal(first.type, 'Container', 'the banner is the first element of the card');
  return first;
}
/** The banner's TextBlocks as the card carries them (markdown). */
const bannerText = (reply: Reply): string[] => (bannerBlock(reply).items ?? []).map((i) => String(i.text));
/** The card's first element, the org banner: its style and its lines. */
function banner(reply: Reply): { style: unknown; lines: string[] } {
  const first = bannerBlock(reply);
  // Lines as a reader sees them (the card's markdown rendered): names are escaped in the card's text.
  return {
    style: first.style,
    lines: (first.items ?? []).map((i) => rendered(String(i.text)).text.trim()),
  };
}
/**
 * The bot's own membership look-ups: the whole room in one page of 1000. The framework's discovery of a new
 * space asks too, with its own queries (the bot alone in a group space, the default page in a 1:1).
 */
const ownLookups = <R extends { path: string; query: Record<string, string> }>(requests: R[]) =>
  requests.filter((r) => r.path === '/v1/memberships' && r.query.roomId && r.query.max === '1000');
const firstLine = (reply: Reply) => (reply.markdown ?? '').split('\n')[0];

describe('the target org is unmistakable (emulator, real framework, real Redis)', function () {
  this.timeout(60_000);
  let h: Harness & TargetOrgWorld;
  beforeEach(async () => {
    h = await targetOrgHarness();
  });
  afterEach(async () => {
    h?.em.state.faults.clear();
    await h?.close();
  });

  const puts = () => h.em.requests.filter((r) => r.method === 'PUT' && r.path === RULES);
  const patSays = (text: string, roomId = h.patDm) =>
    h.ask(roomId, h.pat, text, { mention: roomId !== h.patDm });
  const useGlobex = async () =>
    assert.match(
      (await patSays('/org use globex')).markdown ?? '',
      /now act on \*\*Globex\*\*, a customer org/,
    );

  describe('item 1: every card and summary starts with the org', () => {
    it('Alice, own org: "Org: <name>" first on the rules card, the form and every /voicemail set reply', async () => {
      const show = await h.ask(h.dm.id, h.admin.id, '/voicemail show');
      assert.deepEqual(banner(show), { style: 'default', lines: ['Org: Acme Test Org'] });
      assert.equal(firstLine(show), 'Org: Acme Test Org');
      const form = await h.ask(h.dm.id, h.admin.id, '/voicemail');
      assert.deepEqual(banner(form), { style: 'default', lines: ['Org: Acme Test Org'] });
      assert.equal(firstLine(form), 'Org: Acme Test Org');

      // Her own org: applied at once, no confirmation.
      const set = await h.ask(h.dm.id, h.admin.id, '/voicemail set expire=40');
      assert.match(
        set.markdown ?? '',
        /^Org: Acme Test Org\n\n\*\*Voicemail rules updated\*\*\n\n- \*\*Passcode expiry\*\*/,
      );
      assert.equal(puts().length, 1);
      assert.equal(puts()[0]!.query.orgId, h.org.id);
      const same = await h.ask(h.dm.id, h.admin.id, '/voicemail set expire=40');
      assert.equal(same.markdown, 'Org: Acme Test Org\n\nNothing to change: the rules already say that.');
      const refused = await h.ask(h.dm.id, h.admin.id, '/voicemail set pin-enabled=on');
      assert.match(refused.markdown ?? '', /^Org: Acme Test Org\n\nNot changed:\n- /);
      const typo = await h.ask(h.dm.id, h.admin.id, '/voicemail set expire=sometimes');
      assert.match(typo.markdown ?? '', /^Org: Acme Test Org\n\nNot changed:\n- /);
      assert.equal(puts().length, 1);
    });

    it('Pat on a customer org: a warning-style banner first everywhere, named without asking Webex per card', async () => {
      await useGlobex();
      const before = h.em.requests.length;
      const show = await patSays('/voicemail show');
      assert.deepEqual(banner(show), { style: 'warning', lines: [BANNER_GLOBEX] });
      assert.equal(firstLine(show), `**${BANNER_GLOBEX}**`);
      const form = await patSays('/voicemail');
      assert.deepEqual(banner(form), { style: 'warning', lines: [BANNER_GLOBEX] });
      assert.equal(firstLine(form), `**${BANNER_GLOBEX}**`);
      const same = await patSays('/voicemail set pin-enabled=on');
      assert.match(same.markdown ?? '', new RegExp(`^\\*\\*${BANNER_GLOBEX}\\*\\*\\n\\nNot changed:`));
      const ours = h.em.requests.slice(before);
      // The name came with the org choice: no organization look-up, and in a 1:1 space no membership list.
      assert.deepEqual(
        ours.filter((r) => r.path.startsWith('/v1/organizations') || r.path === '/v1/memberships'),
        [],
      );
      // Each command: its message, its sender, the rules, the reply. Nothing else.
      assert.equal(
        ours.filter((r) => r.path === RULES).length,
        3,
        ours.map((r) => `${r.method} ${r.path}`).join('\n'),
      );
      assert.ok(ours.every((r) => r.path === RULES || /^\/v1\/(messages|people)/.test(r.path)));
    });

    it('a Save on a customer org’s form: the outcome starts with its banner (the form was the confirmation)', async () => {
      await useGlobex();
      const form = await patSays('/voicemail');
      const done = await h.submit(h.patDm, h.pat, form, { expirePasscodeDays: '50' });
      assert.match(
        done.markdown ?? '',
        new RegExp(`^\\*\\*${BANNER_GLOBEX}\\*\\*\\n\\n\\*\\*Voicemail rules updated\\*\\*`),
      );
      assert.equal(puts()[0]!.query.orgId, h.globex.id);
    });

    it('/org and /org show: the choice, the banner and when it expires', async () => {
      const own = await patSays('/org show');
      assert.match(own.markdown ?? '', /act on your own organization, \*\*Partner Services\*\*/);
      await useGlobex();
      const shown = await patSays('/org show');
      assert.equal(firstLine(shown), `**${BANNER_GLOBEX}**`);
      assert.match(
        shown.markdown ?? '',
        /The choice expires in 30 days \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\) unless a voicemail command uses it/,
      );
      assert.equal((await patSays('/org')).markdown, shown.markdown);
    });
  });

  describe('item 2: /voicemail set on a customer org is confirmed first', () => {
    it('shows what will change under the banner; only Confirm applies it, once', async () => {
      await useGlobex();
      const ask = await patSays('/voicemail set expire=60 history=off');
      assert.deepEqual(banner(ask), { style: 'warning', lines: [BANNER_GLOBEX] });
      assert.deepEqual(elements(cardOf(ask)).find((e) => e.type === 'FactSet')?.facts, [
        { title: 'Passcode expiry', value: 'on, 180 days → on, 60 days' },
        { title: 'Block reuse of previous passcodes', value: 'on, 10 passcodes → off' },
      ]);
      assert.deepEqual(
        actions(cardOf(ask)).map((a) => a.title),
        ['Confirm', 'Cancel'],
      );
      assert.match(ask.markdown ?? '', /Confirm this change[\s\S]*Nothing changes until you press Confirm/);
      assert.equal(puts().length, 0, 'nothing is sent before the confirmation');

      const done = await h.submit(h.patDm, h.pat, ask, {}, { actionTitle: 'Confirm' });
      assert.match(
        done.markdown ?? '',
        new RegExp(`^\\*\\*${BANNER_GLOBEX}\\*\\*\\n\\n\\*\\*Voicemail rules updated\\*\\*`),
      );
      assert.equal(puts().length, 1);
      assert.equal(puts()[0]!.query.orgId, h.globex.id);
      assert.deepEqual(puts()[0]!.body, {
        expirePasscode: { enabled: true, numberOfDays: 60 },
        blockPreviousPasscodes: { enabled: false, numberOfPasscodes: 10 },
      });
      // The outcome goes out first, then the card is deleted.
      const gone = () => h.em.state.messages.get(ask.id)?.deleted === true;
      for (let i = 0; i < 100 && !gone(); i++) await new Promise((r) => setTimeout(r, 20));
      assert.ok(gone(), 'the used card is removed');
      await assert.rejects(h.em.submitCard(h.pat, ask.id, {}, { actionTitle: 'Confirm' }));
    });

    it('two presses at once: one change, and the other press is told it changed nothing', async () => {
      await useGlobex();
      const ask = await patSays('/voicemail set expire=60');
      const before = h.botSaid(h.patDm).length;
      await Promise.all([
        h.em.submitCard(h.pat, ask.id, {}, { actionTitle: 'Confirm' }),
        h.em.submitCard(h.pat, ask.id, {}, { actionTitle: 'Confirm' }),
      ]);
      const replies = [await h.nextReply(h.patDm, before), await h.nextReply(h.patDm, before + 1)];
      const texts = replies.map((r) => r.markdown ?? '').join('\n');
      assert.match(texts, /Voicemail rules updated/);
      assert.match(texts, /already confirmed or cancelled, so this press changed nothing/);
      assert.equal(puts().length, 1);
    });

    it('Cancel changes nothing; an expired confirmation changes nothing', async () => {
      await useGlobex();
      const ask = await patSays('/voicemail set expire=60');
      const cancelled = await h.submit(h.patDm, h.pat, ask, {}, { actionTitle: 'Cancel' });
      assert.equal(cancelled.markdown, `**${BANNER_GLOBEX}**\n\nCancelled. Nothing was changed.`);
      const late = await patSays('/voicemail set expire=60');
      for (const k of await h.store.redis.keys(`${h.store.prefix}confirm:*`)) await h.store.redis.del(k);
      const expired = await h.submit(h.patDm, h.pat, late, {}, { actionTitle: 'Confirm' });
      assert.match(expired.markdown ?? '', /That confirmation has expired, so nothing was changed/);
      assert.equal(puts().length, 0);
    });

    it('the card binds the org: /org use another before confirming still changes the org it named', async () => {
      await useGlobex();
      const ask = await patSays('/voicemail set expire=60');
      await patSays('/org use Acme Test Org');
      const done = await h.submit(h.patDm, h.pat, ask, {}, { actionTitle: 'Confirm' });
      assert.equal(firstLine(done), `**${BANNER_GLOBEX}**`);
      assert.equal(puts()[0]!.query.orgId, h.globex.id);
    });

    it('in a group space only Pat can confirm; Gina’s press changes nothing', async () => {
      await useGlobex();
      const ask = await patSays('/voicemail set expire=60', h.globexRoom);
      const refused = await h.submit(h.globexRoom, h.gina, ask, {}, { actionTitle: 'Confirm' });
      assert.match(
        refused.markdown ?? '',
        /Gina Globex, only the admin who asked for that change can confirm/,
      );
      assert.equal(puts().length, 0);
      const done = await h.submit(h.globexRoom, h.pat, ask, {}, { actionTitle: 'Confirm' });
      assert.match(done.markdown ?? '', /Voicemail rules updated/);
      assert.equal(puts().length, 1);
    });

    it('pin= on a customer org is refused with the form as the way; no PIN is kept anywhere', async () => {
      await useGlobex();
      const reply = await patSays('/voicemail set pin=591738 expire=60');
      assert.equal(firstLine(reply), `**${BANNER_GLOBEX}**`);
      assert.match(reply.markdown ?? '', /Not changed: a change to a customer org waits for your Confirm/);
      assert.match(reply.markdown ?? '', /Set the PIN with the `\/voicemail` form/);
      assert.equal(reply.attachments, undefined);
      assert.equal(puts().length, 0);
      const stored = await h.store.dump();
      assert.deepEqual(
        Object.keys(stored).filter((k) => k.includes('confirm:')),
        [],
      );
      assert.ok(!JSON.stringify(stored).includes('591738'));
      assert.ok(!(reply.markdown ?? '').includes('591738'));
    });

    it('a sign-in that cannot change the rules is told so before any confirmation card', async () => {
      await h.grant(h.pat, [TELEPHONY_READ, PEOPLE_READ, ORGS_READ]);
      await useGlobex();
      const reply = await patSays('/voicemail set expire=60');
      assert.equal(reply.attachments, undefined);
      // Refused on what the sign-in can do, before any rules are read: the missing permission is named.
      assert.match(
        reply.markdown ?? '',
        /also needs \*\*change telephony settings\*\* \(`spark-admin:telephony_config_write`\)/,
      );
      assert.deepEqual(await h.store.redis.keys(`${h.store.prefix}confirm:*`), []);
    });
  });

  describe('items 3 and 5: a group space with people of other orgs is warned about', () => {
    const warning =
      'This space includes people from Acme Test Org and 1 more organization; you are acting on customer org Globex.';

    it('the rules card, the form and the confirmation carry the warning; memberships read once per room', async () => {
      await useGlobex();
      const show = await patSays('/voicemail show', h.group.id);
      assert.deepEqual(banner(show), { style: 'attention', lines: [BANNER_GLOBEX, warning] });
      assert.equal(
        (show.markdown ?? '').split('\n\n').slice(0, 2).join('\n\n'),
        `**${BANNER_GLOBEX}**\n\n**Warning:** ${escapeMarkdown(warning)}`,
      );
      const form = await patSays('/voicemail', h.group.id);
      assert.deepEqual(banner(form).lines, [BANNER_GLOBEX, warning]);
      const ask = await patSays('/voicemail set expire=60', h.group.id);
      assert.deepEqual(banner(ask).lines, [BANNER_GLOBEX, warning]);
      assert.equal(puts().length, 0);
      // One look-up for the three, by the bot, for this room (cached briefly in Redis).
      const lookups = ownLookups(h.em.requests);
      assert.equal(lookups.length, 1, JSON.stringify(lookups.map((l) => [l.query, l.personId])));
      assert.equal(lookups[0]!.query.roomId, h.group.id);
      assert.equal(lookups[0]!.personId, h.bot.id);
    });

    it('no warning where everyone else is of the customer org; none for one’s own org', async () => {
      await useGlobex();
      const show = await patSays('/voicemail show', h.globexRoom);
      assert.deepEqual(banner(show), { style: 'warning', lines: [BANNER_GLOBEX] });
      const before = h.em.requests.length;
      const alice = await h.ask(h.group.id, h.admin.id, '/voicemail show', { mention: true });
      assert.deepEqual(banner(alice), { style: 'default', lines: ['Org: Acme Test Org'] });
      assert.equal(ownLookups(h.em.requests.slice(before)).length, 0, 'her own org: no membership look-up');
    });

    it('a space too big for one page of members is not vouched for', async () => {
      await useGlobex();
      const crowd = Array.from({ length: 1000 }, (_, i) =>
        h.em.createPerson({
          email: `g${i}@globex.test`,
          displayName: `Globex ${i}`,
          orgId: h.globex.id,
          role: 'none',
        }),
      );
      for (const p of crowd) h.em.addMember(h.globexRoom, p.id);
      const show = await patSays('/voicemail show', h.globexRoom);
      assert.deepEqual(banner(show).lines, [
        BANNER_GLOBEX,
        'This space has more than 1000 members, too many for me to check their organizations; you are acting on customer org Globex.',
      ]);
    });

    it('when the members cannot be read, it warns that it could not check', async () => {
      await useGlobex();
      // The framework looks at a space's memberships on its first event there: let that happen first.
      await patSays('/org', h.group.id);
      h.em.injectFault({ method: 'GET', path: '/v1/memberships', status: 403 });
      const show = await patSays('/voicemail show', h.group.id);
      assert.deepEqual(banner(show).lines, [
        BANNER_GLOBEX,
        'I could not check which organizations the people in this space belong to; you are acting on customer org Globex.',
      ]);
    });
  });

  describe('hostile org names in the banner', () => {
    const HOSTILE = '\u202E<@all> [Sign in again](https://evil.example/login) **URGENT** evil.example\u202C';

    /** Reads as the name (without its bidi controls), formats nothing, links nothing, mentions no one. */
    function assertInert(markdown: string | undefined, ownStrong: number) {
      const md = markdown ?? '';
      assert.ok(!/[\u202A-\u202E\u2066-\u2069]/.test(md), 'no bidi control survives');
      assert.ok(!md.includes('<@all>'), md);
      const out = rendered(md);
      assert.equal(out.mentions, 0, md);
      assert.equal(out.linkable, false, md);
      for (const bad of ['a', 'em', 'img', 'h1']) assert.ok(!out.elements.includes(bad), `<${bad}> in ${md}`);
      assert.equal(out.elements.filter((e) => e === 'strong').length, ownStrong, md);
      assert.ok(
        visible(out.text).includes(visible(HOSTILE.replace(/[\u202A-\u202E]/g, ''))),
        `reads as the name: ${out.text}`,
      );
    }

    it('markdown and link injection and bidi overrides stay inert on cards and in summaries', async () => {
      h.em.state.orgs.get(h.globex.id)!.displayName = HOSTILE;
      await patSays(`/org use ${h.globex.id}`);
      const show = await patSays('/voicemail show', h.group.id);
      const [head, warn] = bannerText(show);
      assertInert(head, 0);
      assert.match(visible(head ?? ''), /^Customerorg:/);
      assert.match(visible(head ?? ''), /chosenwith\/orguse$/);
      assertInert(warn, 0);
      assertInert(firstLine(show), 1);
      const ask = await patSays('/voicemail set expire=60');
      assertInert(bannerText(ask)[0], 0);
      assertInert(firstLine(ask), 1);
      const done = await h.submit(h.patDm, h.pat, ask, {}, { actionTitle: 'Confirm' });
      assertInert(firstLine(done), 1);
      assertInert(firstLine(await patSays('/org')), 1);
    });

    it('a 4,000-character org name and a 2,000-character display name: every reply still says what happened, within the limit', async () => {
      const long = 'Ω'.repeat(3000) + ' **' + 'ü'.repeat(1000);
      h.em.state.orgs.get(h.globex.id)!.displayName = long;
      const pat = h.em.state.people.get(h.pat)!;
      const patName = pat.displayName;
      pat.displayName = 'P'.repeat(2000);
      try {
        const replies = [await patSays(`/org use ${h.globex.id}`)];
        replies.push(await patSays('/voicemail show'), await patSays('/whoami'), await patSays('/org'));
        const ask = await patSays('/voicemail set expire=50 history=3 change=2');
        replies.push(ask);
        const done = await h.submit(h.patDm, h.pat, ask, {}, { actionTitle: 'Confirm' });
        replies.push(done);
        assert.match(done.markdown ?? '', /Voicemail rules updated/);
        assert.match(done.markdown ?? '', /Passcode expiry/);
        assert.match(replies[0]!.markdown ?? '', /Voicemail commands now act on/);
        for (const r of replies) {
          const md = r.markdown ?? '';
          assert.ok(Buffer.byteLength(md) < 4000, `a short reply, not one cut at the limit: ${md.length}`);
          assert.ok(JSON.stringify(r.attachments ?? '').length < 12_000, 'a card of normal size');
          assert.ok(md.includes('…'), 'the long name is shortened, visibly');
          assert.ok(!md.includes('Ω'.repeat(100)), 'no more than 100 characters of it');
        }
        // One's own org with a long name: /whoami still says what the person can do, and /org names it short.
        const own = h.em.state.orgs.get(h.org.id)!;
        const ownName = own.displayName;
        own.displayName = 'Ω'.repeat(4000);
        try {
          await h.grant(h.admin.id);
          const who = await h.ask(h.dm.id, h.admin.id, '/whoami');
          assert.ok(Buffer.byteLength(who.markdown ?? '') < 4000, who.markdown);
          assert.match(who.markdown ?? '', /Organization: Ω+…/);
          assert.match(who.markdown ?? '', /expires/);
        } finally {
          own.displayName = ownName;
        }
      } finally {
        pat.displayName = patName;
      }
    });
  });
});
