import assert from 'node:assert/strict';
import { followSignIn, signInLink, startHarness, type Harness, type Reply } from '../helpers/bot-harness.js';
import { cardOf } from '../helpers/card-inputs.js';

const FOR_ADMINS = 'This bot is for Webex Calling administrators.';
const SENT_PRIVATELY = 'I sent you a sign-in link in a 1:1 space';
const RULES = '/v1/telephony/config/voicemail/rules';

/**
 * Sign-in asked for in a group space (bot + emulator + Redis, real OAuth round trips): the link goes to
 * the person alone, the sign-in's outcome and the command it carries on come back to the command's
 * thread, and a link opened by someone else is replaced for its owner. 1:1 spaces for comparison.
 */
describe('sign-in from a group space: a private link, the outcome in the thread', function () {
  this.timeout(30_000);
  let h: Harness;
  afterEach(async () => h?.close());

  const parentOf = (id: string) => h.em.state.messages.get(id)?.parentId;
  const expiry = () =>
    (h.em.voicemailRules(h.org.id) as { expirePasscode: { numberOfDays: number } }).expirePasscode
      .numberOfDays;
  const text = (r: Reply) => r.markdown ?? r.text;
  const linksIn = (roomId: string) =>
    h.botSaid(roomId).filter((m) => /\/oauth\/login\?/.test(m.markdown ?? ''));

  /** `who` says `command` to the bot in the group (optionally as a reply in a thread); the bot's answer. */
  async function askInGroup(who: string, command: string, parentId?: string) {
    const before = h.botSaid(h.group.id).length;
    const asked = await h.em.say(who, h.group.id, `Voicemail Bot ${command}`, {
      mention: [h.bot.id],
      parentId,
    });
    return { asked, reply: await h.nextReply(h.group.id, before) };
  }

  /** Follows a link as `who`; the callback page and what the bot then said in the room, in order. */
  async function follow(link: string, who: string, roomId: string, expect: number) {
    const before = h.botSaid(roomId).length;
    const page = (await followSignIn(h.em, link, who)).at(-1)!;
    const said: Reply[] = [];
    for (let i = 0; i < expect; i++) said.push(await h.nextReply(roomId, before + i));
    return { page, said };
  }

  it('a typed command: the link goes privately, and "is signed in" and the outcome go to its thread', async () => {
    h = await startHarness({ oauth: true });
    const { asked, reply } = await askInGroup(h.admin.id, '/voicemail set expire=50');
    assert.equal(parentOf(reply.id), asked.id, 'the prompt answers the command in its thread');
    assert.ok(text(reply).includes(FOR_ADMINS), text(reply));
    assert.ok(text(reply).includes(SENT_PRIVATELY), text(reply));
    assert.match(text(reply), /Once you are signed in I’ll carry on with `\/voicemail set`\./);
    assert.deepEqual(linksIn(h.group.id), [], 'no sign-in link where others can open it');

    const dm = h.botSaid(h.dm.id);
    assert.equal(dm.length, 1);
    assert.match(dm[0]!.markdown ?? '', /carry on with `\/voicemail set` in the group space where you asked/);
    const { page, said } = await follow(h.privateSignInLink(h.admin.id), h.admin.id, h.group.id, 2);
    assert.equal(page.status, 200, page.body);
    assert.equal(text(said[0]!), 'Alice Admin is signed in.');
    assert.match(text(said[1]!), /Voicemail rules updated[\s\S]*on, 50 days/);
    for (const m of said) assert.equal(parentOf(m.id), asked.id, `in the thread: ${text(m)}`);
    assert.equal(expiry(), 50);
    await h.em.settle();
    assert.equal(h.botSaid(h.group.id).length, 3, 'nothing else, at the top level or anywhere');
    assert.equal(h.botSaid(h.dm.id).length, 1, 'nothing more in the 1:1 space');
  });

  it('a command typed as a reply in a thread: the carried-on answer stays in that thread', async () => {
    h = await startHarness({ oauth: true });
    // Someone starts a thread (without the bot), Alice asks the bot in it.
    const root = await h.em.say(h.user.id, h.group.id, 'what are our voicemail rules?');
    const { reply } = await askInGroup(h.admin.id, '/voicemail show', root.id);
    assert.equal(parentOf(reply.id), root.id);
    assert.ok(text(reply).includes(SENT_PRIVATELY), text(reply));
    const { said } = await follow(h.privateSignInLink(h.admin.id), h.admin.id, h.group.id, 2);
    assert.match(text(said[1]!), /Voicemail passcode rules/);
    for (const m of said) assert.equal(parentOf(m.id), root.id, `in the thread: ${text(m)}`);
  });

  it('someone with no 1:1 space with the bot yet: Webex makes one for the link', async () => {
    h = await startHarness({ oauth: true });
    assert.equal(h.directRoomOf(h.readOnly.id), undefined);
    const { asked, reply } = await askInGroup(h.readOnly.id, '/voicemail show');
    assert.ok(text(reply).includes(SENT_PRIVATELY), text(reply));
    const posted = h.em.requests.find(
      (r) =>
        r.method === 'POST' && r.path === '/v1/messages' && JSON.stringify(r.body).includes('toPersonId'),
    );
    assert.deepEqual(Object.keys(posted?.body as object).sort(), ['markdown', 'toPersonId']);
    const room = h.directRoomOf(h.readOnly.id);
    assert.ok(room, 'the 1:1 space now exists');
    assert.equal(h.em.state.room(room).type, 'direct');
    const { said } = await follow(h.privateSignInLink(h.readOnly.id), h.readOnly.id, h.group.id, 2);
    assert.equal(text(said[0]!), 'Rob Reader is signed in.');
    assert.match(text(said[1]!), /Voicemail passcode rules/);
    for (const m of said) assert.equal(parentOf(m.id), asked.id);
  });

  it('a Save pressed after /logout: "is signed in" and the outcome go to the thread the card is in', async () => {
    h = await startHarness({ oauth: true });
    await h.grant(h.admin.id);
    const { asked, reply: form } = await askInGroup(h.admin.id, '/voicemail');
    assert.equal(parentOf(form.id), asked.id);
    await h.ask(h.dm.id, h.admin.id, '/logout');
    const pressed = await h.submit(h.group.id, h.admin.id, form, { expirePasscodeDays: '44' });
    assert.equal(parentOf(pressed.id), asked.id);
    assert.ok(text(pressed).includes(SENT_PRIVATELY), text(pressed));
    const { said } = await follow(h.privateSignInLink(h.admin.id), h.admin.id, h.group.id, 2);
    assert.equal(text(said[0]!), 'Alice Admin is signed in.');
    assert.match(text(said[1]!), /Voicemail rules updated[\s\S]*on, 44 days/);
    for (const m of said) assert.equal(parentOf(m.id), asked.id, `in the thread: ${text(m)}`);
    assert.equal(expiry(), 44);
  });

  it('when the private message cannot be sent, the link is posted in the thread as before and still carries on', async () => {
    h = await startHarness({ oauth: true });
    // The person's org does not let the bot message them (Webex answers the 1:1 message 403).
    h.em.injectFault({ method: 'POST', path: '/messages', status: 403, count: 1 });
    const { asked, reply } = await askInGroup(h.admin.id, '/voicemail set expire=50');
    assert.equal(parentOf(reply.id), asked.id);
    assert.ok(!text(reply).includes(SENT_PRIVATELY), text(reply));
    assert.equal(h.botSaid(h.dm.id).length, 0);
    const { said } = await follow(signInLink(reply.markdown), h.admin.id, h.group.id, 2);
    assert.match(text(said[1]!), /Voicemail rules updated/);
    for (const m of said) assert.equal(parentOf(m.id), asked.id);
    assert.ok(h.logs.lines.some((l) => l.includes('could not message the person privately')));
  });

  it('another member opens the link: refused, the link stays spent, its owner gets a new one privately and the command still runs', async () => {
    h = await startHarness({ oauth: true });
    const { asked } = await askInGroup(h.admin.id, '/voicemail set expire=50');
    const first = h.privateSignInLink(h.admin.id);

    // Uma got hold of the link (forwarded, say) and opens it.
    const uma = await follow(first, h.user.id, h.group.id, 1);
    assert.equal(uma.page.status, 403);
    assert.match(uma.page.body, /made for someone else/);
    const told = uma.said[0]!;
    assert.equal(parentOf(told.id), asked.id);
    assert.match(
      text(told),
      /used by Uma User, not by the person who asked for it, so nothing was stored\. I sent the person who asked a new link in a 1:1 space\./,
    );
    const renewed = h.botSaid(h.dm.id).at(-1)!;
    assert.match(renewed.markdown ?? '', /Uma User opened the sign-in link I made for you/);
    assert.match(
      renewed.markdown ?? '',
      /carry on with `\/voicemail set` in the group space where you asked/,
    );
    const second = h.privateSignInLink(h.admin.id);
    assert.notEqual(second, first);
    assert.equal(await h.running.tokens.get(h.user.id), null);
    assert.equal(await h.running.tokens.get(h.admin.id), null);

    // Single use holds: the opened link does not work again, not even for its owner.
    const again = (await followSignIn(h.em, first, h.admin.id))[0]!;
    assert.equal(again.status, 400);

    const alice = await follow(second, h.admin.id, h.group.id, 2);
    assert.equal(alice.page.status, 200);
    assert.equal(text(alice.said[0]!), 'Alice Admin is signed in.');
    assert.match(text(alice.said[1]!), /Voicemail rules updated[\s\S]*on, 50 days/);
    for (const m of alice.said) assert.equal(parentOf(m.id), asked.id);
    assert.equal(expiry(), 50);
  });

  it('in a 1:1 space: nothing is threaded, and a link opened by someone else is replaced there', async () => {
    h = await startHarness({ oauth: true });
    const prompt = await h.ask(h.dm.id, h.admin.id, '/voicemail set expire=50');
    assert.ok(!text(prompt).includes(SENT_PRIVATELY));
    assert.equal(parentOf(prompt.id), undefined);
    const first = signInLink(prompt.markdown);
    const uma = await follow(first, h.user.id, h.dm.id, 1);
    assert.equal(uma.page.status, 403);
    assert.match(text(uma.said[0]!), /Uma User opened the sign-in link I made for you/);
    assert.doesNotMatch(text(uma.said[0]!), /group space/);
    const second = signInLink(uma.said[0]!.markdown);
    assert.notEqual(second, first);
    const alice = await follow(second, h.admin.id, h.dm.id, 2);
    assert.match(text(alice.said[0]!), /You are signed in as Alice Admin/);
    assert.match(text(alice.said[1]!), /Voicemail rules updated/);
    for (const m of [prompt, ...uma.said, ...alice.said]) assert.equal(parentOf(m.id), undefined);
    assert.equal(expiry(), 50);
  });

  it('the command was deleted while its author signed in: the outcome goes to the top level instead of nowhere', async () => {
    h = await startHarness({ oauth: true });
    const { asked } = await askInGroup(h.admin.id, '/voicemail show');
    const own = h.em.issueToken(h.admin.id, ['spark:all']);
    const del = await fetch(`${h.em.apiBase}/messages/${asked.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${own}` },
    });
    assert.equal(del.status, 204);
    const { said } = await follow(h.privateSignInLink(h.admin.id), h.admin.id, h.group.id, 2);
    assert.equal(text(said[0]!), 'Alice Admin is signed in.');
    assert.match(text(said[1]!), /Voicemail passcode rules/);
    for (const m of said) assert.equal(parentOf(m.id), undefined);
  });
});

describe('access Webex no longer accepts: one coherent reply', function () {
  this.timeout(30_000);
  let h: Harness;
  afterEach(async () => h?.close());
  const text = (r: Reply) => r.markdown ?? r.text;
  const contradiction = /haven't given me access|haven’t given me access/;

  it('without sign-in configured: says access is no longer accepted and how to get new access, nothing else', async () => {
    h = await startHarness();
    await h.grant(h.admin.id);
    h.em.revokeAllTokens(h.admin.id);
    for (const [roomId, mention] of [
      [h.dm.id, false],
      [h.group.id, true],
    ] as const) {
      const reply = text(await h.ask(roomId, h.admin.id, '/voicemail show', { mention }));
      assert.match(reply, /Webex no longer accepts your access \(it expired or was revoked\)/);
      assert.match(reply, /stores a new token for you \(`npm run token -- set <your person id>`\)/);
      assert.doesNotMatch(reply, contradiction);
      assert.ok(!reply.includes(FOR_ADMINS), reply);
    }
  });

  it('with sign-in: a Confirm pressed after the tokens were revoked gets one reply with a way to sign in again', async () => {
    let pat = '';
    let dm = '';
    h = await startHarness({
      oauth: true,
      seed: (w) => {
        const partner = w.em.createOrg({ displayName: 'Partner Services' });
        const globex = w.em.createOrg({ displayName: 'Globex' });
        pat = w.em.createPerson({
          email: 'pat@partner.test',
          displayName: 'Pat Partner',
          orgId: partner.id,
          role: 'full_admin',
          managedOrgIds: [w.org.id, globex.id],
        }).id;
        dm = w.em.createRoom({ type: 'direct', memberIds: [pat, w.bot.id] }).id;
      },
    });
    await h.grant(pat);
    await h.ask(dm, pat, '/org use Globex');
    const card = await h.ask(dm, pat, '/voicemail set expire=50');
    assert.ok(cardOf(card));
    h.em.revokeAllTokens(pat);
    const reply = await h.submit(dm, pat, card, {}, { actionTitle: 'Confirm' });
    assert.match(text(reply), /^Webex no longer accepts your access \(it expired or was revoked\)\./);
    assert.ok(signInLink(reply.markdown));
    assert.doesNotMatch(text(reply), contradiction);
    assert.ok(!text(reply).includes(FOR_ADMINS), text(reply));
    assert.equal(
      h.em.requests.filter((r) => r.method === 'PUT' && r.path === RULES && r.status === 204).length,
      0,
    );
  });

  it('with sign-in, in a group space: the same one reply in the thread, the link sent privately', async () => {
    h = await startHarness({ oauth: true });
    await h.grant(h.admin.id);
    h.em.revokeAllTokens(h.admin.id);
    const before = h.botSaid(h.group.id).length;
    const asked = await h.em.say(h.admin.id, h.group.id, 'Voicemail Bot /voicemail show', {
      mention: [h.bot.id],
    });
    const reply = await h.nextReply(h.group.id, before);
    assert.equal(h.em.state.messages.get(reply.id)?.parentId, asked.id);
    assert.match(text(reply), /^Webex no longer accepts your access \(it expired or was revoked\)\./);
    assert.ok(text(reply).includes(SENT_PRIVATELY), text(reply));
    assert.doesNotMatch(text(reply), contradiction);
    const page = (await followSignIn(h.em, h.privateSignInLink(h.admin.id), h.admin.id)).at(-1)!;
    assert.equal(page.status, 200);
    const signed = await h.nextReply(h.group.id, before + 1);
    assert.equal(text(signed), 'Alice Admin is signed in.');
    assert.equal(h.em.state.messages.get(signed.id)?.parentId, asked.id);
  });
});
