import assert from 'node:assert/strict';
import { ACTIONS, actionFor } from '../../../src/bot/actions/index.js';
import { COMMANDS, HELP_MARKDOWN } from '../../../src/bot/commands/index.js';
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
