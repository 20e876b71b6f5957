import assert from 'node:assert/strict';
import { eventJobId, slimEnvelope } from '../../../src/intake/event-queue.js';
import type { WebhookEnvelope } from '../../../src/http/webhook-route.js';

const ev = (id: string, extra: object = {}): WebhookEnvelope => ({
  id: 'Y2lzY29zcGFyazovL3VzL1dFQkhPT0sv',
  name: 'voicemail-rules-bot',
  resource: 'messages',
  event: 'created',
  targetUrl: 'https://bot.example/webhook',
  filter: 'roomType=direct',
  createdBy: 'someone',
  data: { id, roomId: 'room', personId: 'person', roomType: 'direct', files: ['x'] },
  ...extra,
});

describe('event jobs: id and content', () => {
  it('the id is the event: the same event id gives the same job id, another event another', () => {
    const id = 'Y2lzY29zcGFyazovL3VzL01FU1NBR0UvOTJkYjNiZTA=';
    assert.equal(eventJobId(ev(id)), `messages.created.${id}`);
    assert.equal(eventJobId(ev(id)), eventJobId(ev(id)));
    assert.notEqual(eventJobId(ev(id)), eventJobId({ ...ev(id), resource: 'attachmentActions' }));
  });

  it('never holds a colon (BullMQ refuses it) nor is an integer: such ids are hashed', () => {
    for (const id of ['ciscospark://us/MESSAGE/1', '12345', 'a b', 'x'.repeat(400)]) {
      const jobId = eventJobId(ev(id));
      assert.ok(!jobId.includes(':'), jobId);
      assert.notEqual(String(parseInt(jobId, 10)), jobId);
      assert.ok(jobId.length < 120, jobId);
    }
    assert.notEqual(eventJobId(ev('a:1')), eventJobId(ev('a:2')));
  });

  it('keeps only what the intake reads', () => {
    const slim = slimEnvelope(ev('m1'));
    assert.deepEqual(slim, {
      id: 'Y2lzY29zcGFyazovL3VzL1dFQkhPT0sv',
      name: 'voicemail-rules-bot',
      resource: 'messages',
      event: 'created',
      data: { id: 'm1', roomId: 'room', personId: 'person', roomType: 'direct' },
    });
  });
});
