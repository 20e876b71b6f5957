import assert from 'node:assert/strict';
import { closestWords, editDistance } from '../../../src/voicemail/closest-word.js';

describe('closestWords', () => {
  const words = ['expire', 'change', 'history', 'pin', 'pinenabled', 'help', 'voicemail'];

  it('a swapped pair of letters is one slip', () => {
    assert.equal(editDistance('histroy', 'history'), 1);
    assert.deepEqual(closestWords('histroy', words), ['history']);
    assert.deepEqual(closestWords('chnage', words), ['change']);
  });

  it('a beginning of three letters or more counts as near', () => {
    assert.deepEqual(closestWords('hist', words), ['history']);
    assert.deepEqual(closestWords('voice', words), ['voicemail']);
    assert.deepEqual(closestWords('hi', words), []);
  });

  it('short words allow one slip only', () => {
    assert.deepEqual(closestWords('pn', words), ['pin']);
    assert.deepEqual(closestWords('hello', words), []);
    assert.deepEqual(closestWords('x', words), []);
  });

  it('a tie is returned as a tie, never decided', () => {
    assert.deepEqual(closestWords('pine', ['pin', 'pink', 'pint']), ['pin', 'pink', 'pint']);
  });

  it('far or long text is never near, and costs nothing', () => {
    assert.deepEqual(closestWords('colour', words), []);
    assert.equal(editDistance('a'.repeat(10_000), 'b'.repeat(10_000)), Infinity);
    assert.deepEqual(closestWords('x'.repeat(100_000), words), []);
  });
});
