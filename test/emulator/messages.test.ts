import assert from 'node:assert/strict';
import type { Emulator } from '../../src/emulator/index.js';
import { getEmulator } from '../helpers/emulator.js';
import { call, seedOrg } from '../helpers/emulator-api.js';

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';

const FORM = {
  type: 'AdaptiveCard',
  version: '1.3',
  body: [
    { type: 'Input.Toggle', id: 'expiryEnabled', title: 'Expire', value: 'true' },
    { type: 'Input.Number', id: 'expiryDays', min: 15, max: 100, value: 100 },
    { type: 'Input.Text', id: 'pin', regex: '^[0-9]*$', label: 'PIN' },
    {
      type: 'Input.ChoiceSet',
      id: 'change',
      choices: [
        { title: 'one', value: '1' },
        { title: 'two', value: '2' },
      ],
      value: '1',
    },
    { type: 'Input.Text', id: 'reason', isRequired: true, label: 'Reason' },
  ],
  actions: [
    { type: 'Action.Submit', title: 'Save', id: 'save', data: { action: 'save', formId: 'f1' } },
    {
      type: 'Action.Submit',
      title: 'Cancel',
      id: 'cancel',
      data: { action: 'cancel' },
      associatedInputs: 'none',
    },
  ],
};

describe('emulator: messages and cards', () => {
  let em: Emulator;
  let w: ReturnType<typeof seedOrg>;
  let dm: { id: string };

  before(async () => {
    em = await getEmulator();
  });
  beforeEach(() => {
    em.reset();
    w = seedOrg(em);
    dm = em.createRoom({ type: 'direct', memberIds: [w.admin.id, w.bot.person.id] });
  });

  const post = (body: unknown, token = w.bot.token) => call(em, 'POST', '/messages', { token, body });
  const postCard = async () => {
    const res = await post({
      roomId: dm.id,
      markdown: 'Form',
      attachments: [{ contentType: CARD_TYPE, content: FORM }],
    });
    assert.equal(res.status, 200);
    return res.body as { id: string };
  };

  it('posts text and markdown and answers the Webex message shape', async () => {
    const res = await post({ roomId: dm.id, markdown: '**Saved** for <@personId:' + w.admin.id + '|Alice>' });
    assert.equal(res.status, 200);
    assert.equal(res.body.roomType, 'direct');
    assert.equal(res.body.text, 'Saved for Alice');
    assert.match(res.body.html, /<strong>Saved<\/strong>/);
    assert.deepEqual(res.body.mentionedPeople, [w.admin.id]);
    assert.equal(res.body.personId, w.bot.person.id);
    assert.equal(res.body.personEmail, 'vm@webex.bot');
    const got = await call(em, 'GET', `/messages/${res.body.id}`, { token: w.bot.token });
    assert.deepEqual(got.body, res.body);
  });

  it('rejects what Webex rejects', async () => {
    const big = 'x'.repeat(7440);
    const cases: [unknown, RegExp][] = [
      [{ roomId: dm.id, text: big }, /7439/],
      [{ roomId: dm.id, markdown: 'é'.repeat(3720) }, /7439/],
      [{ roomId: dm.id }, /text, markdown/],
      [{ text: 'no target' }, /Exactly one/],
      [{ roomId: dm.id, toPersonId: w.admin.id, text: 'two targets' }, /Exactly one/],
      [
        { roomId: dm.id, text: 'x', attachments: [{ contentType: 'text/plain', content: {} }] },
        /contentType/,
      ],
      [
        {
          roomId: dm.id,
          text: 'x',
          attachments: [
            { contentType: CARD_TYPE, content: FORM },
            { contentType: CARD_TYPE, content: FORM },
          ],
        },
        /one attachment/,
      ],
      [{ roomId: dm.id, text: 'x', parentId: 'nope' }, /parentId/],
    ];
    for (const [body, description] of cases) {
      const res = await post(body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
      assert.match(res.body.errors[0].description, description);
    }
    assert.equal((await post({ roomId: dm.id, text: 'x'.repeat(7439) })).status, 200);
    const stranger = em.createRoom({ type: 'group', title: 'x', memberIds: [w.admin.id, w.user.id] });
    assert.equal((await post({ roomId: stranger.id, text: 'x' })).status, 404);
  });

  it('toPersonId / toPersonEmail use (or create) the 1:1 room', async () => {
    const a = await post({ toPersonId: w.admin.id, text: 'hi' });
    assert.equal(a.body.roomId, dm.id);
    const b = await post({ toPersonEmail: 'uma@acme.test', text: 'hi' });
    assert.notEqual(b.body.roomId, dm.id);
    assert.equal(b.body.roomType, 'direct');
    assert.equal(em.messages(b.body.roomId).length, 1);
    assert.equal((await post({ toPersonId: w.bot.person.id, text: 'me' })).status, 400);
  });

  it('lets only the author delete (204) and never edits a card (400)', async () => {
    const card = await postCard();
    const admin = em.issueToken(w.admin.id, ['spark:all']);
    assert.equal((await call(em, 'DELETE', `/messages/${card.id}`, { token: admin })).status, 403);
    const edit = await call(em, 'PUT', `/messages/${card.id}`, {
      token: w.bot.token,
      body: { roomId: dm.id, text: 'changed' },
    });
    assert.equal(edit.status, 400);
    assert.match(edit.body.errors[0].description, /cannot be edited/);
    assert.equal(em.messageEdits(card.id).count, 0);
    assert.equal((await call(em, 'DELETE', `/messages/${card.id}`, { token: w.bot.token })).status, 204);
    assert.equal((await call(em, 'GET', `/messages/${card.id}`, { token: w.bot.token })).status, 404);
    assert.deepEqual(em.messages(dm.id), []);
  });

  it('edits a text message at most 10 times', async () => {
    const m = await post({ roomId: dm.id, text: 'v0' });
    for (let i = 1; i <= 10; i++) {
      const res = await call(em, 'PUT', `/messages/${m.body.id}`, {
        token: w.bot.token,
        body: { roomId: dm.id, text: `v${i}` },
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.text, `v${i}`);
      assert.ok(res.body.updated);
    }
    const res = await call(em, 'PUT', `/messages/${m.body.id}`, {
      token: w.bot.token,
      body: { roomId: dm.id, text: 'v11' },
      headers: { TrackingID: 'edit-11' },
    });
    assert.equal(res.status, 400);
    assert.match(res.body.errors[0].description, /at most 10 times/);
    assert.equal(res.body.trackingId, 'edit-11');
    assert.equal(em.messages(dm.id)[0]?.text, 'v10', 'the refused edit changed nothing');
    const edits = em.messageEdits(m.body.id);
    assert.equal(edits.count, 10);
    assert.deepEqual(
      edits.edits.map((e) => e.text),
      Array.from({ length: 10 }, (_, i) => `v${i + 1}`),
    );
  });

  it('edits only text and markdown, in the room named, by the sender; the limit is configure()-able', async () => {
    em.configure({ maxMessageEdits: 2 });
    const m = await post({ roomId: dm.id, markdown: 'Progress: **0**/3' });
    const edit = (body: unknown, token = w.bot.token) =>
      call(em, 'PUT', `/messages/${m.body.id}`, { token, body });
    assert.equal((await edit({ text: 'no room' })).status, 400, 'roomId is required');
    const other = em.createRoom({ type: 'group', title: 'Other', memberIds: [w.admin.id, w.bot.person.id] });
    assert.equal((await edit({ roomId: other.id, text: 'wrong room' })).status, 400);
    for (const extra of [
      { attachments: [{ contentType: CARD_TYPE, content: FORM }] },
      { files: ['https://example.test/a.png'] },
      { parentId: m.body.id },
    ]) {
      const res = await edit({ roomId: dm.id, text: 'x', ...extra });
      assert.equal(res.status, 400, JSON.stringify(extra));
      assert.match(res.body.errors[0].description, /Only text and markdown can be edited/);
    }
    assert.equal((await edit({ roomId: dm.id })).status, 400, 'nothing to set');
    const admin = em.issueToken(w.admin.id, ['spark:all']);
    assert.equal((await edit({ roomId: dm.id, text: 'not mine' }, admin)).status, 403, 'only the sender');
    assert.equal(em.messageEdits(m.body.id).count, 0, 'refused edits are not counted');

    const ok = await edit({ roomId: dm.id, markdown: 'Progress: **2**/3' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.text, 'Progress: 2/3');
    assert.match(ok.body.html, /<strong>2<\/strong>/);
    assert.equal((await edit({ roomId: dm.id, text: 'Done' })).status, 200);
    assert.equal((await edit({ roomId: dm.id, text: 'Third' })).status, 400);
    assert.deepEqual(
      em.messageEdits(m.body.id).edits.map((e) => [e.text, e.markdown]),
      [
        ['Progress: 2/3', 'Progress: **2**/3'],
        ['Done', undefined],
      ],
    );
    em.reset();
    assert.equal(em.state.config.maxMessageEdits, 10);
  });

  it('makes a bot list group messages with mentionedPeople=me, newest first', async () => {
    const group = em.createRoom({ type: 'group', title: 'G', memberIds: [w.admin.id, w.bot.person.id] });
    const plain = await em.say(w.admin.id, group.id, 'not for the bot');
    const first = await em.say(w.admin.id, group.id, 'one', { mention: [w.bot.person.id] });
    const second = await em.say(w.admin.id, group.id, 'two', { mention: [w.bot.person.id] });
    assert.equal((await call(em, 'GET', `/messages?roomId=${group.id}`, { token: w.bot.token })).status, 403);
    const list = await call(em, 'GET', `/messages?roomId=${group.id}&mentionedPeople=me`, {
      token: w.bot.token,
    });
    assert.deepEqual(
      list.body.items.map((m: { id: string }) => m.id),
      [second.id, first.id],
    );
    assert.equal((await call(em, 'GET', `/messages/${plain.id}`, { token: w.bot.token })).status, 403);
    assert.deepEqual(
      em.messages(group.id).map((m) => m.id),
      [plain.id, first.id, second.id],
    );
  });

  it('submits cards as a Webex client: all inputs as strings, data merged, client-side checks', async () => {
    const card = await postCard();
    const action = await em.submitCard(w.admin.id, card.id, { reason: 'audit', pin: '1470' });
    assert.deepEqual(action.inputs, {
      action: 'save',
      formId: 'f1',
      expiryEnabled: 'true',
      expiryDays: '100',
      pin: '1470',
      change: '1',
      reason: 'audit',
    });
    await assert.rejects(
      em.submitCard(w.admin.id, card.id, { pin: '1470' }),
      /"Reason" \(reason\) is required/,
    );
    await assert.rejects(em.submitCard(w.admin.id, card.id, { reason: 'x', pin: '14a' }), /regex/);
    await assert.rejects(em.submitCard(w.admin.id, card.id, { reason: 'x', expiryDays: '180' }), /max 100/);
    await assert.rejects(em.submitCard(w.admin.id, card.id, { reason: 'x', change: '3' }), /no choice "3"/);
    await assert.rejects(
      em.submitCard(w.admin.id, card.id, { reason: 'x', expiryEnabled: 'yes' }),
      /"true" or "false"/,
    );
    await assert.rejects(
      em.submitCard(w.admin.id, card.id, { reason: 'x', bogus: '1' }),
      /no input with id "bogus"/,
    );
    const cancel = await em.submitCard(w.admin.id, card.id, {}, { actionTitle: 'Cancel' });
    assert.deepEqual(cancel.inputs, { action: 'cancel' });
    const tampered = await em.submitCard(
      w.admin.id,
      card.id,
      { expiryDays: '5', sneaky: 'x' },
      { skipValidation: true, allowUnknownInputs: true },
    );
    assert.equal(tampered.inputs.expiryDays, '5');
    assert.equal(tampered.inputs.sneaky, 'x');
    const outsider = em.createPerson({ email: 'o@acme.test', displayName: 'Out Sider', orgId: w.org.id });
    await assert.rejects(em.submitCard(outsider.id, card.id, { reason: 'x' }), /cannot see/);
  });

  it('leaves empty Text, Number and ChoiceSet inputs out of a submit, as the Adaptive Cards renderer does', async () => {
    const card = await postCard();
    // The PIN field was never filled, the person cleared the number and the choice.
    const action = await em.submitCard(w.admin.id, card.id, { reason: 'audit', expiryDays: '', change: '' });
    assert.deepEqual(action.inputs, {
      action: 'save',
      formId: 'f1',
      expiryEnabled: 'true',
      reason: 'audit',
    });
    for (const absent of ['pin', 'expiryDays', 'change']) assert.ok(!(absent in action.inputs), absent);
    // What the bot fetches is the same: the keys are missing, not "".
    const fetched = await call(em, 'GET', `/attachment/actions/${action.id}`, { token: w.bot.token });
    assert.deepEqual(Object.keys(fetched.body.inputs).sort(), [
      'action',
      'expiryEnabled',
      'formId',
      'reason',
    ]);
  });

  it('validates POST /attachment/actions', async () => {
    const card = await postCard();
    const text = await post({ roomId: dm.id, text: 'no card' });
    const admin = em.issueToken(w.admin.id, ['spark:all']);
    const ok = await call(em, 'POST', '/attachment/actions', {
      token: admin,
      body: { type: 'submit', messageId: card.id, inputs: { reason: 'x' } },
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.personId, w.admin.id);
    const noCard = await call(em, 'POST', '/attachment/actions', {
      token: admin,
      body: { type: 'submit', messageId: text.body.id, inputs: {} },
    });
    assert.equal(noCard.status, 400);
    const badType = await call(em, 'POST', '/attachment/actions', {
      token: admin,
      body: { type: 'click', messageId: card.id, inputs: {} },
    });
    assert.equal(badType.status, 400);
    const stranger = em.issueToken(w.user.id, ['spark:all']);
    assert.equal(
      (await call(em, 'GET', `/attachment/actions/${ok.body.id}`, { token: stranger })).status,
      403,
    );
  });

  it('waitForMessage resolves on a future message and times out with what the room has', async () => {
    const waiting = em.waitForMessage(dm.id, (m) => m.text === 'later', 2000);
    setTimeout(() => void post({ roomId: dm.id, text: 'later' }), 20);
    assert.equal((await waiting).text, 'later');
    await assert.rejects(
      em.waitForMessage(dm.id, (m) => m.text === 'never', 50),
      /"later"/,
    );
  });
});
