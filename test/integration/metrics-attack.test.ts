import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { until } from '../helpers/read-replies.js';

/**
 * The outside review's GET /metrics: Auth edge cases, hostile input that must never reach a label,
 * series growth under thousands of distinct inputs, and counters after injected faults.
 */
const METRICS_TOKEN = randomBytes(20).toString('hex');

/** Raw HTTP so duplicate and odd headers reach the server as written (fetch would merge or refuse them). */
function rawGet(
  url: string,
  headers: [string, string][],
  method = 'GET',
): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method,
        headers: [['Host', u.host], ...headers].flat() as unknown as Record<string, string>,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const sampleLines = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#'));
/** The value of the first sample line matching `line` (0 when there is none). */
const val = (text: string, line: RegExp) =>
  Number(
    sampleLines(text)
      .find((l) => line.test(l))
      ?.split(' ')
      .pop() ?? 0,
  );

describe('/metrics from outside (outside review)', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await startHarness({
      env: { METRICS_TOKEN },
      seed: (w) => {
        // A person whose name and email look like what must never reach a label.
        w.em.createPerson({
          email: 'mallory.metrics+x@evil-corp.example',
          displayName: 'voicemail.submit drop_table {id} "quoted" \\ \n',
          orgId: w.org.id,
        });
      },
    });
    h.logs.secrets.add(METRICS_TOKEN);
  });
  after(async () => h?.close());

  const url = () => `${h.running.url}/metrics`;
  const scrape = async () => {
    const r = await rawGet(url(), [['Authorization', `Bearer ${METRICS_TOKEN}`]]);
    assert.equal(r.status, 200);
    return r.body;
  };

  it('no bypass through odd Authorization headers, and no 500 on a huge one', async () => {
    const deny: [string, string][][] = [
      [['Authorization', `Bearer ${METRICS_TOKEN.toUpperCase()}`]],
      [['Authorization', `Bearer ${METRICS_TOKEN} ${METRICS_TOKEN}`]],
      [['Authorization', `Bearer ${METRICS_TOKEN},Bearer x`]],
      [['Authorization', `Bearer\u00a0${METRICS_TOKEN}`]],
      [['Authorization', `Bearer ${METRICS_TOKEN.slice(0, 16)}`]],
      [
        ['Authorization', `Bearer`],
        ['X-Authorization', `Bearer ${METRICS_TOKEN}`],
      ],
      [
        ['Authorization', `Bearer wrong`],
        ['Authorization', `Bearer ${METRICS_TOKEN}`],
      ],
      [['Authorization', `Bearer ${'A'.repeat(15_000)}`]],
      [['Cookie', `token=${METRICS_TOKEN}`]],
    ];
    for (const headers of deny) {
      const r = await rawGet(url(), headers);
      assert.ok(
        r.status === 401 || r.status === 431,
        `${JSON.stringify(headers).slice(0, 120)} → ${r.status}`,
      );
      assert.ok(!r.body.includes('vmbot_'));
    }
    for (const path of ['/metrics/', '/METRICS', '/metrics?x=1', '//metrics']) {
      const r = await rawGet(`${h.running.url}${path}`, []);
      assert.ok(r.status === 401 || r.status === 404, `${path} → ${r.status}`);
      assert.ok(!r.body.includes('vmbot_'), path);
    }
    const head = await rawGet(url(), [], 'HEAD');
    assert.ok(head.status === 401 || head.status === 404, `HEAD → ${head.status}`);
    // Nothing an attacker sent as a token is written to the log (it may be an operator's mistyped real token).
    assert.ok(!h.logs.text().includes('A'.repeat(200)));
  });

  it("README's metrics table names every queue the scrape reports", async () => {
    const text = await scrape();
    const queues = new Set([...text.matchAll(/^vmbot_queue_jobs\{[^}]*queue="([^"]+)"/gm)].map((m) => m[1]));
    assert.deepEqual(
      [...queues].sort(),
      ['events', 'fleet'],
      `queues in the scrape: ${[...queues].join(', ')}`,
    );
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const q of queues)
      assert.match(readme, new RegExp(`\`${q}\`[^\n]*queue`), `README names the ${q} queue`);
  });

  it('a scraper refused for a wrong token leaves a trace in the log (else a misconfigured scrape is silent)', async () => {
    for (let i = 0; i < 3; i++) await rawGet(url(), [['Authorization', 'Bearer not-the-token-0123456789']]);
    // The first refusal is logged in full, later ones counted per minute (earlier tests may have been first).
    const lines = h.logs.lines.filter((l) => /metrics scrape refused/i.test(l));
    assert.ok(lines.length >= 1, 'no log line for refused scrapes');
    assert.ok(!lines.join('\n').includes('not-the-token-0123456789'), 'the presented token is logged');
  });

  it('hostile names, text, unknown commands and card inputs never reach a label', async () => {
    await h.grant(h.admin.id);
    const mallory = [...h.em.state.people.values()].find((p) => p.emails[0]?.startsWith('mallory'))!;
    const hostile = [
      `/voicemail set expire=${h.org.id}`,
      `/${mallory.id}`,
      `/mallory.metrics@evil-corp.example`,
      `/voicemail ${h.admin.emails[0]} **bold** [x](http://evil.example)`,
      '/ünïcødé-命令 ' + 'x'.repeat(10_000),
      '/fleet apply ' + h.org.id,
      '/voicemail history ' + mallory.id,
    ];
    for (const text of hostile)
      await h.ask(h.group.id, h.admin.id, text, { mention: true }).catch(() => undefined);
    await h.ask(h.group.id, mallory.id, '/voicemail', { mention: true }).catch(() => undefined);
    const form = await h.ask(h.dm.id, h.admin.id, '/voicemail');
    // A press with an action the bot does not know, extra fields, and a voicemail.* name it has never sent.
    for (const action of [
      'evil',
      `voicemail.${mallory.id.slice(0, 30)}`,
      'voicemail.a1b2c3d4-e5f6-7890-abcd-ef0123456789',
    ])
      await h.em
        .submitCard(
          h.admin.id,
          form.id,
          { action, [mallory.emails[0]!]: h.org.id, extra: 'x'.repeat(5000) } as Record<string, string>,
          { allowUnknownInputs: true, skipValidation: true },
        )
        .catch((e: unknown) => process.stderr.write(`submit: ${String(e)}\n`));
    await h.em.settle();
    const text = await until(
      'the presses handled',
      async () => {
        const t = await scrape();
        return /^vmbot_card_actions_total/m.test(t) ? t : undefined;
      },
      10_000,
    );
    // The attack really ran: commands and presses were handled and counted.
    const handled = sampleLines(text).filter((l) => /^vmbot_(commands|card_actions)_total/.test(l));
    assert.ok(handled.length >= 3, handled.join('\n'));
    process.stderr.write(handled.join('\n') + '\n');
    const st = h.em.state;
    const named = [
      ...[...st.people.values()].flatMap((p) => [p.id, p.uuid, p.displayName.trim(), ...p.emails]),
      ...st.orgs.keys(),
      ...st.rooms.keys(),
      ...st.messages.keys(),
      ...st.actions.keys(),
      'evil-corp',
      'ünïcødé',
      'a1b2c3d4',
      'mallory',
      'evil',
    ].filter((v) => v.length >= 4);
    for (const v of named) assert.ok(!text.includes(v), `the scrape names ${v}`);
  });

  it('many distinct unknown commands and paths do not grow the scrape', async () => {
    await h.ask(h.dm.id, h.admin.id, '/nosuchcommand-warmup');
    const before = sampleLines(await scrape()).filter((l) => l.startsWith('vmbot_')).length;
    for (let i = 0; i < 60; i++) {
      await h.ask(h.dm.id, h.admin.id, `/cmd${randomBytes(6).toString('hex')} ${i}`);
      await fetch(`${h.running.url}/x${randomBytes(6).toString('hex')}`).catch(() => undefined);
    }
    const after = sampleLines(await scrape()).filter((l) => l.startsWith('vmbot_')).length;
    // A few new series are fine (a first unknown-command counter, status codes); per-input growth is not.
    assert.ok(after - before <= 10, `${after - before} new series after 60 distinct commands`);
  });

  it('a 503 with Retry-After is counted as a Retry-After wait, as the metric help says', async () => {
    const before = await scrape();
    h.em.injectFault({ method: 'GET', path: /^\/v1\/messages\/[^/]+$/, status: 503, retryAfter: 1 });
    await h.ask(h.dm.id, h.admin.id, '/help', { timeoutMs: 10_000 });
    const after = await until('the retry counted', async () => {
      const t = await scrape();
      return val(t, /^vmbot_webex_retries_total\{.*status="503"/) >= 1 ? t : undefined;
    });
    assert.match(before + after, /vmbot_webex_retry_after_waits_total/);
    const help = /# HELP vmbot_webex_retry_after_waits_total (.*)/.exec(after)?.[1] ?? '';
    assert.match(help, /429\/423, or a 5xx that sent one/);
    assert.equal(
      val(after, /^vmbot_webex_retry_after_waits_total /) -
        val(before, /^vmbot_webex_retry_after_waits_total /),
      1,
      "the 503's Retry-After wait",
    );
  });

  it('a Webex read that times out on every try: each attempt counted as status 0, each retry as a back-off', async () => {
    const before = await scrape();
    const timedOut = /^vmbot_webex_requests_total\{endpoint="\/messages\/\{id\}",method="GET",status="0"/;
    const retried = /^vmbot_webex_retries_total\{endpoint="\/messages\/\{id\}",method="GET",status="0"/;
    // Longer than the harness's 2 s Webex timeout, for every try (4 attempts): the message cannot be read.
    h.em.setLatency(2500, { method: 'GET', path: /^\/v1\/messages\/[^/]+$/ });
    try {
      const reply = await h.ask(h.dm.id, h.admin.id, '/help', { timeoutMs: 20_000 });
      assert.match(reply.markdown ?? reply.text, /did not answer in time/);
    } finally {
      h.em.setLatency(0, { method: 'GET', path: /^\/v1\/messages\/[^/]+$/ });
    }
    const after = await scrape();
    const d = (re: RegExp) => val(after, re) - val(before, re);
    assert.equal(d(timedOut), 4, 'attempts counted with status 0');
    assert.equal(d(retried), 3, 'retries counted');
    assert.ok(d(/^vmbot_webex_retry_wait_seconds_total\{reason="backoff"/) > 0);
  });
});
