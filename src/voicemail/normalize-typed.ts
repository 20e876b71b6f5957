/**
 * Text as typed on a phone or in a Webex client, brought to the characters the parsers read: the
 * compatibility forms folded (fullwidth `＝`, `：` and digits, no-break and other odd spaces), every kind of
 * dash made `-`, quotation marks of any style and invisible characters (zero-width spaces, soft hyphens,
 * direction marks) removed, and runs of space made one. Keyboards put all of these in without asking:
 * iOS turns `"` into `“` and `--` into `—`, and pasted text carries no-break spaces.
 */
export function normalizeTyped(text: string): string {
  return text
    .replace(DECIMAL_DIGIT, asciiDigit)
    .replace(OTHER_NUMBER, '\uFFFD')
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(DASHES, '-')
    .replace(QUOTES, '')
    .replace(/[\s\p{Z}]+/gu, ' ')
    .trim();
}

/**
 * Digits of any script (Arabic-Indic, Devanagari, fullwidth, mathematical) are digits to whoever typed
 * them: read as 0–9. Unicode keeps each script's digits in runs of ten from zero, so a digit's value is its
 * distance from the start of its run, modulo ten (the mathematical digits are five runs back to back).
 */
const DECIMAL_DIGIT = /\p{Nd}/gu;
function asciiDigit(c: string): string {
  const cp = c.codePointAt(0)!;
  let start = cp;
  while (start > 0 && /\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return String((cp - start) % 10);
}
/**
 * Superscripts, subscripts, circled numbers and fractions are not digits to read: NFKC would make `5⁰` into
 * 50 and `½` into 1/2. They become a character no parser accepts, so the value is refused, never misread.
 */
const OTHER_NUMBER = /\p{No}/gu;

// \p{Cf}: zero-width space and joiners, word joiner, byte-order mark, soft hyphen, direction marks.
const INVISIBLE = /\p{Cf}/gu;
// Hyphens and dashes (U+2010–2015), the minus sign, small and fullwidth hyphen-minus, two- and three-em dashes.
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D\u2E3A\u2E3B]/gu;
// Straight, curly, low-9, reversed and angle quotation marks, backtick and acute accent as typed for quotes.
const QUOTES = /["'`\u00B4\u2018-\u201F\u00AB\u00BB\u2039\u203A\u300C-\u300F]/gu;
