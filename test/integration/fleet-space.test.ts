import assert from 'node:assert/strict';
import type { Harness } from '../helpers/bot-harness.js';
import { partnerHarness, type PartnerWorld } from '../helpers/partner-harness.js';
import type { CheckResult } from '../../src/drift/drift-watch.js';
import { plain } from '../helpers/read-replies.js';

const INTERVAL_MS = 1200;
const REFUSED =
  /I list your customer orgs only in a space where everyone is from your own org: ask me in our 1:1 space/;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Bot = Harness & PartnerWorld;

/**
 * Pat, a partner admin, is a member of "Voice team", Acme's own group space (Alice, Rob, Uma): `/fleet …`
 * there would show Acme's people every other customer's names and rules, so it is refused; a customer org's
 * `/voicemail watch` there warns as `/voicemail show` does. A space of the partner's own people is fine.
 */
describe('fleet commands and drift watches in a space with people from other orgs', function () {
  this.timeout(60_000);
  let h: Bot | undefined;
  let checks: CheckResult[] = [];
  afterEach(async () => {
    await h?.close();
    h = undefined;
    checks = [];
  });
  let team = '';
  const start = () =>
    partnerHarness({
      start: {
        driftWatch: { intervalMs: INTERVAL_MS, onCheck: (r) => checks.push(r) },
        fleet: { backoffMs: 50, lockDurationMs: 2000, stalledIntervalMs: 1000 },
      },
      // A group space of the partner's own org (Pat and the bot alone here).
      more: (w, world) => {
        team = w.em.createRoom({ type: 'group', title: 'Partner desk', memberIds: [world.pat, w.bot.id] }).id;
      },
    });

  it('every /fleet command is refused in a customer’s group space, nothing of another customer is shown there, and the same commands work in the 1:1 and an own-org group space', async () => {
    h = await start();
    const group = h.group.id;
    for (const text of [
      '/fleet',
      '/fleet find glo',
      '/fleet apply expire=30 to all',
      '/fleet status',
      '/fleet report',
      '/fleet watch on',
    ]) {
      const reply = await h.ask(group, h.pat, text, { mention: true });
      assert.match(plain(reply.markdown ?? reply.text), REFUSED, text);
      assert.equal(reply.attachments?.length ?? 0, 0, `${text}: no card`);
    }
    // No watch was set there: a change to Globex says nothing in Acme's space.
    assert.match(
      plain((await h.ask(group, h.pat, '/fleet watch', { mention: true })).markdown),
      /No drift watch/,
    );
    h.em.setVoicemailRules(h.globex.id, { expirePasscode: { enabled: true, numberOfDays: 42 } });
    await sleep(INTERVAL_MS * 2);
    const leaked = h.botSaid(group).filter((m) => /Globex/.test(plain(m.markdown ?? m.text)));
    assert.deepEqual(
      leaked.map((m) => plain(m.markdown)),
      [],
    );
    assert.equal(checks.length, 0, 'no watch checks anything');

    // Pat's 1:1 and a space of Pat's own colleagues: as before.
    assert.match(plain((await h.ask(h.patDm, h.pat, '/fleet')).markdown), /Globex/);
    assert.match(plain((await h.ask(team, h.pat, '/fleet', { mention: true })).markdown), /Globex/);
    assert.match(
      plain((await h.ask(team, h.pat, '/fleet watch on', { mention: true })).markdown),
      /Drift watch on/,
    );
  });

  it('/voicemail watch on for a customer org in a group space with that org’s and other people warns as /voicemail show does', async () => {
    h = await start();
    const group = h.group.id;
    await h.ask(group, h.pat, '/org use Globex', { mention: true });
    const show = plain((await h.ask(group, h.pat, '/voicemail show', { mention: true })).markdown);
    const warning =
      /\*\*Warning:\*\* This space includes people from Acme Test Org; you are acting on customer org Globex\./;
    assert.match(show, warning);
    const on = plain((await h.ask(group, h.pat, '/voicemail watch on', { mention: true })).markdown);
    assert.match(on, warning);
    assert.match(on, /Drift watch on/);
    // In Pat's own 1:1, no warning.
    await h.ask(h.patDm, h.pat, '/org use Globex');
    const dm = plain((await h.ask(h.patDm, h.pat, '/voicemail watch on')).markdown);
    assert.match(dm, /Drift watch on/);
    assert.doesNotMatch(dm, /Warning/);
  });
});
