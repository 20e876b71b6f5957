/**
 * The little of Webex's markdown handling the emulator needs: a plain-text rendering (Webex fills `text`
 * from `markdown`), an HTML rendering, and the `<@personId:...>` mention markup.
 */

export interface Mentions {
  people: { personId?: string; personEmail?: string }[];
  all: boolean;
}

const MENTION = /<@(personId|personEmail):([^|>]+)(?:\|([^>]*))?>|<@all>/g;

export function parseMentions(markdown: string): Mentions {
  const out: Mentions = { people: [], all: false };
  for (const m of markdown.matchAll(MENTION)) {
    if (m[0] === '<@all>') out.all = true;
    else if (m[1] === 'personId' && m[2]) out.people.push({ personId: m[2] });
    else if (m[2]) out.people.push({ personEmail: m[2] });
  }
  return out;
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function markdownToText(markdown: string, nameOf: (idOrEmail: string) => string | undefined): string {
  return markdown
    .replace(MENTION, (all, _kind: string, key: string, label: string | undefined) =>
      all === '<@all>' ? 'All' : (label ?? nameOf(key) ?? key),
    )
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/\*\*(.+?)\*\*|__(.+?)__/g, (_m, a: string | undefined, b: string | undefined) => a ?? b ?? '')
    .replace(/(^|[^*\w])\*(?!\s)(.+?)\*(?!\w)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1');
}

export function markdownToHtml(markdown: string, nameOf: (idOrEmail: string) => string | undefined): string {
  const mentions: string[] = [];
  const withTokens = markdown.replace(
    MENTION,
    (all, _kind: string, key: string, label: string | undefined) => {
      if (all === '<@all>')
        mentions.push(
          '<spark-mention data-object-type="groupMention" data-group-type="all">All</spark-mention>',
        );
      else {
        const name = escapeHtml(label ?? nameOf(key) ?? key);
        mentions.push(
          `<spark-mention data-object-type="person" data-object-id="${escapeHtml(key)}">${name}</spark-mention>`,
        );
      }
      return `\uE000${mentions.length - 1}\uE001`;
    },
  );
  const html = escapeHtml(withTokens)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*(?!\s)(.+?)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/`([^`]*)`/g, '<code>$1</code>')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '<a href="$2" alt="$2" onclick="return false;">$1</a>')
    .replace(/\n/g, '<br/>')
    .replace(/\uE000(\d+)\uE001/g, (_m, i: string) => mentions[Number(i)] ?? '');
  return `<p>${html}</p>`;
}

/** How Webex renders a human's message that @mentions people: the names lead the text. */
export function mentionHtml(text: string, mentioned: { id: string; displayName: string }[]): string {
  let html = escapeHtml(text);
  for (const p of mentioned) {
    const name = escapeHtml(p.displayName);
    const tag = `<spark-mention data-object-type="person" data-object-id="${p.id}">${name}</spark-mention>`;
    const at = html.indexOf(name);
    html = at >= 0 ? html.slice(0, at) + tag + html.slice(at + name.length) : `${tag} ${html}`;
  }
  return `<p>${html}</p>`;
}
