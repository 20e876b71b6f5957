import assert from 'node:assert/strict';
import type { Harness } from '../helpers/bot-harness.js';
import { partnerHarness, type PartnerWorld } from '../helpers/partner-harness.js';
import { rendered, visible } from '../helpers/inert-markdown.js';
import type { CheckResult } from '../../src/drift/drift-watch.js';
import { fleetWatchId, orgWatchId } from '../../src/drift/watch-store.js';
import { plain } from '../helpers/read-replies.js';

const RULES = '/v1/telephony/config/voicemail/rules';
const INTERVAL_MS = 1200;
const HOSTILE_NAME = '<@all> [Sign in again here](https://evil.example/login) **URGENT**';
const DRIFT = /Voicemail rules changed outside me/;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Bot = Harness & PartnerWorld;

/**
 * The drift watch end to end: real Redis (the test prefix), BullMQ job schedulers, the emulator over
 * loopback, a watch interval of 1.2 s. A change made "in Control Hub" is `em.setVoicemailRules`.
 */
describe('drift watch (BullMQ job scheduler, emulator, real Redis)', function () {
  this.timeout(60_000);
  let h: Bot | undefined;
  let other: Bot | undefined;
  let checks: (CheckResult & { instance: number })[] = [];
  afterEach(async () => {
    await other?.stop();
    await h?.close();
    h = other = undefined;
    checks = [];
  });

  const start = (more?: NonNullable<Parameters<typeof partnerHarness>[0]>['more']) =>
    partnerHarness({
      more,
      start: { driftWatch: { intervalMs: INTERVAL_MS, onCheck: (r) => checks.push({ ...r, instance: 1 }) } },
    });
  const alongside = (first: Bot) =>
    partnerHarness({
      alongside: first,
      start: { driftWatch: { intervalMs: INTERVAL_MS, onCheck: (r) => checks.push({ ...r, instance: 2 }) } },
    });

  async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 8000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(25);
    }
  }

  /** Waits for `n` more checks of the org after the ones seen so far; returns them. */
  async function moreChecks(orgId: string, n: number): Promise<CheckResult[]> {
    const from = checks.filter((c) => c.orgId === orgId).length;
    return until(`${n} more checks of ${orgId}`, () => {
      const of = checks.filter((c) => c.orgId === orgId);
      return of.length >= from + n && of.slice(from);
    });
  }

  const said = (bot: Bot, roomId: string, re: RegExp) =>
    bot.botSaid(roomId).filter((m) => re.test(plain(m.markdown ?? m.text)));

  it('announces a change made in Control Hub once, within an interval, with old → new; a change made through the bot is not announced', async () => {
    h = await start();
    const on = await h.ask(h.dm.id, h.admin.id, '/voicemail watch on');
    assert.match(plain(on.markdown), /Org: Acme Test Org/);
    assert.match(
      plain(on.markdown),
      /\*\*Drift watch on\*\*: I read these rules every 1 second with your sign-in/,
    );

    const changedAt = Date.now();
    h.em.setVoicemailRules(h.org.id, { expirePasscode: { enabled: true, numberOfDays: 45 } });
    const [announced] = await until('the drift announcement', () => {
      const a = said(h!, h!.dm.id, DRIFT);
      return a.length > 0 && a;
    });
    // The org's check sits at a fixed point in each interval: the change is seen at the next one.
    assert.ok(Date.now() - changedAt < INTERVAL_MS + 1500, 'announced within one interval');
    const text = plain(announced!.markdown);
    assert.match(
      text,
      /changed outside me\*\* in \*\*Acme Test Org\*\* \(noticed \d{4}-\d\d-\d\d \d\d:\d\d UTC\)/,
    );
    assert.match(text, /- \*\*Passcode expiry\*\*: on, 180 days → on, 45 days/);
    assert.equal(text.match(/→/g)?.length, 1, 'only the setting that changed');

    // Two more checks: it is not said again.
    await moreChecks(h.org.id, 2);
    assert.equal(said(h, h.dm.id, DRIFT).length, 1);

    // A change the bot applies is not drift, however the next checks fall.
    const set = await h.ask(h.dm.id, h.admin.id, '/voicemail set history=5');
    assert.match(set.markdown ?? '', /Voicemail rules updated/);
    const after = await moreChecks(h.org.id, 3);
    assert.ok(
      after.some((c) => c.outcome === 'unchanged'),
      `a check after the bot's change compared and found nothing: ${JSON.stringify(after)}`,
    );
    assert.equal(said(h, h.dm.id, DRIFT).length, 1, 'the bot’s own change is not announced');
    assert.ok(!after.some((c) => c.outcome === 'drift'));
    const alerts = await h.running.metrics.registry.getSingleMetric('vmbot_drift_alerts_total')!.get();
    assert.equal(alerts.values[0]?.value, 1, 'one drift alert counted (metrics)');
  });

  it('/fleet watch on: every customer org is checked with the partner’s own token; a change in one is announced, a hostile org name inert', async () => {
    let hostile = '';
    h = await start((w, world) => {
      const evil = w.em.createOrg({ displayName: HOSTILE_NAME });
      hostile = evil.id;
      w.em.state.people.get(world.pat)!.managedOrgIds.push(evil.id);
    });
    const on = await h.ask(h.patDm, h.pat, '/fleet watch on');
    assert.match(plain(on.markdown), /\*\*Drift watch on\*\* for your 3 customer orgs/);
    // The first read of each org records it.
    for (const orgId of [h.org.id, h.globex.id, hostile])
      await until(`the first check of ${orgId}`, () =>
        checks.some((c) => c.orgId === orgId && c.outcome === 'recorded'),
      );
    const reads = h.em.requests.filter((r) => r.path === RULES && r.method === 'GET');
    assert.ok(reads.length >= 3);
    assert.ok(
      reads.every((r) => r.personId === h!.pat),
      'every read with Pat’s own token',
    );

    h.em.setVoicemailRules(h.globex.id, { blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 3 } });
    h.em.setVoicemailRules(hostile, { changePasscode: { enabled: true, numberOfDays: 2 } });
    const announced = await until('two announcements', () => {
      const a = said(h!, h!.patDm, DRIFT);
      return a.length >= 2 && a;
    });
    const globex = announced.find((m) => plain(m.markdown).includes('in **Globex**'));
    assert.ok(globex, 'Globex is named');
    assert.match(
      plain(globex.markdown),
      /Block reuse of previous passcodes\*\*: on, 10 passcodes → on, 3 passcodes/,
    );

    const evil = announced.find((m) => m !== globex)!;
    const shown = rendered(evil.markdown ?? '');
    assert.equal(shown.mentions, 0, 'no mention');
    assert.ok(!shown.elements.includes('a'), `no link: ${shown.elements.join(',')}`);
    assert.equal(shown.linkable, false);
    assert.ok(visible(shown.text).includes(visible(HOSTILE_NAME)), `reads as the name: ${shown.text}`);
    assert.match(plain(evil.markdown), /Minimum time between passcode changes\*\*: off → on, 2 days/);

    await moreChecks(h.globex.id, 1);
    assert.equal(said(h, h.patDm, DRIFT).length, 2, 'each change once');
    // Watches, seen rules and BullMQ's jobs hold ids, never a token (the scrubber knows every one issued).
    const stored = JSON.stringify(await h.store.dump());
    assert.ok(stored.includes('drift:seen:') && stored.includes('bull:drift'), 'the dump covers the watch');
    assert.equal(h.logs.secrets.scrub(stored), stored, 'no token in Redis');
    assert.ok(!announced.some((m) => plain(m.markdown).includes('Acme Test Org')), 'nothing changed in Acme');
  });

  it('anyone but a partner admin gets a clear reply to /fleet watch on', async () => {
    h = await start();
    const reply = await h.ask(h.dm.id, h.admin.id, '/fleet watch on');
    assert.match(plain(reply.markdown), /`\/fleet` is for partner administrators/);
    const status = await h.ask(h.dm.id, h.admin.id, '/fleet watch');
    assert.match(plain(status.markdown), /No drift watch is on in this space/);
  });

  it('a token Webex no longer accepts pauses the watch and says so once, with the way back', async () => {
    h = await start();
    await h.ask(h.dm.id, h.admin.id, '/voicemail watch on');
    await moreChecks(h.org.id, 1);
    h.em.revokeAllTokens(h.admin.id);
    const [paused] = await until('the pause notice', () => {
      const a = said(h!, h!.dm.id, /Drift watch paused/);
      return a.length > 0 && a;
    });
    assert.match(plain(paused!.markdown), /Webex no longer accepts the sign-in of Alice Admin/);
    assert.match(plain(paused!.markdown), /\/login.*\/voicemail watch on/);
    await sleep(200);
    h.em.clearRequests();
    await sleep(INTERVAL_MS * 3);
    assert.equal(said(h, h.dm.id, /Drift watch paused/).length, 1, 'said once');
    assert.equal(h.em.requests.filter((r) => r.path === RULES).length, 0, 'no more reads while paused');
    const status = await h.ask(h.dm.id, h.admin.id, '/voicemail watch');
    assert.match(
      plain(status.markdown),
      /Acme Test Org\*\*, with the sign-in of Alice Admin.*\*\*paused\*\* since/,
    );
  });

  it('an org that refuses the watcher (partner rights lost) is one line, not an alarm each tick', async () => {
    h = await start();
    assert.match((await h.ask(h.patDm, h.pat, '/org use Globex')).markdown ?? '', /Globex/);
    const on = await h.ask(h.patDm, h.pat, '/voicemail watch on');
    assert.match(plain(on.markdown), /Customer org: Globex/);
    const pat = h.em.state.people.get(h.pat)!;
    pat.managedOrgIds.splice(pat.managedOrgIds.indexOf(h.globex.id), 1);
    await until(
      'the refusal line',
      () => said(h!, h!.patDm, /can't read the voicemail rules of \*\*Globex\*\*/).length > 0,
    );
    await moreChecks(h.globex.id, 2);
    assert.equal(said(h, h.patDm, /can't read the voicemail rules/).length, 1);
    assert.equal(said(h, h.patDm, /Drift watch paused/).length, 0, 'the token still works: not paused');
  });

  it('off removes the scheduler and the watch’s keys: no more reads', async () => {
    h = await start();
    await h.ask(h.dm.id, h.admin.id, '/voicemail watch on');
    await moreChecks(h.org.id, 1);
    const off = await h.ask(h.dm.id, h.admin.id, '/voicemail watch off');
    assert.match(plain(off.markdown), /Drift watch off/);
    await sleep(300);
    h.em.clearRequests();
    await sleep(INTERVAL_MS * 3);
    assert.equal(h.em.requests.filter((r) => r.path === RULES).length, 0);
    const p = h.store.prefix;
    assert.deepEqual(await h.store.redis.keys(`${p}drift:*`), []);
    assert.equal(await h.store.redis.zcard(`${p}bull:drift:repeat`), 0, 'no job scheduler left');
    const status = await h.ask(h.dm.id, h.admin.id, '/voicemail watch');
    assert.match(plain(status.markdown), /No drift watch is on in this space/);
  });

  it('two instances sharing Redis: one announcement, not two; the watch outlives the instance that set it', async () => {
    h = await start();
    other = await alongside(h);
    await h.ask(h.dm.id, h.admin.id, '/voicemail watch on');
    h.em.setVoicemailRules(h.org.id, { expirePasscode: { enabled: true, numberOfDays: 30 } });
    await until('the announcement', () => said(h!, h!.dm.id, DRIFT).length > 0);
    await moreChecks(h.org.id, 3);
    assert.equal(said(h, h.dm.id, DRIFT).length, 1, 'one announcement');

    // The instance where it was set stops: the other one carries on with the watch from Redis.
    await h.stop();
    h.em.setVoicemailRules(h.org.id, { expirePasscode: { enabled: true, numberOfDays: 90 } });
    await until('the second announcement', () => said(h!, h!.dm.id, DRIFT).length > 1);
    assert.match(plain(said(h, h.dm.id, DRIFT)[1]!.markdown), /on, 30 days → on, 90 days/);
    // Told after the check's message is posted: wait for it rather than race it.
    await until('a check by the other instance', () => checks.some((c) => c.instance === 2));
  });
  it('an org watch and a fleet watch on one org in one space, on two instances: each change announced once there, each watch keeping its own seen rules', async () => {
    h = await start();
    other = await alongside(h);
    await h.ask(h.patDm, h.pat, '/org use Globex');
    assert.match(plain((await h.ask(h.patDm, h.pat, '/voicemail watch on')).markdown), /Drift watch on/);
    assert.match(plain((await h.ask(h.patDm, h.pat, '/fleet watch on')).markdown), /Drift watch on/);
    const watchIds = [orgWatchId(h.patDm, h.globex.id), fleetWatchId(h.patDm, h.pat)];
    // The fleet watch's first check of Globex only records its rules.
    await until('the fleet watch to record Globex', () =>
      checks.some((c) => c.orgId === h!.globex.id && c.outcome === 'recorded'),
    );
    await moreChecks(h.globex.id, 2);

    for (const [n, days] of [
      [1, 41],
      [2, 42],
    ] as const) {
      const from = checks.length;
      h.em.setVoicemailRules(h.globex.id, { expirePasscode: { enabled: true, numberOfDays: days } });
      // Both watches see the change: one says it, the other finds it said.
      await until(`both watches to see change ${n}`, () => {
        const seen = checks.slice(from).filter((c) => c.orgId === h!.globex.id);
        return seen.some((c) => c.outcome === 'drift') && seen.some((c) => c.outcome === 'announced');
      });
      await moreChecks(h.globex.id, 2);
      const drift = said(h, h.patDm, DRIFT);
      assert.equal(drift.length, n, `change ${n} announced ${drift.length - n + 1} times`);
      assert.match(plain(drift.at(-1)!.markdown), new RegExp(`→ on, ${days} days`));
      // Each watch took the change into its own seen rules: no second announcement later.
      for (const id of watchIds) {
        const raw = await h.store.redis.get(`${h.store.prefix}drift:seen:${id}:${h.globex.id}`);
        const seen = JSON.parse(raw ?? '{}') as { expirePasscode?: { numberOfDays?: number } };
        assert.equal(seen.expirePasscode?.numberOfDays, days, `watch ${id}'s seen rules`);
      }
    }
    await moreChecks(h.globex.id, 4);
    assert.equal(said(h, h.patDm, DRIFT).length, 2);
    assert.ok(
      checks.some((c) => c.instance === 2),
      'the second instance checked too',
    );
  });
});
