import assert from 'node:assert/strict';
import { pageLines, shorten } from '../../../src/bot/commands/message-pages.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const frame = {
  header: (p: number, n: number) => `Things: (page ${p} of ${n})`,
  footer: (p: number, n: number) => (p < n ? `Next: /list ${p + 1}` : 'The end.'),
};

describe('pageLines', () => {
  it('keeps every page within the limit, frame included, and every line once, in order', () => {
    // Multi-byte, long and markdown-laden lines.
    const lines = Array.from(
      { length: 500 },
      (_, i) => `- ${i} <@all> [x](https://evil.example) ${'é€😀'.repeat(i % 40)} \`id-${i}\``,
    );
    const pages = pageLines(lines, frame);
    assert.ok(pages.length > 1);
    for (const page of pages) assert.ok(bytes(page) <= 7439, `page of ${bytes(page)} bytes`);
    const body = pages.flatMap((p) => p.split('\n').filter((l) => l.startsWith('- ')));
    assert.deepEqual(body, lines);
    assert.match(pages[0]!, /^Things: \(page 1 of \d+\)/);
    assert.match(pages.at(-1)!, /The end\.$/);
    assert.deepEqual(pageLines(lines, frame), pages, 'the same list gives the same pages');
  });

  it('cuts a single line too long for any page instead of exceeding the limit', () => {
    const pages = pageLines(['x'.repeat(20_000), 'short'], frame, 1000);
    assert.ok(pages.every((p) => bytes(p) <= 1000));
    assert.match(pages[0]!, /x…/);
    assert.match(pages.at(-1)!, /short/);
  });

  it('gives one page for no lines', () => {
    assert.deepEqual(pageLines([], frame), ['Things: (page 1 of 1)\n\nThe end.']);
  });
});

describe('shorten', () => {
  it('cuts at whole characters with an ellipsis', () => {
    assert.equal(shorten('abcdef', 4), 'abc…');
    assert.equal(shorten('abc', 4), 'abc');
    assert.equal(shorten('😀😀😀😀😀', 3), '😀😀…');
  });
});
