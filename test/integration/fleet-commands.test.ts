import assert from 'node:assert/strict';
import { startHarness, type Harness, type Reply } from '../helpers/bot-harness.js';
import { rendered } from '../helpers/inert-markdown.js';
import { cardOf } from '../helpers/card-inputs.js';
import { FLEET_POLICY, type FleetOrg } from '../../src/emulator/seed-fleet.js';
import { createMemoryKeyValueStore } from '../../src/store/memory-key-value-store.js';
import { MAX_MESSAGE_BYTES } from '../../src/webex/messages-client.js';
import { plain, until } from '../helpers/read-replies.js';

const RULES = '/v1/telephony/config/voicemail/rules';
const FLEET_ENV = { FLEET_PROGRESS_INTERVAL_MS: '100', FLEET_CALLS_PER_SECOND: '100' };
const FLEET_TIMINGS = { backoffMs: 50, lockDurationMs: 2000, stalledIntervalMs: 1000 };
const POLICY = 'expire=60 change=1 history=5';
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

type Rules = Record<string, { enabled?: boolean; numberOfDays?: number; numberOfPasscodes?: number }>;

/** Which of the policy's settings an org's rules (as the emulator holds them) do not have yet. */
function differing(rules: Rules): string[] {
  return (Object.keys(FLEET_POLICY) as (keyof typeof FLEET_POLICY)[]).filter(
    (k) => JSON.stringify(rules[k]) !== JSON.stringify(FLEET_POLICY[k]),
  );
}

/**
 * The `/fleet` commands end to end: a partner with 100 customer orgs (hostile names among them) in the
 * emulator, the real framework, BullMQ on real Redis.
 */
describe('/fleet commands (emulator, real framework, real Redis)', function () {
  this.timeout(90_000);
  let h: Harness;
  let orgs: FleetOrg[];
  let pat = '';
  let cora = '';
  let patDm = '';
  let coraDm = '';
  let team = '';
  let patToken = '';

  before(async () => {
    h = await startHarness({
      env: FLEET_ENV,
      start: { fleet: FLEET_TIMINGS },
      seed: (w) => {
        const f = w.em.seedFleet({
          orgs: 100,
          colleague: { email: 'cora@partner.test', displayName: 'Cora Colleague' },
        });
        orgs = f.orgs;
        pat = f.partner.id;
        cora = f.colleague!.id;
        patDm = w.em.createRoom({ type: 'direct', memberIds: [pat, w.bot.id] }).id;
        coraDm = w.em.createRoom({ type: 'direct', memberIds: [cora, w.bot.id] }).id;
        team = w.em.createRoom({ type: 'group', title: 'Partner team', memberIds: [pat, cora, w.bot.id] }).id;
      },
    });
    patToken = await h.grant(pat);
    await h.grant(cora);
    await h.grant(h.admin.id);
  });
  after(async () => {
    h?.em.clearFaults();
    await h?.close();
  });
  beforeEach(() => {
    h.em.clearFaults();
    h.em.clearRequests();
  });

  const ask = async (text: string, room = patDm, who = pat) =>
    (await h.ask(room, who, text, { mention: room === team, timeoutMs: 20_000 })).markdown ?? '';
  /** Every message the bot says after `text`, once it has said `count` of them. */
  async function askAll(text: string, count: number, room = patDm, who = pat): Promise<Reply[]> {
    const before = h.botSaid(room).length;
    await h.em.say(who, room, text, room === team ? { mention: [h.bot.id] } : undefined);
    await h.nextReply(room, before + count - 1, 20_000);
    return h.botSaid(room).slice(before) as Reply[];
  }
  /** What the bot says to `text` that matches `want` (progress messages may come in between). */
  async function askFor(text: string, want: RegExp, room = patDm, who = pat): Promise<string> {
    const before = h.botSaid(room).length;
    await h.em.say(who, room, text, room === team ? { mention: [h.bot.id] } : undefined);
    return until(`a reply to ${text} matching ${want}`, () =>
      h
        .botSaid(room)
        .slice(before)
        .map((m) => m.markdown ?? '')
        .find((m) => want.test(m)),
    );
  }
  const rulesGets = () => h.em.requestsFor({ method: 'GET', path: RULES });
  const puts = (orgId: string) => h.em.requestsFor({ method: 'PUT', path: RULES, orgId });
  const reports = (roomId: string) =>
    h.botSaid(roomId).filter((m) => (m.markdown ?? '').startsWith('**Fleet report**'));
  const linesOf = (page: string) => page.split('\n').filter((l) => l.startsWith('- '));
  const inert = (line: string) => {
    const out = rendered(line);
    assert.equal(out.mentions, 0, line);
    assert.equal(out.linkable, false, line);
    for (const bad of ['a', 'em', 'img', 'h1', 'script', 'b'])
      assert.ok(!out.elements.includes(bad), `${bad} in ${line}`);
  };

  it('/fleet: every customer org with its rules, paged under the limit, with the summary; names inert', async () => {
    const first = await ask('/fleet');
    const m = /\*\*Your customer orgs\*\* \(page 1 of (\d+)\)/.exec(first);
    assert.ok(m, first.slice(0, 300));
    const pages = [first];
    for (let p = 2; p <= Number(m[1]); p++) pages.push(await ask(`/fleet page ${p}`));
    const matching = orgs.filter((o) => differing(h.em.voicemailRules(o.id) as Rules).length === 0).length;
    assert.equal(matching, 34, 'a third of the seeded orgs have the policy');
    for (const [i, page] of pages.entries()) {
      assert.ok(bytes(page) <= MAX_MESSAGE_BYTES, `page ${i + 1}: ${bytes(page)} bytes`);
      assert.ok(
        plain(page).includes(
          '100 orgs: 34 match the most common policy (expire 60 d · change 1 d · history 5), 66 differ.',
        ),
        plain(page).slice(0, 400),
      );
    }
    assert.match(first, /Next: `\/fleet page 2`/);
    assert.doesNotMatch(pages.at(-1)!, /Next:/);
    const lines = pages.flatMap(linesOf);
    assert.equal(lines.length, 100, 'each org once');
    assert.equal(lines.filter((l) => l.startsWith('- ✓')).length, 34);
    assert.equal(lines.filter((l) => l.startsWith('- ≠')).length, 66);
    // Webex's default expiry of 180 days (outside the PUT range) is shown as stored.
    assert.ok(lines.some((l) => plain(l).includes('expire 180 d · change off · history 10')));
    for (const line of lines) inert(line);
    const all = plain(pages.join('\n'));
    assert.ok(all.includes('*Holdings* <@all>'), 'a hostile name reads as itself');
    assert.ok(!h.botSaid(patDm).some((x) => /<@all>/.test(x.markdown ?? '')), 'never unescaped');
    assert.equal(rulesGets().length, 100 * pages.length, 'one GET per org per page asked');
    assert.match(await ask(`/fleet page ${pages.length + 1}`), /There (are \d+ pages|is only one page)/);
  });

  it('/fleet find narrows by name (any case) and reads only those orgs', async () => {
    const found = plain(await ask('/fleet find CUSTOMER 001'));
    const expected = orgs.filter((o) => o.displayName.toLowerCase().includes('customer 001'));
    assert.equal(expected.length, 10);
    assert.match(found, new RegExp(`Customer orgs matching: 10 of 100`));
    assert.equal(linesOf(found).length, 10);
    for (const o of expected) assert.ok(found.includes(o.displayName), o.displayName);
    assert.equal(rulesGets().length, 10);
    assert.equal(
      await ask('/fleet find nothing-like-this'),
      'No customer org you manage has that in its name. See `/fleet` or `/org list`.',
    );
  });

  it('says which orgs could not be read and why; a sign-in without partner rights gets a clear line', async () => {
    const broken = orgs[4]!;
    h.em.injectFault({ method: 'GET', path: RULES, orgId: broken.id, status: 403, count: 'always' });
    const page = plain(await ask('/fleet'));
    assert.match(page, /100 orgs: 34 match the most common policy \(.*\), 65 differ, 1 could not be read\./);
    assert.match(
      page,
      new RegExp(
        `✗ \\*\\*${broken.displayName}\\*\\*: could not be read: Webex refused \\(403\\).*trackingId`,
      ),
    );
    h.em.clearFaults();
    h.em.injectFault({ method: 'GET', path: '/v1/organizations', status: 403, count: 1 });
    assert.match(await ask('/fleet'), /Webex refused to list the organizations this sign-in manages \(403\)/);
    assert.equal(rulesGets().filter((r) => r.status === 200).length, 99);
  });

  it('anyone but a partner gets a clear reply; /help lists the fleet commands for a partner', async () => {
    // Alice administers Acme only: her sign-in was read (once, at first use) as managing no other org.
    assert.match(await ask('/fleet', h.dm.id, h.admin.id), /^`\/fleet` is for partner administrators/);
    const apply = await ask(`/fleet apply ${POLICY} to all`, h.dm.id, h.admin.id);
    assert.match(apply, /is for partner administrators/);
    assert.equal(rulesGets().length, 0);
    // A partner whose customers are all gone: a fleet of 0 orgs is one clear line, not an empty table.
    h.em.setManagedOrgs(pat, []);
    try {
      assert.match(await ask('/fleet'), /^Your sign-in manages no customer organizations/);
      assert.match(
        await ask(`/fleet apply ${POLICY} to all`),
        /^Your sign-in manages no customer organizations/,
      );
    } finally {
      h.em.setManagedOrgs(
        pat,
        orgs.map((o) => o.id),
      );
    }
    const help = await ask('/help');
    for (const syntax of ['/fleet', '/fleet find <text>', '/fleet status', '/fleet cancel', '/fleet report'])
      assert.ok(help.includes(`\`${syntax}\``), syntax);
    assert.match(help, /`\/fleet apply <settings> to all \| to <names or ids> \| where <setting>=<value>`/);
  });

  it('a PIN in any form is refused with the reason, before anything is read', async () => {
    for (const text of [
      `/fleet apply ${POLICY} pin=8264 to all`,
      '/fleet apply pin=random to all',
      '/fleet apply pin-enabled=on to all',
      '/fleet apply pin 80 51 63 to all',
    ]) {
      const reply = await ask(text);
      assert.match(
        reply,
        /^Not applied: a fleet run never sets a PIN\. Each org has its own PIN rules/,
        text,
      );
      assert.match(reply, /shared by many customers is a bad idea/);
      assert.ok(!/8264|805163|80 51 63/.test(reply), 'the PIN is not repeated');
    }
    assert.match(
      await ask('/fleet apply expire=500 to all'),
      /Not applied: the settings could not be read:[\s\S]*expire/,
    );
    assert.match(await ask(`/fleet apply ${POLICY}`), /^Say which orgs/);
    assert.equal(h.em.requests.filter((r) => r.path.startsWith('/v1/telephony')).length, 0);
  });

  it('apply to all: preview counts, one Confirm card, progress edited in place, report posted; each differing org PUT once', async () => {
    const unreadable = orgs[7]!;
    h.em.injectFault({ method: 'GET', path: RULES, orgId: unreadable.id, status: 403, count: 'always' });
    const expected = orgs.filter(
      (o) => o.id !== unreadable.id && differing(h.em.voicemailRules(o.id) as Rules).length > 0,
    );
    const perKey = (k: keyof typeof FLEET_POLICY) =>
      expected.filter((o) => differing(h.em.voicemailRules(o.id) as Rules).includes(k)).length;
    const said = await askAll(`/fleet apply ${POLICY} to all`, 2);
    const preview = plain(said[0]!.markdown);
    assert.ok(bytes(said[0]!.markdown!) <= MAX_MESSAGE_BYTES);
    const matching = 100 - 1 - expected.length;
    assert.match(
      preview,
      new RegExp(
        `Of 100 orgs: \\*\\*${expected.length} would change\\*\\*, ${matching} already match, 1 could not be read\\.`,
      ),
    );
    assert.match(
      preview,
      new RegExp(`- Passcode expiry → on, 60 days \\(${perKey('expirePasscode')} orgs\\)`),
    );
    assert.match(
      preview,
      new RegExp(
        `- Minimum time between passcode changes → on, 1 day \\(${perKey('changePasscode')} orgs\\)`,
      ),
    );
    assert.match(
      preview,
      new RegExp(
        `- Block reuse of previous passcodes → on, 5 passcodes \\(${perKey('blockPreviousPasscodes')} orgs\\)`,
      ),
    );
    assert.ok(preview.includes(`✗ **${unreadable.displayName}**: could not be read: Webex refused (403)`));
    const card = said[1]!;
    const content = JSON.stringify(cardOf(card));
    assert.ok(content.includes(`Fleet: ${expected.length} orgs to change`), content.slice(0, 400));
    assert.ok(content.includes(`Apply to ${expected.length} orgs`));
    assert.equal(
      h.em.requestsFor({ method: 'PUT', path: RULES }).length,
      0,
      'nothing written before Confirm',
    );

    h.em.clearRequests();
    const seen = reports(patDm).length;
    const before = h.botSaid(patDm).length;
    await h.em.submitCard(pat, card.id, {}, { actionTitle: `Apply to ${expected.length} orgs` });
    const started = await until('the run to start', () =>
      h
        .botSaid(patDm)
        .slice(before)
        .find((x) => /Started fleet run/.test(x.markdown ?? '')),
    );
    const runId = /Started fleet run `([0-9a-f-]+)` for (\d+) orgs/.exec(plain(started.markdown));
    assert.ok(runId, started.markdown);
    assert.equal(Number(runId[2]), expected.length);
    await until('the report', () => (reports(patDm).length > seen ? true : undefined));
    const report = plain(reports(patDm).at(-1)!.markdown);
    assert.match(
      report,
      new RegExp(
        `Applied ${expected.length} · unchanged 0 · failed 0 · skipped 0 of ${expected.length} orgs \\(done in`,
      ),
    );
    // Each differing org written exactly once; orgs already matching, and the unreadable one, never.
    for (const o of orgs) {
      const n = puts(o.id).length;
      if (expected.includes(o)) assert.equal(n, 1, o.displayName);
      else assert.equal(n, 0, o.displayName);
      if (o.id !== unreadable.id)
        assert.deepEqual(differing(h.em.voicemailRules(o.id) as Rules), [], o.displayName);
    }
    // The progress message: posted once, edited in place up to 100%.
    const progress = h
      .botSaid(patDm)
      .slice(before)
      .filter(
        (x) =>
          /policy (applied )?to \d+ orgs/.test(x.markdown ?? '') &&
          !(x.markdown ?? '').startsWith('**Fleet report'),
      );
    assert.ok(progress.length >= 1);
    const edits = h.em.messageEdits(progress[0]!.id);
    assert.ok(edits.count >= 1, 'edited in place');
    const last = progress.at(-1)!;
    assert.match(
      plain(h.em.messageEdits(last.id).edits.at(-1)?.markdown ?? last.markdown),
      /Finished: policy applied to \d+ orgs\*\*: (\d+)\/\1 done/,
    );

    // /fleet status and /fleet report on the finished run.
    const status = plain(await ask('/fleet status'));
    assert.match(
      status,
      new RegExp(`Fleet run\\*\\* \`${runId[1]}\`, started by Pat Partner at .*: finished\\.`),
    );
    assert.match(status, new RegExp(`Applied ${expected.length} · unchanged 0 · failed 0 · skipped 0`));
    const again = await askAll('/fleet report', 1);
    assert.equal(again[0]!.markdown, reports(patDm).at(-2)?.markdown ?? again[0]!.markdown);
    assert.equal(plain(again[0]!.markdown), report);
    assert.match(await ask('/fleet cancel'), /Nothing to cancel: that run is already finished/);
    // The confirmation, the run and its jobs hold ids and names only: no token anywhere in Redis, none logged.
    const dump = JSON.stringify(await h.store.dump());
    assert.ok(dump.includes(runId[1]!));
    assert.ok(!dump.includes(patToken));
    assert.ok(!h.logs.lines.some((l) => l.includes(patToken)));
  });

  it('to <names>, where <setting>=<value>, pin-enabled=off with its warning; nothing to do says so', async () => {
    // Everything matches the policy after the previous test: set a few orgs apart "in Control Hub".
    const [a, b, c] = [orgs[1]!, orgs[2]!, orgs[3]!];
    for (const o of [a, b, c])
      h.em.setVoicemailRules(o.id, { expirePasscode: { enabled: true, numberOfDays: 30 } });
    const named = await askAll(`/fleet apply expire=45 to ${a.displayName}, ${orgs[0]!.id}`, 2);
    assert.match(plain(named[0]!.markdown), /Of 2 orgs: \*\*2 would change\*\*, 0 already match\./);
    assert.equal(rulesGets().length, 2, 'only the named orgs are read');
    const where = await askAll('/fleet apply expire=45 where expire=30', 2);
    assert.match(
      plain(where[0]!.markdown),
      /Of 3 orgs where the condition holds: \*\*3 would change\*\*, 0 already match \(97 orgs read do not meet it\)\./,
    );
    const off = await askAll(`/fleet apply pin-enabled=off to ${a.displayName}`, 2);
    const card = JSON.stringify(cardOf(off[1]!));
    assert.ok(card.includes('Turning the default PIN off discards the stored PIN'), card);
    assert.match(
      await ask('/fleet apply expire=60 to customer 0'),
      /matches \d+ orgs \(.*\): use the whole name or the id/,
    );
    assert.match(
      await ask('/fleet apply expire=60 to No Such Org'),
      /“No Such Org” matches no customer org you manage/,
    );
    const nothing = await askAll(`/fleet apply ${POLICY} to ${orgs[5]!.displayName}`, 2);
    assert.match(nothing[1]!.markdown ?? '', /^Nothing to apply/);
  });

  it('one run at a time; cancel only by the requester (in-flight orgs finish); racing confirms start one run', async () => {
    for (const o of orgs)
      h.em.setVoicemailRules(o.id, { expirePasscode: { enabled: true, numberOfDays: 20 } });
    const first = await askAll('/fleet apply expire=25 to all', 2, team);
    const card = first[1]!;
    const title = 'Apply to 100 orgs';
    h.em.setLatency(120, { method: 'GET', path: RULES });
    const before = h.botSaid(team).length;
    await Promise.all([
      h.em.submitCard(pat, card.id, {}, { actionTitle: title }),
      h.em.submitCard(pat, card.id, {}, { actionTitle: title }),
    ]);
    const said = await until('both presses answered', () => {
      const all = h
        .botSaid(team)
        .slice(before)
        .map((m) => plain(m.markdown));
      return all.some((m) => /Started fleet run/.test(m)) && all.some((m) => /already confirmed/.test(m))
        ? all
        : undefined;
    });
    assert.equal(said.filter((m) => /Started fleet run/.test(m)).length, 1, said.join('\n---\n'));
    assert.equal(
      said.filter((m) => /already confirmed or cancelled/.test(m)).length,
      1,
      said.join('\n---\n'),
    );
    const runId = /Started fleet run `([0-9a-f-]+)`/.exec(said.find((m) => /Started/.test(m))!)![1]!;

    // A second run while this one goes: refused with the way to it.
    const second = await askFor('/fleet apply expire=30 to all', /^You already/, team);
    assert.match(
      second,
      /You already have a fleet run going \(\d+\/100 orgs done\)[\s\S]*`\/fleet status`[\s\S]*`\/fleet cancel`/,
    );
    const status = plain(await askFor('/fleet status', /Fleet run/, team));
    assert.match(status, /: running\./);
    assert.match(status, /Applying policy to 100 orgs\*\*: \d+\/100 done/);

    // Cora, in the same space, may see the run but not cancel it; she has no run of her own.
    assert.match(
      await askFor(`/fleet cancel ${runId}`, /cancel/i, team, cora),
      /Not cancelled: only Pat Partner, who started this run, can cancel it\./,
    );
    assert.match(await ask('/fleet cancel', coraDm, cora), /You have not started a fleet run/);
    assert.match(
      await ask(`/fleet status ${runId}`, coraDm, cora),
      /No fleet run with that id is known here/,
    );

    await until('a few orgs done', async () =>
      (await h.running.fleet!.status(runId))!.done >= 3 ? true : undefined,
    );
    const seen = reports(team).length;
    assert.match(
      await askFor('/fleet cancel', /^Cancelled/, team),
      /^Cancelled: orgs not yet started are skipped; orgs in flight finish/,
    );
    await until('the report', () => (reports(team).length > seen ? true : undefined));
    h.em.setLatency(0, { method: 'GET', path: RULES });
    const s = (await h.running.fleet!.status(runId))!;
    assert.equal(s.status, 'cancelled');
    assert.ok(s.counts.skipped > 0 && s.counts.applied > 0, JSON.stringify(s.counts));
    for (const o of orgs) {
      const days = (h.em.voicemailRules(o.id) as Rules).expirePasscode?.numberOfDays;
      assert.equal(puts(o.id).length, days === 25 ? 1 : 0, o.displayName);
    }
    const report = plain(reports(team).at(-1)!.markdown);
    assert.match(report, new RegExp(`Skipped \\(${s.counts.skipped}\\)`));
    for (const line of reports(team)
      .at(-1)!
      .markdown!.split('\n')
      .filter((l) => l.startsWith('- ')))
      inert(line);
  });

  it('without Redis every /fleet command says the fleet needs Redis', async () => {
    const mem = await startHarness({ start: { kv: createMemoryKeyValueStore() } });
    try {
      assert.equal(mem.running.fleet, undefined);
      await mem.grant(mem.admin.id);
      for (const cmd of [
        '/fleet',
        '/fleet find x',
        `/fleet apply ${POLICY} to all`,
        '/fleet status',
        '/fleet cancel',
        '/fleet report',
      ]) {
        const reply = (await mem.ask(mem.dm.id, mem.admin.id, cmd)).markdown ?? '';
        assert.match(reply, /need the bot to run on Redis/, cmd);
      }
    } finally {
      await mem.close();
    }
  });
});
