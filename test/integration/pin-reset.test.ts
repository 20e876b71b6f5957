import assert from 'node:assert/strict';
import {
  ADMIN_SCOPES,
  followSignIn,
  signInLink,
  startHarness,
  type Harness,
  type Reply,
  type World,
} from '../helpers/bot-harness.js';
import { partnerHarness, type PartnerWorld } from '../helpers/partner-harness.js';
import { cardOf } from '../helpers/card-inputs.js';
import { actions, elements } from '../helpers/adaptive-card-check.js';
import { rendered } from '../helpers/inert-markdown.js';
import { PEOPLE_WRITE } from '../../src/auth/scopes.js';
import { READ_ONLY_REFUSAL } from '../../src/bot/access-replies.js';
import { checkPin } from '../../src/voicemail/pin-policy.js';
import type { PinRules as EmPinRules } from '../../src/emulator/types.js';
import { plain } from '../helpers/read-replies.js';

/** What a full administrator's sign-in grants now that the integration asks for people_write too. */
const RESET_SCOPES = [...ADMIN_SCOPES, PEOPLE_WRITE];
const DEFAULT_PIN = '739154';
const HOSTILE = [
  'Mallory <@all> [Sign in again here](https://evil.example/login) **URGENT**',
  'Mallory ![x](https://evil.example/x.png) <script>alert(1)</script> _hi_',
];

const text = (r: { markdown?: string; text: string }) => r.markdown ?? r.text;

interface People {
  jose: string;
  annas: string[];
  annaBot: string;
  mallory: string[];
  greta: string;
}

/** Acme's people to reset (José, ten Annas and a bot called Anna, two hostile names) and Globex's Greta. */
function seedPeople(w: World, globexId: string | undefined, people: People): void {
  const acme = w.org.id;
  const person = (email: string, displayName: string, orgId = acme) =>
    w.em.createPerson({ email, displayName, orgId }).id;
  people.jose = person('jose@acme.test', 'José Núñez');
  people.annas = [
    person('anna.apple@acme.test', 'Anna Apple'),
    person('anna.berg@acme.test', 'Anna Berg'),
    ...Array.from({ length: 8 }, (_, i) => person(`anna${i}@acme.test`, `Anna Extra ${i}`)),
  ];
  people.annaBot = w.em.createPerson({
    email: 'anna-bot@webex.bot',
    displayName: 'Anna Bot',
    orgId: acme,
    type: 'bot',
  }).id;
  people.mallory = HOSTILE.map((name, i) => person(`mallory${i}@acme.test`, name));
  if (globexId) people.greta = person('greta@globex.test', 'Greta Globex', globexId);
  w.em.setVoicemailRules(acme, { defaultVoicemailPinEnabled: true, defaultVoicemailPin: DEFAULT_PIN });
  if (globexId)
    w.em.setVoicemailRules(globexId, { defaultVoicemailPinEnabled: true, defaultVoicemailPin: '826315' });
}

/**
 * `/voicemail reset` end to end (bot + emulator + real Redis): the person is found in the org acted on,
 * named on the one confirm card, and only Confirm resets their PIN (or sets one made up, shown in the 1:1
 * space alone); every reset is in the org's history.
 */
describe('/voicemail reset: a person’s voicemail PIN (emulator, real framework, real Redis)', function () {
  this.timeout(60_000);
  let h: Harness & Partial<PartnerWorld>;
  const people = {} as People;
  afterEach(async () => {
    await h?.close();
  });

  const resetPath = (personId: string) => `/v1/people/${personId}/features/voicemail/actions/resetPin/invoke`;
  const resets = () =>
    h.em.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/resetPin/invoke'));
  const passcodePuts = () =>
    h.em.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/voicemail/passcode'));
  const searches = () => h.em.requests.filter((r) => r.method === 'GET' && r.path === '/v1/people');
  const aliceSays = (t: string) => h.ask(h.dm.id, h.admin.id, t);
  const facts = (r: Reply) =>
    (elements(cardOf(r)).find((e) => e.type === 'FactSet')?.facts ?? []) as {
      title: string;
      value: string;
    }[];
  const stored = async (orgId: string) =>
    (await h.store.redis.xrange(`${h.store.prefix}history:${orgId}`, '-', '+')).map(
      ([, f]) => JSON.parse(f[1] ?? '') as Record<string, unknown>,
    );
  /** Every message for one request, once `count` have come (and a moment for any further one). */
  async function replies(roomId: string, after: number, count: number): Promise<Reply[]> {
    await h.nextReply(roomId, after + count - 1, 10_000);
    await new Promise((r) => setTimeout(r, 200));
    return h.botSaid(roomId).slice(after) as Reply[];
  }

  async function acme() {
    h = await startHarness({ seed: (w) => seedPeople(w, undefined, people) });
    await h.grant(h.admin.id, RESET_SCOPES);
  }

  it('by email: a card naming the person; Confirm resets once, says what it means, and is in the history', async () => {
    await acme();
    const card = await aliceSays('/voicemail reset jose@acme.test');
    assert.deepEqual(
      facts(card).map((f) => ({ title: f.title, value: plain(f.value) })),
      [
        { title: 'Person', value: 'José Núñez (jose@acme.test)' },
        {
          title: 'Voicemail PIN',
          value: 'back to the org’s default PIN; they must change it the next time they use voicemail',
        },
      ],
    );
    assert.deepEqual(
      actions(cardOf(card)).map((a) => a.title),
      ['Reset PIN', 'Cancel'],
    );
    assert.match(JSON.stringify(cardOf(card)), /Org: Acme Test Org/);
    assert.deepEqual(searches().at(-1)?.query, { email: 'jose@acme.test', max: '100' }, 'own org: no orgId');
    assert.equal(resets().length, 0, 'nothing before Confirm');

    const done = await h.submit(h.dm.id, h.admin.id, card, {}, { actionTitle: 'Reset PIN' });
    assert.equal(
      plain(text(done)),
      'Org: Acme Test Org\n\nJosé Núñez’s voicemail PIN is back to the org’s default PIN; they must change it the next time they use voicemail.',
    );
    assert.equal(resets().length, 1);
    const [post] = resets();
    assert.equal(post?.path, resetPath(people.jose));
    assert.deepEqual(post?.body, {});
    assert.deepEqual(post?.query, {});
    assert.equal(post?.status, 204);
    const state = h.em.voicemailOf(people.jose);
    assert.ok(state.pinResetAt, 'the emulator records the reset');
    assert.equal(state.mustChangeAtNextUse, true);
    assert.match(state.summary, /^PIN reset to the org default at .*, must change at next use$/);
    assert.equal(state.changedBy, h.admin.id);

    // A used card is deleted (a press on it cannot happen); two presses racing are the next test's.
    assert.equal(h.em.state.messages.get(card.id)?.deleted, true);

    const history = plain(text(await aliceSays('/voicemail history')));
    assert.match(
      history,
      /PIN reset by Alice Admin \(alice@acme.test\) for José Núñez \(jose@acme.test\)\n- \*\*Voicemail PIN\*\*: back to the org’s default PIN, to be changed at next use/,
    );
    const [entry] = await stored(h.org.id);
    assert.equal(entry?.kind, 'reset');
    assert.equal(entry?.pin, 'reset');
    assert.equal(entry?.outcome, 'certain');
    assert.deepEqual(entry?.person, { id: people.jose, displayName: 'José Núñez', email: 'jose@acme.test' });
    assert.equal(entry?.trackingId, post?.trackingId);
    assert.ok(
      !JSON.stringify(await h.store.dump()).includes(DEFAULT_PIN),
      'the default PIN is nowhere in Redis',
    );
  });

  it('a name that fits several people: a pick list (people only, at most 8, how many more), then the picked email works', async () => {
    await acme();
    const list = await aliceSays('/voicemail reset Anna');
    assert.equal(list.attachments?.length ?? 0, 0, 'no card for several people');
    const shown = plain(text(list));
    assert.match(
      shown,
      /^Org: Acme Test Org\n\nSeveral people in Acme Test Org have a name that starts with “Anna”\. Which one\?/,
    );
    assert.match(shown, /- Anna Apple \(anna.apple@acme.test\): say \/voicemail reset anna.apple@acme.test/);
    assert.match(shown, /- Anna Berg \(anna.berg@acme.test\): say \/voicemail reset anna.berg@acme.test/);
    assert.equal((shown.match(/^- /gm) ?? []).length, 8);
    assert.match(
      shown,
      /…and 2 more: type more of the name, or the email\./,
      'ten people; the bot is not counted',
    );
    assert.ok(!shown.includes('Anna Bot'));
    assert.deepEqual(searches().at(-1)?.query, { displayName: 'Anna', max: '100' });

    const picked = await aliceSays('/voicemail reset anna.berg@acme.test pin=random');
    assert.equal(plain(facts(picked)[0]?.value), 'Anna Berg (anna.berg@acme.test)');
    assert.deepEqual(
      actions(cardOf(picked)).map((a) => a.title),
      ['Set new PIN', 'Cancel'],
    );
    // The bot by its exact name is not a person to reset.
    assert.match(
      plain(text(await aliceSays('/voicemail reset Anna Bot'))),
      /No one in Acme Test Org has a name that starts with “Anna Bot”/,
    );
    assert.equal(resets().length + passcodePuts().length, 0);
  });

  it('an unknown person: says what was searched and in which org; nothing is reset', async () => {
    await acme();
    assert.equal(
      plain(text(await aliceSays('/voicemail reset nobody@acme.test'))),
      'Org: Acme Test Org\n\nNo one in Acme Test Org has the email “nobody@acme.test”, so nothing was changed.',
    );
    const byName = plain(text(await aliceSays('/voicemail reset Zoë Q')));
    assert.match(
      byName,
      /No one in Acme Test Org has a name that starts with “Zoë Q”, so nothing was changed\. Webex matches the start/,
    );
    // Digits that could be a PIN are never repeated, even when they were typed as a name.
    const digits = plain(text(await aliceSays('/voicemail reset 5917385')));
    assert.ok(!digits.includes('5917385'), digits);
    assert.equal(resets().length, 0);
  });

  it('a partner’s customer org: searched and reset with orgId, the card names the customer org', async () => {
    const p = await partnerHarness({ more: (w, world) => seedPeople(w, world.globex.id, people) });
    h = p;
    await h.grant(p.pat, RESET_SCOPES);
    await h.ask(p.patDm, p.pat, '/org use Globex');
    // Acme's José is not in Globex, whatever Pat may see elsewhere.
    assert.match(
      plain(text(await h.ask(p.patDm, p.pat, '/voicemail reset jose@acme.test'))),
      /^\*\*Customer org: Globex, chosen with \/org use\*\*\n\nNo one in Globex has the email “jose@acme.test”/,
    );
    const card = await h.ask(p.patDm, p.pat, '/voicemail reset greta@globex.test');
    assert.equal(searches().at(-1)?.query.orgId, p.globex.id);
    assert.match(JSON.stringify(cardOf(card)), /Customer org: Globex, chosen with \/org use/);
    assert.equal(plain(facts(card)[0]?.value), 'Greta Globex (greta@globex.test)');
    const done = await h.submit(p.patDm, p.pat, card, {}, { actionTitle: 'Reset PIN' });
    assert.match(
      plain(text(done)),
      /^\*\*Customer org: Globex, chosen with \/org use\*\*\n\nGreta Globex’s voicemail PIN is back/,
    );
    assert.deepEqual(
      resets().map((r) => [r.path, r.query.orgId]),
      [[resetPath(people.greta), p.globex.id]],
    );
    assert.equal(h.em.voicemailOf(people.greta).mustChangeAtNextUse, true);
    const [entry] = await stored(p.globex.id);
    assert.deepEqual(entry?.org, { id: p.globex.id, name: 'Globex' });
    assert.equal((await stored(h.org.id)).length, 0, 'nothing in Acme’s history');
  });

  it('an org without a default PIN: no Confirm is offered, the reply says why and offers pin=random; an unreported flag is a note', async () => {
    await acme();
    h.em.setVoicemailRules(h.org.id, { defaultVoicemailPinEnabled: false });
    const reply = await aliceSays('/voicemail reset jose@acme.test');
    assert.equal(reply.attachments?.length ?? 0, 0, 'no card');
    const said = plain(text(reply));
    assert.match(
      said,
      /Not changed: Acme Test Org has no default voicemail PIN enabled, so there is no PIN to reset José Núñez’s to\. Webex refuses such a reset, and they would have no PIN to go back to\./,
    );
    assert.match(said, /say \/voicemail reset jose@acme.test pin=random: I show it only to you/);
    assert.equal(resets().length, 0);

    h.em.setVoicemailRules(h.org.id, { defaultVoicemailPinEnabled: true, defaultVoicemailPin: DEFAULT_PIN });
    h.em.omitRulesFields([
      'defaultVoicemailPinEnabled',
      'defaultVoicemailPinRules.defaultVoicemailPinEnabled',
    ]);
    const card = await aliceSays('/voicemail reset jose@acme.test');
    assert.match(
      JSON.stringify(cardOf(card)),
      /Webex did not report whether this org has a default PIN enabled/,
    );
  });

  it('a sign-in without people_write: the reply names it, /login asks for it, then the reset works', async () => {
    h = await startHarness({ oauth: true, seed: (w) => seedPeople(w, undefined, people) });
    await h.grant(h.admin.id, ADMIN_SCOPES);
    const refused = await aliceSays('/voicemail reset jose@acme.test');
    assert.match(text(refused), /one more permission/);
    assert.match(text(refused), /\(`spark-admin:people_write`\)/);
    signInLink(refused.markdown);
    assert.equal(searches().length + resets().length, 0, 'nothing asked of Webex');

    const login = await aliceSays('/login');
    const before = h.botSaid(h.dm.id).length;
    const hops = await followSignIn(h.em, signInLink(login.markdown), h.admin.id);
    const scopes = (new URL(hops[0]!.location!).searchParams.get('scope') ?? '').split(' ');
    assert.ok(scopes.includes(PEOPLE_WRITE), scopes.join(' '));
    await h.nextReply(h.dm.id, before);
    assert.ok((await h.running.tokens.get(h.admin.id))?.scopes.includes(PEOPLE_WRITE));

    const card = await aliceSays('/voicemail reset jose@acme.test');
    const done = await h.submit(h.dm.id, h.admin.id, card, {}, { actionTitle: 'Reset PIN' });
    assert.match(text(done), /voicemail PIN is back to the org’s default PIN/);
    assert.equal(resets().length, 1);
  });

  it('a read-only administrator is refused before Webex is asked', async () => {
    await acme();
    await h.grant(h.readOnly.id, RESET_SCOPES);
    const robDm = h.em.createRoom({ type: 'direct', memberIds: [h.readOnly.id, h.bot.id] }).id;
    const reply = await h.ask(robDm, h.readOnly.id, '/voicemail reset jose@acme.test');
    assert.equal(text(reply), READ_ONLY_REFUSAL);
    assert.equal(searches().length + resets().length, 0);
  });

  it('in a group space: someone else’s press changes nothing; two racing presses reset exactly once', async () => {
    await acme();
    const card = await h.ask(h.group.id, h.admin.id, 'Voicemail Bot /voicemail reset jose@acme.test', {
      mention: true,
    });
    const other = await h.submit(h.group.id, h.user.id, card, {}, { actionTitle: 'Reset PIN' });
    assert.match(text(other), /only the admin who asked for that change can confirm or cancel it/);
    assert.equal(resets().length, 0);

    const before = h.botSaid(h.group.id).length;
    await Promise.all([
      h.em.submitCard(h.admin.id, card.id, {}, { actionTitle: 'Reset PIN' }),
      h.em.submitCard(h.admin.id, card.id, {}, { actionTitle: 'Reset PIN' }),
    ]);
    const said = (await replies(h.group.id, before, 2)).map((r) => text(r));
    assert.equal(
      said.filter((t) => /voicemail PIN is back to the org’s default PIN/.test(t)).length,
      1,
      said.join('\n'),
    );
    assert.equal(said.filter((t) => /already confirmed or cancelled/.test(t)).length, 1, said.join('\n'));
    assert.equal(resets().length, 1);
    assert.equal((await stored(h.org.id)).length, 1);
  });

  it('pin=random in a group space: the PIN passes the rules, is set, and is written only in the 1:1 space', async () => {
    await acme();
    const typed = await h.ask(
      h.group.id,
      h.admin.id,
      'Voicemail Bot /voicemail reset jose@acme.test pin=654987',
      {
        mention: true,
      },
    );
    assert.match(text(typed), /a PIN typed in a group space is visible to everyone in it/);
    assert.ok(!text(typed).includes('654987'));

    const card = await h.ask(
      h.group.id,
      h.admin.id,
      'Voicemail Bot /voicemail reset jose@acme.test pin=random',
      {
        mention: true,
      },
    );
    const groupBefore = h.botSaid(h.group.id).length;
    const dmBefore = h.botSaid(h.dm.id).length;
    await h.em.submitCard(h.admin.id, card.id, {}, { actionTitle: 'Set new PIN' });
    const [done, told] = await replies(h.group.id, groupBefore, 2);
    assert.match(text(done!), /José Núñez has a new voicemail PIN that passes the org’s PIN rules/);
    assert.match(
      plain(text(told!)),
      /I sent you the new voicemail PIN of José Núñez privately, in your 1:1 space with me/,
    );
    const [privately] = await replies(h.dm.id, dmBefore, 1);
    const pin = /The new voicemail PIN of José Núñez\*\* \(jose@acme\.test\) I made up: `([0-9]+)`/.exec(
      plain(privately?.markdown),
    )?.[1];
    assert.ok(pin, privately?.markdown);

    const state = h.em.voicemailOf(people.jose);
    assert.equal(state.passcode, pin, 'the PIN shown is the PIN Webex holds');
    assert.ok(state.pinSetAt);
    assert.equal(state.mustChangeAtNextUse, false);
    assert.match(state.summary, /^PIN set at /);
    const rules = (h.em.voicemailRules(h.org.id) as { defaultVoicemailPinRules: EmPinRules })
      .defaultVoicemailPinRules;
    assert.deepEqual(checkPin(pin, rules), []);
    assert.equal(passcodePuts().length, 1);
    assert.deepEqual(passcodePuts()[0]?.query, {});
    assert.equal(resets().length, 0);

    // Nowhere else: no log line, no Redis value, no message outside the 1:1 space.
    assert.ok(!h.logs.text().includes(pin), 'the PIN is in a log line');
    const dump = await h.store.dump();
    assert.ok(
      Object.keys(dump).some((k) => k.includes('history:')),
      'Redis holds the history the check reads',
    );
    assert.ok(!JSON.stringify(dump).includes(pin), 'the PIN is in a Redis value');
    for (const m of h.em.state.messages.values()) {
      if (h.em.state.room(m.roomId).type === 'direct') continue;
      assert.ok(!JSON.stringify(m).includes(pin), `the PIN is in a group message: ${m.id}`);
    }
    const [entry] = await stored(h.org.id);
    assert.equal(entry?.pin, 'set');
    assert.match(
      plain(text(await aliceSays('/voicemail history'))),
      /PIN set by Alice Admin \(alice@acme.test\) for José Núñez \(jose@acme.test\)\n- \*\*Voicemail PIN\*\*: set to a PIN I made up \(not shown\)/,
    );
  });

  it('Webex faults: a 5xx on the reset is not sent again and is said (and recorded) as uncertain; 404 and 400 are told', async () => {
    await acme();
    const path = resetPath(people.jose);
    const card = await aliceSays('/voicemail reset jose@acme.test');
    h.em.injectFault({ method: 'POST', path, status: 503, count: 1 });
    const unsure = plain(text(await h.submit(h.dm.id, h.admin.id, card, {}, { actionTitle: 'Reset PIN' })));
    assert.match(
      unsure,
      /Webex did not answer the reset of the voicemail PIN of José Núñez, so I cannot tell whether it went through, and I did not send it again/,
    );
    assert.match(unsure, /Webex tracking ID/);
    assert.equal(resets().length, 1, 'a POST is never retried after a 5xx');
    const [entry] = await stored(h.org.id);
    assert.equal(entry?.outcome, 'uncertain');
    assert.match(
      plain(text(await aliceSays('/voicemail history'))),
      /PIN reset by Alice Admin[\s\S]*Not certain it landed/,
    );

    const bad = await aliceSays('/voicemail reset jose@acme.test');
    h.em.injectFault({
      method: 'POST',
      path,
      status: 400,
      body: { message: 'bad', errors: [{ description: 'Passcode 4815162342 is not allowed.' }] },
    });
    const said = plain(text(await h.submit(h.dm.id, h.admin.id, bad, {}, { actionTitle: 'Reset PIN' })));
    assert.match(said, /Not changed: Webex said “Passcode \[digits left out\] is not allowed\.”/);

    const gone = await aliceSays('/voicemail reset jose@acme.test');
    h.em.state.people.delete(people.jose);
    const notFound = plain(text(await h.submit(h.dm.id, h.admin.id, gone, {}, { actionTitle: 'Reset PIN' })));
    assert.match(notFound, /Not changed: Webex does not find José Núñez in Acme Test Org any more/);
    assert.equal((await stored(h.org.id)).length, 1, 'only the uncertain reset is in the history');
  });

  it('hostile display names are inert in the pick list, on the card, in the outcome and in the history', async () => {
    await acme();
    const inert = (markdown: string, where: string) => {
      const out = rendered(markdown);
      assert.equal(out.mentions, 0, `${where}: ${markdown}`);
      for (const el of ['a', 'img', 'script', 'em'])
        assert.ok(!out.elements.includes(el), `${where} has <${el}>: ${markdown}`);
    };
    const list = text(await aliceSays('/voicemail reset Mallory'));
    const lines = list.split('\n').filter((l) => l.startsWith('- '));
    assert.equal(lines.length, 2, list);
    inert(list, 'pick list');
    for (const l of lines) assert.equal(rendered(l.split(': say')[0] ?? '').linkable, false, l);

    const card = await aliceSays('/voicemail reset mallory0@acme.test');
    const person = facts(card)[0]?.value ?? '';
    inert(person, 'card');
    assert.equal(rendered(person).linkable, false, person);
    inert(card.markdown ?? '', 'card fallback');
    const done = await h.submit(h.dm.id, h.admin.id, card, {}, { actionTitle: 'Reset PIN' });
    inert(text(done), 'outcome');
    const history = text(await aliceSays('/voicemail history'));
    const head = history.split('\n').find((l) => l.includes('PIN reset by')) ?? '';
    inert(head, 'history');
    assert.deepEqual(
      rendered(head).elements.filter((e) => e === 'strong'),
      ['strong'],
      'only the bot’s bold time',
    );
  });
});
