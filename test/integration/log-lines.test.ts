import assert from 'node:assert/strict';
import { startHarness, type Harness } from '../helpers/bot-harness.js';

/**
 * Keys that occur more than once in one object of a raw JSON line. JSON.parse keeps the last and hides
 * the rest, so the raw text is walked: pino writes a child logger's bindings and the call's fields side
 * by side, a key in both comes out twice.
 */
function duplicateKeys(line: string): string[] {
  const dups: string[] = [];
  const stack: { keys: Set<string>; object: boolean }[] = [];
  let expectKey = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      let j = i + 1;
      while (line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (top?.object && expectKey) {
        const key = JSON.parse(line.slice(i, j + 1)) as string;
        if (top.keys.has(key)) dups.push(key);
        top.keys.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      stack.push({ keys: new Set(), object: c === '{' });
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      expectKey = stack.at(-1)?.object ?? false;
    }
  }
  return dups;
}

describe('log lines (raw, as written)', function () {
  this.timeout(30_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h?.close();
  });

  it('the duplicate-key check itself finds a repeated key', () => {
    assert.deepEqual(duplicateKeys('{"a":1,"personId":"x","b":{"personId":2},"personId":"x"}'), ['personId']);
    assert.deepEqual(duplicateKeys('{"a":"{\\"a\\":1}","b":[{"a":1},{"a":2}]}'), []);
  });

  it('a change, a show and a refusal: no line carries personId (or any key) twice', async () => {
    await h.grant(h.admin.id);
    let n = 0;
    for (const text of ['/voicemail set expire=44', '/voicemail show', '/voicemail set expire=7']) {
      await h.em.say(h.admin.id, h.dm.id, text);
      await h.nextReply(h.dm.id, n++);
    }
    const updated = h.logs.lines.filter((l) => l.includes('voicemail rules updated'));
    assert.equal(updated.length, 1, 'the change was logged');
    assert.equal(JSON.parse(updated[0]!).personId, h.admin.id, 'with the person who made it');
    // One line per event ties Webex's own trackingId for the delivery to the event's id.
    // It is written once the handler is done, which can be just after its reply arrived.
    const handledLines = () => h.logs.lines.filter((l) => l.includes('"event handled"'));
    for (let i = 0; handledLines().length < 3 && i < 100; i++) await new Promise((r) => setTimeout(r, 50));
    const handled = handledLines().map((l) => JSON.parse(l));
    assert.ok(handled.length >= 3, h.logs.text());
    for (const l of handled) {
      assert.ok(l.eventId && typeof l.ms === 'number', JSON.stringify(l));
      assert.match(l.deliveryTrackingId, /\S+/, JSON.stringify(l));
    }
    const bad = h.logs.lines
      .map((l) => ({ l, d: duplicateKeys(l) }))
      .filter((x) => x.d.length)
      .map((x) => `${x.d.join(',')}: ${x.l}`);
    assert.deepEqual(bad, []);
  });

  it('a failed command: the line has one code, the same at the top and in err', async () => {
    await h.grant(h.admin.id);
    h.em.injectFault({ path: '/telephony/config/voicemail/rules', status: 500, count: 10 });
    const before = h.logs.lines.length;
    await h.em.say(h.admin.id, h.dm.id, '/voicemail show');
    await h.nextReply(h.dm.id, 3);
    h.em.state.faults.clear();
    const failed = h.logs.lines
      .slice(before)
      .map((l) => JSON.parse(l) as { msg: string; code?: string; err?: { code?: string } })
      .filter((l) => /failed: /.test(l.msg));
    assert.equal(failed.length, 1, h.logs.lines.slice(before).join('\n'));
    assert.equal(failed[0]!.code, 'WEBEX_UNAVAILABLE');
    assert.equal(failed[0]!.err?.code, 'WEBEX_UNAVAILABLE');
  });
});
