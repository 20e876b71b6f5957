import { code, md, raw } from '../../markdown.js';
import { shorten } from './message-pages.js';

/** Org names come from Webex and can be any length: a line shows this many characters of one. */
export const ORG_NAME_CHARS = 100;

export type Org = { id: string; displayName: string };

/** Stable order, so that page 2 today is page 2 a minute later. */
export const byName = (a: Org, b: Org) =>
  a.displayName.localeCompare(b.displayName, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id);

/** One org as a list line; `withId: false` leaves the id out (an org id is about 80 characters). */
export function orgLine(o: Org, current: string | undefined, opts: { withId?: boolean } = {}): string {
  // Shortened before escaping, so an escape sequence is never cut in half.
  const name = shorten(o.displayName, ORG_NAME_CHARS);
  const id = opts.withId === false ? raw('') : raw(md` ${code(o.id)}`);
  return o.id === current ? md`- **${name}** (current)${id}` : md`- ${name}${id}`;
}
