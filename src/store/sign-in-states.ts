import { randomBytes } from 'node:crypto';
import type { KeyValueStore } from './key-value-store.js';

/** Who asked for a sign-in link, and where to answer when they come back. */
export interface SignInRequest {
  personId: string;
  roomId: string;
  roomType: 'direct' | 'group';
  /** The command that needed the sign-in, carried on once it succeeds. */
  then?: 'voicemail.form' | 'voicemail.show';
  createdAt: number;
}

export type StateLookup =
  { status: 'ok'; request: SignInRequest } | { status: 'reused' } | { status: 'unknown' };

const KEY = 'oauth-state:';

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
      return JSON.parse(raw) as SignInRequest;
    },
    async consume(state) {
      if (!valid(state)) return { status: 'unknown' };
      const old = await kv.swap(KEY + state, 'used', ttlMs);
      if (old === null) return { status: 'unknown' };
      if (old === 'used') return { status: 'reused' };
      return { status: 'ok', request: JSON.parse(old) as SignInRequest };
    },
  };
}
