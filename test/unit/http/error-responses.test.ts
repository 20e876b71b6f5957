import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import express from 'express';
import { createApp } from '../../../src/app.js';
import { createWebhookRoute } from '../../../src/http/webhook-route.js';
import { captureLog } from '../../helpers/capture-log.js';
import { listenLocal, type LocalServer } from '../../helpers/listen-local.js';

/** What an attacker gets back for malformed requests, over real HTTP: JSON, the right status, no internals. */
describe('HTTP error responses (real server)', () => {
  let server: LocalServer;
  let base: string;
  const logs = captureLog();

  before(async () => {
    const boom = express.Router();
    boom.get('/boom', () => {
      throw new Error('kaput at /srv/app/secret-path.ts');
    });
    const app = createApp(
      [createWebhookRoute({ secret: 's'.repeat(24), log: logs.log, enqueue: async () => undefined }), boom],
      { log: logs.log },
    );
    server = await listenLocal(app);
    base = server.base;
  });
  after(async () => {
    await server.close();
  });

  async function expectJsonError(res: Response, status: number) {
    const body = await res.text();
    assert.equal(res.status, status, body);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.doesNotMatch(body, /<html|<pre|\bat \w|node_modules|\/work\/|\.ts\b|\.js\b|x-bogus|secret-path/i);
    const parsed = JSON.parse(body) as { error?: unknown };
    assert.equal(typeof parsed.error, 'string');
  }

  const post = (headers: Record<string, string>, body: Buffer | string) =>
    fetch(`${base}/webhook`, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });

  it('an unknown Content-Encoding: 415 JSON', async () => {
    await expectJsonError(
      await post({ 'content-encoding': 'x-bogus', 'content-type': 'application/json' }, '{}'),
      415,
    );
  });

  it('invalid gzip: 400 JSON', async () => {
    await expectJsonError(
      await post({ 'content-encoding': 'gzip', 'content-type': 'application/json' }, 'this is not gzip'),
      400,
    );
  });

  it('a body over 256 kB: 413 JSON (plain and gzip-bombed)', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(300 * 1024) });
    await expectJsonError(await post({ 'content-type': 'application/json' }, big), 413);
    await expectJsonError(
      await post({ 'content-encoding': 'gzip', 'content-type': 'application/json' }, gzipSync(big)),
      413,
    );
  });

  it('a route that throws: 500 JSON, and the operator gets the error in the log', async () => {
    await expectJsonError(await fetch(`${base}/boom`), 500);
    assert.ok(logs.lines.some((l) => l.includes('request failed unexpectedly') && l.includes('kaput')));
  });
});
