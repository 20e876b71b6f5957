import { routeMessage } from './router.js';

/**
 * The command a chat message carries, found from the bot's mention in the message's `html`. Webex clients
 * put the mention anywhere ("hey @Bot /voicemail show", "/voicemail show @Bot", "/voicemail @Bot show"),
 * spell it as `<spark-mention data-object-type="person" data-object-id="…">Name</spark-mention>` with the
 * attributes in either order, with or without a surrounding `<p>`, and with the id either as the API's
 * base64 person id or as the bare UUID inside it. `text` only has the display name where the mention was,
 * which cannot be told apart from the same words typed, so it is used only when there is no mention of
 * the bot (a 1:1 space, where there are no mentions).
 */
export function commandText(message: { html?: string; text?: string; botId: string }): string {
  const text = collapse(message.text ?? '');
  if (!message.html) return text;
  const parts = splitMentions(message.html);
  const bot = idKey(message.botId);
  const at = parts.findIndex((p) => p.kind === 'mention' && p.id !== undefined && idKey(p.id) === bot);
  if (at === -1) return text;
  const words = (from: typeof parts) =>
    collapse(from.map((p) => (p.kind === 'text' ? p.text : ' ')).join(''))
      // "@Bot, /help" and "@Bot: /help" are addressed the way people address each other.
      .replace(/^[,:;]\s*/, '')
      .replace(/\s*[,:;]$/, '');
  const after = words(parts.slice(at + 1));
  const before = words(parts.slice(0, at));
  // The mention may sit before the command ("hey @Bot /help"), after it ("/help @Bot") or inside it
  // ("/voicemail @Bot set expire=50", "/org use @Bot Acme"): the first reading that is a command wins.
  const readings = [after, collapse(`${before} ${after}`), before].filter((r) => r !== '');
  return readings.find((r) => routeMessage(r).kind !== 'unknown') ?? (after || before);
}

type Part = { kind: 'text'; text: string } | { kind: 'mention'; id?: string };

const MENTION = /<spark-mention\b([^>]*)>[\s\S]*?<\/spark-mention\s*>/gi;

/** The html as runs of text (tags dropped, entities decoded) between mentions of anyone or any group. */
function splitMentions(html: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of html.matchAll(MENTION)) {
    parts.push({ kind: 'text', text: htmlText(html.slice(last, m.index)) });
    const attrs = m[1] ?? '';
    const type = attribute(attrs, 'data-object-type');
    const id = attribute(attrs, 'data-object-id');
    parts.push({ kind: 'mention', id: type === undefined || type === 'person' ? id : undefined });
    last = m.index + m[0].length;
  }
  parts.push({ kind: 'text', text: htmlText(html.slice(last)) });
  return parts;
}

function attribute(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attrs);
  const value = m?.[1] ?? m?.[2] ?? m?.[3];
  return value === undefined ? undefined : decodeEntities(value);
}

/** A line break or the end of a block separates words; every other tag just goes. */
const htmlText = (html: string): string =>
  decodeEntities(html.replace(/<(?:br|\/p|\/div|\/li)\b[^>]*>/gi, ' ').replace(/<[^>]*>/g, ''));

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] !== '#') return NAMED[body.toLowerCase()] ?? whole;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : Number(body.slice(1));
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * A person id compared by the UUID it carries: the API's id is base64 of
 * `ciscospark://<region>/PEOPLE/<uuid>` (padding stripped), and some clients put the bare UUID in mentions.
 */
function idKey(id: string): string {
  const trimmed = id.trim();
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const decoded = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const m = /^ciscospark:\/\/[^/]+\/PEOPLE\/([^/]+)$/.exec(decoded);
    if (m?.[1]) return m[1].toLowerCase();
  }
  return trimmed.toLowerCase();
}
