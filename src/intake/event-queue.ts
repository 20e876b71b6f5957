import { createHash, randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { WebhookDelivery, WebhookEnvelope } from '../http/webhook-route.js';
import type { SignInRequest } from '../store/sign-in-states.js';
import type { SignInOutcome } from '../auth/sign-in-service.js';

/** The BullMQ queue every verified Webex event goes through (under `${REDIS_KEY_PREFIX}bull`). */
export const EVENT_QUEUE = 'events';
export const EVENT_JOB = 'webex-event';
/** A sign-in finished on a web-only process: a worker tells the room and carries on with the command. */
export const SIGN_IN_JOB = 'sign-in-done';

/** What an event job carries: the envelope's fields the intake reads, and the delivery's trackingId. */
export interface EventJobData {
  envelope: WebhookEnvelope;
  trackingId?: string;
  /** When the web side took it in (ms): how long it waited shows in the worker's log line. */
  receivedAt: number;
  /** This delivery's own mark: a refusal marks the event only when the job is the one it added. */
  enqueueId?: string;
}

export interface SignInJobData {
  req: SignInRequest;
  outcome: SignInOutcome;
}

export type EnqueueOutcome = 'queued' | 'duplicate';

export interface EventQueue {
  /**
   * Resolves once the event is in Redis: `duplicate` when a job for this event id was already there (a
   * second delivery adds nothing), `queued` otherwise.
   */
  enqueue(envelope: WebhookEnvelope, delivery: WebhookDelivery): Promise<EnqueueOutcome>;
  /** Hands a finished sign-in to a worker (web role: the bot runtime lives there). */
  enqueueSignIn(req: SignInRequest, outcome: SignInOutcome): Promise<void>;
  /** The queue's own connection answers (readiness). */
  ping(): Promise<boolean>;
  /** Jobs by state, for the queue-depth gauge. */
  jobCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/**
 * Set when an enqueue was answered 503 although its command may still land (a Redis that froze with the
 * command in its socket runs it when it wakes): the worker drops such a job, so an event the sender was
 * told was not taken never runs late. Sent on the same connection after the add, so Redis sees it second,
 * and only when the job is this delivery's own (a job an earlier, acknowledged delivery added must run);
 * keyed by the event (its job id), so a later delivery of it, answered 2xx, lifts it after its own add (the
 * worker gives a marked job a second for that before it drops it).
 */
export const refusedKey = (keyPrefix: string, jobId: string) => `${keyPrefix}events:refused:${jobId}`;

/** Marks the event refused if its job (KEYS[2]) was added by this delivery (ARGV[1], its enqueueId). */
const MARK_REFUSED = `
local data = redis.call('HGET', KEYS[2], 'data')
if data and string.find(data, ARGV[1], 1, true) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
  return 1
end
return 0`;

/** How long a delivery answered 503 is remembered as refused (longer than any outage a job would outlive). */
const REFUSED_TTL_MS = 24 * 3600_000;

/** How long finished jobs stay (so a late duplicate delivery still meets its job id), and how many at most. */
export const KEEP_COMPLETED = { age: 3600, count: 5000 };

/**
 * The job id is the event itself, so a second delivery of one event (a Webex retry, a second webhook)
 * while its job is kept adds nothing. BullMQ refuses ids with ':' (and plain integers): a Webex id is
 * base64 and used as it is; anything else is hashed.
 */
export function eventJobId(ev: Pick<WebhookEnvelope, 'resource' | 'event' | 'data'>): string {
  const id = ev.data.id;
  const safe = /^[A-Za-z0-9_=+/.-]{1,300}$/.test(id)
    ? id
    : `h${createHash('sha256').update(id).digest('hex')}`;
  const part = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
  return `${part(ev.resource)}.${part(ev.event)}.${safe}`;
}

const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 300) : undefined);

/**
 * The envelope cut down to what the intake reads: Webex sends the webhook's own details too (its target
 * URL, filter, owner), which a job need not keep. Never a token: the envelope carries none.
 */
export function slimEnvelope(ev: WebhookEnvelope): WebhookEnvelope {
  const pick = <T extends Record<string, unknown>>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return pick({
    id: str(ev.id) ?? '',
    name: str(ev.name) ?? '',
    resource: ev.resource,
    event: ev.event,
    actorId: str(ev.actorId),
    orgId: str(ev.orgId),
    data: pick({
      id: ev.data.id,
      roomId: str(ev.data.roomId),
      personId: str(ev.data.personId),
      roomType: str(ev.data.roomType),
      messageId: str(ev.data.messageId),
    }),
  }) as unknown as WebhookEnvelope;
}

/**
 * The web side of the durable intake: one BullMQ queue on a connection that fails fast (the bot's own
 * settings: no offline queue, a command timeout), so a Redis outage is a refused delivery at once, not a
 * request that hangs until Webex gives up.
 */
export function createEventQueue(deps: {
  redis: Redis;
  /** BullMQ's prefix (`${REDIS_KEY_PREFIX}bull`). */
  prefix: string;
  /** The bot's own prefix (REDIS_KEY_PREFIX), for the refused marks. */
  keyPrefix: string;
  /** The longest wait for Redis to take the event before it counts as not taken (2.5 s). */
  timeoutMs?: number;
}): EventQueue {
  const timeoutMs = deps.timeoutMs ?? 2500;
  const connection = deps.redis.duplicate();
  connection.on('error', () => undefined);
  const queue = new Queue<EventJobData | SignInJobData>(EVENT_QUEUE, { connection, prefix: deps.prefix });
  queue.on('error', () => undefined);
  // A failed job (the intake released the event, or its workers died on it twice) is logged and removed:
  // its id must not turn away a redelivery, which is then processed.
  const opts = { removeOnComplete: KEEP_COMPLETED, removeOnFail: true };
  return {
    async enqueue(envelope, delivery) {
      const data: EventJobData = {
        envelope: slimEnvelope(envelope),
        ...(delivery.trackingId ? { trackingId: delivery.trackingId } : {}),
        receivedAt: Date.now(),
        enqueueId: randomUUID(),
      };
      let timer: NodeJS.Timeout | undefined;
      const jobId = eventJobId(envelope);
      const jobKey = `${deps.prefix}:${EVENT_QUEUE}:${jobId}`;
      try {
        await Promise.race([
          queue.add(EVENT_JOB, data, { ...opts, jobId }),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`Redis did not take the event within ${timeoutMs} ms`)),
              timeoutMs,
            );
          }),
        ]);
      } catch (err) {
        // Only when the job is this delivery's own: a job an earlier delivery added (and got its 2xx for)
        // must run whatever becomes of this one.
        connection
          .eval(MARK_REFUSED, 2, refusedKey(deps.keyPrefix, jobId), jobKey, data.enqueueId!, REFUSED_TTL_MS)
          .catch(() => undefined);
        throw err;
      } finally {
        clearTimeout(timer);
      }
      // This delivery is answered 2xx, so the event must run: a mark left by an earlier delivery's late add
      // is lifted (sent after every command that was queued before this add's answer, so after any such mark).
      connection.del(refusedKey(deps.keyPrefix, jobId)).catch(() => undefined);
      // BullMQ answers a duplicate id like a new job: the job holds the enqueueId of the delivery that added
      // it, so another one's means this delivery added nothing (deliveries at the same moment included).
      const stored = await connection.hget(jobKey, 'data').catch(() => null);
      return stored && !stored.includes(data.enqueueId!) ? 'duplicate' : 'queued';
    },
    async enqueueSignIn(req, outcome) {
      await queue.add(SIGN_IN_JOB, { req, outcome }, opts);
    },
    ping: () =>
      connection.ping().then(
        () => true,
        () => false,
      ),
    jobCounts: () => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
    async close() {
      await queue.close().catch(() => undefined);
      connection.disconnect();
    },
  };
}
