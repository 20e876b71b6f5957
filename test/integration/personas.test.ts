import assert from 'node:assert/strict';
import { followSignIn, signInLink, startHarness, type Harness, type Reply } from '../helpers/bot-harness.js';
import { cardInputs, cardOf } from '../helpers/card-inputs.js';
import type { EmPerson } from '../../src/emulator/index.js';
import { ORGS_READ, PEOPLE_READ, TELEPHONY_READ, TELEPHONY_WRITE } from '../../src/auth/scopes.js';

const RULES = '/v1/telephony/config/voicemail/rules';
const FOR_ADMINS = 'This bot is for Webex Calling administrators.';
const READ_ONLY_LINE = 'Only a full administrator can change these rules.';
const UTC_TIME = String.raw`\(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)`;

/**
 * What each person of the demo gets, end to end (bot + emulator + Redis, real OAuth round trips): Alice a
 * full administrator, Bob (the harness's Rob Reader) a read-only administrator, Carol (Uma User) no admin
 * role, Pat a partner administrator managing Acme and Globex.
 */
describe('personas: each person sees only what they can do', function () {
  this.timeout(30_000);
  let h: Harness;
  let alice: EmPerson;
  let bob: EmPerson;
  let carol: EmPerson;
  let pat: EmPerson;
  const dm: Record<'alice' | 'bob' | 'carol' | 'pat', string> = { alice: '', bob: '', carol: '', pat: '' };

  beforeEach(async () => {
    h = await startHarness({
      oauth: true,
      seed: (w) => {
        const partnerOrg = w.em.createOrg({ displayName: 'Partner Services' });
        const globex = w.em.createOrg({ displayName: 'Globex' });
        pat = w.em.createPerson({
          email: 'pat@partner.test',
          displayName: 'Pat Partner',
          orgId: partnerOrg.id,
          role: 'full_admin',
          managedOrgIds: [w.org.id, globex.id],
        });
        for (const [name, p] of [
          ['bob', w.readOnly],
          ['carol', w.user],
          ['pat', pat],
        ] as const) {
          dm[name] = w.em.createRoom({ type: 'direct', memberIds: [p.id, w.bot.id] }).id;
        }
      },
    });
    alice = h.admin;
    bob = h.readOnly;
    carol = h.user;
    dm.alice = h.dm.id;
  });
  afterEach(async () => h?.close());

  const telephonyCalls = () => h.em.requests.filter((r) => r.path === RULES);
  const puts = () => telephonyCalls().filter((r) => r.method === 'PUT');
  const text = (r: Reply) => r.markdown ?? r.text;
  const quiet = () => new Promise((r) => setTimeout(r, 400));

  /** Follow the sign-in link in a reply as `who`; the scopes it asked Webex for and the bot's next reply. */
  async function signInFrom(roomId: string, who: EmPerson, reply: Reply) {
    const before = h.botSaid(roomId).length;
    const hops = await followSignIn(h.em, signInLink(reply.markdown), who.id);
    const authorize = new URL(hops[0]!.location!);
    const scopes = (authorize.searchParams.get('scope') ?? '').split(' ').sort();
    return { hops, page: hops.at(-1)!, scopes, before, said: await h.nextReply(roomId, before) };
  }

  const login = async (roomId: string, who: EmPerson) =>
    signInFrom(roomId, who, await h.ask(roomId, who.id, '/login'));

  describe('Alice, full administrator', () => {
    it('/voicemail signed out: the prompt says who the bot is for, consent asks for the write scope, the form follows', async () => {
      const reply = await h.ask(dm.alice, alice.id, '/voicemail');
      assert.ok(text(reply).startsWith(FOR_ADMINS), text(reply));
      const { scopes, said, before } = await signInFrom(dm.alice, alice, reply);
      assert.deepEqual(scopes, [ORGS_READ, PEOPLE_READ, TELEPHONY_READ, TELEPHONY_WRITE].sort());
      assert.equal(
        text(said),
        'You are signed in as Alice Admin: you can view and change the voicemail rules.',
      );
      const form = await h.nextReply(dm.alice, before + 1);
      assert.ok(cardInputs(cardOf(form)).has('expirePasscodeDays'), 'an editable form');
      const help = text(await h.ask(dm.alice, alice.id, '/help'));
      assert.match(help, /`\/voicemail set key=value …`/);
      assert.doesNotMatch(help, /\/org/, 'Alice manages no other org: no /org in her /help');
    });

    it('/voicemail show asks for read scopes only; a later /voicemail set names the missing scope and carries on after it is granted', async () => {
      const show = await h.ask(dm.alice, alice.id, '/voicemail show');
      const first = await signInFrom(dm.alice, alice, show);
      assert.deepEqual(first.scopes, [ORGS_READ, PEOPLE_READ, TELEPHONY_READ].sort());
      assert.equal(
        text(first.said),
        'You are signed in as Alice Admin: you can view the voicemail rules. Changing them asks you for one more permission when you need it.',
      );
      const card = cardOf(await h.nextReply(dm.alice, first.before + 1));
      assert.equal(cardInputs(card).size, 0);
      assert.match(JSON.stringify(card), /Change settings/, 'she may change them once she allows it');
      assert.ok(!(await h.running.tokens.get(alice.id))?.scopes.includes(TELEPHONY_WRITE));

      const calls = telephonyCalls().length;
      const set = await h.ask(dm.alice, alice.id, '/voicemail set expire=30');
      assert.match(text(set), /one more permission/);
      assert.match(text(set), /\*\*change telephony settings\*\* \(`spark-admin:telephony_config_write`\)/);
      assert.match(text(set), /carry on with `\/voicemail set`/);
      assert.equal(telephonyCalls().length, calls, 'nothing sent to Webex');

      const second = await signInFrom(dm.alice, alice, set);
      assert.ok(second.scopes.includes(TELEPHONY_WRITE));
      assert.match(text(second.said), /you can view and change the voicemail rules/);
      const outcome = await h.nextReply(dm.alice, second.before + 1);
      assert.match(text(outcome), /Voicemail rules updated/);
      assert.equal(puts().length, 1);
      assert.equal(puts()[0]?.personId, alice.id);
      assert.deepEqual(puts()[0]?.body, { expirePasscode: { enabled: true, numberOfDays: 30 } });
    });

    it('a /voicemail set with a PIN is never kept while she signs in: afterwards she is asked to send it again', async () => {
      const reply = await h.ask(dm.alice, alice.id, '/voicemail set pin=591738 expire=60');
      assert.match(text(reply), /send `\/voicemail set` again/);
      assert.ok(!JSON.stringify(await h.store.dump()).includes('591738'), 'the PIN is not in Redis');
      const { said, before } = await signInFrom(dm.alice, alice, reply);
      assert.match(text(said), /You are signed in as Alice Admin/);
      assert.match(text(said), /Please send `\/voicemail set` again: I don’t keep a PIN/);
      await quiet();
      assert.equal(h.botSaid(dm.alice).length, before + 1, 'nothing carried on');
      assert.equal(puts().length, 0);
    });

    it('a Save pressed after /logout: after sign-in the same Save goes through (its PIN never stored meanwhile)', async () => {
      await login(dm.alice, alice);
      const form = await h.ask(dm.alice, alice.id, '/voicemail');
      assert.match(text(await h.ask(dm.alice, alice.id, '/logout')), /Signed out/);
      const pressed = await h.submit(dm.alice, alice.id, form, {
        expirePasscodeDays: '45',
        defaultVoicemailPinEnabled: 'true',
        defaultVoicemailPin: '591738',
      });
      assert.match(text(pressed), /save the form you sent/);
      assert.equal(puts().length, 0);
      assert.ok(!JSON.stringify(await h.store.dump()).includes('591738'), 'the PIN is not in Redis');
      const { said, before } = await signInFrom(dm.alice, alice, pressed);
      assert.match(text(said), /You are signed in as Alice Admin/);
      const outcome = await h.nextReply(dm.alice, before + 1);
      assert.match(text(outcome), /Voicemail rules updated/);
      assert.equal(puts()[0]?.personId, alice.id);
      assert.deepEqual(puts()[0]?.body, {
        defaultVoicemailPinEnabled: true,
        expirePasscode: { enabled: true, numberOfDays: 45 },
        defaultVoicemailPin: '591738',
      });
    });

    it('a Save pressed after /logout whose form expired during the sign-in: she is told to open a new one', async () => {
      await login(dm.alice, alice);
      const form = await h.ask(dm.alice, alice.id, '/voicemail');
      const save = (cardOf(form).actions as { data?: { action?: string; formId?: string } }[]).find(
        (a) => a.data?.action === 'voicemail.submit',
      );
      await h.ask(dm.alice, alice.id, '/logout');
      const pressed = await h.submit(dm.alice, alice.id, form, { expirePasscodeDays: '45' });
      assert.ok(await h.running.kv.delete(`form:${save!.data!.formId}`), 'the form session expires');
      const { before } = await signInFrom(dm.alice, alice, pressed);
      const outcome = await h.nextReply(dm.alice, before + 1);
      assert.equal(
        text(outcome),
        'That form has expired. Say `/voicemail` for a fresh one. Nothing was changed.',
      );
      assert.equal(puts().length, 0);
    });

    it('/whoami signed out carries on after sign-in: scopes in words, times relative and in UTC', async () => {
      const reply = await h.ask(dm.alice, alice.id, '/whoami');
      assert.match(text(reply), /^You are not signed in\./);
      const { said, before } = await signInFrom(dm.alice, alice, reply);
      assert.match(text(said), /You are signed in as Alice Admin/);
      const who = text(await h.nextReply(dm.alice, before + 1));
      assert.match(who, /What you can do: view and change the voicemail rules/);
      assert.match(who, /read telephony settings \(`spark-admin:telephony_config_read`\)/);
      assert.match(who, /change telephony settings \(`spark-admin:telephony_config_write`\)/);
      assert.match(who, new RegExp(`Access expires: in 14 days ${UTC_TIME}, renewed automatically`));
      assert.match(who, new RegExp(`Sign-in valid until: in 90 days ${UTC_TIME}`));
      assert.match(who, /Voicemail commands act on: your own organization/);
    });
  });

  describe('Bob, read-only administrator', () => {
    it('/voicemail signed out: after sign-in he is told what he can do and gets a rules card with no inputs', async () => {
      const reply = await h.ask(dm.bob, bob.id, '/voicemail');
      assert.ok(text(reply).startsWith(FOR_ADMINS));
      const { said, before } = await signInFrom(dm.bob, bob, reply);
      assert.equal(
        text(said),
        'You are signed in as Rob Reader, a read-only administrator: you can view the voicemail rules with ' +
          `\`/voicemail show\`. ${READ_ONLY_LINE}`,
      );
      const card = await h.nextReply(dm.bob, before + 1);
      const content = cardOf(card);
      assert.equal(cardInputs(content).size, 0, 'no inputs');
      assert.deepEqual(content.actions ?? [], [], 'no buttons');
      assert.match(JSON.stringify(content), new RegExp(READ_ONLY_LINE));
      assert.match(text(card), new RegExp(READ_ONLY_LINE), 'the fallback text says it too');
      const record = await h.running.tokens.get(bob.id);
      assert.ok(record?.roles?.length, 'roles kept with the token');
      assert.ok(!record?.scopes.includes(TELEPHONY_WRITE));
      assert.ok(!h.botSaid(dm.bob).some((m) => /works now/.test(m.markdown ?? '')));
    });

    it('/voicemail set is refused up front with the reason and nothing is sent to Webex; /help and /whoami fit him', async () => {
      await login(dm.bob, bob);
      const set = await h.ask(dm.bob, bob.id, '/voicemail set expire=30');
      assert.equal(text(set), `Not changed. ${READ_ONLY_LINE} You can view them with \`/voicemail show\`.`);
      assert.equal(telephonyCalls().length, 0, 'not even a read');
      const show = cardOf(await h.ask(dm.bob, bob.id, '/voicemail show'));
      assert.equal(cardInputs(show).size, 0);
      assert.doesNotMatch(JSON.stringify(show), /Change settings/);
      assert.match(JSON.stringify(show), new RegExp(READ_ONLY_LINE));
      const help = text(await h.ask(dm.bob, bob.id, '/help'));
      assert.match(help, /`\/voicemail show`/);
      assert.doesNotMatch(help, /\/voicemail set|`\/voicemail`[,:]|\/org/);
      const who = text(await h.ask(dm.bob, bob.id, '/whoami'));
      assert.match(who, /What you can do: view the voicemail rules \(a read-only administrator/);
      assert.doesNotMatch(who, /change telephony settings/);
    });

    it('/voicemail set signed out: after sign-in one message says why it was not carried on', async () => {
      const reply = await h.ask(dm.bob, bob.id, '/voicemail set expire=30');
      const { said, before } = await signInFrom(dm.bob, bob, reply);
      assert.match(text(said), /a read-only administrator/);
      assert.match(text(said), new RegExp(READ_ONLY_LINE));
      assert.match(text(said), /So I did not carry on with `\/voicemail set`: nothing was changed\./);
      await quiet();
      assert.equal(h.botSaid(dm.bob).length, before + 1);
      assert.equal(telephonyCalls().length, 0);
    });
  });

  describe('Carol, no admin role', () => {
    it('told once, plainly, that the bot cannot help her; her token is not kept and nothing is carried on', async () => {
      const reply = await h.ask(dm.carol, carol.id, '/voicemail');
      assert.ok(text(reply).startsWith(FOR_ADMINS));
      const { page, said, before } = await signInFrom(dm.carol, carol, reply);
      assert.equal(page.status, 200);
      assert.match(page.body, /This bot is for Webex Calling administrators\./);
      assert.match(page.body, /did not keep your sign-in/);
      assert.match(text(said), /^This bot is for Webex Calling administrators\. You signed in as Uma User/);
      assert.match(text(said), /no administrator role/);
      assert.match(text(said), /I did not keep your sign-in/);
      await quiet();
      const all = h.botSaid(dm.carol);
      assert.equal(all.length, before + 1, 'one message, no refusal after it');
      assert.ok(
        all.every((m) => !m.attachments?.length),
        'no card',
      );
      assert.ok(!all.some((m) => /works now|You are signed in/.test(m.markdown ?? '')));
      assert.equal(await h.running.tokens.get(carol.id), null, 'nothing stored');
      assert.equal(telephonyCalls().length, 0);
    });

    it('signed out, /help puts sign-in first; with a token the operator stored she is refused before Webex is asked', async () => {
      const help = text(await h.ask(dm.carol, carol.id, '/help'));
      const [intro, , lead] = help.split('\n');
      assert.match(intro ?? '', /Voicemail rules bot/);
      assert.match(lead ?? '', /^\*\*First, sign in:\*\* say `\/login`/);
      assert.doesNotMatch(help, /\/org/);

      await h.grant(carol.id, [PEOPLE_READ]);
      const show = text(await h.ask(dm.carol, carol.id, '/voicemail show'));
      assert.ok(show.startsWith(FOR_ADMINS), show);
      assert.match(show, /no administrator role/);
      const form = await h.ask(dm.carol, carol.id, '/voicemail');
      assert.equal(form.attachments, undefined);
      assert.ok(text(form).startsWith(FOR_ADMINS));
      assert.equal(telephonyCalls().length, 0);
      const helpNow = text(await h.ask(dm.carol, carol.id, '/help'));
      assert.match(helpNow, /This bot is for Webex Calling administrators\./);
      assert.match(helpNow, /`\/whoami`/);
      assert.doesNotMatch(helpNow, /\/voicemail|\/org/);
    });
  });

  describe('Pat, partner administrator', () => {
    it('/org signed out asks for organizations_read (no write) and carries on; /org list and /help show the partner commands', async () => {
      const reply = await h.ask(dm.pat, pat.id, '/org');
      assert.match(text(reply), /carry on with `\/org`/);
      const { scopes, said, before } = await signInFrom(dm.pat, pat, reply);
      assert.ok(scopes.includes(ORGS_READ));
      assert.ok(!scopes.includes(TELEPHONY_WRITE));
      assert.match(text(said), /You are signed in as Pat Partner/);
      assert.match(
        text(await h.nextReply(dm.pat, before + 1)),
        /your own organization, \*\*Partner Services\*\*/,
      );
      assert.equal((await h.running.tokens.get(pat.id))?.managesOtherOrgs, true);
      const list = text(await h.ask(dm.pat, pat.id, '/org list'));
      assert.match(list, /Globex/);
      assert.match(list, /Acme Test Org/);
      const help = text(await h.ask(dm.pat, pat.id, '/help'));
      assert.match(help, /`\/org`, `\/org list`/);
      assert.match(help, /`\/org use <name>`/);
    });

    it('/org use, /org list and /org find signed out are carried on; /whoami lists the choice and when it is forgotten', async () => {
      const reply = await h.ask(dm.pat, pat.id, '/org use globex');
      const { before } = await signInFrom(dm.pat, pat, reply);
      assert.match(
        text(await h.nextReply(dm.pat, before + 1)),
        /Voicemail commands now act on \*\*Globex\*\*/,
      );
      const who = text(await h.ask(dm.pat, pat.id, '/whoami'));
      assert.match(
        who,
        new RegExp(
          String.raw`Voicemail commands act on: \*\*Globex\*\* \(.+\), chosen with \`/org use\`; forgotten in 30 days ${UTC_TIME} unless used again`,
        ),
      );
      await h.ask(dm.pat, pat.id, '/logout');
      const list = await h.ask(dm.pat, pat.id, '/org list');
      const again = await signInFrom(dm.pat, pat, list);
      assert.match(text(await h.nextReply(dm.pat, again.before + 1)), /Organizations you can manage: 3/);
      await h.ask(dm.pat, pat.id, '/logout');
      const find = await h.ask(dm.pat, pat.id, '/org find glob');
      assert.match(text(find), /carry on with `\/org find`/);
      const found = await signInFrom(dm.pat, pat, find);
      assert.match(text(await h.nextReply(dm.pat, found.before + 1)), /1 organization matches:\n\n- Globex/);
    });
  });
});
