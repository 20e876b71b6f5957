import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import express from 'express';
import type { Emulator, EmMessage } from '../../src/emulator/index.js';
import { getEmulator } from '../helpers/emulator.js';
import { seedOrg } from '../helpers/emulator-api.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the framework ships no types */

const CARD = {
  type: 'AdaptiveCard',
  version: '1.3',
  body: [{ type: 'Input.Number', id: 'days', value: 30, min: 15, max: 100 }],
  actions: [{ type: 'Action.Submit', title: 'Save', data: { action: 'save' } }],
};

function once<T extends unknown[]>(emitter: any, event: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`framework did not emit "${event}" in ${timeoutMs} ms`)),
      timeoutMs,
    );
    emitter.once(event, (...args: T) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

/**
 * The unmodified webex-node-bot-framework 2.3.14 (and its Webex SDK) against the emulator: the SDK's API base
 * comes from HYDRA_SERVICE_URL/U2C_SERVICE_URL, which getEmulator() sets before the framework is loaded.
 */
describe('emulator: the real webex-node-bot-framework runs against it', function () {
  this.timeout(20_000);
  let em: Emulator;
  let w: ReturnType<typeof seedOrg>;
  let framework: any;
  let receiver: Server;

  before(async () => {
    em = await getEmulator();
    em.reset();
    w = seedOrg(em);
    const require = createRequire(import.meta.url);
    const Framework = require('webex-node-bot-framework');
    const webhookHandler = require('webex-node-bot-framework/lib/webhook');

    const app = express();
    app.use(express.json());
    receiver = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const port = (receiver.address() as AddressInfo).port;
    framework = new Framework({
      token: w.bot.token,
      webhookUrl: `http://127.0.0.1:${port}/webhook`,
      webhookSecret: 'framework-secret',
      removeWebhooksOnStart: false,
      maxStartupSpaces: 0,
    });
    // The framework checks the signature over JSON.stringify(req.body): the emulator's raw bytes must match.
    app.post('/webhook', webhookHandler(framework));
    await framework.start();
    // Webhook creation at start is not awaited by the framework: wait until both exist.
    for (let i = 0; i < 100 && em.webhooks(w.bot.person.id).length < 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.deepEqual(
      em.webhooks(w.bot.person.id).map((h) => `${h.resource}/${h.event}`),
      ['all/all', 'attachmentActions/created'],
    );
    assert.equal(framework.isBotAccount, true);
  });

  after(async () => {
    if (framework?.active) await framework.stop();
    await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  });

  it("delivers a human's 1:1 message to the framework's message event, and bot.say posts the reply", async () => {
    const dm = em.createRoom({ type: 'direct', memberIds: [w.admin.id, w.bot.person.id] });
    framework.once('message', (bot: any, trigger: any) => {
      void bot.say('markdown', `you said **${trigger.text}**, ${trigger.person.displayName}`);
    });
    const heard = once<[any, any]>(framework, 'message');
    await em.say(w.admin.id, dm.id, 'hello   bot');
    const [bot, trigger] = await heard;
    assert.equal(trigger.text, 'hello bot');
    assert.equal(trigger.person.id, w.admin.id);
    assert.equal(trigger.message.roomType, 'direct');
    assert.equal(bot.room.id, dm.id);
    assert.equal(bot.isDirect, true);
    assert.equal(bot.isDirectTo, 'alice@acme.test');
    const reply: EmMessage = await em.waitForMessage(dm.id, (m) => m.personId === w.bot.person.id);
    assert.equal(reply.markdown, 'you said **hello bot**, Alice Admin');
    assert.equal(reply.text, 'you said hello bot, Alice Admin');
    // The late discovery of the space, then the message and the sender, as measured against Webex.
    const paths = em.requests.map((r) => {
      const parts = r.path.split('/');
      if ((parts.at(-1) ?? '').length > 40) parts[parts.length - 1] = '{id}';
      return `${r.method} ${parts.join('/')}`;
    });
    assert.ok(paths.includes('GET /v1/messages/{id}'));
    assert.ok(paths.includes('GET /v1/rooms/{id}'));
    assert.ok(paths.some((p) => p === 'GET /v1/people/' || p === 'GET /v1/people'));
    assert.ok(
      em.requests.every((r) => r.status < 400),
      JSON.stringify(em.requests.filter((r) => r.status >= 400)),
    );
  });

  it('hears a mention in a group space (text starts with the bot name), and not other group chatter', async () => {
    const group = em.createRoom({
      type: 'group',
      title: 'Voice team',
      memberIds: [w.admin.id, w.user.id, w.bot.person.id],
    });
    const messages: string[] = [];
    const listener = (_bot: any, trigger: any): void => {
      messages.push(trigger.text);
    };
    framework.on('message', listener);
    try {
      const mentioned = once<[any, any]>(framework, 'mentioned');
      await em.say(w.user.id, group.id, 'lunch?');
      await em.say(w.admin.id, group.id, '/voicemail show', { mention: [w.bot.person.id] });
      const [bot, trigger] = await mentioned;
      assert.equal(bot.isGroup, true);
      assert.equal(trigger.text, 'VoicemailBot /voicemail show');
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(messages, ['VoicemailBot /voicemail show']);
    } finally {
      framework.off('message', listener);
    }
  });

  it("delivers a card submission to the framework's attachmentAction event", async () => {
    const dm = em.createRoom({ type: 'direct', memberIds: [w.reader.id, w.bot.person.id] });
    framework.once('message', (bot: any) => {
      void bot.sendCard(CARD, 'Your client cannot show cards');
    });
    await em.say(w.reader.id, dm.id, 'form please');
    const card = await em.waitForMessage(dm.id, (m) => m.attachments !== undefined);
    assert.equal(card.text, 'Your client cannot show cards');
    const acted = once<[any, any]>(framework, 'attachmentAction');
    await em.submitCard(w.reader.id, card.id, { days: '45' });
    const [, trigger] = await acted;
    assert.deepEqual(trigger.attachmentAction.inputs, { action: 'save', days: '45' });
    assert.equal(trigger.person.id, w.reader.id);
  });

  it('removes its own webhooks when it stops', async () => {
    await framework.stop();
    assert.deepEqual(em.webhooks(w.bot.person.id), []);
  });
});
