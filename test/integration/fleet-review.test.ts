import assert from 'node:assert/strict';
import { startHarness, type Harness, type Reply } from '../helpers/bot-harness.js';
import { cardOf } from '../helpers/card-inputs.js';
import type { FleetOrg } from '../../src/emulator/seed-fleet.js';
import { MAX_MESSAGE_BYTES } from '../../src/webex/messages-client.js';
import { plain, until } from '../helpers/read-replies.js';

const RULES = '/v1/telephony/config/voicemail/rules';
const PREFIX = 'Customer With A Rather Long Registered Company Name Holdings Intl';
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
type Rules = Record<string, { enabled?: boolean; numberOfDays?: number; numberOfPasscodes?: number }>;

/**
 * Issue 12's review, fixed: a run re-checks `where` under the org lock, a report names every org not
 * reached, lost partner rights stop a run after one look, `where` takes what GET returns, and `to`/`where`
 * and an org named "All" are not misread. Bot ↔ emulator over HTTP, BullMQ on real Redis.
 */
describe('fleet review fixes (issue 12)', function () {
  this.timeout(120_000);
  let h: Harness;
  let orgs: FleetOrg[];
  let pat = '';
  let patDm = '';
  let allOrg = '';

  before(async () => {
    h = await startHarness({
      env: { FLEET_PROGRESS_INTERVAL_MS: '100', FLEET_CALLS_PER_SECOND: '100' },
      start: { fleet: { backoffMs: 50, lockDurationMs: 2000, stalledIntervalMs: 1000 } },
      seed: (w) => {
        const f = w.em.seedFleet({ orgs: 120, namePrefix: PREFIX });
        orgs = f.orgs;
        pat = f.partner.id;
        patDm = w.em.createRoom({ type: 'direct', memberIds: [pat, w.bot.id] }).id;
      },
    });
    await h.grant(pat);
  });
  after(async () => {
    h?.em.clearFaults();
    await h?.close();
  });
  beforeEach(() => {
    h.em.clearFaults();
    h.em.setLatency(0);
    h.em.clearRequests();
  });

  async function askAll(text: string, count: number): Promise<Reply[]> {
    const before = h.botSaid(patDm).length;
    await h.em.say(pat, patDm, text);
    await h.nextReply(patDm, before + count - 1, 30_000);
    return h.botSaid(patDm).slice(before) as Reply[];
  }
  const ask = async (text: string) => plain((await h.ask(patDm, pat, text, { timeoutMs: 20_000 })).markdown);
  const reports = () => h.botSaid(patDm).filter((m) => (m.markdown ?? '').startsWith('**Fleet report**'));
  const reportAfter = (seen: number) =>
    until(
      'every report page',
      () => {
        const got = reports()
          .slice(seen)
          .map((m) => m.markdown ?? '');
        if (!got.length) return undefined;
        const n = Number(/\(page \d+ of (\d+)\)/.exec(got[0]!)?.[1] ?? 1);
        return got.length >= n ? got.slice(0, n) : undefined;
      },
      90_000,
    );

  async function confirm(card: Reply): Promise<string> {
    const title = /"(Apply to \d+ orgs?)"/.exec(JSON.stringify(cardOf(card)))![1]!;
    const before = h.botSaid(patDm).length;
    await h.em.submitCard(pat, card.id, {}, { actionTitle: title });
    const started = await until('the run to start', () =>
      h
        .botSaid(patDm)
        .slice(before)
        .find((x) => /Started fleet run/.test(x.markdown ?? '')),
    );
    return /Started fleet run `([0-9a-f-]+)`/.exec(plain(started.markdown))![1]!;
  }
  const finished = (runId: string) =>
    until(
      'the run to end',
      async () => {
        const s = await h.running.fleet!.status(runId);
        return s && s.status !== 'running' && s.done >= s.total ? s : undefined;
      },
      90_000,
    );

  it('where: an org moved off the condition after the preview is not written, and says why', async () => {
    const [a, b, c] = [orgs[1]!, orgs[2]!, orgs[3]!];
    for (const o of [a, b, c])
      h.em.setVoicemailRules(o.id, { expirePasscode: { enabled: true, numberOfDays: 30 } });
    const said = await askAll('/fleet apply expire=45 where expire=30', 2);
    assert.match(plain(said[0]!.markdown), /Of 3 orgs where the condition holds/);
    // Between the preview and Confirm, someone moves org b to 90 days in Control Hub.
    h.em.setVoicemailRules(b.id, { expirePasscode: { enabled: true, numberOfDays: 90 } });
    const seen = reports().length;
    const runId = await confirm(said[1]!);
    const s = await finished(runId);
    assert.equal((h.em.voicemailRules(b.id) as Rules).expirePasscode?.numberOfDays, 90);
    for (const o of [a, c])
      assert.equal((h.em.voicemailRules(o.id) as Rules).expirePasscode?.numberOfDays, 45);
    assert.deepEqual(
      { applied: s.counts.applied, skipped: s.counts.skipped, failed: s.counts.failed },
      { applied: 2, skipped: 1, failed: 0 },
    );
    assert.equal(h.em.requestsFor({ method: 'PUT', path: RULES }).length, 2);
    const report = plain((await reportAfter(seen)).join('\n'));
    assert.match(report, /no longer has expire=30 \(now on, 90 days\)/, report);
  });

  it('token revoked mid-run: every org not reached is in the report, one per line, pages under the limit', async () => {
    for (const o of orgs)
      h.em.setVoicemailRules(o.id, { expirePasscode: { enabled: true, numberOfDays: 20 } });
    const said = await askAll('/fleet apply expire=25 to all', 2);
    h.em.setLatency(150, { method: 'GET', path: RULES });
    const seen = reports().length;
    const runId = await confirm(said[1]!);
    await until('some orgs done', async () =>
      (await h.running.fleet!.status(runId))!.done >= 8 ? true : undefined,
    );
    h.em.revokeAllTokens(pat);
    const s = await finished(runId);
    await h.grant(pat);
    const pages = await reportAfter(seen);
    assert.ok(pages.length > 1, `${pages.length} page(s)`);
    for (const p of pages) assert.ok(bytes(p) <= MAX_MESSAGE_BYTES);
    const all = plain(pages.join('\n'));
    assert.match(all, /Stopped early: the sign-in no longer works/);
    const notReached = orgs.filter(
      (o) => (h.em.voicemailRules(o.id) as Rules).expirePasscode?.numberOfDays === 20,
    );
    assert.ok(s.counts.skipped > 50, JSON.stringify(s.counts));
    // Names are shortened for chat: each is found by its start, on a line of its own.
    const lines = all.split('\n');
    const missing = notReached.filter(
      (o) => !lines.some((l) => l.startsWith(`- ${o.displayName.slice(0, PREFIX.length + 5)}`)),
    );
    assert.equal(missing.length, 0, `${missing.length} of ${notReached.length} orgs not reached are missing`);
  });

  it('partner rights lost mid-run: one look at the orgs, the run stops, one reason for the rest', async () => {
    for (const o of orgs)
      h.em.setVoicemailRules(o.id, { expirePasscode: { enabled: true, numberOfDays: 33 } });
    const said = await askAll('/fleet apply expire=34 to all', 2);
    h.em.setLatency(150, { method: 'GET', path: RULES });
    const seen = reports().length;
    const runId = await confirm(said[1]!);
    await until('some orgs done', async () =>
      (await h.running.fleet!.status(runId))!.done >= 8 ? true : undefined,
    );
    h.em.setManagedOrgs(pat, []);
    h.em.clearRequests();
    const s = await finished(runId);
    const all = plain((await reportAfter(seen)).join('\n'));
    const refused = h.em.requestsFor({ method: 'GET', path: RULES }).filter((r) => r.status === 403).length;
    const listed = h.em.requestsFor({ method: 'GET', path: '/v1/organizations' }).length;
    h.em.setManagedOrgs(
      pat,
      orgs.map((o) => o.id),
    );
    assert.ok(refused < 10, `${refused} GETs refused after the rights went`);
    // One look per instance (this harness runs one), cached for the run.
    assert.equal(listed, 1, `${listed} looks at the org list`);
    assert.match(
      s.stopReason ?? '',
      /your sign-in no longer manages these customer orgs \(partner rights lost\?\)/,
    );
    assert.match(all, /Stopped early: your sign-in no longer manages these customer orgs/);
    assert.equal(all.split('\n').filter((l) => /403/.test(l)).length, 0, all.slice(0, 2000));
    assert.ok(s.counts.skipped > 50, JSON.stringify(s.counts));
  });

  it('an org that 403s while still managed stays one failure line; the run goes on', async () => {
    const [a, b] = [orgs[10]!, orgs[11]!];
    for (const o of [a, b])
      h.em.setVoicemailRules(o.id, { expirePasscode: { enabled: true, numberOfDays: 40 } });
    const said = await askAll(`/fleet apply expire=41 to ${a.id}, ${b.id}`, 2);
    // Webex refuses this one org after the preview, while the sign-in still manages it.
    h.em.injectFault({ method: 'GET', path: RULES, orgId: a.id, status: 403, count: 'always' });
    const seen = reports().length;
    const runId = await confirm(said[1]!);
    const s = await finished(runId);
    assert.equal(s.stopReason, undefined);
    assert.deepEqual({ applied: s.counts.applied, failed: s.counts.failed }, { applied: 1, failed: 1 });
    const all = plain((await reportAfter(seen)).join('\n'));
    assert.match(all, /may not change this org's rules \(403\)/);
  });

  it('one customer handed back mid-run (others still managed): that org is one failure line, the run goes on', async () => {
    const [a, b] = [orgs[12]!, orgs[13]!];
    for (const o of [a, b])
      h.em.setVoicemailRules(o.id, { expirePasscode: { enabled: true, numberOfDays: 42 } });
    const said = await askAll(`/fleet apply expire=43 to ${a.id}, ${b.id}`, 2);
    h.em.setManagedOrgs(
      pat,
      orgs.filter((o) => o.id !== a.id).map((o) => o.id),
    );
    try {
      const seen = reports().length;
      const s = await finished(await confirm(said[1]!));
      assert.equal(s.stopReason, undefined);
      assert.deepEqual({ applied: s.counts.applied, failed: s.counts.failed }, { applied: 1, failed: 1 });
      assert.equal((h.em.voicemailRules(b.id) as Rules).expirePasscode?.numberOfDays, 43);
      assert.match(plain((await reportAfter(seen)).join('\n')), /may not change this org's rules \(403\)/);
    } finally {
      h.em.setManagedOrgs(
        pat,
        orgs.map((o) => o.id),
      );
    }
  });

  it('where takes what Webex holds (expire=180); new values keep the PUT range', async () => {
    const o = orgs[20]!;
    h.em.setVoicemailRules(o.id, { expirePasscode: { enabled: true, numberOfDays: 180 } });
    const said = await askAll('/fleet apply expire=60 where expire=180', 2);
    assert.doesNotMatch(plain(said[0]!.markdown), /could not be read/);
    assert.match(plain(said[0]!.markdown), /where the condition holds/);
    const refused = await ask('/fleet apply expire=180 where expire=60');
    assert.match(refused, /Not applied: the settings could not be read/);
    assert.match(refused, /15–100 days/);
    const tooBig = await ask('/fleet apply expire=60 where expire=181');
    assert.match(tooBig, /the condition after `where` could not be read[\s\S]*1–180 days/);
  });

  it('`to … where …` says they cannot be combined; nothing is read', async () => {
    for (const text of [
      '/fleet apply expire=45 to all where history=5',
      `/fleet apply expire=45 to ${orgs[0]!.id} where history=5`,
      '/fleet apply expire=45 where history=5 to all',
    ]) {
      const reply = await ask(text);
      assert.match(reply, /`to` and `where` cannot be combined/, `${text} -> ${reply}`);
    }
    assert.equal(h.em.requestsFor({ method: 'GET', path: RULES }).length, 0);
  });

  it('`to all` with an org named "All": ambiguous, said so; `to all orgs` and `to "All"` each work', async () => {
    const p = h.em.state.people.get(pat)!;
    allOrg = h.em.createOrg({ displayName: 'All' }).id;
    p.managedOrgIds.push(allOrg);
    try {
      const reply = await ask('/fleet apply expire=45 to All');
      assert.match(reply, /“all” is ambiguous: you manage an org named “All”/);
      assert.match(reply, /`to all orgs`/);
      assert.equal(h.em.requestsFor({ method: 'GET', path: RULES }).length, 0);
      const one = await askAll('/fleet apply expire=45 to "All"', 2);
      assert.match(plain(one[0]!.markdown), /Of 1 org:/);
      const every = await askAll('/fleet apply expire=45 to all orgs', 2);
      assert.match(plain(every[0]!.markdown), new RegExp(`Of ${orgs.length + 1} orgs:`));
      const usage = await ask('/fleet apply');
      assert.match(usage, /to all orgs/);
    } finally {
      p.managedOrgIds.splice(p.managedOrgIds.indexOf(allOrg), 1);
    }
  });
});
