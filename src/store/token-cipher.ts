import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Names a key without revealing it: HMAC-SHA256 of a fixed label under the key, truncated. Stored next to
 * sealed values and logged freely; learning it tells nothing about the key.
 */
export function tokenKeyId(key: Buffer): string {
  return createHmac('sha256', key)
    .update('voicemail-rules-bot token key id v1')
    .digest('base64url')
    .slice(0, 12);
}

export interface TokenCipher {
  /** The key id new values are sealed with (TOKEN_ENCRYPTION_KEY). */
  readonly keyId: string;
  /** Every key id this cipher can open: the current key first, then the previous one if configured. */
  readonly keyIds: readonly string[];
  /** `context` is bound into the ciphertext (AES-GCM additional data): a value moved to another key fails. */
  encrypt(plain: string, context: string): string;
  /** Tries the key named by `keyId` first (any configured key when unknown); throws when none opens it. */
  decrypt(sealed: string, context: string, keyId?: string): string;
}

function seal(key: Buffer, plain: string, context: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(context));
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv, c.getAuthTag(), ct]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

function open(key: Buffer, sealed: string, context: string): string {
  const [v, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unrecognised sealed token format');
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  d.setAAD(Buffer.from(context));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
}

/**
 * AES-256-GCM with a fresh 96-bit IV per value; output `v1.<iv>.<tag>.<ciphertext>`, base64url parts.
 * `previous` (TOKEN_ENCRYPTION_KEY_PREVIOUS) only opens: during a rotation old values stay readable.
 */
export function createTokenCipher(key: Buffer, previous?: Buffer): TokenCipher {
  for (const k of [key, previous])
    if (k && k.length !== 32) throw new Error('token encryption key must be 32 bytes');
  const keys = new Map<string, Buffer>([[tokenKeyId(key), key]]);
  if (previous && !previous.equals(key)) keys.set(tokenKeyId(previous), previous);
  const keyId = tokenKeyId(key);
  return {
    keyId,
    keyIds: [...keys.keys()],
    encrypt: (plain, context) => seal(key, plain, context),
    decrypt(sealed, context, id) {
      const named = id === undefined ? undefined : keys.get(id);
      // A record that names a key we do not hold cannot be opened by another key either.
      if (id !== undefined && !named) throw new Error(`sealed with key ${id}, which is not configured`);
      const candidates = named ? [named] : [...keys.values()];
      let last: unknown;
      for (const k of candidates) {
        try {
          return open(k, sealed, context);
        } catch (e) {
          last = e;
        }
      }
      throw last instanceof Error ? last : new Error('cannot open sealed token');
    },
  };
}
