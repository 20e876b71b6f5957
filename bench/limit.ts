/**
 * The limit: what the emulator on this machine can serve of one interaction's Webex calls when nothing but
 * a plain loop sends them. The calls are those the bot made for one recorded steady-state interaction, in
 * the order the emulator answered them, sent one after the other with the same tokens and bodies; a message
 * the bot posted is replaced, in the later calls, by the one this loop's own POST created (the card the
 * submit deletes, the thread a reply joins).
 */
import type { Emulator, EmRequest } from '../src/emulator/index.js';

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  token: string;
  /** For a POST /messages: the id of the message it created in the recording. */
  created?: string;
}

/** The recorded calls with their tokens, and which message each POST /messages made (in creation order). */
export function recordedCalls(
  requests: readonly EmRequest[],
  createdByPosts: readonly string[],
  tokenOf: ReadonlyMap<string, string>,
): RecordedCall[] {
  const created = [...createdByPosts];
  return requests.map((r) => {
    const token = r.personId ? tokenOf.get(r.personId) : undefined;
    if (!token) throw new Error(`bench: no token for the caller of ${r.method} ${r.path}`);
    const call: RecordedCall = { method: r.method, path: r.path, query: r.query, token };
    if (r.body !== undefined) call.body = r.body;
    if (r.method === 'POST' && r.path === '/v1/messages') {
      const id = created.shift();
      if (!id) throw new Error('bench: more POST /messages in the log than messages the bot made');
      call.created = id;
    }
    return call;
  });
}

function substitute<T>(v: T, ids: ReadonlyMap<string, string>): T {
  if (ids.size === 0) return v;
  let s = JSON.stringify(v);
  for (const [from, to] of ids) s = s.split(from).join(to);
  return JSON.parse(s) as T;
}

/** Sends the calls once, in order; throws on any non-2xx (the limit must be of work that succeeded). */
async function replayOnce(origin: string, calls: readonly RecordedCall[]): Promise<void> {
  const ids = new Map<string, string>();
  for (const c of calls) {
    const path = substitute(c.path, ids);
    const qs = new URLSearchParams(substitute(c.query, ids)).toString();
    const res = await fetch(`${origin}${path}${qs ? `?${qs}` : ''}`, {
      method: c.method,
      headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
      ...(c.body === undefined ? {} : { body: JSON.stringify(substitute(c.body, ids)) }),
    });
    const text = await res.text();
    if (!res.ok)
      throw new Error(`bench: plain loop ${c.method} ${path}: ${res.status} ${text.slice(0, 200)}`);
    if (c.created) ids.set(c.created, (JSON.parse(text) as { id: string }).id);
  }
}

/** `concurrency` plain loops replaying the calls for `durationMs`: whole sequences done, and the time taken. */
export async function plainLoop(
  em: Emulator,
  calls: readonly RecordedCall[],
  concurrency: number,
  durationMs: number,
): Promise<{ count: number; seconds: number }> {
  const t0 = performance.now();
  let count = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() - t0 < durationMs) {
        await replayOnce(em.url, calls);
        count++;
      }
    }),
  );
  return { count, seconds: (performance.now() - t0) / 1000 };
}
