import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webex signs the exact bytes it sends: hex HMAC-SHA1 keyed with the webhook's secret, in
 * X-Spark-Signature. Check those bytes (never a re-serialised body) and compare in constant time.
 */
export function verifySignature(rawBody: Buffer, signature: string | undefined, secret: string): boolean {
  if (!signature || !/^[0-9a-fA-F]{40}$/.test(signature)) return false;
  const expected = createHmac('sha1', secret).update(rawBody).digest();
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
