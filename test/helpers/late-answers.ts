/**
 * Webex acting on a request whose answer never reaches the bot in time: the request goes through in full
 * (it lands), and the caller sees only its own timeout. The emulator's latency cannot show this, since a
 * request the client gave up on never reaches its handlers.
 *
 * The bot's Webex client keeps the `fetch` it was created with, so install this around `startHarness`.
 */
export interface LateAnswers {
  fetch: typeof fetch;
  /** Answer late every call with this method whose URL contains `pathPart`; `undefined` stops it. */
  set(match: { method: string; pathPart: string } | undefined): void;
}

export function lateAnswers(real: typeof fetch = globalThis.fetch): LateAnswers {
  let match: { method: string; pathPart: string } | undefined;
  const late: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!match || init?.method !== match.method || !url.includes(match.pathPart)) return real(input, init);
    const { signal, ...rest } = init;
    await real(input, rest);
    return new Promise<Response>((_resolve, reject) => {
      if (!signal) return;
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason));
    });
  };
  return { fetch: late, set: (m) => (match = m) };
}
