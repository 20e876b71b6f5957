import assert from 'node:assert/strict';
import fc from 'fast-check';
import { followSignIn, startHarness, type Harness } from '../helpers/bot-harness.js';
import { cardOf } from '../helpers/card-inputs.js';
import { elements } from '../helpers/adaptive-card-check.js';
import { rendered, visible } from '../helpers/inert-markdown.js';

/** The display name from the issue, and an org name in the same spirit. */
const HOSTILE_NAME = '<@all> [Sign in again here](https://evil.example/login) **URGENT**';
const HOSTILE_ORG = '<@all> _Acme_ <b>Corp</b> evil.example `x` \n# Heading';

/**
 * What a reply shows when a Webex client renders it: it may use the bot's own formatting (bold, code),
 * but no link, emphasis or mention, and nothing in it looks like a link to a linkifier.
 */
function assertInert(markdown: string | undefined, hostile: string, ownStrong = 0) {
  const md = markdown ?? '';
  assert.ok(!md.includes('<@all>'), md);
  const out = rendered(md);
  assert.equal(out.mentions, 0, md);
  assert.equal(out.linkable, false, md);
  for (const bad of ['a', 'em', 'img', 'h1', 'script', 'b'])
    assert.ok(!out.elements.includes(bad), `<${bad}> in ${out.elements.join(',')}: ${md}`);
  assert.equal(out.elements.filter((e) => e === 'strong').length, ownStrong, md);
  assert.ok(visible(out.text).includes(visible(hostile)), `reads as the name: ${out.text}`);
}

describe('names and text from Webex are inert in replies (emulator renders them, real framework)', function () {
  this.timeout(30_000);
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('group space: a person named like a phishing link submits Alice’s form; the refusal is plain text', async () => {
    h = await startHarness();
    await h.grant(h.admin.id);
    const mallory = h.em.createPerson({
      email: 'mallory@acme.test',
      displayName: HOSTILE_NAME,
      orgId: h.org.id,
      role: 'none',
    });
    h.em.addMember(h.group.id, mallory.id);
    const form = await h.ask(h.group.id, h.admin.id, 'Voicemail Bot /voicemail', { mention: true });
    const before = h.botSaid(h.group.id).length;
    await h.em.submitCard(mallory.id, form.id, { expirePasscodeDays: '30' });
    const reply = await h.nextReply(h.group.id, before);
    assert.match(reply.text, /belongs to Alice Admin/);
    assertInert(reply.markdown, HOSTILE_NAME);
    const sent = h.em.state.messages.get(reply.id) as {
      mentionedGroups?: string[];
      mentionedPeople?: string[];
    };
    assert.equal(sent.mentionedGroups, undefined, 'no @All made by the bot');
    assert.equal(sent.mentionedPeople, undefined);
  });

  it('group space: "<name> is signed in" after a sign-in', async () => {
    h = await startHarness({ oauth: true });
    const mallory = h.em.createPerson({
      email: 'mallory@acme.test',
      displayName: HOSTILE_NAME,
      orgId: h.org.id,
      role: 'full_admin',
    });
    h.em.addMember(h.group.id, mallory.id);
    await h.ask(h.group.id, mallory.id, 'Voicemail Bot /login', { mention: true });
    const before = h.botSaid(h.group.id).length;
    await followSignIn(h.em, h.privateSignInLink(mallory.id), mallory.id);
    const reply = await h.nextReply(h.group.id, before);
    assert.match(reply.text, /signed in/);
    assertInert(reply.markdown, HOSTILE_NAME);
  });

  it('group space: a link opened by someone with a hostile name; the notices to the group and to the owner', async () => {
    h = await startHarness({ oauth: true });
    const mallory = h.em.createPerson({
      email: 'mallory@acme.test',
      displayName: HOSTILE_NAME,
      orgId: h.org.id,
      role: 'full_admin',
    });
    h.em.addMember(h.group.id, mallory.id);
    await h.ask(h.group.id, h.admin.id, 'Voicemail Bot /voicemail', { mention: true });
    const before = h.botSaid(h.group.id).length;
    const owed = h.botSaid(h.dm.id).length;
    await followSignIn(h.em, h.privateSignInLink(h.admin.id), mallory.id);
    const told = await h.nextReply(h.group.id, before);
    assert.match(told.text, /nothing was stored/);
    assertInert(told.markdown, HOSTILE_NAME);
    const renewed = await h.nextReply(h.dm.id, owed);
    assert.match(renewed.text, /opened the sign-in link I made for you/);
    // The bot's own link follows in the next paragraph; the name's is the first.
    assertInert(renewed.markdown?.split('\n\n')[0], HOSTILE_NAME);
  });

  it('1:1 space: an org and a person with hostile names in /voicemail show, the form, /whoami and /org', async () => {
    h = await startHarness();
    h.em.state.orgs.get(h.org.id)!.displayName = HOSTILE_ORG;
    h.em.state.people.get(h.admin.id)!.displayName = HOSTILE_NAME;
    await h.grant(h.admin.id);

    const show = await h.ask(h.dm.id, h.admin.id, '/voicemail show');
    assertInert(show.markdown, HOSTILE_ORG, 1 + 4 + 1);
    // What the card shows. "Change settings" carries the org back as submit data, which no client renders;
    // a reply that quotes it escapes it like any other text from outside.
    const { actions: buttons, ...shown } = cardOf(show);
    const card = JSON.stringify(shown);
    assert.ok(!card.includes('<@all>') && !card.includes('_Acme_'), card);
    assert.deepEqual(
      (buttons as { data?: unknown }[]).map((b) => b.data),
      [{ action: 'voicemail.edit', orgId: h.org.id, orgName: HOSTILE_ORG }],
    );

    const form = await h.ask(h.dm.id, h.admin.id, '/voicemail');
    assertInert(form.markdown, HOSTILE_ORG);
    const orgLine = elements(cardOf(form)).find((b) => String(b.text).includes('Acme'));
    assert.equal(orgLine, elements(cardOf(form))[1], 'the org banner is the first text of the card');
    assertInert(orgLine?.text as string, HOSTILE_ORG);

    const set = await h.ask(h.dm.id, h.admin.id, '/voicemail set expire=40');
    const [banner, , heading] = (set.markdown ?? '').split('\n');
    assertInert(banner, HOSTILE_ORG);
    assert.match(banner ?? '', /^Org: /);
    assert.equal(heading, '**Voicemail rules updated**');

    const whoami = await h.ask(h.dm.id, h.admin.id, '/whoami');
    assertInert((whoami.markdown ?? '').split('\n')[0], HOSTILE_NAME, 1);
    assertInert((whoami.markdown ?? '').split('\n')[1], HOSTILE_ORG);

    const org = await h.ask(h.dm.id, h.admin.id, '/org');
    assertInert(org.markdown, HOSTILE_ORG, 1);
    const list = await h.ask(h.dm.id, h.admin.id, '/org list');
    const listed = (list.markdown ?? '').split('\n').find((l) => l.includes('Acme'));
    assertInert(listed, HOSTILE_ORG, 1);
  });
});

describe('Webex error descriptions are repeated inert, without PIN-like digits', function () {
  this.timeout(30_000);
  let h: Harness;
  afterEach(async () => {
    h?.em.state.faults.clear();
    await h?.close();
  });

  const description = 'PIN 4325484604 rejected, see [help](https://evil.example) <@all>';
  const fault = (count: number) => ({
    method: 'PUT',
    path: '/v1/telephony/config/voicemail/rules',
    status: 400,
    count,
    body: { message: 'nope', errors: [{ description }], trackingId: 'ROUTER_TEST_400' },
  });

  it('/voicemail set answered 400 (error boundary)', async () => {
    h = await startHarness();
    await h.grant(h.admin.id);
    h.em.injectFault(fault(4));
    const reply = await h.ask(h.dm.id, h.admin.id, '/voicemail set expire=44');
    assert.match(reply.text, /Webex rejected the request/);
    assert.ok(!`${reply.text} ${reply.markdown}`.includes('4325484604'), reply.markdown);
    assertInert(reply.markdown?.split('\n')[0], 'rejected, see [help](https://evil.example) <@all>');
  });

  it('a form submit answered 400, in a group space', async () => {
    h = await startHarness();
    await h.grant(h.admin.id);
    const form = await h.ask(h.group.id, h.admin.id, 'Voicemail Bot /voicemail', { mention: true });
    h.em.injectFault(fault(4));
    const before = h.botSaid(h.group.id).length;
    await h.em.submitCard(h.admin.id, form.id, { expirePasscodeDays: '44' });
    const reply = await h.nextReply(h.group.id, before);
    const again = await h.nextReply(h.group.id, before + 1);
    for (const m of [reply, again]) {
      const all = `${m.markdown ?? ''} ${m.text} ${JSON.stringify(m.attachments ?? [])}`;
      assert.ok(!all.includes('4325484604'), all);
      assert.ok(!all.includes('<@all>'), all);
    }
    const said = reply.markdown?.split('\n').find((l) => l.includes('Webex said'));
    assertInert(said, 'rejected, see [help](https://evil.example) <@all>');
  });
});

describe('the command next to the bot’s mention, wherever it sits (group space)', function () {
  this.timeout(30_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.grant(h.admin.id);
  });
  after(async () => {
    await h?.close();
  });

  for (const text of ['hey Voicemail Bot /voicemail show', '/voicemail show Voicemail Bot']) {
    it(`"${text}" shows the rules`, async () => {
      const before = h.botSaid(h.group.id).length;
      const said = await h.em.say(h.admin.id, h.group.id, text, { mention: [h.bot.id] });
      assert.match(
        said.html ?? '',
        /<spark-mention [^>]*data-object-id="[^"]+">Voicemail Bot<\/spark-mention>/,
      );
      const reply = await h.nextReply(h.group.id, before);
      assert.match(reply.markdown ?? '', /Voicemail passcode rules/);
      assert.ok(reply.attachments?.length, 'the rules card');
    });
  }
});

describe('no PIN-like run of digits is repeated in a reply', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.grant(h.admin.id);
  });
  after(async () => {
    await h?.close();
  });

  /** Everything the bot said since `before`, as one string (markdown, text and cards). */
  async function repliesTo(roomId: string, who: string, text: string, mention: boolean) {
    const before = h.botSaid(roomId).length;
    await h.ask(roomId, who, text, { mention });
    // A reply may come in two messages (a summary, then a note): give a second one a moment.
    await new Promise((r) => setTimeout(r, 100));
    return h
      .botSaid(roomId)
      .slice(before)
      .map((m) => `${m.markdown ?? ''}\n${m.text}\n${JSON.stringify(m.attachments ?? [])}`)
      .join('\n');
  }

  const digits = fc.stringMatching(/^[0-9]{6,12}$/);
  const word = fc.constantFrom('pin-enabled', 'expire', 'change', 'history', 'pin', 'set', 'org', 'on');
  /** A 6+ digit run as a key, a value, part of a value, a bare token, unknown command text or an org name. */
  const command = fc.oneof(
    fc.tuple(digits, fc.constantFrom('on', 'off', '5', '')).map(([d, v]) => `/voicemail set ${d}=${v}`),
    fc.tuple(word, digits).map(([k, d]) => `/voicemail set ${k}=${d}`),
    fc.tuple(word, digits).map(([k, d]) => `/voicemail set ${k}=x${d}y`),
    fc.tuple(word, digits).map(([k, d]) => `/voicemail set expire=30 ${k}${d}=on`),
    digits.map((d) => `/voicemail set ${d}`),
    digits.map((d) => `/voicemail ${d}`),
    fc.tuple(word, digits).map(([k, d]) => `/${k} ${d}`),
    digits.map((d) => `${d}`),
    digits.map((d) => `/org use ${d}`),
    digits.map((d) => `/org use Acme ${d}`),
  );

  for (const room of ['dm', 'group'] as const) {
    it(`in a ${room === 'dm' ? '1:1' : 'group'} space`, async () => {
      await fc.assert(
        fc.asyncProperty(command, async (text) => {
          const roomId = room === 'dm' ? h.dm.id : h.group.id;
          const said = await repliesTo(roomId, h.admin.id, text, room === 'group');
          for (const run of text.match(/[0-9]{6,}/g) ?? []) {
            for (let i = 0; i + 6 <= run.length; i++) {
              const window = run.slice(i, i + 6);
              assert.ok(!said.includes(window), `${JSON.stringify(text)} -> reply holds ${window}: ${said}`);
            }
          }
        }),
        { numRuns: 25 },
      );
    });
  }
});
