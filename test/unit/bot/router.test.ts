import assert from 'node:assert/strict';
import { routeMessage } from '../../../src/bot/router.js';

describe('routeMessage', () => {
  const cases: [string, ReturnType<typeof routeMessage>][] = [
    ['/help', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['/voicemail', { kind: 'voicemail.form' }],
    ['Voicemail', { kind: 'voicemail.form' }],
    ['/VoiceMail   Show', { kind: 'voicemail.show' }],
    ['/voicemail set expire=60 history=off', { kind: 'voicemail.set', args: 'expire=60 history=off' }],
    ['/voicemail set', { kind: 'voicemail.set', args: '' }],
    // A bot name typed before the command is no mention: commandText removes real ones.
    ['Voicemail Bot /voicemail show', { kind: 'unknown', text: 'Voicemail Bot /voicemail show' }],
    ['/login', { kind: 'login' }],
    ['/logout', { kind: 'logout' }],
    ['/whoami', { kind: 'whoami' }],
    ['/org', { kind: 'org.show' }],
    ['/org show', { kind: 'org.show' }],
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
  for (const [text, want] of cases) {
    it(`routes ${JSON.stringify(text)}`, () => assert.deepEqual(routeMessage(text), want));
  }
});
