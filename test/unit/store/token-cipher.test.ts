import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createTokenCipher } from '../../../src/store/token-cipher.js';

describe('createTokenCipher', () => {
  const cipher = createTokenCipher(randomBytes(32));
  const token = 'NzQ5ZGVmYTQtZmFrZS10b2tlbi1mb3ItdGVzdHM';

  it('round-trips and never contains the plain token', () => {
    const sealed = cipher.encrypt(token, 'token:p1:access');
    assert.ok(!sealed.includes(token));
    assert.equal(cipher.decrypt(sealed, 'token:p1:access'), token);
  });

  it('uses a fresh IV each time', () => {
    assert.notEqual(cipher.encrypt(token, 'c'), cipher.encrypt(token, 'c'));
  });

  it('refuses a value moved to another person (bound context)', () => {
    const sealed = cipher.encrypt(token, 'token:p1:access');
    assert.throws(() => cipher.decrypt(sealed, 'token:p2:access'));
  });

  it('refuses a tampered value or another key', () => {
    const sealed = cipher.encrypt(token, 'c');
    const parts = sealed.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString('base64url');
    assert.throws(() => cipher.decrypt(parts.join('.'), 'c'));
    assert.throws(() => createTokenCipher(randomBytes(32)).decrypt(sealed, 'c'));
  });

  it('refuses a key that is not 32 bytes', () => {
    assert.throws(() => createTokenCipher(randomBytes(16)));
  });
});
