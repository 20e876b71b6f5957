import { randomUUID } from 'node:crypto';
import type { Emulator } from '../emulator/index.js';
import { CLIENT_TRACKING_PREFIX } from './sandbox-snapshot.js';

export interface SubmitResult {
  ok: boolean;
  status: number;
  /** Webex's error message when it refused the submission. */
  message?: string;
}

export interface WebexClientStandIn {
  /** What a Webex client sends when the person presses a card's Action.Submit. */
  submitCard(personId: string, messageId: string, inputs: Record<string, string>): Promise<SubmitResult>;
  /** The person types in a space; in a group space the bot is mentioned, as the Webex composer does. */
  say(personId: string, roomId: string, text: string, mentionBotId?: string): Promise<{ id: string }>;
}

/**
 * The sandbox page plays the Webex app for each demo person. A card submit goes through the emulator's
 * REST API with the person's own token (the request Webex's client makes), so the bot gets the webhook
 * and reads the submission exactly as in production. Typing goes through the emulator's `say`, which
 * builds the mention markup a Webex client would.
 */
export function createWebexClientStandIn(em: Emulator): WebexClientStandIn {
  const tokens = new Map<string, string>();
  const tokenFor = (personId: string, fresh = false): string => {
    let token = fresh ? undefined : tokens.get(personId);
    if (!token) {
      token = em.issueToken(personId, ['spark:all']);
      tokens.set(personId, token);
    }
    return token;
  };

  const post = (personId: string, body: object, fresh: boolean) =>
    fetch(`${em.apiBase}/attachment/actions`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${tokenFor(personId, fresh)}`,
        'Content-Type': 'application/json',
        TrackingID: `${CLIENT_TRACKING_PREFIX}${randomUUID()}`,
      },
      body: JSON.stringify(body),
    });

  return {
    async submitCard(personId, messageId, inputs) {
      const body = { type: 'submit', messageId, inputs };
      let res = await post(personId, body, false);
      if (res.status === 401) res = await post(personId, body, true);
      if (res.ok) return { ok: true, status: res.status };
      const err = (await res.json().catch(() => ({}))) as { message?: unknown };
      return {
        ok: false,
        status: res.status,
        message: typeof err.message === 'string' ? err.message : `Webex answered ${res.status}`,
      };
    },
    async say(personId, roomId, text, mentionBotId) {
      const sent = await em.say(
        personId,
        roomId,
        text,
        mentionBotId ? { mention: [mentionBotId] } : undefined,
      );
      return { id: sent.id };
    },
  };
}
