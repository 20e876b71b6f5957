/**
 * The words of Webex REST paths the bot calls (and a few neighbours). A path segment is kept only when it
 * is one of these; anything else (a base64 Webex id, a UUID, an email, a number, a name) becomes `{id}`,
 * so an id can never reach a metric label, whatever shape Webex gives its ids.
 */
export const PATH_WORDS: ReadonlySet<string> = new Set([
  'access_token',
  'actions',
  'attachment',
  'authorize',
  'config',
  'devices',
  'features',
  'invoke',
  'licenses',
  'locations',
  'me',
  'memberships',
  'messages',
  'organizations',
  'passcode',
  'people',
  'resetPin',
  'roles',
  'rooms',
  'rules',
  'settings',
  'teams',
  'telephony',
  'voicemail',
  'webhooks',
]);

/** The first segment must name a resource; `me` and the like never start a path. */
const RESOURCES = new Set([
  'access_token',
  'attachment',
  'authorize',
  'devices',
  'licenses',
  'locations',
  'memberships',
  'messages',
  'organizations',
  'people',
  'roles',
  'rooms',
  'teams',
  'telephony',
  'webhooks',
]);

/** Deeper than any path the bot calls: such a path is `other`, so depth cannot multiply the label values. */
const MAX_SEGMENTS = 7;

export const OTHER_ENDPOINT = 'other';

/**
 * A Webex API path as a metric label: the query string and fragment dropped, a leading `/v1` dropped,
 * every segment that is not a known path word replaced by `{id}` (`/messages/Y2lz…` → `/messages/{id}`).
 * A path that does not start with a known resource, or is deeper than any the bot calls, is `other`.
 */
export function endpointTemplate(path: string): string {
  const bare = path.split(/[?#]/, 1)[0] ?? '';
  const segments = bare.split('/').filter((s) => s !== '');
  if (segments[0] === 'v1') segments.shift();
  if (segments.length === 0 || segments.length > MAX_SEGMENTS) return OTHER_ENDPOINT;
  if (!RESOURCES.has(segments[0]!)) return OTHER_ENDPOINT;
  return '/' + segments.map((s) => (PATH_WORDS.has(s) ? s : '{id}')).join('/');
}
