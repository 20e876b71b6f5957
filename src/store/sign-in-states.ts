import { randomBytes } from 'node:crypto';
import type { KeyValueStore } from './key-value-store.js';

/**
 * What to do once a sign-in succeeds: the command that asked for it, as the router read it. Never holds a
 * PIN: a command that carried one (or digits that could be one) is stored as `retype`, and the person is
 * asked to send it again; a Save pressed on a card is kept as the id of its attachment action, read back
 * from Webex afterwards, so nothing typed into the card is stored here.
 */
export type CarryOn =
  | { kind: 'voicemail.form' }
  | { kind: 'voicemail.show' }
  | { kind: 'voicemail.set'; args: string }
  | { kind: 'voicemail.history'; count: number }
  /** Who as typed (an email or a name: never a PIN, see `retype`). */
  | { kind: 'voicemail.reset'; who: string; pin?: 'random' }
  | { kind: 'voicemail.undo' }
  | { kind: 'whoami' }
  | { kind: 'org.show' }
  | { kind: 'org.list'; page: number; ids?: boolean }
  | { kind: 'org.find'; text: string }
  | { kind: 'org.use'; arg: string }
  | { kind: 'card.submit'; actionId: string }
  | { kind: 'retype'; command: 'voicemail.set' | 'voicemail.reset' | 'org.find' | 'org.use' };

/** Who asked for a sign-in link, and where to answer when they come back. */
export interface SignInRequest {
  personId: string;
  roomId: string;
  roomType: 'direct' | 'group';
  /**
   * The thread the request was answered in (`replyThread`: in a group space, the command's thread or the
   * one its card is in), so the sign-in's outcome and the carried-on command are answered there too.
   */
  parentId?: string;
  /** The command that needed the sign-in, carried on once it succeeds. */
  then?: CarryOn;
  /** The scopes to ask Webex for; absent on links made before they were chosen per request (all of them). */
  scopes?: string[];
  createdAt: number;
}

export type StateLookup =
  { status: 'ok'; request: SignInRequest } | { status: 'reused' } | { status: 'unknown' };

const KEY = 'oauth-state:';

/** A state written before `then` was an object held the command's kind alone. */
function parse(raw: string): SignInRequest {
  const req = JSON.parse(raw) as Omit<SignInRequest, 'then'> & {
    then?: CarryOn | 'voicemail.form' | 'voicemail.show';
  };
  const { then, ...rest } = req;
  if (then === undefined) return rest;
  return { ...rest, then: typeof then === 'string' ? { kind: then } : then };
}

/**
 * OAuth `state`: random, single use, short-lived and bound to the person and room that asked. Using one
 * replaces it with a tombstone so a replay is told apart from a typo or an expired link.
 */
export interface SignInStates {
  create(req: Omit<SignInRequest, 'createdAt'>): Promise<string>;
  peek(state: string): Promise<SignInRequest | null>;
  consume(state: string): Promise<StateLookup>;
}

export function createSignInStates(kv: KeyValueStore, ttlMs = 10 * 60_000): SignInStates {
  const valid = (s: string) => /^[A-Za-z0-9_-]{32,64}$/.test(s);
  return {
    async create(req) {
      const state = randomBytes(32).toString('base64url');
      await kv.set(KEY + state, JSON.stringify({ ...req, createdAt: Date.now() }), ttlMs);
      return state;
    },
    async peek(state) {
      if (!valid(state)) return null;
      const raw = await kv.get(KEY + state);
      if (!raw || raw === 'used') return null;
      return parse(raw);
    },
    async consume(state) {
      if (!valid(state)) return { status: 'unknown' };
      const old = await kv.swap(KEY + state, 'used', ttlMs);
      if (old === null) return { status: 'unknown' };
      if (old === 'used') return { status: 'reused' };
      return { status: 'ok', request: parse(old) };
    },
  };
}
