// The one place the page turns markdown (the bot's messages, card text) into HTML.
//
// Safe by construction: markdown-it with `html: false` escapes every tag in the source, links keep only
// http(s) targets (no javascript:, data:, relative or protocol-less URLs), and images are not rendered.
// What it returns is markdown-it's own output, so it is the only string the page assigns to innerHTML.

const MENTION = /<@(?:personId|personEmail):([^|>]+)(?:\|([^>]*))?>|<@all>/g;
const SAFE_URL = /^https?:\/\/[^\s/]/i;

/** @param {(options: object) => any} markdownit the markdown-it factory (the browser build's global) */
export function createSafeMarkdown(markdownit) {
  const md = markdownit({ html: false, linkify: true, breaks: true, typographer: false });
  md.disable('image');
  md.validateLink = (url) => SAFE_URL.test(String(url).trim());
  const renderToken = (tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options);
  const linkOpen = md.renderer.rules.link_open || renderToken;
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx].attrSet('target', '_blank');
    tokens[idx].attrSet('rel', 'noopener noreferrer');
    return linkOpen(tokens, idx, options, env, self);
  };
  /** Webex mention markup shows as the mentioned name. */
  const mentionsToText = (src) =>
    src.replace(MENTION, (all, _key, label) => (all === '<@all>' ? '**All**' : `**${label || 'someone'}**`));
  return {
    /** Block markdown (a message). */
    render: (src) => md.render(mentionsToText(String(src ?? ''))),
  };
}
