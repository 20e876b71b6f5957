/**
 * The shortest run of digits treated as a possible PIN when deciding what a reply may repeat. Webex PINs are
 * 6 digits or more by default; a shorter org minimum is not known at that point, and a reply loses little by
 * not quoting a long number back.
 */
export const PIN_LIKE_RUN = 6;

/**
 * Digits as a reader takes them in: anything that is not a letter (spaces, `_`, `.`, `*`, a zero-width space,
 * a soft hyphen...) may sit between them and they still read as one number, so a span runs from digit to
 * digit across such characters and ends only at a letter.
 */
const SPAN = /\p{Nd}(?:[^\p{L}\p{Nd}]*\p{Nd})*/gu;
const digitCount = (span: string) => span.replace(/[^\p{Nd}]/gu, '').length;
const pinLike = (span: string) => digitCount(span) >= PIN_LIKE_RUN;

/** True when the text holds a run of digits that could be a PIN: such text is never repeated in a reply. */
export function hasPinLikeDigits(text: string): boolean {
  return [...text.matchAll(SPAN)].some((m) => pinLike(m[0]));
}

/** Text from elsewhere (a Webex error description) with each PIN-like run of digits left out. */
export function withoutPinLikeDigits(text: string): string {
  return text.replace(SPAN, (span) => (pinLike(span) ? '[digits left out]' : span));
}
