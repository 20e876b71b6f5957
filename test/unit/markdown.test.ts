import assert from 'node:assert/strict';
import fc from 'fast-check';
import { code, escapeMarkdown, md, raw } from '../../src/markdown.js';
import { rendered, visible } from '../helpers/inert-markdown.js';

/** Pieces of markdown, mention and link syntax, so random strings often hit something that would format. */
const HOSTILE = [
  '<@all>',
  '<@personId:Y2lz|Alice>',
  '<@personEmail:a@b.co>',
  '[Sign in again here](https://evil.example/login)',
  '![img](http://x.io/a.png)',
  '<https://evil.example>',
  '**URGENT**',
  '__b__',
  '*i*',
  '_i_',
  '~~s~~',
  '`code`',
  '```',
  '# ',
  '> ',
  '- ',
  '1. ',
  '| a | b |',
  '<b>',
  '<script>alert(1)</script>',
  '&amp;',
  '&#60;',
  '&lt;',
  'evil.com',
  'www.example.org',
  'http://',
  'https://evil.example/x?y=1',
  '//localhost/x',
  'mailto:a@b.co',
  'a@b.co',
  '1.2.3.4',
  'пример.рф',
  'evil。com',
  '\\',
  '\n',
  '\r\n',
  '\n\n',
  '    ',
  '\t',
  '\u2028',
  '\u202E',
  '\u0000',
  ':smile:',
  '@',
  '.',
  ':',
  '/',
  '<',
  '>',
  '[',
  ']',
  '(',
  ')',
];

const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 6 })), { maxLength: 12 })
    .map((parts) => parts.join('')),
);

describe('escapeMarkdown', () => {
  it('renders any string as plain text: no link, format, tag or mention, and the same visible characters', () => {
    fc.assert(
      fc.property(hostileText, (s) => {
        const out = rendered(escapeMarkdown(s));
        const extra = out.elements.filter((e) => e !== 'p');
        assert.deepEqual(extra, [], `elements ${extra.join(',')} from ${JSON.stringify(s)}`);
        assert.ok(out.elements.length <= 1, `one paragraph at most for ${JSON.stringify(s)}`);
        assert.equal(out.mentions, 0, `mention from ${JSON.stringify(s)}`);
        assert.equal(out.linkable, false, `linkable text from ${JSON.stringify(s)}`);
        assert.equal(visible(out.text), visible(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('turns the hostile display name of the issue into inert text that still reads as the name', () => {
    const name = '<@all> [Sign in again here](https://evil.example/login) **URGENT**';
    const escaped = escapeMarkdown(name);
    assert.ok(!escaped.includes('<@'), escaped);
    const out = rendered(escaped);
    assert.deepEqual(out.elements, ['p']);
    assert.equal(out.linkable, false);
    assert.equal(visible(out.text), visible(name));
  });

  it('keeps a name on one line', () => {
    assert.equal(escapeMarkdown('Alice\n\n# Admin\r\nx'), 'Alice \\# Admin x');
  });

  it('leaves plain names as they are', () => {
    assert.equal(escapeMarkdown('Alice Admin'), 'Alice Admin');
    assert.equal(escapeMarkdown('Zoë Ångström 山田'), 'Zoë Ångström 山田');
  });
});

describe('md template', () => {
  it('escapes interpolated strings, keeps raw() and numbers, and leaves the template itself alone', () => {
    const out = md`**${'*x*'}** [${raw('link')}](${raw('https://ok.example')}) ${15}`;
    assert.equal(out, '**\\*x\\*** [link](https://ok.example) 15');
  });

  it('code() keeps identifiers as code and escapes anything else', () => {
    assert.equal(md`${code('spark-admin:telephony_config_write')}`, '`spark-admin:telephony_config_write`');
    assert.equal(md`${code('Y2lzY29zcGFyazovL3Vz+/=')}`, '`Y2lzY29zcGFyazovL3Vz+/=`');
    const sneaky = md`${code('`<@all>` x')}`;
    assert.ok(!sneaky.includes('<@') && !sneaky.startsWith('`'), sneaky);
    assert.equal(rendered(md`${code('http://evil.example')}`).elements.join(), 'p');
  });
});
