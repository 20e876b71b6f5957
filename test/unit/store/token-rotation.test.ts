import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { captureLog } from '../../helpers/capture-log.js';
import { createMemoryKeyValueStore } from '../../../src/store/memory-key-value-store.js';
import { createTokenCipher, tokenKeyId } from '../../../src/store/token-cipher.js';
import { checkTokenKeys, createTokenStore, type TokenRecord } from '../../../src/store/token-store.js';

const record = (personId: string, accessToken: string): TokenRecord => ({
  personId,
  accessToken,
  refreshToken: `r-${accessToken}`,
  scopes: [],
  source: 'oauth',
  updatedAt: 1,
});

describe('token keys and rotation (store)', () => {
  const a = randomBytes(32);
  const b = randomBytes(32);

  it('the key id names a key without revealing it: stable, distinct per key, not derived by plain hashing', () => {
    assert.equal(tokenKeyId(a), tokenKeyId(Buffer.from(a)));
    assert.notEqual(tokenKeyId(a), tokenKeyId(b));
    assert.ok(!tokenKeyId(a).includes(a.toString('base64').slice(0, 8)));
  });

  it('a value no key opens counts as signed out and is logged once per person, without the value', async () => {
    const kv = createMemoryKeyValueStore();
    await createTokenStore(kv, createTokenCipher(a)).put(record('p1', 'secret-token-p1'));
    const logs = captureLog();
    const tokens = createTokenStore(kv, createTokenCipher(b), { log: logs.log });
    assert.equal(await tokens.get('p1'), null);
    assert.equal(await tokens.get('p1'), null);
    const warnings = logs.lines.filter((l) => l.includes('cannot be opened'));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /"personId":"p1"/);
    assert.ok(!logs.text().includes('secret-token-p1'));
    assert.ok(!logs.text().includes(a.toString('base64')) && !logs.text().includes(b.toString('base64')));
  });

  it('a re-seal on read never overwrites a record written meanwhile (a refresh by another instance)', async () => {
    const kv = createMemoryKeyValueStore();
    await createTokenStore(kv, createTokenCipher(a)).put(record('p1', 'old'));
    const racing = {
      ...kv,
      // The refresh lands between this read and the re-seal.
      async get(key: string) {
        const v = await kv.get(key);
        await createTokenStore(kv, createTokenCipher(b, a)).put(record('p1', 'refreshed'));
        return v;
      },
    };
    assert.equal((await createTokenStore(racing, createTokenCipher(b, a)).get('p1'))?.accessToken, 'old');
    assert.equal((await createTokenStore(kv, createTokenCipher(b)).get('p1'))?.accessToken, 'refreshed');
  });

  it('start-up check: passes with the key or during rotation, names the unknown key id otherwise', async () => {
    const kv = createMemoryKeyValueStore();
    assert.equal(await checkTokenKeys(kv, createTokenCipher(b)), null, 'nothing stored: any key will do');
    await createTokenStore(kv, createTokenCipher(a)).put(record('p1', 't1'));
    assert.equal(await checkTokenKeys(kv, createTokenCipher(a)), null);
    assert.equal(await checkTokenKeys(kv, createTokenCipher(b, a)), null);
    const problem = await checkTokenKeys(kv, createTokenCipher(b));
    assert.match(problem ?? '', new RegExp(`key id ${tokenKeyId(a)}`));
    assert.match(problem ?? '', /TOKEN_ENCRYPTION_KEY_PREVIOUS is not set/);
  });
});
