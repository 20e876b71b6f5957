import assert from 'node:assert/strict';

import { formatChanges, formatRules, settingLines } from '../../../src/voicemail/summary.js';
import {
  lenientPinRules,
  pinRules,
  settings,
  settingsWithStored180,
} from '../../helpers/voicemail-fixtures.js';

describe('formatChanges', () => {
  it('is empty when nothing changed', () => {
    assert.equal(formatChanges([]), '');
  });

  it('lists each change as before → after, or only what happened when there is no before', () => {
    assert.equal(
      formatChanges([
        { setting: 'Default PIN', after: 'replaced (not shown)' },
        { setting: 'Passcode expiry', before: 'on, 100 days', after: 'on, 60 days' },
      ]),
      '- **Default PIN**: replaced (not shown)\n- **Passcode expiry**: on, 100 days → on, 60 days',
    );
  });
});

describe('formatRules', () => {
  it('shows the settings and the PIN rules as markdown', () => {
    assert.equal(
      formatRules(settings(), pinRules()),
      [
        '- **Default voicemail PIN**: on',
        '- **Passcode expiry**: on, 100 days',
        '- **Minimum time between passcode changes**: on, 1 day',
        '- **Block reuse of previous passcodes**: off',
        '',
        '**PIN rules** (set by Webex, not changeable here):',
        '- 6–30 digits (0–9)',
        '- No digit more than 3 times in a row',
        '- No more than 3 ascending or descending digits in a row (such as 1234 or 4321)',
        '- No repeated groups of digits (such as 4545 or 1212)',
      ].join('\n'),
    );
  });

  it('shows a stored expiry of 180 as it is, with the range new values need', () => {
    const text = formatRules(settingsWithStored180(), lenientPinRules());
    assert.match(text, /\*\*Passcode expiry\*\*: on, 180 days \(new values must be 15–100 days\)/);
    assert.doesNotMatch(text, /invalid/i);
  });
});

describe('settingLines', () => {
  it('gives one labelled line per setting', () => {
    assert.deepEqual(
      settingLines(settings({ blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 1 } })),
      [
        { label: 'Default voicemail PIN', value: 'on' },
        { label: 'Passcode expiry', value: 'on, 100 days' },
        { label: 'Minimum time between passcode changes', value: 'on, 1 day' },
        { label: 'Block reuse of previous passcodes', value: 'on, 1 passcode' },
      ],
    );
  });
});
