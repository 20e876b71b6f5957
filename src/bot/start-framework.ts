import { createRequire } from 'node:module';
import { WebexApiError } from '../webex/webex-api-error.js';
import { outsideEvents } from '../log/event-context.js';
import type { WebexClient } from '../webex/webex-client.js';

const require = createRequire(import.meta.url);

/** The parts of webex-node-bot-framework 2.3.14 we use (it ships no types). */
export interface FrameworkPerson {
  id: string;
  emails: string[];
  displayName: string;
  nickName?: string;
  firstName?: string;
  orgId?: string;
  type?: string;
}
export interface FrameworkBot {
  room: { id: string; title?: string; type: 'direct' | 'group' };
}
/** A message as `GET /messages/{id}` returns it. */
export interface WebexMessage {
  id: string;
  roomId: string;
  roomType: 'direct' | 'group';
  personId: string;
  text?: string;
  html?: string;
  parentId?: string;
  mentionedPeople?: string[];
  [k: string]: unknown;
}
/** An attachment action as `GET /attachment/actions/{id}` returns it. */
export interface WebexAttachmentAction {
  id: string;
  type: string;
  messageId: string;
  personId: string;
  roomId: string;
  inputs: Record<string, unknown>;
  [k: string]: unknown;
}
export interface MessageTrigger {
  type: 'message';
  id: string;
  text?: string;
  message: WebexMessage;
  person: FrameworkPerson;
  personId: string;
}
export interface ActionTrigger {
  type: 'attachmentAction';
  id: string;
  attachmentAction: WebexAttachmentAction;
  person: FrameworkPerson;
  personId: string;
}

interface SdkPage {
  items: unknown[];
  length: number;
}
export interface Framework {
  person: FrameworkPerson;
  webhook: { name?: string } | false;
  active: boolean;
  webex: {
    webhooks: {
      list: () => Promise<unknown>;
      create: (w: Record<string, unknown>) => Promise<unknown>;
      remove: (w: unknown) => Promise<unknown>;
    };
    people: { get: (p: string | { id: string }) => Promise<unknown> };
    rooms: { get: (r: string | { id: string }) => Promise<unknown> };
    memberships: { list: (q: Record<string, string>) => Promise<SdkPage> };
    messages: { get: (m: string | { id: string }) => Promise<unknown> };
    attachmentActions: { get: (a: string | { id: string }) => Promise<unknown> };
  };
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  /** Public methods of the Framework class: what its own webhook handler calls once it has the resource. */
  onMessageCreated(message: WebexMessage): Promise<unknown>;
  onAttachmentActions(action: WebexAttachmentAction): Promise<unknown>;
  findBotObjectInRoom(roomId: string): FrameworkBot | undefined;
  on(event: 'message', fn: (bot: FrameworkBot, trigger: MessageTrigger) => void): void;
  on(event: 'attachmentAction', fn: (bot: FrameworkBot, trigger: ActionTrigger) => void): void;
  on(event: string, fn: (...args: unknown[]) => void): void;
}

export interface StartedFramework {
  framework: Framework;
  /**
   * Hand an already fetched message (or card submit) and its sender to the framework; resolves once it has
   * emitted the event to the bot's handlers (which then run on their own), or rejects with the Webex error
   * that stopped it. The framework looks the sender up again on its own paths, some of which swallow
   * errors: it is given the person already read instead.
   */
  deliverMessage(message: WebexMessage, sender: FrameworkPerson): Promise<void>;
  deliverAction(action: WebexAttachmentAction, sender: FrameworkPerson): Promise<void>;
  /**
   * The framework swallows errors while it discovers a space it has not seen (spawn): the last Webex error
   * its look-ups for that room met, so a lost event can still be explained.
   */
  roomFailure(roomId: string): WebexApiError | undefined;
  stop(): Promise<void>;
}

const REAL_WEBEX_HOST = 'webexapis.com';
/** The adapter relies on this exact release's internals (event flow, SDK objects it patches). */
export const FRAMEWORK_VERSION = '2.3.14';

export function checkFrameworkVersion(installed: string): void {
  if (installed !== FRAMEWORK_VERSION) {
    throw new Error(
      `webex-node-bot-framework ${installed} is installed, but this bot's adapter was written and tested for ` +
        `${FRAMEWORK_VERSION} exactly: install that version (npm ci) or re-check src/bot/start-framework.ts.`,
    );
  }
}

/**
 * The framework's SDK reads its API base from HYDRA_SERVICE_URL/U2C_SERVICE_URL once, when first loaded;
 * set them here, before the first require, and refuse a second, different base in the same process.
 */
function loadFramework(apiBase: string): new (opts: object) => Framework {
  const current = process.env.HYDRA_SERVICE_URL;
  if (current && current !== apiBase) {
    throw new Error(`webex SDK already points at ${current}; cannot switch this process to ${apiBase}`);
  }
  checkFrameworkVersion((require('webex-node-bot-framework/package.json') as { version: string }).version);
  process.env.HYDRA_SERVICE_URL = apiBase;
  // Real Webex keeps its service catalog (U2C) on another host, which the SDK knows; any other base (the
  // emulator) serves the catalog itself, next to the REST API.
  if (new URL(apiBase).host !== REAL_WEBEX_HOST) {
    process.env.U2C_SERVICE_URL ??= apiBase.replace(/\/v1$/, '') + '/u2c/api/v1';
  }
  return require('webex-node-bot-framework') as new (opts: object) => Framework;
}

const idOf = (x: string | { id: string }) => encodeURIComponent(typeof x === 'string' ? x : x.id);

/**
 * Starts the framework in webhook mode while keeping it away from the webhooks themselves: left alone it
 * deletes webhooks at start and stop (fatal with two instances or a rolling restart) and does not await
 * their creation. The registrar owns them; the framework is told only their name, which its event filter
 * compares.
 *
 * Every Webex read the framework makes for an event goes through the project's client instead of the
 * SDK's: the SDK gives up on a single 5xx and the framework then drops the event without a word. With our
 * client those reads honour Retry-After, retry 5xx and timeouts within a bound, and carry a trackingId.
 */
export async function startFramework(opts: {
  apiBase: string;
  token: string;
  webhookUrl: string;
  webhookName: string;
  webex: WebexClient;
}): Promise<StartedFramework> {
  const Framework = loadFramework(opts.apiBase);
  const framework = new Framework({
    token: opts.token,
    webhookUrl: opts.webhookUrl,
    removeWebhooksOnStart: false,
    maxStartupSpaces: 0,
    messageFormat: 'markdown',
  });
  const starting = framework.start();
  // start() builds its SDK instance synchronously, before its first await: patch it now.
  const sdk = framework.webex;
  sdk.webhooks.list = async () => ({ items: [] });
  sdk.webhooks.remove = async () => undefined;
  sdk.webhooks.create = async (w) => ({ ...w, name: opts.webhookName });

  // The framework's own promise chains may carry another event's context (see log/event-context).
  const get = async (path: string, query?: Record<string, string>) =>
    outsideEvents(
      async () => (await opts.webex.request({ method: 'GET', path, token: opts.token, query })).body,
    );
  const roomFailures = new Map<string, WebexApiError>();
  const noting = async <T>(roomId: string | undefined, p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (err) {
      if (roomId && err instanceof WebexApiError) {
        roomFailures.set(roomId, err);
        // Only the latest matters; keep the map from growing with every failing room.
        if (roomFailures.size > 1000) roomFailures.delete(roomFailures.keys().next().value!);
      }
      throw err;
    }
  };
  // Senders of events being delivered right now, read by the intake.
  const senders = new Map<string, FrameworkPerson>();
  sdk.people.get = async (p) => {
    const id = typeof p === 'string' ? p : p.id;
    return senders.get(id) ?? get(p === 'me' ? '/people/me' : `/people/${idOf(p)}`);
  };
  sdk.messages.get = (m) => get(`/messages/${idOf(m)}`);
  sdk.attachmentActions.get = (a) => get(`/attachment/actions/${idOf(a)}`);
  sdk.rooms.get = (r) => noting(typeof r === 'string' ? r : r.id, get(`/rooms/${idOf(r)}`));
  sdk.memberships.list = async (q) => {
    const body = (await noting(q.roomId, get('/memberships', q))) as { items?: unknown[] };
    const items = body?.items ?? [];
    // The framework reads `.length` of the SDK's page object as well as `.items`.
    return { items, length: items.length };
  };
  await starting;
  framework.webhook = { name: opts.webhookName };

  const delivering = async (roomId: string, sender: FrameworkPerson, run: () => Promise<unknown>) => {
    roomFailures.delete(roomId);
    senders.set(sender.id, sender);
    try {
      await run();
    } finally {
      // Another event by the same person may have put its own copy meanwhile: that one stays for it.
      if (senders.get(sender.id) === sender) senders.delete(sender.id);
    }
  };
  return {
    framework,
    deliverMessage: (message, sender) =>
      delivering(message.roomId, sender, () => framework.onMessageCreated(message)),
    deliverAction: (action, sender) =>
      delivering(action.roomId, sender, () => framework.onAttachmentActions(action)),
    roomFailure: (roomId) => roomFailures.get(roomId),
    async stop() {
      if (framework.active) await framework.stop();
    },
  };
}
