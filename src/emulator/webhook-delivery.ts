import { createHmac } from 'node:crypto';
import { newTrackingId } from './ids.js';
import { nowIso, type EmulatorState } from './state.js';
import type { EmDelivery, RoomRecord, WebhookRecord } from './types.js';

export interface WebexEvent {
  resource: 'messages' | 'attachmentActions' | 'memberships' | 'rooms';
  event: 'created' | 'updated' | 'deleted';
  actorId: string;
  room: RoomRecord;
  data: Record<string, unknown>;
  /** For messages: who the message mentions and who wrote it (a bot in a group sees only these). */
  mentionedPeople?: string[];
  authorId?: string;
  /** For attachment actions: only the app that posted the card hears about its submissions. */
  cardAuthorId?: string;
}

/** Hex HMAC-SHA1 of the exact body bytes, keyed with the webhook's secret: Webex's X-Spark-Signature. */
export function signBody(rawBody: string, secret: string): string {
  return createHmac('sha1', secret).update(Buffer.from(rawBody, 'utf8')).digest('hex');
}

function filterMatches(w: WebhookRecord, ev: WebexEvent): boolean {
  if (!w.filter) return true;
  for (const part of w.filter.split('&')) {
    const eq = part.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1));
    switch (key) {
      case 'roomId':
        if (ev.room.id !== value) return false;
        break;
      case 'roomType':
        if (ev.room.type !== value) return false;
        break;
      case 'mentionedPeople': {
        const wanted = value === 'me' ? w.createdBy : value;
        if (!(ev.mentionedPeople ?? []).includes(wanted)) return false;
        break;
      }
      case 'hasFiles': {
        const has = Array.isArray(ev.data.files) && ev.data.files.length > 0;
        if (String(has) !== value) return false;
        break;
      }
      default:
        if (String(ev.data[key]) !== value) return false;
    }
  }
  return true;
}

/** Whether Webex would send this event to this webhook. */
export function webhookWants(state: EmulatorState, w: WebhookRecord, ev: WebexEvent): boolean {
  if (w.status !== 'active') return false;
  const owner = state.people.get(w.createdBy);
  if (!owner || !ev.room.members.has(owner.id)) return false;
  // The firehose (resource "all") leaves out card submissions: they need their own webhook.
  if (ev.resource === 'attachmentActions') {
    if (w.resource !== 'attachmentActions') return false;
    if (ev.cardAuthorId !== owner.id) return false;
  } else if (w.resource !== 'all' && w.resource !== ev.resource) {
    return false;
  }
  if (w.event !== 'all' && w.event !== ev.event) return false;
  if (ev.resource === 'messages' && owner.type === 'bot' && ev.room.type === 'group') {
    const mentioned = (ev.mentionedPeople ?? []).includes(owner.id);
    if (!mentioned && ev.authorId !== owner.id) return false;
  }
  return filterMatches(w, ev);
}

export function envelopeFor(w: WebhookRecord, ev: WebexEvent): Record<string, unknown> {
  const env: Record<string, unknown> = {
    id: w.id,
    name: w.name,
    targetUrl: w.targetUrl,
    resource: ev.resource,
    event: ev.event,
  };
  if (w.filter !== undefined) env.filter = w.filter;
  Object.assign(env, {
    orgId: w.orgId,
    createdBy: w.createdBy,
    appId: w.appId,
    ownedBy: w.ownedBy,
    status: w.status,
    created: w.created,
    actorId: ev.actorId,
    data: ev.data,
  });
  return env;
}

/** Sends the event to every webhook that wants it; resolves when every receiver has answered. */
export function dispatch(state: EmulatorState, ev: WebexEvent): Promise<void> {
  const targets = [...state.webhooks.values()].filter((w) => webhookWants(state, w, ev));
  return state.track(Promise.all(targets.map((w) => deliver(state, w, envelopeFor(w, ev)))).then(() => {}));
}

/** A delivery as Webex would send it (body bytes, signature, tracking id), not sent. */
export interface PreparedDelivery {
  targetUrl: string;
  rawBody: string;
  headers: Record<string, string>;
}

function prepare(w: WebhookRecord, envelope: Record<string, unknown>): PreparedDelivery {
  const rawBody = JSON.stringify(envelope);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    trackingid: newTrackingId(),
  };
  if (w.secret) headers['x-spark-signature'] = signBody(rawBody, w.secret);
  return { targetUrl: w.targetUrl, rawBody, headers };
}

/** The deliveries `dispatch` would send for the event, handed back unsent (for a load generator's schedule). */
export function prepareDeliveries(state: EmulatorState, ev: WebexEvent): PreparedDelivery[] {
  return [...state.webhooks.values()]
    .filter((w) => webhookWants(state, w, ev))
    .map((w) => prepare(w, envelopeFor(w, ev)));
}

async function deliver(
  state: EmulatorState,
  w: WebhookRecord,
  envelope: Record<string, unknown>,
): Promise<void> {
  const generation = state.generation;
  const { rawBody, headers } = prepare(w, envelope);
  const time = nowIso();
  let status = 0;
  let error: string | undefined;
  try {
    const res = await fetch(w.targetUrl, {
      method: 'POST',
      headers,
      body: rawBody,
      signal: AbortSignal.timeout(state.config.deliveryTimeoutMs),
    });
    status = res.status;
    await res.arrayBuffer().catch(() => undefined);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  if (generation !== state.generation) return;
  const delivery: EmDelivery = {
    webhookId: w.id,
    targetUrl: w.targetUrl,
    resource: String(envelope.resource),
    event: String(envelope.event),
    rawBody,
    headers,
    status,
    time,
  };
  if (error) delivery.error = error;
  state.deliveries.push(delivery);
  state.log(`webhook ${w.id} ${delivery.resource}/${delivery.event} -> ${w.targetUrl}: ${status || error}`);
  if (status < 200 || status > 299) noteFailure(state, w);
}

/** Webex disables a webhook after too many failed deliveries in a short window, and never re-enables it. */
function noteFailure(state: EmulatorState, w: WebhookRecord): void {
  const now = Date.now();
  w.failureTimes = w.failureTimes.filter((t) => now - t < state.config.webhookDisableWindowMs);
  w.failureTimes.push(now);
  if (w.status === 'active' && w.failureTimes.length >= state.config.webhookDisableThreshold) {
    w.status = 'inactive';
    state.log(`webhook ${w.id} disabled after ${w.failureTimes.length} failed deliveries`);
  }
}

/** Re-sends a recorded delivery's exact bytes; `signature` null drops the header, a string replaces it. */
export async function replayDelivery(
  d: EmDelivery,
  opts: { signature?: string | null } = {},
): Promise<number> {
  const headers = { ...d.headers };
  if (opts.signature === null) delete headers['x-spark-signature'];
  else if (typeof opts.signature === 'string') headers['x-spark-signature'] = opts.signature;
  const res = await fetch(d.targetUrl, { method: 'POST', headers, body: d.rawBody });
  await res.arrayBuffer().catch(() => undefined);
  return res.status;
}
