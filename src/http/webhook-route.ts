import express, { type Router } from 'express';
import type { Logger } from '../log/create-logger.js';
import { verifySignature } from './verify-signature.js';
import { createLogThrottle } from '../log/log-throttle.js';
import { AppError } from '../errors.js';
import type { BotMetrics } from '../metrics/create-metrics.js';

export interface WebhookEnvelope {
  id: string;
  name: string;
  resource: string;
  event: string;
  actorId?: string;
  orgId?: string;
  data: { id: string; roomId?: string; personId?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** About the delivery itself, not the event. */
export interface WebhookDelivery {
  /** Webex's own trackingId of the delivery (its `TrackingID` header): what Webex support looks up. */
  trackingId?: string;
}

export interface WebhookRouteDeps {
  secret: string;
  /** Also accepted while a secret rotation is under way (WEBHOOK_SECRET_PREVIOUS). */
  previousSecret?: string;
  log: Logger;
  /**
   * Takes the event in for good (the durable queue, or the in-process intake without Redis for jobs):
   * resolved means stored, and only then is the delivery answered 2xx. A rejection (Redis down) is
   * answered 503: Webex does not redeliver after a 2xx, so an event not stored must not get one. It says
   * `duplicate` when the event was already stored (nothing added); nothing or `queued` otherwise.
   */
  enqueue(envelope: WebhookEnvelope, delivery: WebhookDelivery): Promise<'queued' | 'duplicate' | void>;
  /** The longest wait for `enqueue` before the delivery is answered 503 (3 s; Webex's own timeout is longer). */
  enqueueTimeoutMs?: number;
  /** False while shutting down: an event is then refused (503), not taken in and dropped. */
  accepting?(): boolean;
  /**
   * Events the bot would drop unseen (its own messages, which the firehose also delivers; kinds it does not
   * handle): answered 204 without being queued, even while shutting down, so the bot's last replies do not
   * count as failed deliveries against the webhook.
   */
  ignorable?(envelope: WebhookEnvelope): boolean;
  /** At most one bad-signature summary line per this interval (60 s). */
  badSignatureLogIntervalMs?: number;
  /** Every delivery's outcome: accepted (stored), duplicate (its event already stored), ignored, refused, bad. */
  metrics?: Pick<BotMetrics, 'webhookDelivery'>;
}

/** Far above any Webex id's length. */
const MAX_ID_LENGTH = 1000;

function isEnvelope(v: unknown): v is WebhookEnvelope {
  const e = v as WebhookEnvelope;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.resource === 'string' &&
    typeof e.event === 'string' &&
    typeof e.data === 'object' &&
    e.data !== null &&
    typeof e.data.id === 'string' &&
    // A Webex id is about a hundred characters; a longer one would become a job, a key and a URL as it is.
    e.data.id.length <= MAX_ID_LENGTH
  );
}

/** Rejects when `p` has not settled within `ms` (what settles later is ignored). */
function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(
        () => reject(new AppError('STORE_UNAVAILABLE', `the event was not stored within ${ms} ms`)),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The only door for Webex events. The signature is checked over the raw bytes before anything else is
 * done with the request; the event is then stored (`enqueue`) and only then answered 2xx, at once (Webex
 * disables a webhook that keeps failing or timing out): the work runs afterwards, in a worker.
 */
export function createWebhookRoute(deps: WebhookRouteDeps): Router {
  const router = express.Router();
  const badSignatures = createLogThrottle(deps.badSignatureLogIntervalMs ?? 60_000, (count) =>
    deps.log.warn({ count }, 'webhook rejected: more requests with a bad signature since the last line'),
  );
  router.post('/webhook', express.raw({ type: () => true, limit: '256kb' }), (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const sig = req.get('x-spark-signature');
    // The current secret first: once the registrar has moved the webhooks, that is the one that matches.
    const signed =
      verifySignature(raw, sig, deps.secret) ||
      (deps.previousSecret !== undefined && verifySignature(raw, sig, deps.previousSecret));
    if (!signed) {
      deps.metrics?.webhookDelivery('bad_signature');
      // A flood of forged requests must not flood the log: the first in full, then a count per interval.
      badSignatures.hit(() =>
        deps.log.warn(
          { ip: req.ip, signature: sig ? 'mismatch' : 'missing', bytes: raw.length },
          'webhook rejected: bad signature (check WEBHOOK_SECRET matches the registered webhooks)',
        ),
      );
      res.status(401).json({ error: 'invalid signature' });
      return;
    }
    let envelope: unknown;
    try {
      envelope = JSON.parse(raw.toString('utf8'));
    } catch {
      envelope = undefined;
    }
    if (!isEnvelope(envelope)) {
      deps.metrics?.webhookDelivery('not_an_event');
      deps.log.warn({ bytes: raw.length }, 'webhook rejected: signed but not a Webex event');
      res.status(400).json({ error: 'not a webhook event' });
      return;
    }
    // Bounded: it goes into log lines as it came.
    const trackingId = req.get('trackingid')?.slice(0, 200);
    const about = { resource: envelope.resource, event: envelope.event, eventId: envelope.data.id };
    if (deps.ignorable?.(envelope)) {
      deps.metrics?.webhookDelivery('ignored');
      res.status(204).end();
      return;
    }
    if (deps.accepting && !deps.accepting()) {
      deps.metrics?.webhookDelivery('refused');
      deps.log.warn(
        { ...about, deliveryTrackingId: trackingId },
        'webhook refused: shutting down (the load balancer should send it to another instance)',
      );
      res.status(503).set('Retry-After', '5').json({ error: 'shutting down' });
      return;
    }
    const ev = envelope;
    void withDeadline(deps.enqueue(ev, { trackingId }), deps.enqueueTimeoutMs ?? 3000).then(
      (outcome) => {
        deps.metrics?.webhookDelivery(outcome === 'duplicate' ? 'duplicate' : 'accepted');
        res.status(204).end();
      },
      (err: unknown) => {
        deps.metrics?.webhookDelivery('refused');
        deps.log.error(
          { ...about, deliveryTrackingId: trackingId, err },
          'webhook refused: the event could not be stored (Redis unavailable?); Webex counts a failed delivery',
        );
        res.status(503).set('Retry-After', '10').json({ error: 'event not stored' });
      },
    );
  });
  return router;
}
