import assert from 'node:assert/strict';
import { createMetrics } from '../../../src/metrics/create-metrics.js';

const values = async (m: ReturnType<typeof createMetrics>, name: string) =>
  (await m.registry.getSingleMetric(name)!.get()).values.map((v) => ({ ...v.labels, value: v.value }));

describe('createMetrics', () => {
  it('two bots in one process keep their own registries, process metrics included', async () => {
    const a = createMetrics({ processMetrics: true });
    const b = createMetrics({ processMetrics: true });
    a.redisError();
    assert.deepEqual(await values(a, 'vmbot_redis_errors_total'), [{ value: 1 }]);
    assert.deepEqual(await values(b, 'vmbot_redis_errors_total'), [{ value: 0 }]);
    assert.match(await b.registry.metrics(), /process_cpu_user_seconds_total/);
    assert.doesNotMatch(await createMetrics().registry.metrics(), /process_cpu/);
  });

  it('a queue that fails or does not answer leaves the scrape whole, without its numbers', async () => {
    const m = createMetrics({ queueTimeoutMs: 50 });
    m.watchQueue('fleet', async () => ({ waiting: 3, active: 1 }));
    m.watchQueue('broken', () => Promise.reject(new Error('Connection is closed')));
    m.watchQueue('silent', () => new Promise(() => undefined));
    m.fleetOrg('applied');
    const text = await m.registry.metrics();
    assert.match(text, /vmbot_queue_jobs\{queue="fleet",state="waiting"\} 3/);
    assert.match(text, /vmbot_queue_jobs\{queue="fleet",state="active"\} 1/);
    assert.doesNotMatch(text, /queue="(broken|silent)"/);
    assert.match(text, /vmbot_fleet_orgs_total\{outcome="applied"\} 1/);
  });

  it('outcomes: an error code only when failed; drift alerts counted beside drift checks', async () => {
    const m = createMetrics();
    m.handled('command', 'voicemail.show', 'failed', 'RATE_LIMITED');
    m.handled('command', 'voicemail.show', 'ok');
    m.handled('action', 'voicemail.submit', 'unexpected');
    m.driftCheck('unchanged');
    m.driftCheck('drift');
    assert.deepEqual(await values(m, 'vmbot_commands_total'), [
      { kind: 'voicemail.show', outcome: 'failed', code: 'RATE_LIMITED', value: 1 },
      { kind: 'voicemail.show', outcome: 'ok', code: 'none', value: 1 },
    ]);
    assert.deepEqual(await values(m, 'vmbot_card_actions_total'), [
      { action: 'voicemail.submit', outcome: 'unexpected', code: 'none', value: 1 },
    ]);
    assert.deepEqual(await values(m, 'vmbot_drift_alerts_total'), [{ value: 1 }]);
    assert.equal((await values(m, 'vmbot_drift_checks_total')).length, 2);
  });

  it('a kind label cannot grow without bound, nor carry what does not look like a table name', async () => {
    const m = createMetrics();
    for (let i = 0; i < 500; i++) m.handled('command', `kind${i}`, 'ok');
    m.handled('command', 'alice@example.com', 'ok');
    m.handled(
      'command',
      'Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xMjM0NTY3OC0xMjM0LTEyMzQtMTIzNC0xMjM0NTY3ODkwMTI',
      'ok',
    );
    const kinds = new Set(
      (await m.registry.getSingleMetric('vmbot_commands_total')!.get()).values.map((v) => v.labels.kind),
    );
    assert.ok(kinds.size <= 65, String(kinds.size));
    assert.ok(kinds.has('other'));
    assert.ok(![...kinds].some((k) => String(k).includes('@') || String(k).length > 40));
  });

  it('a Webex attempt: counted by template, method and status, and timed; a retry with its wait', async () => {
    const m = createMetrics();
    m.webexCall({
      method: 'GET',
      path: '/messages/Y2lzY29zcGFyazovL3VzL01FU1NBR0UvMTIz',
      status: 429,
      ms: 12,
    });
    m.webexRetry({
      method: 'GET',
      path: '/messages/Y2lzY29zcGFyazovL3VzL01FU1NBR0UvMTIz',
      status: 429,
      waitMs: 2000,
      retryAfter: true,
    });
    m.webexRetry({
      method: 'PUT',
      path: '/telephony/config/voicemail/rules',
      status: 503,
      waitMs: 500,
      retryAfter: false,
    });
    assert.deepEqual(await values(m, 'vmbot_webex_requests_total'), [
      { endpoint: '/messages/{id}', method: 'GET', status: '429', value: 1 },
    ]);
    assert.deepEqual(await values(m, 'vmbot_webex_retry_wait_seconds_total'), [
      { reason: 'retry_after', value: 2 },
      { reason: 'backoff', value: 0.5 },
    ]);
    assert.deepEqual(await values(m, 'vmbot_webex_retry_after_waits_total'), [{ value: 1 }]);
    assert.match(
      await m.registry.metrics(),
      /vmbot_webex_request_duration_seconds_count\{endpoint="\/messages\/\{id\}",method="GET"\} 1/,
    );
  });
});
