import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { seedPartner, type FleetPartner } from '../helpers/fleet-world.js';
import type { EmOrg } from '../../src/emulator/index.js';
import type { Fleet, FleetStatus } from '../../src/fleet/create-fleet.js';
import { MAX_MESSAGE_BYTES } from '../../src/webex/messages-client.js';
import { createChangeHistory } from '../../src/store/change-history.js';
import { createRedisKeyValueStore } from '../../src/store/redis-key-value-store.js';
import { plain, until } from '../helpers/read-replies.js';

const RULES = '/v1/telephony/config/voicemail/rules';
const FLEET_TIMINGS = { backoffMs: 50, lockDurationMs: 2000, stalledIntervalMs: 1000 };
const FLEET_ENV = { FLEET_PROGRESS_INTERVAL_MS: '100', FLEET_CALLS_PER_SECOND: '100' };
const expire = (days: number) => ({ expirePasscode: { enabled: true, numberOfDays: days } });

describe('fleet engine (BullMQ on real Redis, two instances, emulator as Webex)', function () {
  this.timeout(90_000);
  let h: Harness;
  let h2: Harness;
  let fleet: Fleet;
  let pat: FleetPartner;
  let quinn: FleetPartner;
  let strangers: EmOrg[];
  let patToken: string;

  before(async () => {
    h = await startHarness({
      env: FLEET_ENV,
      start: { fleet: FLEET_TIMINGS },
      seed: (w) => {
        pat = seedPartner(w, 'Pat', 'Customer', 50);
        quinn = seedPartner(w, 'Quinn', 'Client', 10);
        // Orgs that exist but that Pat does not manage: Webex answers 403. One name tries to format.
        strangers = [
          w.em.createOrg({ displayName: 'Stranger One' }),
          w.em.createOrg({ displayName: 'Stranger *Two* <@all>' }),
          w.em.createOrg({ displayName: 'Stranger Three' }),
        ];
      },
    });
    h2 = await startHarness({ alongside: h, env: FLEET_ENV, start: { fleet: FLEET_TIMINGS } });
    fleet = h.running.fleet!;
    assert.ok(fleet && h2.running.fleet, 'every instance on Redis runs the fleet');
    patToken = await h.grant(pat.id);
    await h.grant(quinn.id);
  });
  after(async () => {
    h?.em.state.faults.clear();
    await h2?.close();
    await h?.close();
  });
  beforeEach(() => {
    h.em.state.faults.clear();
    h.em.clearRequests();
  });

  const orgsOf = (p: FleetPartner) => p.orgs.map((o) => ({ id: o.id, name: o.displayName }));
  const puts = (orgId: string, status?: number) =>
    h.em.requests.filter(
      (r) =>
        r.method === 'PUT' &&
        r.path === RULES &&
        r.query.orgId === orgId &&
        (status === undefined || r.status === status),
    );
  const reports = (roomId: string) =>
    h.botSaid(roomId).filter((m) => (m.markdown ?? '').startsWith('**Fleet report**'));
  /** The run's status once it is over and its report (the room's next one after `seen`) is posted. */
  const finished = (runId: string, roomId: string, seen: number) =>
    until<FleetStatus>(`run ${runId} to finish and report`, async () => {
      const s = await fleet.status(runId);
      return s && s.status !== 'running' && s.done === s.total && reports(roomId).length > seen
        ? s
        : undefined;
    });

  it('applies one policy to 50 orgs across two instances: each differing org PUT once, failures reported with trackingIds', async () => {
    for (const o of pat.orgs.slice(0, 5)) h.em.setVoicemailRules(o.id, expire(60));
    // Webex pushes back: three PUTs answer 503 (then succeed on a later try), two reads answer 429.
    h.em.injectFault({ method: 'PUT', path: RULES, status: 503, count: 3 });
    h.em.injectFault({ method: 'GET', path: RULES, status: 429, retryAfter: 1, count: 2 });
    // Slow enough reads that both instances' workers have jobs in flight.
    h.em.setLatency(20, { method: 'GET', path: RULES });
    const before = h.botSaid(pat.dm).length;
    const seen = reports(pat.dm).length;
    const runId = await fleet.start({
      personId: pat.id,
      personName: 'Pat Partner',
      personEmail: 'pat@partner.test',
      roomId: pat.dm,
      policy: expire(60),
      policyWords: ['Passcode expiry: on, 60 days'],
      orgs: [
        ...orgsOf(pat),
        ...strangers.map((o) => ({ id: o.id, name: o.displayName })),
        { id: 'no-such-org', name: 'Gone Corp' },
        // Listed twice: enqueued once.
        { id: pat.orgs[9]!.id, name: pat.orgs[9]!.displayName },
      ],
    });
    assert.equal(await fleet.latest(pat.id), runId);
    const s = await finished(runId, pat.dm, seen);
    h.em.setLatency(0, { method: 'GET', path: RULES });

    assert.equal(s.total, 54);
    assert.deepEqual(s.counts, { applied: 45, unchanged: 5, failed: 4, skipped: 0 });
    assert.equal(s.status, 'done');
    for (const o of pat.orgs.slice(0, 5))
      assert.equal(puts(o.id).length, 0, 'an org already matching is not written');
    for (const o of pat.orgs.slice(5)) {
      assert.equal(
        puts(o.id, 204).length + puts(o.id, 200).length,
        1,
        `${o.displayName}: exactly one PUT landed`,
      );
      assert.deepEqual((h.em.voicemailRules(o.id) as { expirePasscode: unknown }).expirePasscode, {
        enabled: true,
        numberOfDays: 60,
      });
    }
    assert.equal(
      h.em.requests.filter((r) => r.method === 'PUT' && r.path === RULES && r.status === 503).length,
      3,
      'the 503s happened and were tried again',
    );
    assert.equal(h.em.requests.filter((r) => r.path === RULES && r.status === 429).length, 2);

    // Both instances worked on the run.
    const worked = (x: Harness) => x.logs.lines.filter((l) => l.includes('fleet: org done')).length;
    assert.ok(
      worked(h) > 0 && worked(h2) > 0,
      `both instances processed orgs: ${worked(h)} and ${worked(h2)}`,
    );
    assert.equal(worked(h) + worked(h2), 54, 'each org counted once');
    // ...and so in the metrics, summed over the two instances.
    const settled: Record<string, number> = {};
    for (const x of [h, h2])
      for (const v of (await x.running.metrics.registry.getSingleMetric('vmbot_fleet_orgs_total')!.get())
        .values)
        settled[String(v.labels.outcome)] = (settled[String(v.labels.outcome)] ?? 0) + v.value;
    assert.deepEqual(settled, { applied: 45, unchanged: 5, failed: 4 });

    // The report: once, under the size limit, failures with the reason and the trackingId Webex gave.
    await new Promise((r) => setTimeout(r, 300));
    const posted = reports(pat.dm).slice(seen);
    assert.equal(posted.length, 1, 'the report is posted exactly once');
    const report = posted[0]!.markdown!;
    assert.ok(Buffer.byteLength(report) <= MAX_MESSAGE_BYTES);
    const text = plain(report);
    assert.match(text, /Applied 45 · unchanged 5 · failed 4 · skipped 0 of 54 orgs \(done in \d+/);
    for (const o of strangers) {
      const refused = h.em.requests.find((r) => r.query.orgId === o.id && r.status === 403);
      assert.ok(refused, `Webex refused ${o.displayName}`);
      assert.ok(
        text.includes(
          `${o.displayName}: the sign-in may not change this org's rules (403) (trackingId \`${refused.trackingId}\`)`,
        ),
        `${o.displayName} in the report:\n${text}`,
      );
    }
    assert.ok(
      report.replace(/\u200B/g, '').includes('Stranger \\*Two\\* \\<\\@all\\>'),
      'an org name cannot format the report',
    );
    assert.match(text, /Gone Corp: org not found \(404\) \(trackingId \S+\)/);
    assert.match(text, /\*\*Unchanged \(already matched the policy\) \(5\)\*\*/);

    // Progress: one message (or a replacement once Webex refused more edits) that reached 54/54.
    const progress = h
      .botSaid(pat.dm)
      .slice(before)
      .filter((m) => /policy/.test(m.markdown ?? '') && !posted.includes(m));
    assert.ok(progress.length >= 1);
    assert.match(
      plain(progress.at(-1)!.markdown),
      /Finished: policy applied to 54 orgs\*\*: 54\/54 done, 4 failed/,
    );
    const edits = h.em.requests.filter((r) => r.method === 'PUT' && r.path.startsWith('/v1/messages/'));
    assert.ok(
      edits.some((r) => r.status === 200),
      'the progress message was edited in place',
    );

    // Every applied org's history names the run.
    const history = createChangeHistory(createRedisKeyValueStore(h.store.redis, h.store.prefix), {
      maxEntries: 10,
    });
    const { entries } = await history.newest(pat.orgs[7]!.id, 5);
    assert.equal(entries.length, 1);
    assert.deepEqual(entries[0]?.fleet, { runId });
    assert.deepEqual(entries[0]?.by, {
      personId: pat.id,
      displayName: 'Pat Partner',
      email: 'pat@partner.test',
    });
    assert.deepEqual(entries[0]?.changes, [
      { setting: 'Passcode expiry', before: 'on, 180 days', after: 'on, 60 days' },
    ]);

    // The report can be asked for again; nothing in Redis holds a token.
    assert.deepEqual(await fleet.report(runId), [report]);
    const dump = JSON.stringify(await h.store.dump());
    assert.ok(dump.includes(runId), 'the run is in Redis');
    assert.ok(!dump.includes(patToken), 'no token in any Redis value (jobs, runs, results)');
    assert.ok(!dump.includes(h.bot.token));
  });

  it('cancel: only the requester; orgs not started are skipped and never written, ones in flight finish', async () => {
    h.em.setLatency(150, { method: 'GET', path: RULES });
    const runId = await fleet.start({
      personId: pat.id,
      personName: 'Pat Partner',
      roomId: pat.dm,
      policy: expire(70),
      policyWords: ['Passcode expiry: on, 70 days'],
      orgs: orgsOf(pat),
    });
    await until('a few orgs done', async () => ((await fleet.status(runId))!.done >= 4 ? true : undefined));
    assert.equal(await fleet.cancel(runId, quinn.id), 'not-yours');
    assert.equal(await fleet.cancel(runId, pat.id), 'cancelled');
    assert.equal(await fleet.cancel(runId, pat.id), 'not-running');
    const reportsBefore = reports(pat.dm).length;
    let last: unknown;
    const s = await until(
      'the cancelled run to finish',
      async () => {
        const st = await fleet.status(runId);
        last = { counts: st?.counts, done: st?.done, total: st?.total, reports: reports(pat.dm).length };
        return st && st.done === st.total && reports(pat.dm).length > reportsBefore ? st : undefined;
      },
      // Three test files at once on two cores: the orgs in flight finish at their own pace.
      60_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify(last)}\n${h.logs.text().slice(-4000)}`);
    });
    h.em.setLatency(0, { method: 'GET', path: RULES });
    assert.equal(s.status, 'cancelled');
    assert.ok(s.counts.skipped > 20, `most orgs skipped: ${JSON.stringify(s.counts)}`);
    assert.equal(s.counts.applied + s.counts.skipped, 50);
    let skippedWithoutPut = 0;
    for (const o of pat.orgs) {
      const held = (h.em.voicemailRules(o.id) as { expirePasscode: { numberOfDays: number } }).expirePasscode;
      if (held.numberOfDays === 70) assert.equal(puts(o.id).length, 1);
      else {
        assert.equal(puts(o.id).length, 0);
        skippedWithoutPut++;
      }
    }
    assert.equal(skippedWithoutPut, s.counts.skipped);
    const report = plain(reports(pat.dm).at(-1)!.markdown);
    assert.match(report, new RegExp(`Skipped \\(${s.counts.skipped}\\)`));
    assert.match(report, /cancelled before this org was reached/);
  });

  it("a 429 for one admin pauses that admin's jobs only: another admin's run goes on meanwhile", async () => {
    h.em.injectFault({ method: 'GET', path: RULES, status: 429, retryAfter: 3, count: 1 });
    const patOrgs = orgsOf(pat).slice(0, 10);
    const patSeen = reports(pat.dm).length;
    const quinnSeen = reports(quinn.dm).length;
    const patRun = await fleet.start({
      personId: pat.id,
      personName: 'Pat Partner',
      roomId: pat.dm,
      policy: expire(80),
      policyWords: ['Passcode expiry: on, 80 days'],
      orgs: patOrgs,
    });
    // Only Pat's run is going: the 429 (answered before Webex looks at the token) is Pat's.
    const limited = await until('the 429', () => h.em.requests.find((r) => r.status === 429));
    const pauseKey = `${h.store.prefix}fleet:pause:${pat.id}`;
    await until('the pause', async () => ((await h.store.redis.pttl(pauseKey)) > 0 ? true : undefined));

    const quinnRun = await fleet.start({
      personId: quinn.id,
      personName: 'Quinn Partner',
      roomId: quinn.dm,
      policy: expire(80),
      policyWords: ['Passcode expiry: on, 80 days'],
      orgs: orgsOf(quinn),
    });
    const q = await finished(quinnRun, quinn.dm, quinnSeen);
    assert.equal(q.counts.applied, 10);
    // Quinn's run is done while Pat's pause still holds and Pat's run waits.
    assert.ok((await h.store.redis.pttl(pauseKey)) > 0, 'Pat is still paused');
    assert.equal((await fleet.status(patRun))!.status, 'running');
    const t429 = Date.parse(limited.time);
    const patLater = h.em.requests.filter(
      (r) => r.personId === pat.id && r.path === RULES && Date.parse(r.time) > t429 + 500,
    );
    assert.deepEqual(patLater, [], 'no call with Pat’s token during the pause');

    const p = await finished(patRun, pat.dm, patSeen);
    assert.equal(p.counts.applied, 10);
    for (const o of patOrgs) assert.equal(puts(o.id, 204).length + puts(o.id, 200).length, 1);
  });

  it('a sign-in that stops working fails the run fast with one reason, not one error per org', async () => {
    h.em.revokeToken(patToken);
    const seen = reports(pat.dm).length;
    const runId = await fleet.start({
      personId: pat.id,
      personName: 'Pat Partner',
      roomId: pat.dm,
      policy: expire(90),
      policyWords: ['Passcode expiry: on, 90 days'],
      orgs: orgsOf(pat),
    });
    const s = await finished(runId, pat.dm, seen);
    patToken = await h.grant(pat.id);
    assert.equal(s.counts.applied, 0);
    assert.ok(
      s.counts.failed >= 1 && s.counts.failed <= 8,
      `only the orgs in flight failed: ${s.counts.failed}`,
    );
    assert.equal(s.counts.failed + s.counts.skipped, 50);
    assert.equal(
      h.em.requests.filter((r) => r.path === RULES).length,
      s.counts.failed,
      'one call per failed org',
    );
    const report = plain(reports(pat.dm).at(-1)!.markdown);
    assert.match(report, /Stopped early: the sign-in no longer works/);
    // The skipped orgs are named on one line under one reason.
    assert.equal(report.match(/the sign-in no longer works/g)!.length, 1 + s.counts.failed);
  });

  it('a fleet of no orgs ends at once with a report that says so', async () => {
    const seen = reports(quinn.dm).length;
    const runId = await fleet.start({
      personId: quinn.id,
      personName: 'Quinn Partner',
      roomId: quinn.dm,
      policy: expire(90),
      policyWords: [],
      orgs: [],
    });
    const s = await finished(runId, quinn.dm, seen);
    assert.equal(s.status, 'done');
    assert.match(plain(reports(quinn.dm).at(-1)!.markdown), /No orgs to apply the policy to/);
  });
  it('a long run fills several progress messages: each older one ends pointing below, never at stale numbers; the newest ends at N/N done', async () => {
    // Slow Webex, each org at its own pace: orgs finish one by one over seconds rather than in a few
    // bursts, far more moments to edit (one per 125 ms at most) than one message allows.
    pat.orgs.forEach((o, i) => h.em.setLatency(100 + ((i * 53) % 500), { path: RULES, orgId: o.id }));
    const before = h.botSaid(pat.dm).length;
    const seen = reports(pat.dm).length;
    const runId = await fleet.start({
      personId: pat.id,
      personName: 'Pat Partner',
      personEmail: 'pat@partner.test',
      roomId: pat.dm,
      policy: expire(33),
      policyWords: ['Passcode expiry: on, 33 days'],
      orgs: orgsOf(pat),
    });
    const s = await finished(runId, pat.dm, seen);
    h.em.clearFaults();
    assert.equal(s.done, 50);

    const progress = h
      .botSaid(pat.dm)
      .slice(before)
      .filter((m) => !(m.markdown ?? '').startsWith('**Fleet report'));
    assert.ok(
      progress.length >= 2,
      `the run needed ${progress.length} progress message(s): the test must roll over`,
    );
    const lastWords = progress.map((m) => {
      const { count, edits } = h.em.messageEdits(m.id);
      assert.ok(count <= 10, `${count} edits of one message`);
      return plain(edits.at(-1)?.markdown ?? m.markdown);
    });
    for (const [i, text] of lastWords.slice(0, -1).entries())
      assert.equal(
        text,
        '_Progress continues in a newer message below._',
        `progress message ${i + 1} of ${progress.length}`,
      );
    assert.match(lastWords.at(-1)!, /^\*\*Finished: policy applied to 50 orgs\*\*: 50\/50 done\./);
    // Every edit counted: Webex never had to refuse one.
    const refused = h.em.requests.filter(
      (r) => r.method === 'PUT' && r.path.startsWith('/v1/messages/') && r.status >= 400,
    );
    assert.deepEqual(
      refused.map((r) => r.status),
      [],
    );
  });
});
