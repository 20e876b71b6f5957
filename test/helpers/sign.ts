import { createHmac } from 'node:crypto';

/** X-Spark-Signature for a body, as Webex computes it: lets a test forge or sign a webhook delivery. */
export function sign(rawBody: Buffer | string, secret: string): string {
  return createHmac('sha1', secret).update(rawBody).digest('hex');
}
