import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { rendered, visible } from '../helpers/inert-markdown.js';
import { COMMANDS } from '../../src/bot/commands/index.js';
import { shorten } from '../../src/bot/commands/message-pages.js';
import { ORG_NAME_CHARS, byName } from '../../src/bot/commands/org-lines.js';

const LIMIT = 7439;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Webex answers GET /organizations with every org at once; the bot pages what it says in chat. */
describe('/org list and /org find for a partner with hundreds of orgs', function () {
  this.timeout(30_000);
  let h: Harness;
  let partnerId = '';
  let dm = '';
  let orgs: { id: string; displayName: string }[] = [];
  afterEach(async () => {
    await h?.close();
  });

  /** Long, hostile, multi-byte names, as a partner's customers could name themselves. */
  const hostileName = (i: number) =>
    `Customer ${String(i).padStart(3, '0')} <@all> [Sign in again](https://evil.example/login) **URGENT** ` +
    `${'Zürich-Straße-株式会社-😀 '.repeat(6)}${i % 50 === 0 ? 'Dental Care' : 'Plumbing'}`;

  beforeEach(async () => {
    h = await startHarness({
      seed: (w) => {
        orgs = Array.from({ length: 300 }, (_, i) => w.em.createOrg({ displayName: hostileName(i) }));
        const partner = w.em.createPerson({
          email: 'pat@partner.test',
          displayName: 'Pat Partner',
          orgId: w.org.id,
          role: 'full_admin',
          managedOrgIds: orgs.map((o) => o.id),
        });
        partnerId = partner.id;
        dm = w.em.createRoom({ type: 'direct', memberIds: [partner.id, w.bot.id] }).id;
      },
    });
    await h.grant(partnerId);
  });

  const ask = async (text: string) => (await h.ask(dm, partnerId, text)).markdown ?? '';

  /** Every page of a listing, following its "Next:" pointers. */
  async function allPages(first: string, suffix: string): Promise<string[]> {
    const m = /Organizations you can manage: 301 \(page 1 of (\d+)\)/.exec(first);
    assert.ok(m, first.slice(0, 200));
    const pages = Number(m[1]);
    assert.ok(pages > 1);
    assert.ok(first.includes(`Next: \`/org list 2${suffix}\``), first.slice(-300));
    const all = [first];
    for (let p = 2; p <= pages; p++) all.push(await ask(`/org list ${p}${suffix}`));
    for (const [i, page] of all.entries()) {
      assert.ok(bytes(page) <= LIMIT, `page ${i + 1}: ${bytes(page)} bytes`);
      assert.match(page, new RegExp(`page ${i + 1} of ${pages}`));
    }
    assert.doesNotMatch(all.at(-1)!, /Next:/);
    return all;
  }
  const idsIn = (text: string) => (text.match(/`[A-Za-z0-9_-]{20,}`/g) ?? []).map((s) => s.slice(1, -1));
  /** The org lines of a page (its header and footer left out). */
  const linesOf = (page: string) => page.split('\n').filter((l) => l.startsWith('- '));

  it('pages /org list by name under the message limit, names escaped, no ids; every org on exactly one page', async () => {
    const all = await allPages(await ask('/org list'), '');
    assert.deepEqual(idsIn(all.join('\n')), [], 'no ids unless asked');
    const lines = all.flatMap(linesOf);
    assert.equal(lines.length, 301);
    // Each hostile name reads as itself and formats, links or mentions nothing.
    for (const line of lines) {
      const out = rendered(line.slice(2));
      assert.equal(out.mentions, 0, line);
      assert.equal(out.linkable, false, line);
      for (const bad of ['a', 'em', 'img', 'h1', 'script', 'b']) assert.ok(!out.elements.includes(bad), line);
    }
    // In order, each org once, by its (shortened) name.
    const shown = lines.map((l) => visible(rendered(l.slice(2)).text).replace(/\(current\)/, ''));
    const names = [...orgs, { id: h.org.id, displayName: 'Acme Test Org' }]
      .sort(byName)
      .map((o) => visible(shorten(o.displayName, ORG_NAME_CHARS)));
    assert.deepEqual(shown, names);
    assert.match(all.join('\n'), /\*\*Acme Test Org\*\* \(current\)/);
    assert.match(all[0]!, /With ids: `\/org list ids`/);
    // Nothing failed on the way: Webex took every message.
    assert.equal(
      h.em.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages' && r.status !== 200)
        .length,
      0,
    );
    const pages = all.length;
    const beyond = await ask(`/org list ${pages + 1}`);
    assert.equal(
      beyond,
      `There are ${pages} pages: say \`/org list\` for the first, up to \`/org list ${pages}\`.`,
    );
    assert.match(await ask('/org list 0'), /There are \d+ pages/);
  });

  it('/org list ids (and /org list 2 ids): the same orgs with their ids, each id exactly once', async () => {
    const all = await allPages(await ask('/org list ids'), ' ids');
    const ids = idsIn(all.join('\n'));
    assert.equal(ids.length, 301);
    assert.deepEqual([...ids].sort(), [...orgs.map((o) => o.id), h.org.id].sort());
    assert.equal(await ask('/org list 2 ids'), all[1]);
    assert.equal(await ask('/org list ids 2'), all[1]);
    assert.doesNotMatch(all[0]!, /With ids/);
    const beyond = await ask(`/org list ${all.length + 1} ids`);
    assert.match(beyond, new RegExp(`up to \`/org list ${all.length} ids\``));
  });

  it('/org find matches part of the name, any case, within the limit; tells when nothing matches', async () => {
    const found = await ask('/org find dental CARE');
    const dental = orgs.filter((o) => o.displayName.includes('Dental Care'));
    assert.match(found, new RegExp(`^${dental.length} organizations match`));
    assert.ok(bytes(found) <= LIMIT);
    for (const o of dental) assert.ok(found.includes(o.id), o.displayName);
    assert.ok(!orgs.some((o) => !o.displayName.includes('Dental Care') && found.includes(o.id)));

    const one = await ask('/org find customer 007 ');
    assert.match(one, /^1 organization matches:/);
    assert.ok(one.includes(orgs[7]!.id));

    const many = await ask('/org find customer');
    assert.match(many, /^300 organizations match; the first of them/);
    assert.ok(bytes(many) <= LIMIT);

    assert.equal(
      await ask('/org find nothing-like-this'),
      'No organization you can manage has that in its name. See `/org list`.',
    );
    // No text: the usage line from the command table.
    const usage = COMMANDS['org.find'].usage;
    assert.equal(
      await ask('/org find'),
      `\`/org find\` needs more after it:\n\n- \`${usage.syntax}\`: ${usage.about}`,
    );
  });

  it('/org use matching hundreds of orgs points to /org find instead of listing them', async () => {
    const reply = await ask('/org use customer');
    assert.match(reply, /matches 300 organizations\. Narrow it down with `\/org find/);
    assert.ok(bytes(reply) < 300, reply);
  });

  it('the org choice expires (30 days, restarted on every use, not by looking) and /logout deletes it', async () => {
    const key = `${h.store.prefix}org-choice:${partnerId}`;
    const day = 24 * 60 * 60 * 1000;
    assert.match(await ask(`/org use ${orgs[7]!.id}`), /now act on/);
    const ttl = await h.store.redis.pttl(key);
    assert.ok(ttl > 29 * day && ttl <= 30 * day, String(ttl));
    // Looking at it is not using it: /org shows when it expires and leaves the clock alone.
    await h.store.redis.pexpire(key, day);
    const shown = await ask('/org');
    assert.match(shown, /Customer 007/);
    assert.match(shown, /expires in 30 days \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)/);
    assert.ok((await h.store.redis.pttl(key)) <= day);
    // As if it had sat unused for most of its life: a command that uses it starts the 30 days again.
    assert.match(await ask('/voicemail show'), /Customer 007/);
    assert.ok((await h.store.redis.pttl(key)) > 29 * day);
    await ask('/logout');
    assert.equal(await h.store.redis.exists(key), 0);
  });
});

describe('/org list for a partner with a few orgs, two of them named alike', function () {
  this.timeout(30_000);
  let h: Harness;
  let partnerId = '';
  let dm = '';
  let twins: { id: string; displayName: string }[] = [];
  let other = { id: '', displayName: '' };
  afterEach(async () => {
    await h?.close();
  });

  it('names only, one page, no paging words; the two alike show their ids so `/org use <id>` can tell them apart', async () => {
    h = await startHarness({
      seed: (w) => {
        twins = [w.em.createOrg({ displayName: 'Globex' }), w.em.createOrg({ displayName: 'GLOBEX' })];
        other = w.em.createOrg({ displayName: 'Initech_*Ltd*' });
        const partner = w.em.createPerson({
          email: 'pat@partner.test',
          displayName: 'Pat Partner',
          orgId: w.org.id,
          role: 'full_admin',
          managedOrgIds: [...twins.map((o) => o.id), other.id],
        });
        partnerId = partner.id;
        dm = w.em.createRoom({ type: 'direct', memberIds: [partner.id, w.bot.id] }).id;
      },
    });
    await h.grant(partnerId);
    const list = (await h.ask(dm, partnerId, '/org list')).markdown ?? '';
    const lines = list.split('\n').filter((l) => l.startsWith('- '));
    assert.equal(list.split('\n')[0], 'Organizations you can manage: 4');
    assert.doesNotMatch(list, /page|Next/);
    assert.deepEqual(lines.slice(0, 1), ['- **Acme Test Org** (current)']);
    for (const twin of twins)
      assert.ok(
        lines.some((l) => l.includes(`\`${twin.id}\``)),
        list,
      );
    assert.ok(lines.includes('- Initech\\_\\*Ltd\\*'), list);
    assert.ok(!list.includes(other.id));
    assert.equal(
      (await h.ask(dm, partnerId, '/org list 2')).markdown,
      'There is only one page: say `/org list`.',
    );
    assert.equal(
      (await h.ask(dm, partnerId, '/org list 2 ids')).markdown,
      'There is only one page: say `/org list ids`.',
    );
  });
});
