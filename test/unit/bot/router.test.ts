import assert from 'node:assert/strict';
import fc from 'fast-check';
import { routeMessage, type Command } from '../../../src/bot/router.js';

describe('routeMessage', () => {
  const cases: [string, Command][] = [
    ['/help', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['/help!', { kind: 'help' }],
    ['help?', { kind: 'help' }],
    ['\uff0fhelp', { kind: 'help' }],
    ['\u200b/help', { kind: 'help' }],
    ['/help me please', { kind: 'help' }],
    ['/voicemail', { kind: 'voicemail.form' }],
    ['Voicemail', { kind: 'voicemail.form' }],
    ['voicemail', { kind: 'voicemail.form' }],
    ['vm', { kind: 'voicemail.form' }],
    ['/voicemail form', { kind: 'voicemail.form' }],
    ['/VoiceMail   Show', { kind: 'voicemail.show' }],
    ['voicemail show', { kind: 'voicemail.show' }],
    ['/voicemail set expire=60 history=off', { kind: 'voicemail.set', args: 'expire=60 history=off' }],
    // The set arguments go on as typed: the set parser reads them.
    ['/voicemail SET expiry: 50\u00a0days', { kind: 'voicemail.set', args: 'expiry: 50 days' }],
    ['/voicemail set: expire=50', { kind: 'voicemail.set', args: 'expire=50' }],
    ['voicemail, show.', { kind: 'voicemail.show' }],
    ['/voicemail history', { kind: 'voicemail.history', count: 10 }],
    ['/voicemail watch', { kind: 'voicemail.watch', mode: 'status' }],
    ['/vm watch ON', { kind: 'voicemail.watch', mode: 'on' }],
    ['/voicemail watch off.', { kind: 'voicemail.watch', mode: 'off' }],
    [
      '/voicemail watch maybe',
      { kind: 'usage', reason: 'extra', head: '/voicemail watch', of: ['voicemail.watch'] },
    ],
    ['/fleet watch', { kind: 'fleet.watch', mode: 'status' }],
    ['/fleet watch on', { kind: 'fleet.watch', mode: 'on' }],
    ['/Fleet Watch stop', { kind: 'fleet.watch', mode: 'off' }],
    [
      '/fleet wach on',
      {
        kind: 'usage',
        reason: 'subcommand',
        head: '/fleet',
        of: [
          'fleet.show',
          'fleet.find',
          'fleet.apply',
          'fleet.status',
          'fleet.cancel',
          'fleet.report',
          'fleet.watch',
        ],
        near: 'fleet.watch',
      },
    ],
    ['/vm History 25', { kind: 'voicemail.history', count: 25 }],
    // The person as typed; only the pin= word is read (and normalised).
    ['/voicemail reset jose@acme.example', { kind: 'voicemail.reset', who: 'jose@acme.example' }],
    ['/voicemail reset José Núñez', { kind: 'voicemail.reset', who: 'José Núñez' }],
    ['/vm reset Anna pin=random', { kind: 'voicemail.reset', who: 'Anna', pin: 'random' }],
    [
      '/voicemail reset PIN＝Generate anna@x.test',
      { kind: 'voicemail.reset', who: 'anna@x.test', pin: 'random' },
    ],
    ['/voicemail reset Anna pin = random', { kind: 'voicemail.reset', who: 'Anna', pin: 'random' }],
    ['/voicemail reset Anna pin=1234', { kind: 'voicemail.reset', who: 'Anna', pin: 'typed' }],
    ['/voicemail reset Anna pin=random pin=random', { kind: 'voicemail.reset', who: 'Anna', pin: 'typed' }],
    ['/voicemail reset pin=123456', { kind: 'voicemail.reset', who: '', pin: 'typed' }],
    [
      '/voicemail reset',
      { kind: 'usage', reason: 'incomplete', head: '/voicemail reset', of: ['voicemail.reset'] },
    ],
    [
      '/voicemail reset pin=random',
      { kind: 'usage', reason: 'incomplete', head: '/voicemail reset', of: ['voicemail.reset'] },
    ],
    // Checked against its range by the command, which says what it takes.
    ['/voicemail history 0', { kind: 'voicemail.history', count: 0 }],
    ['/voicemail history \uff15\uff10', { kind: 'voicemail.history', count: 50 }],
    ['/voicemail undo', { kind: 'voicemail.undo' }],
    ['/vm Undo.', { kind: 'voicemail.undo' }],
    [
      '/voicemail undo last',
      { kind: 'usage', reason: 'extra', head: '/voicemail undo', of: ['voicemail.undo'] },
    ],
    [
      '/voicemail history x',
      { kind: 'usage', reason: 'extra', head: '/voicemail history', of: ['voicemail.history'] },
    ],
    ['/voicemail history -3', { kind: 'voicemail.history', count: -3 }],
    ['/voicemail history 99999999999999999999999', { kind: 'voicemail.history', count: 1e23 }],
    // The `set` wording for blocking previous passcodes, typed without "set": pointed to it.
    [
      '/voicemail history last 5',
      {
        kind: 'usage',
        reason: 'extra',
        head: '/voicemail history',
        of: ['voicemail.history'],
        near: 'voicemail.set',
      },
    ],
    [
      '/voicemail history=5',
      {
        kind: 'usage',
        reason: 'subcommand',
        head: '/voicemail',
        of: [
          'voicemail.form',
          'voicemail.show',
          'voicemail.set',
          'voicemail.history',
          'voicemail.reset',
          'voicemail.undo',
          'voicemail.watch',
        ],
        near: 'voicemail.set',
      },
    ],
    [
      '/voicemail histroy',
      {
        kind: 'usage',
        reason: 'subcommand',
        head: '/voicemail',
        of: [
          'voicemail.form',
          'voicemail.show',
          'voicemail.set',
          'voicemail.history',
          'voicemail.reset',
          'voicemail.undo',
          'voicemail.watch',
        ],
        near: 'voicemail.history',
      },
    ],
    ['/org list.', { kind: 'org.list', page: 1, ids: false }],
    ['/login', { kind: 'login' }],
    ['/log in', { kind: 'login' }],
    ['sign in', { kind: 'login' }],
    ['/signin', { kind: 'login' }],
    ['/logout', { kind: 'logout' }],
    ['/log out', { kind: 'logout' }],
    ['/whoami', { kind: 'whoami' }],
    ['/org', { kind: 'org.show' }],
    ['/org show', { kind: 'org.show' }],
    ['/org list', { kind: 'org.list', page: 1, ids: false }],
    ['/org list 2', { kind: 'org.list', page: 2, ids: false }],
    ['/org LIST 0', { kind: 'org.list', page: 0, ids: false }],
    ['/org list ids', { kind: 'org.list', page: 1, ids: true }],
    ['/org list 2 ids', { kind: 'org.list', page: 2, ids: true }],
    ['/org list IDs 3', { kind: 'org.list', page: 3, ids: true }],
    ['/org list id', { kind: 'org.list', page: 1, ids: true }],
    ['/org find dental  care', { kind: 'org.find', text: 'dental care' }],
    ['/org use Acme Corp', { kind: 'org.use', arg: 'Acme Corp' }],
    // An org name goes on as Webex may spell it: not normalised.
    ['/org use \uff21cme', { kind: 'org.use', arg: '\uff21cme' }],
    ['/fleet', { kind: 'fleet.show', page: 1 }],
    ['/fleet page 3', { kind: 'fleet.show', page: 3 }],
    ['/fleet 2', { kind: 'fleet.show', page: 2 }],
    ['/fleet find dental', { kind: 'fleet.find', text: 'dental' }],
    ['/fleet apply expire=60 to all', { kind: 'fleet.apply', args: 'expire=60 to all' }],
    ['/fleet status', { kind: 'fleet.status' }],
    [
      '/fleet cancel 0f8c2a9e-1b2c-4d3e-8f00-123456789abc',
      { kind: 'fleet.cancel', runId: '0f8c2a9e-1b2c-4d3e-8f00-123456789abc' },
    ],
    ['/fleet report', { kind: 'fleet.report' }],
    ['/fleet apply', { kind: 'usage', reason: 'incomplete', head: '/fleet apply', of: ['fleet.apply'] }],
    [
      '/fleet status of everything',
      { kind: 'usage', reason: 'extra', head: '/fleet status', of: ['fleet.status'] },
    ],
    ['/fleet page two', { kind: 'usage', reason: 'extra', head: '/fleet', of: ['fleet.show'] }],

    // Partial commands: their usage lines, not "I didn't understand".
    [
      '/voicemail set',
      { kind: 'usage', reason: 'incomplete', head: '/voicemail set', of: ['voicemail.set'] },
    ],
    ['/org use', { kind: 'usage', reason: 'incomplete', head: '/org use', of: ['org.use'] }],
    ['/org find', { kind: 'usage', reason: 'incomplete', head: '/org find', of: ['org.find'] }],
    ['/login x', { kind: 'usage', reason: 'extra', head: '/login', of: ['login'] }],
    ['/signin now', { kind: 'usage', reason: 'extra', head: '/login', of: ['login'] }],
    ['/logout please', { kind: 'usage', reason: 'extra', head: '/logout', of: ['logout'] }],
    ['/whoami really', { kind: 'usage', reason: 'extra', head: '/whoami', of: ['whoami'] }],
    [
      '/voicemail show all',
      { kind: 'usage', reason: 'extra', head: '/voicemail show', of: ['voicemail.show'] },
    ],
    ['/org list two', { kind: 'usage', reason: 'extra', head: '/org list', of: ['org.list'] }],
    ['/org list 1234567', { kind: 'usage', reason: 'extra', head: '/org list', of: ['org.list'] }],
    ['/org list 2 3', { kind: 'usage', reason: 'extra', head: '/org list', of: ['org.list'] }],
    [
      '/voicemail foo',
      {
        kind: 'usage',
        reason: 'subcommand',
        head: '/voicemail',
        of: [
          'voicemail.form',
          'voicemail.show',
          'voicemail.set',
          'voicemail.history',
          'voicemail.reset',
          'voicemail.undo',
          'voicemail.watch',
        ],
      },
    ],
    [
      '/voicemail delete',
      {
        kind: 'usage',
        reason: 'subcommand',
        head: '/voicemail',
        of: [
          'voicemail.form',
          'voicemail.show',
          'voicemail.set',
          'voicemail.history',
          'voicemail.reset',
          'voicemail.undo',
          'voicemail.watch',
        ],
      },
    ],
    [
      '/voicemail shwo',
      {
        kind: 'usage',
        reason: 'subcommand',
        head: '/voicemail',
        of: [
          'voicemail.form',
          'voicemail.show',
          'voicemail.set',
          'voicemail.history',
          'voicemail.reset',
          'voicemail.undo',
          'voicemail.watch',
        ],
        near: 'voicemail.show',
      },
    ],
    [
      // Settings without "set" are pointed to it, never applied.
      '/voicemail expire=50',
      {
        kind: 'usage',
        reason: 'subcommand',
        head: '/voicemail',
        of: [
          'voicemail.form',
          'voicemail.show',
          'voicemail.set',
          'voicemail.history',
          'voicemail.reset',
          'voicemail.undo',
          'voicemail.watch',
        ],
        near: 'voicemail.set',
      },
    ],
    [
      '/org foo',
      {
        kind: 'usage',
        reason: 'subcommand',
        head: '/org',
        of: ['org.show', 'org.list', 'org.find', 'org.use'],
      },
    ],
    [
      '/org lst',
      {
        kind: 'usage',
        reason: 'subcommand',
        head: '/org',
        of: ['org.show', 'org.list', 'org.find', 'org.use'],
        near: 'org.list',
      },
    ],

    // Unknown text, with the command it most likely meant.
    ['/voicmail', { kind: 'unknown', text: '/voicmail', near: 'voicemail.form' }],
    ['/voicmail show', { kind: 'unknown', text: '/voicmail show', near: 'voicemail.show' }],
    ['/hlep', { kind: 'unknown', text: '/hlep', near: 'help' }],
    ['/whoamI?', { kind: 'whoami' }],
    ['/whoiam', { kind: 'unknown', text: '/whoiam', near: 'whoami' }],
    ['/orgs list', { kind: 'unknown', text: '/orgs list', near: 'org.list' }],
    [
      '/voicemial set pin=805163',
      { kind: 'unknown', text: '/voicemial set pin=805163', near: 'voicemail.set' },
    ],
    // A bot name typed before the command is no mention (commandText removes real ones): pointed to it.
    [
      'Voicemail Bot /voicemail show',
      {
        kind: 'usage',
        reason: 'subcommand',
        head: '/voicemail',
        of: [
          'voicemail.form',
          'voicemail.show',
          'voicemail.set',
          'voicemail.history',
          'voicemail.reset',
          'voicemail.undo',
          'voicemail.watch',
        ],
        near: 'voicemail.show',
      },
    ],
    ['Bot /voicemail show', { kind: 'unknown', text: 'Bot /voicemail show', near: 'voicemail.show' }],
    ['expire=50', { kind: 'unknown', text: 'expire=50', near: 'voicemail.set' }],
    ['history 5', { kind: 'unknown', text: 'history 5', near: 'voicemail.set' }],
    ['hello there', { kind: 'unknown', text: 'hello there' }],
    ['/hepl me', { kind: 'unknown', text: '/hepl me', near: 'help' }],
    ['what is the weather', { kind: 'unknown', text: 'what is the weather' }],
    ['thanks!', { kind: 'unknown', text: 'thanks!' }],
    ['/log foo', { kind: 'unknown', text: '/log foo', near: 'login' }],
    ['', { kind: 'unknown', text: '' }],
  ];
  for (const [text, want] of cases) {
    it(`routes ${JSON.stringify(text)}`, () => assert.deepEqual(routeMessage(text), want));
  }

  it('never throws, and a near miss is always a command with a usage line', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc
            .tuple(
              fc.constantFrom(
                '/voicemail',
                'voicemail',
                '/org',
                '/vm',
                '/login',
                '/help',
                '/voicmail',
                'org',
                '/',
              ),
              fc.constantFrom('', ' set', ' show', ' list', ' use', ' find', ' x', ' ids', ' 2'),
              fc.string({ maxLength: 12 }),
            )
            .map((p) => p.join('')),
        ),
        (text) => {
          const cmd = routeMessage(text);
          if (cmd.kind === 'unknown' || cmd.kind === 'usage') assert.notEqual(cmd.near, 'unknown');
          if (cmd.kind === 'usage') assert.ok(cmd.of.length > 0 && cmd.head.startsWith('/'));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
