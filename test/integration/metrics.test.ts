import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { until } from '../helpers/read-replies.js';
import { sign } from '../helpers/sign.js';
import { endpointTemplate } from '../../src/metrics/endpoint-template.js';

/** One scrape: every sample by its name and sorted labels (`name{a="x",b="y"}`), and the raw text. */
interface Scrape {
  text: string;
  samples: Map<string, number>;
  labelValues: string[];
}

function parseScrape(text: string): Scrape {
  const samples = new Map<string, number>();
  const labelValues: string[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `not a Prometheus sample line: ${line}`);
    const labels = [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => {
      labelValues.push(v!);
      return `${k}="${v}"`;
    });
    samples.set(`${m[1]}{${labels.sort().join(',')}}`, Number(m[3]));
  }
  return { text, samples, labelValues };
}

/** `name{a="x",b="y"}` with the labels sorted, as parseScrape keys them. */
const key = (name: string, labels: Record<string, string> = {}) =>
  `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',')}}`;

/** What moved between two scrapes (absent before: 0), for the metrics named; histogram parts left out. */
function moved(before: Scrape, after: Scrape, prefixes: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of after.samples) {
    if (!prefixes.some((p) => k.startsWith(p + '{'))) continue;
    const d = v - (before.samples.get(k) ?? 0);
    if (d !== 0) out.set(k, Math.round(d * 1000) / 1000);
  }
  return out;
}

const METRICS_TOKEN = randomBytes(20).toString('hex');

async function scrapeRaw(h: Harness, authorization?: string) {
  return fetch(`${h.running.url}/metrics`, {
    headers: authorization ? { authorization } : {},
  });
}

async function scrape(h: Harness): Promise<Scrape> {
  const res = await scrapeRaw(h, `Bearer ${METRICS_TOKEN}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain;.*version=0\.0\.4/);
  return parseScrape(await res.text());
}

const sum = (s: Scrape, name: string) =>
  [...s.samples].filter(([k]) => k.startsWith(name + '{')).reduce((a, [, v]) => a + v, 0);

describe('GET /metrics (Prometheus, real framework + emulator + real Redis)', function () {
  this.timeout(30_000);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ env: { METRICS_TOKEN } });
    h.logs.secrets.add(METRICS_TOKEN);
  });
  afterEach(async () => h?.close());

  /** Everything the bot's Webex client has had answered is counted (the count moves after the answer). */
  const settled = (before: Scrape, calls: number) =>
    until('every Webex call counted', async () => {
      const s = await scrape(h);
      return sum(s, 'vmbot_webex_requests_total') - sum(before, 'vmbot_webex_requests_total') === calls
        ? s
        : undefined;
    });

  it('a whole form interaction moves the counters by exactly what happened, and no label names anyone', async () => {
    await h.grant(h.admin.id);
    const before = await scrape(h);
    const requestsBefore = h.em.requests.length;
    const deliveriesBefore = h.em.deliveries.length;

    const form = await h.ask(h.dm.id, h.admin.id, '/voicemail');
    assert.ok(form.attachments?.length, 'the form card came');
    const reply = await h.submit(h.dm.id, h.admin.id, form, { expirePasscodeDays: '45' });
    assert.match(reply.markdown ?? '', /updated/i);

    // Every delivery the emulator made in this interaction has been answered and taken in or dropped.
    const deliveries = () => h.em.deliveries.slice(deliveriesBefore);
    const own = () => deliveries().filter((d) => d.rawBody.includes(`"personId":"${h.bot.id}"`)).length;
    const after = await until('deliveries counted', async () => {
      const s = await settled(before, h.em.requests.length - requestsBefore);
      const d = moved(before, s, ['vmbot_webhook_deliveries_total']);
      const counted = [...d.values()].reduce((a, v) => a + v, 0);
      // The handler ends after its last call (the used card's DELETE comes after the reply).
      const ended = moved(before, s, ['vmbot_commands_total', 'vmbot_card_actions_total']).size === 2;
      return counted === deliveries().length && ended ? s : undefined;
    });
    // The used card is deleted after the reply: the scrape waited for it (and for every other call).
    const calls = h.em.requests.slice(requestsBefore);

    // Two events for the bot (the message, the card press); the bot's own messages come back and are dropped.
    assert.ok(own() >= 1, 'the firehose brought back at least one of the bot’s own messages');
    assert.deepEqual(
      moved(before, after, ['vmbot_webhook_deliveries_total']),
      new Map([
        [key('vmbot_webhook_deliveries_total', { outcome: 'accepted' }), 2],
        [key('vmbot_webhook_deliveries_total', { outcome: 'ignored' }), own()],
      ]),
    );
    assert.deepEqual(
      moved(before, after, ['vmbot_commands_total', 'vmbot_card_actions_total']),
      new Map([
        [key('vmbot_commands_total', { kind: 'voicemail.form', outcome: 'ok', code: 'none' }), 1],
        [key('vmbot_card_actions_total', { action: 'voicemail.submit', outcome: 'ok', code: 'none' }), 1],
      ]),
    );

    // Each Webex call by endpoint template, method and status: what the emulator answered, one for one.
    const expected = new Map<string, number>();
    for (const r of calls) {
      const k = key('vmbot_webex_requests_total', {
        endpoint: endpointTemplate(r.path),
        method: r.method,
        status: String(r.status),
      });
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    const counted = moved(before, after, ['vmbot_webex_requests_total']);
    assert.deepEqual(counted, expected);
    // The template is the one an operator would write, spelled out for the calls a form always makes.
    const at = (endpoint: string, method: string, status: string) =>
      counted.get(key('vmbot_webex_requests_total', { endpoint, method, status }));
    assert.equal(at('/messages/{id}', 'GET', '200'), 1);
    assert.equal(at('/attachment/actions/{id}', 'GET', '200'), 1);
    assert.equal(at('/telephony/config/voicemail/rules', 'GET', '200'), 1);
    assert.equal(at('/telephony/config/voicemail/rules', 'PUT', '204'), 1);
    assert.equal(at('/messages', 'POST', '200'), 2, 'the card and the reply');
    // One latency observation per call; nothing retried.
    assert.equal(
      sum(after, 'vmbot_webex_request_duration_seconds_count') -
        sum(before, 'vmbot_webex_request_duration_seconds_count'),
      calls.length,
    );
    assert.deepEqual(moved(before, after, ['vmbot_webex_retries_total']), new Map());

    // Nothing that names a person, org, room, message or secret, anywhere in the scrape.
    const st = h.em.state;
    const named = [
      ...[...st.people.values()].flatMap((p) => [p.id, p.uuid, p.displayName, ...p.emails]),
      ...st.orgs.keys(),
      ...st.rooms.keys(),
      ...st.messages.keys(),
      ...st.actions.keys(),
      ...st.tokens.keys(),
      h.config.WEBHOOK_SECRET,
      h.config.WEBEX_BOT_TOKEN,
      h.config.TOKEN_ENCRYPTION_KEY,
      METRICS_TOKEN,
    ].filter((v) => v.length >= 8);
    assert.ok(named.length > 10);
    for (const v of named) assert.ok(!after.text.includes(v), `the scrape names ${v}`);
    // Long snake_case words are names, not ids (Node 24's default metrics name V8 heap spaces such as
    // shared_trusted_large_object); an id is base64, a UUID, digits or an email.
    const isName = (part: string) => /^[a-z]+(_[a-z]+)+$/.test(part);
    for (const v of after.labelValues)
      for (const part of v.split('/'))
        assert.ok(
          isName(part) || !/@|^[\w+=-]{20,}$|\d{4,}/.test(part),
          `a label value looks like an id: ${v}`,
        );
  });

  it('Node’s process metrics and the fleet queue depth are in the scrape', async () => {
    const s = await scrape(h);
    assert.ok(s.samples.has(key('process_cpu_user_seconds_total')), 'process metrics');
    assert.ok([...s.samples.keys()].some((k) => k.startsWith('nodejs_heap_size_used_bytes{')));
    assert.equal(s.samples.get(key('vmbot_queue_jobs', { queue: 'fleet', state: 'waiting' })), 0);
  });

  it('401 without the bearer token, with a wrong one, or with another scheme', async () => {
    for (const auth of [
      undefined,
      'Bearer ' + METRICS_TOKEN.slice(0, -1),
      'Bearer ' + METRICS_TOKEN + 'x',
      'Bearer',
      `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}`,
      METRICS_TOKEN,
    ]) {
      const res = await scrapeRaw(h, auth);
      assert.equal(res.status, 401, String(auth));
      assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="metrics"');
      assert.ok(!(await res.text()).includes('vmbot_'));
    }
    assert.equal((await scrapeRaw(h, `bearer ${METRICS_TOKEN}`)).status, 200, 'the scheme in any case');
  });

  it('a delivery with a bad signature, one that is not an event, and a redelivered event are counted', async () => {
    const before = await scrape(h);
    const post = (body: string, signature: string) =>
      fetch(`${h.running.url}/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-spark-signature': signature },
        body,
      });
    const forged = JSON.stringify({ resource: 'messages', event: 'created', data: { id: 'x' } });
    assert.equal((await post(forged, 'f'.repeat(40))).status, 401);
    assert.equal((await post('{"hello":1}', sign('{"hello":1}', h.config.WEBHOOK_SECRET))).status, 400);

    await h.ask(h.dm.id, h.admin.id, '/help');
    const delivery = h.em.deliveries.find(
      (d) => d.resource === 'messages' && !d.rawBody.includes(`"personId":"${h.bot.id}"`),
    );
    assert.ok(delivery);
    assert.equal(await h.em.replay(delivery), 204);
    const after = await until('the redelivery counted', async () => {
      const s = await scrape(h);
      return s.samples.get(key('vmbot_webhook_deliveries_total', { outcome: 'duplicate' })) ? s : undefined;
    });
    const d = moved(before, after, ['vmbot_webhook_deliveries_total']);
    assert.equal(d.get(key('vmbot_webhook_deliveries_total', { outcome: 'bad_signature' })), 1);
    assert.equal(d.get(key('vmbot_webhook_deliveries_total', { outcome: 'not_an_event' })), 1);
    assert.equal(d.get(key('vmbot_webhook_deliveries_total', { outcome: 'accepted' })), 1);
    assert.equal(d.get(key('vmbot_webhook_deliveries_total', { outcome: 'duplicate' })), 1);
    assert.equal(
      moved(before, after, ['vmbot_commands_total']).get(
        key('vmbot_commands_total', { kind: 'help', outcome: 'ok', code: 'none' }),
      ),
      1,
      'the redelivery ran nothing',
    );
  });

  it('a delivery refused while shutting down is counted as refused', async () => {
    const before = await scrape(h);
    h.running.beginShutdown(Date.now() + 5000, 1000);
    const body = JSON.stringify({
      id: 'w',
      name: 'n',
      resource: 'messages',
      event: 'created',
      data: { id: 'm', personId: h.admin.id },
    });
    const res = await fetch(`${h.running.url}/webhook`, {
      method: 'POST',
      headers: { 'x-spark-signature': sign(body, h.config.WEBHOOK_SECRET) },
      body,
    });
    assert.equal(res.status, 503);
    assert.deepEqual(
      moved(before, await scrape(h), ['vmbot_webhook_deliveries_total']),
      new Map([[key('vmbot_webhook_deliveries_total', { outcome: 'refused' }), 1]]),
    );
  });

  it('a 429 with Retry-After is counted as a retry and its wait', async () => {
    await h.grant(h.admin.id);
    const before = await scrape(h);
    h.em.injectFault({ method: 'GET', path: /^\/v1\/messages\/[^/]+$/, status: 429, retryAfter: 1 });
    const reply = await h.ask(h.dm.id, h.admin.id, '/voicemail show', { timeoutMs: 10_000 });
    assert.match(reply.markdown ?? '', /Voicemail passcode rules/);
    const after = await scrape(h);
    const endpoint = '/messages/{id}';
    assert.deepEqual(
      moved(before, after, ['vmbot_webex_retries_total']),
      new Map([[key('vmbot_webex_retries_total', { endpoint, method: 'GET', status: '429' }), 1]]),
    );
    const d = moved(before, after, [
      'vmbot_webex_retry_after_waits_total',
      'vmbot_webex_retry_wait_seconds_total',
      'vmbot_webex_requests_total',
    ]);
    assert.equal(d.get(key('vmbot_webex_retry_after_waits_total')), 1);
    assert.equal(d.get(key('vmbot_webex_retry_wait_seconds_total', { reason: 'retry_after' })), 1);
    assert.equal(d.get(key('vmbot_webex_requests_total', { endpoint, method: 'GET', status: '429' })), 1);
    assert.equal(d.get(key('vmbot_webex_requests_total', { endpoint, method: 'GET', status: '200' })), 1);
  });
});

describe('GET /metrics without METRICS_TOKEN', function () {
  this.timeout(30_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  it('is not there at all (404), with or without a bearer token', async () => {
    assert.equal((await scrapeRaw(h)).status, 404);
    assert.equal((await scrapeRaw(h, `Bearer ${METRICS_TOKEN}`)).status, 404);
    // Still counted inside, for a test or an embedding that reads the registry itself.
    assert.match(await h.running.metrics.registry.metrics(), /vmbot_webhook_deliveries_total/);
  });
});
