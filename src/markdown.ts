/**
 * Text from Webex or from a user (display names, org names, error descriptions, typed text) made inert for
 * Webex markdown: it shows as the same characters and can no longer format, link or mention.
 */

const ZWSP = '\u200B';

// Bidirectional overrides and isolates would let a name reorder the text around it on screen.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/gu;
// Control characters and every kind of line or paragraph break become a space: a name stays on one line,
// so it can never start a heading, list, quote or code block.
const BREAKS = /[\p{Cc}\p{Zl}\p{Zp}\s]+/gu;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
// Dots as linkifiers see them: ASCII, ideographic, fullwidth and halfwidth.
const DOTS = new Set(['.', '\u3002', '\uFF0E', '\uFF61']);

/**
 * CommonMark lets a backslash make any ASCII punctuation literal, which covers emphasis, code, links,
 * images, autolinks, HTML tags, entities, headings and lists; `<@all>` becomes `\<\@all\>`, so no mention
 * syntax (which needs `<@`) is left. Webex clients also turn bare URLs, domains and email addresses into
 * links, whatever the markdown says; a zero-width space breaks each of them where a linkifier looks:
 * after a dot, after `:`, between `//`, around `@`. It is invisible, so the name still reads the same.
 */
export function escapeMarkdown(text: string): string {
  const chars = [...text.replace(BIDI_CONTROLS, '').replace(BREAKS, ' ').trim()];
  let out = '';
  chars.forEach((c, i) => {
    const next = chars[i + 1];
    const joined = next !== undefined && next !== ' ';
    if (c === '@' && i > 0) out += ZWSP;
    out += ASCII_PUNCTUATION.test(c) ? `\\${c}` : c;
    if (joined && (DOTS.has(c) || c === ':' || c === '@' || (c === '/' && next === '/'))) out += ZWSP;
  });
  return out;
}

const RAW = Symbol('raw markdown');

/** Markdown the bot wrote itself, to go into an `md` template unescaped. */
export interface RawMarkdown {
  readonly [RAW]: string;
}

export const raw = (markdown: string): RawMarkdown => ({ [RAW]: markdown });

const isRaw = (v: unknown): v is RawMarkdown => typeof v === 'object' && v !== null && RAW in v;

/**
 * A reply template: every interpolated string is escaped with escapeMarkdown unless wrapped in `raw()`.
 * Numbers go in as they are (digits, a sign and a decimal point cannot format anything).
 */
export function md(strings: TemplateStringsArray, ...values: (string | number | RawMarkdown)[]): string {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += isRaw(v) ? v[RAW] : typeof v === 'number' ? String(v) : escapeMarkdown(v);
    out += strings[i + 1] ?? '';
  });
  return out;
}

// An identifier Webex issued (a base64 id, an OAuth scope, a trackingId): letters, digits and a few
// separators, and no "//" that a linkifier could take for a URL.
const CODE_SAFE = /^[A-Za-z0-9_:+/=-]+$/;

/** An identifier as inline code, when it is one; anything else is escaped as text instead. */
export function code(text: string): RawMarkdown {
  return raw(CODE_SAFE.test(text) && !text.includes('//') ? `\`${text}\`` : escapeMarkdown(text));
}
