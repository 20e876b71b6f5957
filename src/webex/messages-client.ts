import type { WebexClient } from './webex-client.js';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** Webex refuses text or markdown over 7439 bytes. */
export const MAX_MESSAGE_BYTES = 7439;

/**
 * A message to a space (`roomId`, optionally in a thread), or to a person alone (`toPersonId`): Webex posts
 * that one in the 1:1 space of the bot and the person, creating the space when there is none yet.
 */
export type OutgoingMessage = { markdown: string; card?: object } & (
  { roomId: string; parentId?: string } | { toPersonId: string }
);

export interface SendOptions {
  /**
   * Send again after a 5xx or a timeout, within the client's bounded tries. For replies that must reach
   * the admin (the outcome of a change that landed): a POST that failed may still have been posted, so a
   * retry can show the message twice, and a rare duplicate beats an admin who never hears the outcome.
   */
  retry?: boolean;
}

/** A press on a card as Webex keeps it: the inputs are read from here, never from the webhook. */
export interface AttachmentAction {
  id: string;
  messageId: string;
  personId: string;
  roomId: string;
  inputs?: Record<string, unknown>;
}

export interface MessagesClient {
  send(msg: OutgoingMessage, opts?: SendOptions): Promise<{ id: string }>;
  remove(messageId: string): Promise<void>;
  /**
   * Replaces a message's text in place (`PUT /messages/{id}`): text only, never a card, and Webex limits
   * how often one message may be edited, so a caller must be ready to post a new one instead.
   */
  edit(messageId: string, msg: { roomId: string; markdown: string }): Promise<void>;
  /** Where a message sits: its thread's first message when it is a reply. */
  get(messageId: string): Promise<{ id: string; parentId?: string }>;
  /** An earlier card press, read again (a Save carried on after sign-in). */
  attachmentAction(id: string): Promise<AttachmentAction>;
}

function fit(markdown: string): string {
  if (Buffer.byteLength(markdown) <= MAX_MESSAGE_BYTES) return markdown;
  let cut = markdown.slice(0, MAX_MESSAGE_BYTES - 20);
  while (Buffer.byteLength(cut) > MAX_MESSAGE_BYTES - 20) cut = cut.slice(0, -1);
  return `${cut}\n\n… (shortened)`;
}

/**
 * The bot's replies go through our own client rather than the framework's `bot.say`: that one runs text
 * through util.format (user text with `%s` would be rewritten) and never retries a 429.
 */
export function createMessagesClient(webex: WebexClient, botToken: string): MessagesClient {
  return {
    async send(msg, opts = {}) {
      const body: Record<string, unknown> =
        'toPersonId' in msg
          ? { toPersonId: msg.toPersonId, markdown: fit(msg.markdown) }
          : {
              roomId: msg.roomId,
              markdown: fit(msg.markdown),
              ...(msg.parentId ? { parentId: msg.parentId } : {}),
            };
      if (msg.card) body.attachments = [{ contentType: ADAPTIVE_CARD, content: msg.card }];
      const res = await webex.request<{ id: string }>({
        method: 'POST',
        path: '/messages',
        token: botToken,
        body,
        // A reply is how a person learns how their request ended: at shutdown it gets the time kept back.
        lastWord: true,
        // POST /messages is not idempotent, so the client retries it only when told to (see SendOptions).
        idempotent: opts.retry === true,
      });
      return { id: res.body.id };
    },
    async get(messageId) {
      const res = await webex.request<{ id: string; parentId?: string }>({
        method: 'GET',
        path: `/messages/${encodeURIComponent(messageId)}`,
        token: botToken,
      });
      const { id, parentId } = res.body;
      return parentId ? { id, parentId } : { id };
    },
    async attachmentAction(id) {
      const res = await webex.request<AttachmentAction>({
        method: 'GET',
        path: `/attachment/actions/${encodeURIComponent(id)}`,
        token: botToken,
      });
      return res.body;
    },
    async edit(messageId, msg) {
      await webex.request({
        method: 'PUT',
        path: `/messages/${encodeURIComponent(messageId)}`,
        token: botToken,
        body: { roomId: msg.roomId, markdown: fit(msg.markdown) },
        // The same text twice leaves the same message: safe to send again.
        idempotent: true,
      });
    },
    async remove(messageId) {
      await webex.request({
        method: 'DELETE',
        path: `/messages/${encodeURIComponent(messageId)}`,
        token: botToken,
      });
    },
  };
}
