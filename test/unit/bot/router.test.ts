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
    ['/org list', { kind: 'org.list' }],
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
