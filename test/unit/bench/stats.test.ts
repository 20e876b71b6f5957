import assert from 'node:assert/strict';
import {
  assembleResults,
  countByEndpoint,
  detectRole,
  endpointTemplate,
  formatTable,
  openLoopSchedule,
  percentile,
  resultShapeProblems,
  summarize,
  type Measured,
} from '../../../bench/stats.js';
import { recordedCalls } from '../../../bench/limit.js';

/** `npm run bench` has no test of its own (it takes minutes): its pure parts are held here. */
describe('bench: pure parts', () => {
  it('percentile is nearest-rank on unsorted samples', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    assert.equal(percentile(xs, 50), 5);
    assert.equal(percentile(xs, 90), 9);
    assert.equal(percentile(xs, 99), 10);
    assert.equal(percentile(xs, 0), 1);
    assert.equal(percentile([42], 99), 42);
    assert.ok(Number.isNaN(percentile([], 50)));
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.equal(percentile(hundred, 99), 99);
    assert.deepEqual(summarize([1, 2, 3, 4]), { n: 4, p50: 2, p95: 4, p99: 4, max: 4, mean: 2.5 });
  });

  it('the open-loop schedule is fixed by the rate alone', () => {
    const s = openLoopSchedule(200, 2000);
    assert.equal(s.length, 2000);
    assert.equal(s[0], 0);
    assert.equal(s[1], 5);
    assert.equal(s[1999], 9995);
    assert.throws(() => openLoopSchedule(0, 10));
    assert.throws(() => openLoopSchedule(10, 1.5));
  });

  it('endpoints are counted with their ids replaced', () => {
    const id = 'Y2lzY29zcGFyazovL3VzL01FU1NBR0UvOTk5OTk5OTk';
    assert.equal(endpointTemplate('GET', `/v1/messages/${id}`), 'GET /v1/messages/{id}');
    assert.equal(endpointTemplate('GET', '/v1/people/me'), 'GET /v1/people/me');
    assert.deepEqual(
      countByEndpoint([
        { method: 'POST', path: '/v1/messages' },
        { method: 'DELETE', path: `/v1/messages/${id}` },
        { method: 'POST', path: '/v1/messages' },
      ]),
      { 'POST /v1/messages': 2, 'DELETE /v1/messages/{id}': 1 },
    );
  });

  it('the role comes from /version, else a log line, else it is "all"', () => {
    assert.equal(detectRole('', { name: 'x', role: 'web' }), 'web');
    assert.equal(detectRole('{"level":30,"role":"worker","msg":"listening"}\n', null), 'worker');
    assert.equal(detectRole('{"level":30,"msg":"voicemail-rules-bot listening"}\n', { name: 'x' }), 'all');
  });

  it("the limit replays a message the bot posted as the one the loop's own POST made", () => {
    const calls = recordedCalls(
      [
        {
          method: 'GET',
          path: '/v1/messages/U',
          query: {},
          status: 200,
          trackingId: 't',
          time: '',
          personId: 'bot',
        },
        {
          method: 'POST',
          path: '/v1/messages',
          query: {},
          status: 200,
          trackingId: 't',
          time: '',
          personId: 'bot',
          body: { text: 'card' },
        },
        {
          method: 'PUT',
          path: '/v1/rules',
          query: { orgId: 'o' },
          status: 200,
          trackingId: 't',
          time: '',
          personId: 'admin',
          body: {},
        },
        {
          method: 'DELETE',
          path: '/v1/messages/CARD',
          query: {},
          status: 204,
          trackingId: 't',
          time: '',
          personId: 'bot',
        },
      ],
      ['CARD'],
      new Map([
        ['bot', 'bot-token'],
        ['admin', 'admin-token'],
      ]),
    );
    assert.deepEqual(
      calls.map((c) => [c.method, c.token, c.created]),
      [
        ['GET', 'bot-token', undefined],
        ['POST', 'bot-token', 'CARD'],
        ['PUT', 'admin-token', undefined],
        ['DELETE', 'bot-token', undefined],
      ],
    );
    assert.throws(() =>
      recordedCalls(
        [{ method: 'GET', path: '/x', query: {}, status: 200, trackingId: 't', time: '' }],
        [],
        new Map(),
      ),
    );
  });

  it('bench/results.json has its documented shape, and the table a row per figure', () => {
    const s = summarize([1, 2, 3]);
    const ack = { ratePerS: 200, durationS: 10, latencyMs: s, non2xx: 0, errors: 0, maxSendLagMs: 1 };
    const m: Measured = {
      machine: {
        cores: 2,
        cpuModel: 'cpu',
        node: 'v20',
        platform: 'linux',
        date: '2026-01-01T00:00:00Z',
        loadAvg1m: { start: 1, end: 2 },
      },
      runS: 100,
      role: 'web',
      entry: 'tsx',
      ack: { bot: { ...ack, latencyMs: { ...s, p99: 6 } }, stub: ack },
      deliveryToReplyMs: { help: s, voicemail: s, submit: s },
      callsPerInteraction: { total: 7, byEndpoint: { 'GET /v1/messages/{id}': 1 } },
      startup: [{ spaces: 10, readyMs: 900, listeningMs: null, apiCalls: 5, byEndpoint: {} }],
      rssMb: { idle: 100, underLoadMax: 150, underLoadMean: 120 },
      limit: { concurrency: 8, callsPerInteraction: 7, plainInteractionsPerS: 200, botInteractionsPerS: 100 },
      fleet: [{ figure: 'fleet: x', value: 'y' }],
      other: [],
    };
    const r = assembleResults(m);
    assert.equal(r.webhookAck.p99Ratio, 2);
    assert.equal(r.limit.ratio, 0.5);
    const parsed: unknown = JSON.parse(JSON.stringify(r));
    assert.deepEqual(resultShapeProblems(parsed), []);
    assert.deepEqual(resultShapeProblems({ ...r, limit: { ratio: 1 } }).slice(0, 1), [
      'missing limit.concurrency',
    ]);
    const table = formatTable(m.machine, r.table);
    for (const want of [
      '2 cores',
      'v20',
      'role web',
      'bot / stub | 2.0x',
      '10 spaces',
      'share of the limit | 50%',
      'fleet: x',
    ])
      assert.ok(table.includes(want), `table has "${want}":\n${table}`);
  });
});
