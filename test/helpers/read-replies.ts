/** Markdown with the escaping backslashes and zero-width spaces taken out, to read as a person does. */
export const plain = (markdown: string | undefined): string =>
  (markdown ?? '').replace(/\\([!-/:-@[-`{-~])/g, '$1').replace(/\u200B/g, '');

/** Polls `probe` every 50 ms until it returns something; fails naming `what` after `ms`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
