/**
 * The shortest run of digits treated as a possible PIN when deciding what a reply may repeat. Webex PINs are
 * 6 digits or more by default; a shorter org minimum is not known at that point, and a reply loses little by
 * not quoting a long number back.
 */
export const PIN_LIKE_RUN = 6;

const RUN = new RegExp(`\\p{Nd}{${PIN_LIKE_RUN},}`, 'u');

/** True when the text holds a run of digits that could be a PIN: such text is never repeated in a reply. */
export function hasPinLikeDigits(text: string): boolean {
  return RUN.test(text);
}

/** Text from elsewhere (a Webex error description) with each PIN-like run of digits left out. */
export function withoutPinLikeDigits(text: string): string {
  return text.replace(new RegExp(RUN.source, 'gu'), '[digits left out]');
}
