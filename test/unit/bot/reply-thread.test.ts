import assert from 'node:assert/strict';

import { replyThread } from '../../../src/bot/reply-thread.js';

describe('replyThread', () => {
  it('answers nothing in a thread in a 1:1 space', () => {
    for (const kind of ['typed', 'card'] as const) {
      assert.equal(replyThread('direct', { id: 'm1' }, kind), undefined);
      assert.equal(replyThread('direct', { id: 'm2', parentId: 'm1' }, kind), undefined);
    }
  });

  it('in a group space answers in the thread of what it answers, typed or pressed', () => {
    assert.equal(replyThread('group', { id: 'm2', parentId: 'm1' }, 'typed'), 'm1');
    assert.equal(replyThread('group', { id: 'card', parentId: 'm1' }, 'card'), 'm1');
  });

  it('starts a thread under a typed command, but answers a top-level card at the top level', () => {
    assert.equal(replyThread('group', { id: 'm1' }, 'typed'), 'm1');
    // A used card is deleted, and Webex takes no reply to a deleted message.
    assert.equal(replyThread('group', { id: 'card' }, 'card'), undefined);
  });
});
