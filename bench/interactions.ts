/**
 * Whole interactions through the bot process: a message or a card submit goes out as Webex would deliver
 * it, and the time is taken when the bot's answer lands in the emulator (its POST /messages).
 */
import type { Emulator } from '../src/emulator/index.js';
import type { BenchAdmin } from './world.js';

/** Resolves with the id of the bot's next message in the room; listen before acting. */
export function nextBotMessage(em: Emulator, botId: string, roomId: string, timeoutMs = 20_000) {
  let cancel = () => {};
  const promise = new Promise<string>((resolve, reject) => {
    const onMessage = (m: { id: string; roomId: string; personId: string }) => {
      if (m.roomId !== roomId || m.personId !== botId) return;
      cancel();
      resolve(m.id);
    };
    const timer = setTimeout(() => {
      cancel();
      reject(new Error(`bench: no answer from the bot in ${roomId} within ${timeoutMs} ms`));
    }, timeoutMs);
    cancel = () => {
      clearTimeout(timer);
      em.state.events.off('message', onMessage);
    };
    em.state.events.on('message', onMessage);
  });
  return { promise, cancel: () => cancel() };
}

export interface Timed {
  ms: number;
  replyId: string;
}

/** An admin says `text`; ms until the bot's next message in that space. */
export async function say(
  em: Emulator,
  botId: string,
  a: BenchAdmin,
  text: string,
  timeoutMs?: number,
): Promise<Timed> {
  const next = nextBotMessage(em, botId, a.roomId, timeoutMs);
  const t0 = performance.now();
  try {
    await em.say(a.id, a.roomId, text);
  } catch (e) {
    next.cancel();
    throw e;
  }
  const replyId = await next.promise;
  return { ms: performance.now() - t0, replyId };
}

/** An admin submits the form card `cardId`; ms until the bot's next message in that space. */
export async function submit(
  em: Emulator,
  botId: string,
  a: BenchAdmin,
  cardId: string,
  days: number,
): Promise<Timed> {
  const next = nextBotMessage(em, botId, a.roomId);
  const t0 = performance.now();
  try {
    await em.submitCard(a.id, cardId, { expirePasscodeDays: String(days) });
  } catch (e) {
    next.cancel();
    throw e;
  }
  const replyId = await next.promise;
  return { ms: performance.now() - t0, replyId };
}

const lastDays = new Map<string, number>();
/** 30 or 31 days, never what the admin's org has now: every submit changes a setting (and PUTs). */
export function nextDays(a: BenchAdmin): number {
  const d = 61 - (lastDays.get(a.id) ?? 30);
  lastDays.set(a.id, d);
  return d;
}

/** One whole form interaction: `/voicemail`, the card, a submit changing the expiry, the reply. */
export async function formInteraction(
  em: Emulator,
  botId: string,
  a: BenchAdmin,
): Promise<{ voicemail: Timed; submit: Timed }> {
  const voicemail = await say(em, botId, a, '/voicemail');
  const card = em.state.messages.get(voicemail.replyId);
  if (!card?.attachments?.length) throw new Error(`bench: /voicemail answered without a card: ${card?.text}`);
  return { voicemail, submit: await submit(em, botId, a, voicemail.replyId, nextDays(a)) };
}

/** Closed loop: each admin repeats whole interactions until `durationMs` is over; interactions per second. */
export async function closedLoop(
  em: Emulator,
  botId: string,
  admins: BenchAdmin[],
  durationMs: number,
): Promise<{ count: number; seconds: number }> {
  const t0 = performance.now();
  let count = 0;
  await Promise.all(
    admins.map(async (a) => {
      while (performance.now() - t0 < durationMs) {
        await formInteraction(em, botId, a);
        count++;
      }
    }),
  );
  return { count, seconds: (performance.now() - t0) / 1000 };
}
