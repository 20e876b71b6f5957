import { code, md } from '../../markdown.js';
import { shorten } from './message-pages.js';

/** Org names come from Webex and can be any length: a line shows this many characters of one. */
export const ORG_NAME_CHARS = 100;

export type Org = { id: string; displayName: string };

/** Stable order, so that page 2 today is page 2 a minute later. */
export const byName = (a: Org, b: Org) =>
  a.displayName.localeCompare(b.displayName, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id);

export function orgLine(o: Org, current: string | undefined): string {
  // Shortened before escaping, so an escape sequence is never cut in half.
  const name = shorten(o.displayName, ORG_NAME_CHARS);
  return o.id === current ? md`- **${name}** (current) ${code(o.id)}` : md`- ${name} ${code(o.id)}`;
}
