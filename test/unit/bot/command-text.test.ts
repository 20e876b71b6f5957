import assert from 'node:assert/strict';
import { commandText } from '../../../src/bot/command-text.js';

const UUID = '92b3dd9a-675d-4a41-8c41-2abdf89f44f4';
/** The bot's id as the API spells it: base64 of ciscospark://us/PEOPLE/<uuid>, padding stripped. */
const BOT = Buffer.from(`ciscospark://us/PEOPLE/${UUID}`).toString('base64').replace(/=+$/, '');
const ALICE = Buffer.from('ciscospark://us/PEOPLE/0c4a6d0e-1111-4222-8333-944455556666')
  .toString('base64')
  .replace(/=+$/, '');

// Shapes from Webex clients (desktop: base64 id and <p>; iPhone: bare UUID, attributes swapped, no <p>).
const bot = (name = 'Voicemail Bot', id = BOT) =>
  `<spark-mention data-object-type="person" data-object-id="${id}">${name}</spark-mention>`;
const botIphone = (name = 'Voicemail Bot') =>
  `<spark-mention data-object-id="${UUID}" data-object-type="person">${name}</spark-mention>`;
const alice = `<spark-mention data-object-type="person" data-object-id="${ALICE}">Alice</spark-mention>`;
const all = '<spark-mention data-object-type="groupMention" data-group-type="all">All</spark-mention>';

describe('commandText', () => {
  const cases: [string, { html?: string; text?: string }, string][] = [
    ['1:1 space: no html, the text is the command', { text: ' /voicemail   show ' }, '/voicemail show'],
    [
      '1:1 space: a name typed in front is not a mention',
      { text: 'Voicemail Bot /help' },
      'Voicemail Bot /help',
    ],
    [
      'mention first, desktop shape',
      { html: `<p>${bot()} /voicemail show</p>`, text: 'Voicemail Bot /voicemail show' },
      '/voicemail show',
    ],
    [
      'mention in the middle',
      { html: `<p>hey ${bot()} /voicemail show</p>`, text: 'hey Voicemail Bot /voicemail show' },
      '/voicemail show',
    ],
    [
      'mention at the end: the text before it',
      { html: `<p>/voicemail show ${bot()}</p>`, text: '/voicemail show Voicemail Bot' },
      '/voicemail show',
    ],
    ['bare UUID id, attributes swapped, no <p>', { html: `${botIphone('Voicemail')} /help` }, '/help'],
    ['a shortened name in the mention', { html: `<p>${bot('Voicemail')}, /whoami</p>` }, '/whoami'],
    [
      'other people and @All are removed',
      { html: `<p>${alice} ${all} ${bot()} /org use ${alice} Acme</p>` },
      '/org use Acme',
    ],
    [
      'entities decoded, tags and line breaks dropped',
      { html: `<p>${bot()} /org use <strong>Smith &amp; Sons</strong><br/>Ltd&#46; &lt;x&gt;</p>` },
      '/org use Smith & Sons Ltd. <x>',
    ],
    [
      'a mention of someone else only: the text as sent',
      { html: `<p>${alice} /help</p>`, text: 'Alice /help' },
      'Alice /help',
    ],
    [
      'a display name that looks like a command does not count',
      { html: `<p>${bot('/voicemail set expire=20')} /help</p>` },
      '/help',
    ],
    ['only the mention', { html: `<p>${bot()}</p>`, text: 'Voicemail Bot' }, ''],
    // The mention inside the command: the words on both sides make it.
    [
      'mention inside: /voicemail @Bot set …',
      { html: `<p>/voicemail ${bot()} set expire=50</p>` },
      '/voicemail set expire=50',
    ],
    ['mention inside, no slash', { html: `<p>voicemail ${bot()} show</p>` }, 'voicemail show'],
    ['mention inside /org use', { html: `<p>/org use ${bot()} Acme</p>` }, '/org use Acme'],
    ['mention after a partial command', { html: `<p>/org use ${bot()}</p>` }, '/org use'],
    ['a word in front and no slash', { html: `<p>hey ${bot()} help</p>` }, 'help'],
    ['mention between the command and a comma', { html: `<p>/help, ${bot()}</p>` }, '/help'],
    ['a line break after the mention', { html: `<p>${bot()}<br/>/voicemail show</p>` }, '/voicemail show'],
    ['no command on either side: the words after it', { html: `<p>thanks ${bot()} a lot</p>` }, 'a lot'],
    [
      'single-quoted attributes',
      {
        html: `<p><spark-mention data-object-id='${BOT}' data-object-type='person'>Bot</spark-mention> /help</p>`,
      },
      '/help',
    ],
  ];
  for (const [why, msg, want] of cases) {
    it(`${why} -> ${JSON.stringify(want)}`, () => assert.equal(commandText({ ...msg, botId: BOT }), want));
  }

  it('recognises the bot whether its own id is the base64 id or the UUID', () => {
    assert.equal(commandText({ html: `<p>${botIphone()} /help</p>`, botId: BOT }), '/help');
    assert.equal(commandText({ html: `<p>${bot()} /help</p>`, botId: UUID }), '/help');
    assert.equal(commandText({ html: `<p>${bot()} /help</p>`, botId: UUID.toUpperCase() }), '/help');
  });
});
