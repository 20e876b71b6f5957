import { AppError } from '../errors.js';
import type { WebhookDelivery, WebhookEnvelope } from '../http/webhook-route.js';
import type { Logger } from '../log/create-logger.js';
import type { EventDedup } from '../store/event-dedup.js';
import type { MessagesClient } from '../webex/messages-client.js';
import { WebexApiError } from '../webex/webex-api-error.js';
import type { WebexClient } from '../webex/webex-client.js';
import type {
  FrameworkPerson,
  StartedFramework,
  WebexAttachmentAction,
  WebexMessage,
} from './start-framework.js';
import { trackingLine } from './error-boundary.js';
import { inEvent } from '../log/event-context.js';
import type { BotMetrics } from '../metrics/create-metrics.js';

/** What the bot runtime tells the intake about an event the framework handed to it. */
export interface HandlingRegistry {
  /** The handler's promise for this message or action id (it never rejects), once; undefined if none ran. */
  takeHandling(id: string): Promise<void> | undefined;
}

/**
 * The one gate every Webex event passes: it stops accepting at shutdown, drops the bot's own messages,
 * de-duplicates, and reads what the event names before the framework sees it.
 */
export interface EventIntake {
  /** False once shutdown has begun: the webhook route then refuses events (503) instead of taking them in. */
  accepting(): boolean;
  stopAccepting(): void;
  /** Process one verified webhook event to its end; never rejects. */
  handle(ev: WebhookEnvelope, delivery?: WebhookDelivery): Promise<void>;
  /** Events still being processed; shutdown waits for them. */
  idle(): Promise<void>;
}

type Kind = 'message' | 'action';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How often a message is handed to the framework again when it raced another event discovering the space. */
const DELIVERY_TRIES = 3;

/**
 * Turns a verified webhook envelope into a handled event, or into a logged failure and a short reply.
 *
 * The envelope names a resource; the bot reads it from Webex first (with the project's retrying client) and
 * hands the framework the result, so a Webex hiccup is retried, and a final failure is logged with the event
 * id and trackingId and told to the person, instead of vanishing inside the framework. The event counts as
 * processed (de-duplication) only once its handler has finished.
 */
export function createEventIntake(deps: {
  fw: StartedFramework;
  runtime: HandlingRegistry;
  webex: WebexClient;
  botToken: string;
  botPersonId: string;
  dedup: EventDedup;
  messages: MessagesClient;
  log: Logger;
  /** Each delivery's outcome: accepted, duplicate or ignored (the route counts its own refusals). */
  metrics?: Pick<BotMetrics, 'webhookDelivery'>;
}): EventIntake {
  const inflight = new Set<Promise<void>>();
  let open = true;

  const read = async <T>(path: string): Promise<T | undefined> => {
    try {
      return (await deps.webex.request<T>({ method: 'GET', path, token: deps.botToken })).body;
    } catch (err) {
      // Deleted before we could read it (e.g. the person removed the message at once): nothing to do.
      if (err instanceof WebexApiError && err.status === 404) return undefined;
      throw err;
    }
  };

  /** Hand the resource to the framework and wait for the bot's handler; false if no handler ran. */
  async function deliver(kind: Kind, resource: WebexMessage | WebexAttachmentAction): Promise<boolean> {
    // The sender is read here, where a failure is seen and Retry-After honoured, not inside the framework.
    const sender = await read<FrameworkPerson>(`/people/${encodeURIComponent(resource.personId)}`);
    if (!sender) throw new AppError('NOT_FOUND', 'the sender is not known to Webex');
    for (let n = 1; n <= DELIVERY_TRIES; n++) {
      if (kind === 'message') await deps.fw.deliverMessage(resource as WebexMessage, sender);
      else await deps.fw.deliverAction(resource as WebexAttachmentAction, sender);
      const handling = deps.runtime.takeHandling(resource.id);
      if (handling) {
        await handling;
        return true;
      }
      // A message without text (a file alone) is nothing for the bot.
      if (kind === 'message' && !(resource as WebexMessage).text) return true;
      const failure = deps.fw.roomFailure(resource.roomId);
      if (failure) throw failure;
      // The framework drops an event that arrives while another one is discovering the same space; once that
      // discovery has finished, the same event goes through.
      await sleep(150 * n);
    }
    return false;
  }

  async function process(kind: Kind, ev: WebhookEnvelope): Promise<void> {
    if (kind === 'message') {
      const message = await read<WebexMessage>(`/messages/${encodeURIComponent(ev.data.id)}`);
      if (!message || message.personId === deps.botPersonId) return;
      if (!(await deliver('message', message))) throw new AppError('INTERNAL', 'not handed to the bot');
    } else {
      const action = await read<WebexAttachmentAction>(
        `/attachment/actions/${encodeURIComponent(ev.data.id)}`,
      );
      if (!action) return;
      if (!(await deliver('action', action))) throw new AppError('INTERNAL', 'not handed to the bot');
    }
  }

  async function tell(kind: Kind, roomId: string, err: unknown, log: Logger) {
    const why =
      err instanceof WebexApiError
        ? err.status === 0
          ? 'Webex did not answer in time'
          : `Webex answered with an error (HTTP ${err.status})`
        : 'something went wrong on my side';
    const markdown =
      kind === 'message'
        ? `I couldn't read your message: ${why}, so I did nothing. Please send it again in a minute.`
        : `I couldn't read your form submission: ${why}, so nothing was changed. Please press the button again in a minute.`;
    const trackingId = err instanceof AppError ? err.trackingId : undefined;
    try {
      await deps.messages.send({ roomId, markdown: markdown + trackingLine(trackingId) }, { retry: true });
    } catch (sayErr) {
      log.error({ err: (sayErr as Error).message }, 'could not tell the person their event was lost');
    }
  }

  async function handle(ev: WebhookEnvelope, delivery: WebhookDelivery): Promise<void> {
    const kind: Kind | undefined =
      ev.event !== 'created'
        ? undefined
        : ev.resource === 'messages'
          ? 'message'
          : ev.resource === 'attachmentActions'
            ? 'action'
            : undefined;
    // The firehose also carries the bot's own messages: drop them before spending an API call.
    if (!kind || (kind === 'message' && ev.data.personId === deps.botPersonId)) {
      deps.metrics?.webhookDelivery('ignored');
      return;
    }
    const key = `${ev.resource}:${ev.event}:${ev.data.id}`;
    const log = deps.log.child({
      eventId: ev.data.id,
      resource: ev.resource,
      ...(delivery.trackingId ? { deliveryTrackingId: delivery.trackingId } : {}),
    });
    let claimed = true;
    try {
      claimed = await deps.dedup.claim(key);
    } catch (err) {
      // Without the store the command cannot run anyway; let it through so the person is told why.
      log.warn({ err: (err as Error).message }, 'de-duplication unavailable; processing the event');
    }
    deps.metrics?.webhookDelivery(claimed ? 'accepted' : 'duplicate');
    if (!claimed) {
      const state = await deps.dedup.state(key).catch(() => null);
      if (state === 'processing') {
        // Usually a duplicate delivery while the first is being handled; after a crash it is the retry of an
        // event the dead process never finished, which is dropped until its claim expires (5 minutes).
        log.warn(
          'delivery ignored: this event is still being processed (or the instance processing it stopped)',
        );
      } else log.info('duplicate webhook delivery ignored');
      return;
    }
    const started = Date.now();
    try {
      await process(kind, ev);
    } catch (err) {
      await deps.dedup.release(key).catch(() => undefined);
      const webex =
        err instanceof WebexApiError ? { status: err.status, call: `${err.method} ${err.path}` } : {};
      log.error(
        {
          code: err instanceof AppError ? err.code : 'INTERNAL',
          trackingId: err instanceof AppError ? err.trackingId : undefined,
          roomId: ev.data.roomId,
          ...webex,
          err,
        },
        'event lost: it could not be read from Webex or handed to the bot',
      );
      if (typeof ev.data.roomId === 'string') await tell(kind, ev.data.roomId, err, log);
      return;
    }
    await deps.dedup.complete(key).catch((err: unknown) => {
      log.warn({ err: (err as Error).message }, 'could not record the event as done');
    });
    // One line per event, like an access log: it ties the delivery's Webex trackingId to the event's lines.
    log.info({ ms: Date.now() - started }, 'event handled');
  }

  return {
    accepting: () => open,
    stopAccepting() {
      open = false;
    },
    handle(ev, delivery = {}) {
      const p = inEvent(ev.data.id, () => handle(ev, delivery)).catch((err: unknown) => {
        deps.log.error({ err, eventId: ev.data.id }, 'event intake failed unexpectedly');
      });
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      return p;
    },
    async idle() {
      while (inflight.size) await Promise.allSettled([...inflight]);
    },
  };
}
