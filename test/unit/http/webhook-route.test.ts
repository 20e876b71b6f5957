import assert from 'node:assert/strict';
import { createApp } from '../../../src/app.js';
import { createWebhookRoute, type WebhookEnvelope } from '../../../src/http/webhook-route.js';
import { captureLog } from '../../helpers/capture-log.js';
import { listenLocal, type LocalServer } from '../../helpers/listen-local.js';
import { sign } from '../../helpers/sign.js';

const SECRET = 's'.repeat(24);
const BOT = 'bot-person-id';

/** The route's answers, over real HTTP, with an enqueue the test controls. */
describe('webhook route: an event is answered 2xx only once it is stored', function () {
  let server: LocalServer;
  const logs = captureLog();
  let stored: { ev: WebhookEnvelope; trackingId?: string }[] = [];
  let enqueue: (ev: WebhookEnvelope, d: { trackingId?: string }) => Promise<void>;
  let open = true;

  before(async () => {
    server = await listenLocal(
      createApp([
        createWebhookRoute({
          secret: SECRET,
          log: logs.log,
          enqueue: (ev, d) => enqueue(ev, d),
          enqueueTimeoutMs: 300,
          accepting: () => open,
          ignorable: (ev) => ev.resource === 'messages' && ev.data.personId === BOT,
        }),
      ]),
    );
  });
  beforeEach(() => {
    stored = [];
    open = true;
    enqueue = async (ev, d) => void stored.push({ ev, trackingId: d.trackingId });
  });
  after(() => server.close());

  const post = async (body: object, opts: { signature?: string } = {}) => {
    const raw = JSON.stringify(body);
    const res = await fetch(`${server.base}/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-spark-signature': opts.signature ?? sign(raw, SECRET),
        trackingid: 'WEBHOOK_abc',
      },
      body: raw,
    });
    await res.arrayBuffer();
    return res;
  };
  const event = (id: string, personId = 'someone') => ({
    id: 'wh1',
    name: 'bot',
    resource: 'messages',
    event: 'created',
    data: { id, roomId: 'r1', personId },
  });

  it('stored: 204, with the delivery trackingId handed on', async () => {
    const res = await post(event('m1'));
    assert.equal(res.status, 204);
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.ev.data.id, 'm1');
    assert.equal(stored[0]?.trackingId, 'WEBHOOK_abc');
  });

  it('the store refuses (Redis down): 503 with Retry-After, and an error line naming the event', async () => {
    enqueue = async () => {
      throw new Error('Connection is closed.');
    };
    const res = await post(event('m2'));
    assert.equal(res.status, 503);
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    const line = logs.lines.map((l) => JSON.parse(l)).find((l) => l.eventId === 'm2');
    assert.equal(line?.level, 'error');
    assert.match(line?.msg, /could not be stored/);
  });

  it('the store does not answer in time: 503, not 204', async () => {
    enqueue = () => new Promise(() => undefined);
    const res = await post(event('m3'));
    assert.equal(res.status, 503);
  });

  it('bad signature: 401 and nothing stored', async () => {
    const res = await post(event('m4'), { signature: 'ab'.repeat(20) });
    assert.equal(res.status, 401);
    assert.equal(stored.length, 0);
  });

  it('signed but not an event: 400 and nothing stored', async () => {
    const res = await post({ hello: 'world' });
    assert.equal(res.status, 400);
    assert.equal(stored.length, 0);
  });

  it("the bot's own message: 204 without being stored, even while shutting down", async () => {
    assert.equal((await post(event('m5', BOT))).status, 204);
    open = false;
    assert.equal((await post(event('m6', BOT))).status, 204);
    assert.equal(stored.length, 0);
  });

  it('shutting down: 503 and nothing stored', async () => {
    open = false;
    const res = await post(event('m7'));
    assert.equal(res.status, 503);
    assert.equal(stored.length, 0);
  });
});
