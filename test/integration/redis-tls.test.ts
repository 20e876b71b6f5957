import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { freePort } from '../../src/net/free-port.js';
import { openRedis, redisReady } from '../../src/store/create-redis.js';
import { captureLog } from '../helpers/capture-log.js';
import { runMain } from '../helpers/run-main.js';
import { REDIS_URL } from '../helpers/redis.js';

/** A private CA and a server certificate for 127.0.0.1 signed by it, made with openssl for this run only. */
function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const f = (n: string) => path.join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Test Private CA',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.crt'),
  );
  writeFileSync(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  ssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
  );
  ssl(
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.crt'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    f('ext.cnf'),
    '-out',
    f('server.crt'),
  );
  return { ca: f('ca.crt'), cert: f('server.crt'), key: f('server.key') };
}

describe('Redis over TLS (rediss://) with a private CA', function () {
  this.timeout(30_000);
  let dir = '';
  let server: ChildProcess | undefined;
  let url = '';
  let caFile = '';
  const baseEnv = () => ({
    REDIS_URL: url,
    REDIS_KEY_PREFIX: `vmbot-test:tls:${randomBytes(4).toString('hex')}:`,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  });

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vmbot-tls-'));
    const certs = makeCertificates(dir);
    caFile = certs.ca;
    const port = await freePort('127.0.0.1');
    server = spawn(
      'redis-server',
      [
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--tls-cert-file',
        certs.cert,
        '--tls-key-file',
        certs.key,
        '--tls-ca-cert-file',
        certs.ca,
        '--tls-auth-clients',
        'no',
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'ignore' },
    );
    process.once('exit', () => server?.kill('SIGKILL'));
    url = `rediss://127.0.0.1:${port}`;
    const deadline = Date.now() + 5000;
    for (;;) {
      const probe = new Redis(url, {
        tls: { ca: readFileSync(caFile) },
        lazyConnect: true,
        retryStrategy: () => null,
      });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        break;
      } catch {
        probe.disconnect();
        if (server.exitCode !== null || Date.now() > deadline)
          throw new Error('redis-server with TLS did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });

  after(async () => {
    const s = server;
    if (s && s.exitCode === null) {
      const gone = new Promise((r) => s.once('exit', r));
      s.kill('SIGKILL');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('with REDIS_TLS_CA_FILE the token CLI connects', async () => {
    const r = await runMain(['token', 'list'], { ...baseEnv(), REDIS_TLS_CA_FILE: caFile });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /cannot reach Redis/);
  });

  it('without the CA it fails and says why (the certificate), password redacted', async () => {
    const secret = 'tls-pass-' + randomBytes(6).toString('hex');
    const r = await runMain(['token', 'list'], {
      ...baseEnv(),
      REDIS_URL: url.replace('rediss://', `rediss://:${secret}@`),
    });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /cannot reach Redis at REDIS_URL \(rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+\): .*certificate/i,
    );
    assert.doesNotMatch(r.stderr + r.stdout, new RegExp(secret));
  });

  it('a scheme that does not match the port (redis:// to TLS, rediss:// to plain) fails with a hint about the scheme', async () => {
    const plainToTls = await runMain(['token', 'list'], {
      ...baseEnv(),
      REDIS_URL: url.replace('rediss://', 'redis://'),
    });
    assert.equal(plainToTls.code, 1);
    assert.match(
      plainToTls.stderr,
      /cannot reach Redis at REDIS_URL .*\(if this Redis port expects TLS, use rediss:\/\/\)/,
    );
    const tlsToPlain = await runMain(['token', 'list'], {
      ...baseEnv(),
      REDIS_URL: REDIS_URL.replace(/^redis:/, 'rediss:'),
      REDIS_TLS_CA_FILE: caFile,
    });
    assert.equal(tlsToPlain.code, 1);
    assert.match(
      tlsToPlain.stderr,
      /REDIS_URL is rediss:\/\/, so TLS is expected: if this port serves plain Redis, use redis:\/\//,
    );
  });

  it('with REDIS_TLS_REJECT_UNAUTHORIZED=false it connects and warns', async () => {
    const r = await runMain(['token', 'list'], { ...baseEnv(), REDIS_TLS_REJECT_UNAUTHORIZED: 'false' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /warning: REDIS_TLS_REJECT_UNAUTHORIZED=false: the Redis server's certificate is not checked/,
    );
  });

  it('TLS settings on a redis:// URL are refused, naming the variable', async () => {
    const r = await runMain(['token', 'list'], {
      ...baseEnv(),
      REDIS_URL: 'redis://127.0.0.1:1',
      REDIS_TLS_CA_FILE: caFile,
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /REDIS_TLS_CA_FILE: only applies to a rediss:\/\/ REDIS_URL/);
  });

  it("the bot's connection, and the copies BullMQ makes of it, use the CA; a failure's cause is logged", async () => {
    const logs = captureLog();
    const redis = await openRedis(url, logs.log, {
      ca: readFileSync(caFile, 'utf8'),
      rejectUnauthorized: true,
    });
    const copy = redis.duplicate();
    copy.on('error', () => undefined);
    try {
      assert.ok(await redisReady(copy, 5000), 'the copy did not connect');
      assert.equal(await redis.ping(), 'PONG');
      assert.equal(await copy.ping(), 'PONG');
    } finally {
      copy.disconnect();
      redis.disconnect();
    }
    const untrusting = await openRedis(url, logs.log, { rejectUnauthorized: true });
    untrusting.disconnect();
    assert.match(logs.text(), /redis connection problem/);
    assert.ok(
      logs.lines.some((l) => /redis connection problem/.test(l) && /certificate/i.test(l)),
      logs.text(),
    );
    const unchecked = await openRedis(url, logs.log, { rejectUnauthorized: false });
    try {
      assert.equal(await unchecked.ping(), 'PONG');
    } finally {
      unchecked.disconnect();
    }
    assert.match(logs.text(), /REDIS_TLS_REJECT_UNAUTHORIZED=false/);
  });
});
