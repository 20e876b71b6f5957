import assert from 'node:assert/strict';

import { notYoursReply, submitterKind } from '../../../src/bot/actions/not-yours-reply.js';
import { ORGS_READ, PEOPLE_READ, TELEPHONY_READ, TELEPHONY_WRITE } from '../../../src/auth/scopes.js';

const access = (scopes: string[], roles?: string[]) => ({ personId: 'p', token: 't', scopes, roles });

describe('submitterKind', () => {
  it('reads what a person may do from the scopes their sign-in granted', () => {
    assert.equal(
      submitterKind(access([PEOPLE_READ, TELEPHONY_READ, TELEPHONY_WRITE, ORGS_READ])),
      'full-admin',
    );
    assert.equal(submitterKind(access([PEOPLE_READ, TELEPHONY_READ])), 'read-only-admin');
    assert.equal(submitterKind(access([PEOPLE_READ])), 'not-admin');
    assert.equal(submitterKind(null), 'signed-out');
    // Roles read at sign-in have the last word over scopes (capabilityOf).
    assert.equal(
      submitterKind(access([PEOPLE_READ, TELEPHONY_READ, TELEPHONY_WRITE], ['id_readonly_admin'])),
      'read-only-admin',
    );
  });

  it('lets a token stored with the CLI (no scopes on record) try, as a full administrator would', () => {
    assert.equal(submitterKind(access([])), 'unknown');
    assert.match(notYoursReply('Ada', 'Alice Admin', 'unknown'), /form of your own/);
  });
});

describe('notYoursReply', () => {
  it('names the owner, says nothing changed, and fits the advice to the person', () => {
    const full = notYoursReply('Ada', 'Alice Admin', 'full-admin');
    assert.equal(
      full,
      'Ada, that form belongs to Alice Admin: only they can save it, so nothing was changed. ' +
        'Say `/voicemail` to get a form of your own.',
    );
    assert.doesNotMatch(notYoursReply('Rob', 'Alice Admin', 'read-only-admin'), /form of your own/);
    assert.match(notYoursReply('Rob', 'Alice Admin', 'read-only-admin'), /`\/voicemail show`/);
    assert.match(
      notYoursReply('Uma', 'Alice Admin', 'not-admin'),
      /This bot is for Webex Calling administrators\.$/,
    );
    assert.match(
      notYoursReply('Uma', 'Alice Admin', 'signed-out'),
      /This bot is for Webex Calling administrators/,
    );
  });

  it('keeps both names inert, and copes with a form made before owners were kept', () => {
    const reply = notYoursReply('<@all>', '[x](https://evil.example)', 'not-admin');
    assert.ok(!reply.includes('<@all>') && !reply.includes('](https'));
    assert.match(notYoursReply('Uma', undefined, 'not-admin'), /belongs to the admin who asked for it/);
  });
});
