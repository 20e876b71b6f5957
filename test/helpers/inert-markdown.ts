import MarkdownIt from 'markdown-it';
import { parseMentions } from '../../src/emulator/markdown.js';

/**
 * A strict stand-in for a Webex client's renderer: raw HTML passes through (so a tag that survived
 * escaping shows up), and links are found as eagerly as linkify-it can: URLs, bare domains, emails, IPs.
 */
const renderer = new MarkdownIt({ html: true, linkify: true, breaks: true });
renderer.linkify.set({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: true });

export const renderMarkdown = (markdown: string): string => renderer.render(markdown);

const decodeHtml = (html: string): string =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');

/** The characters a reader sees, without the ones that do not show (spaces, breaks, zero-width). */
export const visible = (text: string): string => text.replace(/[\s\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '');

/** The elements markdown-it produced, e.g. ['p', 'a', 'strong']. */
export const elementsOf = (html: string): string[] =>
  [...html.matchAll(/<([a-z][a-z0-9-]*)/gi)].map((m) => (m[1] ?? '').toLowerCase());

/**
 * What a piece of markdown shows: its elements, its visible text and the mentions Webex would make of it.
 * Inert text renders as one paragraph (or nothing) with no mention, and shows nothing a linkifier takes.
 */
export function rendered(markdown: string): {
  elements: string[];
  text: string;
  mentions: number;
  linkable: boolean;
} {
  const html = renderMarkdown(markdown);
  const m = parseMentions(markdown);
  const text = decodeHtml(html.replace(/<[^>]*>/g, ''));
  return {
    elements: elementsOf(html),
    text,
    mentions: m.people.length + (m.all ? 1 : 0),
    // Webex clients also linkify the text they show, after markdown: nothing in it may look like a link.
    linkable: renderer.linkify.test(text),
  };
}
