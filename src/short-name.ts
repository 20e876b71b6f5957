/**
 * Names come from Webex and from people: a 4,000-character org or display name would push everything after
 * it past the message limit (the outcome of a change included). Every reply and card shows at most this
 * much of a name; the full name is Webex's to show.
 */
export const NAME_CHARS = 100;

/** At most `max` characters (whole code points), the cut marked with an ellipsis. */
export function shorten(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export const shortName = (name: string): string => shorten(name, NAME_CHARS);
