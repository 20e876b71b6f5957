import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { verifySignature } from '../../../src/http/verify-signature.js';
import { sign } from '../../helpers/sign.js';

describe('verifySignature', () => {
  const secret = 'a-webhook-secret-of-some-length';
  const body = Buffer.from('{"id":"x", "data": {"id":"m1"}}');
  const good = createHmac('sha1', secret).update(body).digest('hex');

  it('accepts the HMAC-SHA1 of the exact raw bytes', () => {
    assert.equal(verifySignature(body, good, secret), true);
    assert.equal(verifySignature(body, good.toUpperCase(), secret), true);
    assert.equal(sign(body, secret), good);
  });

  it('rejects a signature over a re-serialised body (whitespace differs)', () => {
    const reserialised = createHmac('sha1', secret)
      .update(JSON.stringify(JSON.parse(body.toString())))
      .digest('hex');
    assert.notEqual(reserialised, good);
    assert.equal(verifySignature(body, reserialised, secret), false);
  });

  const bad: [string, string | undefined][] = [
    ['missing', undefined],
    ['empty', ''],
    ['wrong secret', createHmac('sha1', 'other-secret-xxxxxxxx').update(body).digest('hex')],
    ['truncated', good.slice(0, 39)],
    ['too long', good + '00'],
    ['not hex', 'z'.repeat(40)],
    ['sha256 length', createHmac('sha256', secret).update(body).digest('hex')],
  ];
  for (const [name, sig] of bad) {
    it(`rejects a ${name} signature`, () => assert.equal(verifySignature(body, sig, secret), false));
  }

  it('rejects a changed body', () => {
    assert.equal(verifySignature(Buffer.from(body.toString().replace('m1', 'm2')), good, secret), false);
  });
});
