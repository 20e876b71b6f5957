import type { EmulatorState } from './state.js';
import type { OrgRecord, PersonRecord } from './types.js';

export interface DemoWorld {
  orgs: { acme: OrgRecord; globex: OrgRecord; partner: OrgRecord };
  people: {
    /** Full administrator of Acme. */
    alice: PersonRecord;
    /** Read-only administrator of Acme. */
    bob: PersonRecord;
    /** Acme user without an administrator role. */
    carol: PersonRecord;
    /** Full administrator of the partner org, managing Acme and Globex. */
    pat: PersonRecord;
  };
  bot: { person: PersonRecord; token: string };
}

/** A small world for the sandbox and for manual runs: three orgs, four people and the bot. */
export function seedDemo(state: EmulatorState): DemoWorld {
  const acme = state.createOrg('Acme Corp');
  const globex = state.createOrg('Globex');
  const partner = state.createOrg('Partner Services');
  const person = (
    email: string,
    displayName: string,
    orgId: string,
    role: PersonRecord['role'],
    managedOrgIds: string[] = [],
  ) => state.createPerson({ email, displayName, orgId, role, managedOrgIds });
  const people = {
    alice: person('alice@acme.example', 'Alice Admin', acme.id, 'full_admin'),
    bob: person('bob@acme.example', 'Bob Reader', acme.id, 'read_only_admin'),
    carol: person('carol@acme.example', 'Carol User', acme.id, 'none'),
    pat: person('pat@partner.example', 'Pat Partner', partner.id, 'full_admin', [acme.id, globex.id]),
  };
  const bot = state.createBot({
    email: 'voicemail-bot@webex.bot',
    displayName: 'VoicemailBot',
    orgId: partner.id,
  });
  return { orgs: { acme, globex, partner }, people, bot };
}
