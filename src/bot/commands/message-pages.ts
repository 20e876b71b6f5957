import { MAX_MESSAGE_BYTES } from '../../webex/messages-client.js';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

export { shorten } from '../../short-name.js';

/** Cuts text to at most `maxBytes` UTF-8 bytes (whole code points), marking the cut with an ellipsis. */
function cutToBytes(text: string, maxBytes: number): string {
  if (bytes(text) <= maxBytes) return text;
  let out = '';
  for (const c of text) {
    if (bytes(out) + bytes(c) + bytes('…') > maxBytes) break;
    out += c;
  }
  return `${out}…`;
}

export interface PagedMessage {
  /** Text above the lines; gets the page number and count. */
  header(page: number, pages: number): string;
  /** Text below the lines. */
  footer(page: number, pages: number): string;
}

/**
 * Splits lines into chat messages that each stay within Webex's message limit, header and footer
 * included, whatever the lines hold (long names, multi-byte text). Pages are packed in order, so the same
 * list always gives the same pages. Always at least one page.
 */
export function pageLines(lines: string[], frame: PagedMessage, limitBytes = MAX_MESSAGE_BYTES): string[] {
  // The frame's largest size over every page number this list could reach (at most one line per page).
  const most = Math.max(1, lines.length);
  let frameBytes = 0;
  for (let page = 1; page <= most; page++) {
    const size = bytes(frame.header(page, most)) + bytes(frame.footer(page, most)) + 2 * bytes('\n\n');
    frameBytes = Math.max(frameBytes, size);
  }
  const budget = limitBytes - frameBytes;
  if (budget < 64) throw new Error('pageLines: header and footer leave no room for lines');
  const pages: string[][] = [[]];
  let used = 0;
  for (const raw of lines) {
    const line = cutToBytes(raw, budget);
    const cost = bytes(line) + (pages.at(-1)!.length > 0 ? 1 : 0);
    if (used + cost > budget && pages.at(-1)!.length > 0) {
      pages.push([]);
      used = 0;
    }
    used += bytes(line) + (pages.at(-1)!.length > 0 ? 1 : 0);
    pages.at(-1)!.push(line);
  }
  return pages.map((body, i) =>
    [frame.header(i + 1, pages.length), body.join('\n'), frame.footer(i + 1, pages.length)]
      .filter((part) => part !== '')
      .join('\n\n'),
  );
}
