import assert from 'node:assert/strict';
import { routeMessage, stripMention } from '../../../src/bot/router.js';

describe('routeMessage', () => {
  const names = ['Voicemail Bot', 'Voicemail'];
  // The third element: the names to strip (only when the bot was mentioned).
  const cases: [string, ReturnType<typeof routeMessage>, string[]?][] = [
    ['/help', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['/voicemail', { kind: 'voicemail.form' }],
    ['Voicemail', { kind: 'voicemail.form' }, []],
    ['/VoiceMail   Show', { kind: 'voicemail.show' }],
    ['/voicemail set expire=60 history=off', { kind: 'voicemail.set', args: 'expire=60 history=off' }],
    ['/voicemail set', { kind: 'voicemail.set', args: '' }],
    ['Voicemail Bot /voicemail show', { kind: 'voicemail.show' }],
    ['Voicemail Bot, /voicemail', { kind: 'voicemail.form' }],
    ['Voicemail /help', { kind: 'help' }],
    ['/login', { kind: 'login' }],
    ['/logout', { kind: 'logout' }],
    ['/whoami', { kind: 'whoami' }],
    ['/org', { kind: 'org.show' }],
    ['/org list', { kind: 'org.list', page: 1 }],
    ['/org list 2', { kind: 'org.list', page: 2 }],
    ['/org LIST 0', { kind: 'org.list', page: 0 }],
    ['/org list two', { kind: 'unknown', text: '/org list two' }],
    ['/org list 1234567', { kind: 'unknown', text: '/org list 1234567' }],
    ['/org find dental  care', { kind: 'org.find', text: 'dental care' }],
    ['/org find', { kind: 'org.find', text: '' }],
    ['/org use Acme Corp', { kind: 'org.use', arg: 'Acme Corp' }],
    ['/voicemail delete', { kind: 'unknown', text: '/voicemail delete' }],
    ['hello there', { kind: 'unknown', text: 'hello there' }],
    ['', { kind: 'unknown', text: '' }],
    ['/help me please', { kind: 'help' }],
  ];
  for (const [text, want, strip = names] of cases) {
    it(`routes ${JSON.stringify(text)}`, () => assert.deepEqual(routeMessage(text, strip), want));
  }

  it('strips only a leading bot name followed by a separator', () => {
    assert.equal(stripMention('Voicemail Bot /help', names), '/help');
    assert.equal(stripMention('VoicemailBotty /help', names), 'VoicemailBotty /help');
    assert.equal(stripMention('/voicemail', names), '/voicemail');
  });
});
