import assert from 'node:assert/strict';
import { ACTIONS, actionFor } from '../../../src/bot/actions/index.js';
import { COMMANDS, HELP_MARKDOWN } from '../../../src/bot/commands/index.js';
import { helpMarkdown, helpViewerOf } from '../../../src/bot/commands/help.js';
import { ORGS_READ, PEOPLE_READ, SIGN_IN_SCOPES, TELEPHONY_READ } from '../../../src/auth/scopes.js';
import { ROLE_IDS } from '../../../src/emulator/ids.js';
import { routeMessage } from '../../../src/bot/router.js';
import { SET_COMMAND_KEYS } from '../../../src/voicemail/setting-sections.js';

describe('the command table', () => {
  it('/help lists every command but `unknown`, in the table order', () => {
    const listed = Object.entries(COMMANDS).filter(([kind]) => kind !== 'unknown' && kind !== 'usage');
    assert.ok(listed.length >= 11);
    let from = 0;
    for (const [kind, { usage }] of listed) {
      assert.ok(usage, `${kind} has a usage line`);
      const at = HELP_MARKDOWN.indexOf(`\`${usage.syntax}\``, from);
      assert.ok(at >= 0, `${kind}: /help shows ${usage.syntax}`);
      from = at;
    }
    assert.equal(COMMANDS.unknown.usage, undefined);
    assert.equal(COMMANDS.usage.usage, undefined);
  });

  it('each usage line is read by the router as its own command', () => {
    for (const [kind, spec] of Object.entries(COMMANDS)) {
      if (spec.usage) assert.equal(routeMessage(spec.usage.syntax).kind, kind, spec.usage.syntax);
    }
  });

  it('/help names every /voicemail set key', () => {
    for (const key of SET_COMMAND_KEYS) assert.ok(HELP_MARKDOWN.includes(`\`${key}=`), key);
  });
});

describe('/help per person, from the table’s audiences', () => {
  const helpFor = (signIn: Parameters<typeof helpViewerOf>[0]) => {
    const viewer = helpViewerOf(signIn);
    return helpMarkdown(
      Object.values(COMMANDS).flatMap((c) =>
        c.usage && viewer.audiences.includes(c.audience) ? [c.usage] : [],
      ),
      viewer.lead,
    );
  };
  const syntaxes = (help: string) => [...help.matchAll(/`(\/[^`]+)`/g)].map((m) => m[1]);
  const READ = [PEOPLE_READ, ORGS_READ, TELEPHONY_READ];

  it('signed out: sign in first, then what an administrator can use, no /org', () => {
    const help = helpFor(null);
    assert.match(help.split('\n')[2] ?? '', /^\*\*First, sign in:\*\*/);
    assert.ok(syntaxes(help).includes('/voicemail set key=value …'));
    assert.ok(!syntaxes(help).some((s) => s?.startsWith('/org')));
  });

  it('a full admin: the changes too; a partner: /org as well', () => {
    const alice = syntaxes(helpFor({ scopes: SIGN_IN_SCOPES, roles: [ROLE_IDS.full_admin] }));
    assert.ok(alice.includes('/voicemail') && alice.includes('/voicemail set key=value …'));
    assert.ok(!alice.some((s) => s?.startsWith('/org')));
    const pat = syntaxes(
      helpFor({ scopes: SIGN_IN_SCOPES, roles: [ROLE_IDS.full_admin], managesOtherOrgs: true }),
    );
    for (const s of ['/org', '/org list', '/org find <text>', '/org use <name>'])
      assert.ok(pat.includes(s), s);
  });

  it('a read-only admin: what he can use, no form or set', () => {
    const bob = syntaxes(helpFor({ scopes: READ, roles: [ROLE_IDS.read_only_admin] }));
    assert.ok(bob.includes('/voicemail show'));
    assert.ok(!bob.includes('/voicemail') && !bob.includes('/voicemail set key=value …'));
  });

  it('no admin role: who the bot is for, and only the commands about access', () => {
    const help = helpFor({ scopes: [PEOPLE_READ], roles: [] });
    assert.match(help, /This bot is for Webex Calling administrators\./);
    assert.deepEqual(syntaxes(help).sort(), ['/help', '/login', '/logout', '/whoami']);
  });
});

describe('the card action table', () => {
  it('each button of the bot’s cards has a handler; other presses have none', () => {
    assert.equal(actionFor('voicemail.edit'), ACTIONS['voicemail.edit']);
    assert.equal(actionFor('voicemail.submit'), ACTIONS['voicemail.submit']);
    assert.equal(actionFor('voicemail.cancel'), ACTIONS['voicemail.cancel']);
    assert.equal(actionFor('something.else'), undefined);
    assert.equal(actionFor(undefined), undefined);
    assert.equal(actionFor(42), undefined);
  });

  it('an unknown voicemail.* action is read as the form submit, as before the table', () => {
    assert.equal(actionFor('voicemail.other'), ACTIONS['voicemail.submit']);
  });
});
