import assert from 'node:assert/strict';
import type { Harness, Reply } from '../helpers/bot-harness.js';
import { cardOf } from '../helpers/card-inputs.js';
import { actions, elements } from '../helpers/adaptive-card-check.js';
import { partnerHarness, type PartnerWorld } from '../helpers/partner-harness.js';
import { rendered, visible } from '../helpers/inert-markdown.js';

const BANNER_GLOBEX = '**Customer org: Globex, chosen with /org use**';
const firstLine = (reply: Reply) => (reply.markdown ?? '').split('\n')[0] ?? '';

/**
 * A rules card's "Change settings" names the org the card showed: someone else's card in a group space, or
 * one's own from before an `/org use`, must not open a form for whatever org the presser acts on now.
 */
describe('"Change settings" opens a form only for the org its card names (emulator, real framework, real Redis)', function () {
  this.timeout(60_000);
  let h: Harness & PartnerWorld;
  beforeEach(async () => {
    h = await partnerHarness();
  });
  afterEach(async () => {
    await h?.close();
  });

  const patSays = (text: string, roomId = h.patDm) =>
    h.ask(roomId, h.pat, text, { mention: roomId !== h.patDm });

  it('the button carries the card’s org', async () => {
    await patSays('/org use Globex');
    const show = await patSays('/voicemail show', h.group.id);
    assert.deepEqual(
      actions(cardOf(show)).map((a) => [a.title, a.data]),
      [['Change settings', { action: 'voicemail.edit', orgId: h.globex.id, orgName: 'Globex' }]],
    );
  });

  it('Alice and Rob pressing Pat’s Globex card are told it is not their org; no form is made', async () => {
    await patSays('/org use Globex');
    const show = await patSays('/voicemail show', h.group.id);
    const formsBefore = (await h.store.redis.keys(`${h.store.prefix}form:*`)).length;

    const alice = await h.submit(h.group.id, h.admin.id, show, {}, { actionTitle: 'Change settings' });
    assert.equal(
      alice.markdown,
      'Org: Acme Test Org\n\n' +
        'That card is for **Globex**, and your voicemail commands act on **Acme Test Org**, so I did not open a ' +
        'form: a form is only for the org its card names. Globex is not your organization, and you manage no ' +
        'other. Say `/voicemail` for a form for Acme Test Org.',
    );
    assert.equal(alice.attachments, undefined);

    const rob = await h.submit(h.group.id, h.readOnly.id, show, {}, { actionTitle: 'Change settings' });
    assert.match(rob.markdown ?? '', /^Org: Acme Test Org\n\nThat card is for \*\*Globex\*\*/);
    assert.match(rob.markdown ?? '', /Say `\/voicemail show` for the rules of Acme Test Org\.$/);
    assert.equal(rob.attachments, undefined);
    assert.equal((await h.store.redis.keys(`${h.store.prefix}form:*`)).length, formsBefore);
  });

  it('signed out: another org’s card is refused at once; a card for one’s own org asks for the sign-in', async () => {
    await patSays('/org use Globex');
    const patCard = await patSays('/voicemail show', h.group.id);
    const aliceCard = await h.ask(h.group.id, h.admin.id, '/voicemail show', { mention: true });
    await h.running.tokens.delete(h.admin.id);

    const other = await h.submit(h.group.id, h.admin.id, patCard, {}, { actionTitle: 'Change settings' });
    assert.equal(
      other.markdown,
      'That card is for **Globex**, not the org your voicemail commands act on, so I did not open a form: a ' +
        'form is only for the org its card names. Say `/voicemail` for a form for yours.',
    );
    const own = await h.submit(h.group.id, h.admin.id, aliceCard, {}, { actionTitle: 'Change settings' });
    assert.match(own.markdown ?? '', /You haven't given me access to Webex yet/);
    assert.equal(own.attachments, undefined);
  });

  it('the card’s org name comes back from the press as data: quoted inert, whatever the press carries', async () => {
    const hostile = '<@all> [Sign in](https://evil.example/login) **URGENT** _x_';
    await patSays('/org use Globex');
    const show = await patSays('/voicemail show', h.group.id);
    // A client that sends its own data with the press: the name is still only text.
    const reply = await h.submit(
      h.group.id,
      h.admin.id,
      show,
      { orgName: hostile },
      { actionTitle: 'Change settings', allowUnknownInputs: true },
    );
    const out = rendered(reply.markdown ?? '');
    assert.equal(out.mentions, 0, reply.markdown);
    assert.equal(out.linkable, false, reply.markdown);
    assert.ok(!out.elements.includes('a') && !out.elements.includes('em'), reply.markdown);
    assert.equal(out.elements.filter((e) => e === 'strong').length, 2, 'only the two org names');
    assert.ok(visible(out.text).includes(visible(hostile)), out.text);
    assert.equal(reply.attachments, undefined);
  });

  it('Pat pressing his Globex card after /org use Acme is told how to switch; after switching back he gets the Globex form', async () => {
    await patSays('/org use Globex');
    const show = await patSays('/voicemail show', h.group.id);
    await patSays('/org use Acme Test Org');
    const moved = await h.submit(h.group.id, h.pat, show, {}, { actionTitle: 'Change settings' });
    assert.equal(
      moved.markdown,
      '**Customer org: Acme Test Org, chosen with /org use**\n\n' +
        'That card is for **Globex**, and your voicemail commands act on **Acme Test Org**, so I did not open a ' +
        'form: a form is only for the org its card names. To change Globex, choose it with `/org use` and its ' +
        'name, then press Change settings again, or say `/voicemail` for a form for Acme Test Org.',
    );
    assert.equal(moved.attachments, undefined);

    await patSays('/org use Globex');
    const form = await h.submit(h.group.id, h.pat, show, {}, { actionTitle: 'Change settings' });
    assert.equal(firstLine(form), BANNER_GLOBEX);
    assert.ok(
      elements(cardOf(form)).some((e) => e.text === 'Customer org: Globex, chosen with /org use'),
      'a form for Globex',
    );
  });
});
