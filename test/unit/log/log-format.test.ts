import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { AppError } from '../../../src/errors.js';
import { createLogger } from '../../../src/log/create-logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { lines, destination };
}

describe('log lines a log platform can read', () => {
  it('level as a name, ISO time, service/version/instance on every line, and one error shape', () => {
    const { lines, destination } = capture();
    const log = createLogger({
      destination,
      base: { service: 'voicemail-rules-bot', version: '1.2.3', instance: 'host-1' },
    });
    log.child({ eventId: 'e1' }).warn({ err: new AppError('FORBIDDEN', 'no') }, 'typed');
    log.error({ err: new TypeError('boom') }, 'unexpected');
    log.info({ err: 'plain text' }, 'odd');
    assert.equal(lines.length, 3);
    for (const l of lines) {
      assert.equal(typeof l.level, 'string');
      assert.ok(!Number.isNaN(Date.parse(String(l.time))) && String(l.time).includes('T'), String(l.time));
      assert.deepEqual([l.service, l.version, l.instance], ['voicemail-rules-bot', '1.2.3', 'host-1']);
      assert.equal(typeof l.err, 'object');
    }
    assert.deepEqual(
      lines.map((l) => l.level),
      ['warn', 'error', 'info'],
    );
    assert.equal(lines[0]!.eventId, 'e1');
    assert.deepEqual(lines[0]!.err, { type: 'AppError', message: 'no', code: 'FORBIDDEN' });
    const unexpected = lines[1]!.err as Record<string, unknown>;
    assert.equal(unexpected.type, 'TypeError');
    assert.equal(unexpected.code, 'UNEXPECTED');
    assert.match(String(unexpected.stack), /boom/, 'the unexpected keep their stack');
    assert.deepEqual(lines[2]!.err, { type: 'Error', message: 'plain text', code: 'UNEXPECTED' });
  });
});
