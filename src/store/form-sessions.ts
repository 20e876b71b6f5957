import { randomBytes } from 'node:crypto';
import type { KeyValueStore } from './key-value-store.js';

/** What a form was made from: who asked, where, for which org, and the rules it showed. */
export interface FormSession<S = unknown> {
  id: string;
  personId: string;
  /** The owner's display name, for telling others whose form it is (absent on forms made before it was kept). */
  personName?: string;
  roomId: string;
  orgId: string;
  orgName: string;
  /** A customer org chosen with `/org use` (absent on sessions made before this was kept: own org). */
  customerOrg?: boolean;
  /** Settings and PIN rules as shown on the form; the submitted values are compared with these. */
  snapshot: S;
  messageId?: string;
  createdAt: number;
}

export type ClaimResult<S> =
  | { status: 'claimed'; session: FormSession<S> }
  | { status: 'not-yours'; session: FormSession<S> }
  | { status: 'used'; usedAt: number }
  /** The id was pressed on another card than the one it was made for (a forged or copied press). */
  | { status: 'other-card' }
  | { status: 'unknown' };

/** A used form is remembered this long so a second submit is told "already submitted", not "expired". */
const TOMBSTONE_TTL_MS = 24 * 3600_000;

export interface FormSessions<S> {
  /** How long a session stays usable. */
  readonly ttlMs: number;
  create(s: Omit<FormSession<S>, 'id' | 'createdAt'>): Promise<FormSession<S>>;
  attachMessage(id: string, messageId: string): Promise<void>;
  /**
   * Single use, bound to the person who asked: only that person's submit consumes the session, and of
   * two racing submits exactly one is told `claimed`.
   */
  claim(
    id: string,
    submitter: { personId: string; roomId: string; messageId?: string },
  ): Promise<ClaimResult<S>>;
  /** Put a claimed session back (e.g. Webex failed, so the same form may be submitted again). */
  release(session: FormSession<S>): Promise<void>;
}

/** `prefix` keeps kinds of session apart (`form:`, `confirm:`): an id of one kind never claims another. */
export function createFormSessions<S>(kv: KeyValueStore, ttlMs: number, prefix = 'form:'): FormSessions<S> {
  const read = (raw: string | null): FormSession<S> | { used: true; usedAt: number } | null =>
    raw ? (JSON.parse(raw) as FormSession<S> | { used: true; usedAt: number }) : null;
  return {
    ttlMs,
    async create(s) {
      const session: FormSession<S> = {
        ...s,
        id: randomBytes(12).toString('base64url'),
        createdAt: Date.now(),
      };
      await kv.set(prefix + session.id, JSON.stringify(session), ttlMs);
      return session;
    },
    async attachMessage(id, messageId) {
      const raw = await kv.get(prefix + id);
      const cur = read(raw);
      if (!raw || !cur || 'used' in cur) return;
      // Only over the very session read: a claim (or expiry) in between must not be undone by a write that
      // would make a used card usable again.
      await kv.replaceIfEquals(prefix + id, raw, JSON.stringify({ ...cur, messageId }));
    },
    async claim(id, { personId, roomId, messageId }) {
      if (!/^[A-Za-z0-9_-]{8,64}$/.test(id)) return { status: 'unknown' };
      const cur = read(await kv.get(prefix + id));
      if (!cur) return { status: 'unknown' };
      if ('used' in cur) return { status: 'used', usedAt: cur.usedAt };
      // The same form submitted from another space (a copied card) is someone else's too.
      if (cur.personId !== personId || cur.roomId !== roomId) return { status: 'not-yours', session: cur };
      // Bound to its card too, once the card's id is known: an id typed into another card's press is refused
      // without using it up.
      if (messageId !== undefined && cur.messageId !== undefined && cur.messageId !== messageId)
        return { status: 'other-card' };
      const old = read(
        await kv.swap(prefix + id, JSON.stringify({ used: true, usedAt: Date.now() }), TOMBSTONE_TTL_MS),
      );
      if (!old) return { status: 'unknown' };
      if ('used' in old) return { status: 'used', usedAt: old.usedAt };
      return { status: 'claimed', session: old };
    },
    async release(session) {
      const left = Math.max(60_000, session.createdAt + ttlMs - Date.now());
      await kv.set(prefix + session.id, JSON.stringify(session), left);
    },
  };
}
