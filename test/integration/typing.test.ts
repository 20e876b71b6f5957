import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { COMMANDS } from '../../src/bot/commands/index.js';
import { UNKNOWN_MARKDOWN } from '../../src/bot/commands/unknown.js';
import type { ListedKind } from '../../src/bot/router.js';

const RULES = '/v1/telephony/config/voicemail/rules';
const NOT_UNDERSTOOD = "I didn't understand";

/** A command's usage line as the table has it: what /help shows for it. */
const usageOf = (kind: ListedKind) => COMMANDS[kind].usage;
const shows = (reply: string, kind: ListedKind) => {
  const u = usageOf(kind);
  assert.ok(reply.includes(`\`${u.syntax}\`: ${u.about}`), `${kind} usage in: ${reply}`);
  if (u.more) assert.ok(reply.includes(u.more), `${kind} more line in: ${reply}`);
};

/** Typing variants and partial commands, as a person sends them to the real bot through the emulator. */
describe('typing: variants, partial commands and near misses', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h?.close();
  });

  const puts = () => h.em.requests.filter((r) => r.method === 'PUT' && r.path === RULES);
  const ask = async (text: string, room = h.dm.id, mention = false) =>
    (await h.ask(room, h.admin.id, text, { mention })).markdown ?? '';

  describe('partial commands get their usage lines from the command table', () => {
    const partial: [string, string, ListedKind[]][] = [
      ['/org use', '`/org use` needs more after it:', ['org.use']],
      ['/org use   ', '`/org use` needs more after it:', ['org.use']],
      ['/voicemail set', '`/voicemail set` needs more after it:', ['voicemail.set']],
      ['voicemail set', '`/voicemail set` needs more after it:', ['voicemail.set']],
      ['/org find', '`/org find` needs more after it:', ['org.find']],
      [
        '/voicemail foo',
        '`/voicemail` does not do that.',
        ['voicemail.form', 'voicemail.show', 'voicemail.set'],
      ],
      ['/org foo', '`/org` does not do that.', ['org.show', 'org.list', 'org.find', 'org.use']],
      ['/login x', '`/login` does not take that after it:', ['login']],
      ['/logout now', '`/logout` does not take that after it:', ['logout']],
      ['/voicemail show me', '`/voicemail show` does not take that after it:', ['voicemail.show']],
      ['/org list everything', '`/org list` does not take that after it:', ['org.list']],
    ];
    for (const [text, lead, kinds] of partial) {
      it(`${JSON.stringify(text)}: ${kinds.join(', ')}`, async () => {
        const reply = await ask(text);
        assert.ok(reply.startsWith(lead), reply);
        for (const kind of kinds) shows(reply, kind);
        assert.ok(!reply.includes(NOT_UNDERSTOOD), reply);
        assert.equal(h.em.requests.filter((r) => r.path.startsWith('/v1/telephony')).length, 0);
      });
    }

    it('a near miss of a second word names the one meant', async () => {
      const reply = await ask('/voicemail shwo');
      assert.ok(reply.startsWith('`/voicemail` does not do that. Did you mean `/voicemail show`?'), reply);
      const org = await ask('/org lsit');
      assert.ok(org.startsWith('`/org` does not do that. Did you mean `/org list`?'), org);
    });

    it('settings without "set" are pointed to /voicemail set and never applied', async () => {
      await h.grant(h.admin.id);
      const reply = await ask('/voicemail expire=50');
      assert.ok(
        reply.startsWith('`/voicemail` does not do that. Did you mean `/voicemail set key=value …`?'),
        reply,
      );
      assert.equal(puts().length, 0);
    });

    it('in a group space, with the bot mentioned before, inside or after the command', async () => {
      for (const text of [
        '/org use',
        'Voicemail Bot /org use',
        '/org Voicemail Bot use',
        '/org use Voicemail Bot',
      ]) {
        const reply = await ask(text, h.group.id, true);
        assert.ok(reply.startsWith('`/org use` needs more after it:'), `${text}: ${reply}`);
        shows(reply, 'org.use');
      }
    });
  });

  describe('"I didn\'t understand" only for text that names no command', () => {
    it('unknown text: the plain pointer to /help', async () => {
      assert.equal(await ask('what is the weather'), UNKNOWN_MARKDOWN);
    });

    it('a misspelt command: the closest one, with its usage line', async () => {
      const reply = await ask('/voicmail show');
      assert.ok(reply.startsWith(`${NOT_UNDERSTOOD} that. Did you mean \`/voicemail show\`?`), reply);
      shows(reply, 'voicemail.show');
      assert.match(reply, /Say `\/help`/);
      assert.equal(
        await ask('/hlep'),
        "I didn't understand that. Did you mean `/help`? It lists what I can do.",
      );
    });

    it('settings typed alone point to /voicemail set without repeating them (a PIN among them)', async () => {
      await h.grant(h.admin.id);
      const reply = await ask('pin=805163 expire=50');
      assert.ok(
        reply.startsWith(`${NOT_UNDERSTOOD} that. Did you mean \`/voicemail set key=value …\`?`),
        reply,
      );
      assert.ok(!reply.includes('805163'), reply);
      assert.equal(puts().length, 0);
    });
  });

  describe('/voicemail set variants reach Webex as the same change', () => {
    const variants: [string, object][] = [
      ['/voicemail set expire = 50', { expirePasscode: { enabled: true, numberOfDays: 50 } }],
      ['/voicemail set expiry=50', { expirePasscode: { enabled: true, numberOfDays: 50 } }],
      ['/voicemail set expire=50days', { expirePasscode: { enabled: true, numberOfDays: 50 } }],
      ['/voicemail set Expiry: 50\u00a0days', { expirePasscode: { enabled: true, numberOfDays: 50 } }],
      ['/voicemail set expire=\u201c7 weeks\u201d', { expirePasscode: { enabled: true, numberOfDays: 49 } }],
      [
        '/voicemail set history=5 passcodes',
        { blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 5 } },
      ],
      ['/voicemail set change=every 3 days', { changePasscode: { enabled: true, numberOfDays: 3 } }],
      [
        '/voicemail set pin\u2013enabled: yes, pin\u00a0=\u00a0591738',
        { defaultVoicemailPinEnabled: true, defaultVoicemailPin: '591738' },
      ],
    ];
    for (const [text, body] of variants) {
      it(`${JSON.stringify(text)} -> PUT ${JSON.stringify(body)}`, async () => {
        await h.grant(h.admin.id);
        const reply = await ask(text);
        assert.equal(puts().length, 1, reply);
        assert.deepEqual(puts()[0]?.body, body);
        assert.doesNotMatch(reply, /Not changed|didn't understand/, reply);
      });
    }

    it('the bot mentioned inside the command in a group space', async () => {
      await h.grant(h.admin.id);
      const reply = await ask('/voicemail Voicemail Bot set expire=50 days', h.group.id, true);
      assert.equal(puts().length, 1, reply);
      assert.deepEqual(puts()[0]?.body, { expirePasscode: { enabled: true, numberOfDays: 50 } });
    });

    it('ambiguous or unknown input: a specific refusal, the usage line, and nothing sent', async () => {
      await h.grant(h.admin.id);
      const cases: [string, RegExp][] = [
        ['/voicemail set expire=50 60', /Setting 2 is a number with no key before it/],
        ['/voicemail set expire=2 months', /a month is not a fixed number of days/],
        ['/voicemail set expre=50', /did you mean expire\?/],
        ['/voicemail set expire=120', /expire must be off, on or a whole number of days \(15–100 days\)/],
        ['/voicemail set expire=50 expiry=60', /expire is given more than once/],
        ['/voicemail set history=5 days', /history counts passcodes, not days/],
      ];
      for (const [text, why] of cases) {
        const reply = await ask(text);
        // The org the refusal is about comes first, then what was not changed.
        assert.match(reply, /^Org: Acme Test Org\n\nNot changed:/, reply);
        // The problems are escaped markdown: read as the person sees them.
        assert.match(reply.replace(/\\/g, ''), why);
        shows(reply, 'voicemail.set');
      }
      assert.equal(puts().length, 0);
    });

    it('a PIN typed after a misspelt or wrong key is never said back, in the reply or the log', async () => {
      await h.grant(h.admin.id);
      for (const text of [
        '/voicemail set pn=8051',
        '/voicemail set pn8051=on',
        '/voicemail set pin-enabled=8051',
        '/voicemail set pin=8051 63',
        '/voicemail set pin enbled=8051',
        '/voicemail set pni: 805163',
      ]) {
        const reply = await ask(text);
        // The org the refusal is about comes first, then what was not changed.
        assert.match(reply, /^Org: Acme Test Org\n\nNot changed:/, reply);
        assert.doesNotMatch(reply, /8051|805163/, `${text}: ${reply}`);
      }
      const pn = await ask('/voicemail set pn=8051');
      assert.match(pn, /did you mean pin\\\?/);
      assert.equal(puts().length, 0);
      // Six digits: a shorter run could turn up by chance in an id or a trackingId.
      assert.ok(!h.logs.text().includes('805163'));
    });

    it('a PIN under another of its names is kept out of a group space', async () => {
      await h.grant(h.admin.id);
      for (const text of ['/voicemail set default-pin=8051', '/voicemail set pin\u2013code 51']) {
        const reply = await ask(text, h.group.id, true);
        assert.match(reply, /a PIN typed in a group space is visible to everyone/);
        assert.doesNotMatch(reply, /8051/);
      }
      assert.equal(puts().length, 0);
    });
  });
});
