import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { runTokenCommand, type TokenCommandIo } from '../../../src/cli/token-command.js';
import { createMemoryKeyValueStore } from '../../../src/store/memory-key-value-store.js';
import { createTokenCipher } from '../../../src/store/token-cipher.js';
import { createTokenIndex, createTokenStore } from '../../../src/store/token-store.js';

function setUp(answer: string) {
  const kv = createMemoryKeyValueStore();
  const tokens = createTokenStore(kv, createTokenCipher(randomBytes(32)));
  const out: string[] = [];
  const asked: string[] = [];
  const io: TokenCommandIo = {
    stdin: (async function* () {})(),
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    interactive: true,
    async ask(q) {
      asked.push(q);
      return answer;
    },
  };
  const people = { me: () => Promise.reject(new Error('not used')) };
  return { deps: { index: createTokenIndex(kv), tokens, people, io }, tokens, out, asked };
}

describe('token purge at a terminal', () => {
  for (const [answer, deleted] of [
    ['yes', true],
    ['no', false],
  ] as const) {
    it(`asks first, naming the person by email; "${answer}" ${deleted ? 'deletes' : 'keeps'} the token`, async () => {
      const t = setUp(answer);
      await t.tokens.put({
        personId: 'p1',
        email: 'p1@x.test',
        accessToken: 'tok',
        scopes: [],
        source: 'cli',
        updatedAt: 1,
      });
      const code = await runTokenCommand(['purge', 'p1'], t.deps);
      assert.equal(code, deleted ? 0 : 1);
      assert.match(t.asked[0] ?? '', /Delete the stored token of p1 <p1@x.test>\?/);
      assert.equal((await t.tokens.list()).length, deleted ? 0 : 1);
    });
  }
});
