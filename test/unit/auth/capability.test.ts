import assert from 'node:assert/strict';
import {
  adminRoleOf,
  capabilityOf,
  consentScopes,
  roleName,
  verdictFor,
  type Grant,
} from '../../../src/auth/capability.js';
import {
  ORGS_READ,
  PEOPLE_READ,
  PEOPLE_WRITE,
  SIGN_IN_SCOPES,
  TELEPHONY_READ,
  TELEPHONY_WRITE,
  scopeInWords,
} from '../../../src/auth/scopes.js';
import { ROLE_IDS } from '../../../src/emulator/ids.js';

// The emulator's spelling of Webex's role ids: the bot's own constants must read them the same way.
const FULL = [ROLE_IDS.full_admin];
const READ_ONLY = [ROLE_IDS.read_only_admin];
const ALL = SIGN_IN_SCOPES;
const READ = [PEOPLE_READ, ORGS_READ, TELEPHONY_READ];

describe('capabilityOf: what a sign-in can do, from scopes and roles', () => {
  const table: [string, Grant, ReturnType<typeof capabilityOf>][] = [
    ['Alice: full admin, every scope', { scopes: ALL, roles: FULL }, 'full-admin'],
    ['Alice signed in for a look: read scopes only', { scopes: READ, roles: FULL }, 'read-only-admin'],
    ['Bob: read-only admin (Webex granted no write)', { scopes: READ, roles: READ_ONLY }, 'read-only-admin'],
    [
      'Bob with a write scope somehow granted: his role wins',
      { scopes: ALL, roles: READ_ONLY },
      'read-only-admin',
    ],
    ['Carol: no admin role, only people_read granted', { scopes: [PEOPLE_READ], roles: [] }, 'not-admin'],
    ['a CLI token: no scopes, no roles', { scopes: [] }, 'unknown'],
    ['a CLI token whose roles were read: full admin', { scopes: [], roles: FULL }, 'full-admin'],
    ['a CLI token whose roles were read: none', { scopes: [], roles: [] }, 'not-admin'],
    ['roles not read, every scope granted', { scopes: ALL }, 'full-admin'],
    ['roles not read, people_read only', { scopes: [PEOPLE_READ] }, 'not-admin'],
    [
      'an empty role list but admin scopes granted: scopes decide',
      { scopes: READ, roles: [] },
      'read-only-admin',
    ],
    [
      'another admin role (user admin): may look',
      { scopes: ALL, roles: ['id_user_admin'] },
      'read-only-admin',
    ],
  ];
  for (const [name, grant, expected] of table) {
    it(name, () => assert.equal(capabilityOf(grant), expected));
  }

  it('reads role ids as Webex spells them (base64 of ciscospark://…/ROLE/<name>), and plain names', () => {
    assert.equal(roleName(ROLE_IDS.full_admin), 'id_full_admin');
    assert.equal(roleName(ROLE_IDS.read_only_admin), 'id_readonly_admin');
    assert.equal(roleName('id_full_admin'), 'id_full_admin');
    assert.equal(adminRoleOf({ scopes: [], roles: ['id_full_admin'] }), 'full');
  });
});

describe('verdictFor: may this request go on, and if not, why', () => {
  it('tells a read-only admin apart from a full admin whose sign-in lacks the write scope', () => {
    assert.deepEqual(verdictFor({ scopes: READ, roles: READ_ONLY }, 'change'), {
      ok: false,
      why: 'read-only',
    });
    assert.deepEqual(verdictFor({ scopes: READ, roles: FULL }, 'change'), {
      ok: false,
      why: 'scopes',
      missing: [TELEPHONY_WRITE],
    });
    assert.deepEqual(verdictFor({ scopes: READ, roles: READ_ONLY }, 'view'), { ok: true });
    assert.deepEqual(verdictFor({ scopes: ALL, roles: FULL }, 'change'), { ok: true });
  });

  it('a person without an admin role is refused whatever is asked; a CLI token may try', () => {
    for (const need of ['view', 'change', 'orgs'] as const) {
      assert.deepEqual(verdictFor({ scopes: [PEOPLE_READ], roles: [] }, need), {
        ok: false,
        why: 'not-admin',
      });
      assert.deepEqual(verdictFor({ scopes: [] }, need), { ok: true });
    }
  });

  it('/org needs organizations_read', () => {
    assert.deepEqual(verdictFor({ scopes: [PEOPLE_READ, TELEPHONY_READ], roles: FULL }, 'orgs'), {
      ok: false,
      why: 'scopes',
      missing: [ORGS_READ],
    });
  });
});

describe('consentScopes: a sign-in asks for what the request needs', () => {
  it('looking asks for read scopes only; changing adds the write scope; nothing outside the integration', () => {
    assert.deepEqual(consentScopes('view'), [PEOPLE_READ, TELEPHONY_READ, ORGS_READ]);
    assert.deepEqual(consentScopes('orgs'), [PEOPLE_READ, TELEPHONY_READ, ORGS_READ]);
    assert.deepEqual(consentScopes('change'), [PEOPLE_READ, TELEPHONY_READ, TELEPHONY_WRITE, ORGS_READ]);
    assert.deepEqual(consentScopes('all'), SIGN_IN_SCOPES);
    assert.deepEqual(consentScopes('view', ['spark:all', TELEPHONY_WRITE]), [
      PEOPLE_READ,
      TELEPHONY_READ,
      TELEPHONY_WRITE,
      ORGS_READ,
    ]);
  });

  it('a PIN reset asks for people_write (Reset Voicemail PIN) beside the read scopes, and keeps what was granted', () => {
    assert.deepEqual(consentScopes('reset'), [PEOPLE_READ, TELEPHONY_READ, ORGS_READ, PEOPLE_WRITE]);
    assert.deepEqual(consentScopes('reset', [TELEPHONY_WRITE]), SIGN_IN_SCOPES);
    assert.ok(SIGN_IN_SCOPES.includes(PEOPLE_WRITE), 'the integration is registered with it');
  });

  it('a reset is refused to a read-only administrator and names people_write when it is missing', () => {
    const full = {
      scopes: [PEOPLE_READ, TELEPHONY_READ, TELEPHONY_WRITE, ORGS_READ],
      roles: ['id_full_admin'],
    };
    assert.deepEqual(verdictFor(full, 'reset'), { ok: false, why: 'scopes', missing: [PEOPLE_WRITE] });
    assert.deepEqual(verdictFor({ ...full, scopes: [...full.scopes, PEOPLE_WRITE] }, 'reset'), { ok: true });
    assert.deepEqual(verdictFor({ ...full, roles: ['id_readonly_admin'] }, 'reset'), {
      ok: false,
      why: 'read-only',
    });
  });

  it('names scopes in an admin’s words', () => {
    assert.equal(scopeInWords(TELEPHONY_READ), 'read telephony settings');
    assert.equal(scopeInWords(TELEPHONY_WRITE), 'change telephony settings');
    assert.equal(scopeInWords('spark:kms'), 'spark:kms');
  });
});
