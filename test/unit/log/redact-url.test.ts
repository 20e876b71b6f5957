import assert from 'node:assert/strict';
import { redactUrl, urlPasswords } from '../../../src/log/redact-url.js';

describe('redactUrl / urlPasswords', () => {
  const cases: [string, string, string[]][] = [
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379', []],
    ['redis://:s3cret@h:6379/0', 'redis://:***@h:6379/0', ['s3cret']],
    ['rediss://user:p%40ss@h', 'rediss://user:***@h', ['p%40ss', 'p@ss']],
    ['redis://user:p@ss@h:1', 'redis://user:***@h:1', ['p@ss']],
    ['redis://onlysecret@h', 'redis://***@h', ['onlysecret']],
    ['redis://127.0.0.1:1/?password=QPASSWORD1', 'redis://127.0.0.1:1/?password=***', ['QPASSWORD1']],
    ['redis://h:1/0?db=1&Password=a%26b&x=1', 'redis://h:1/0?db=1&Password=***&x=1', ['a%26b', 'a&b']],
  ];
  for (const [url, shown, passwords] of cases)
    it(url, () => {
      assert.equal(redactUrl(url), shown);
      assert.deepEqual(urlPasswords(url), passwords);
    });
});
