import type { SeededWorld, SeedPeople, SeedSpaces } from './seed-world.js';
import type { EmOrg, EmPerson } from './types.js';

export interface DemoWorld {
  /** `customers`: the partner's customer orgs besides Globex (`DEMO_CUSTOMERS`), in that order. */
  orgs: { acme: EmOrg; globex: EmOrg; partner: EmOrg; customers: EmOrg[] };
  people: {
    /** Full administrator of Acme. */
    alice: EmPerson;
    /** Read-only administrator of Acme. */
    bob: EmPerson;
    /** Acme user without an administrator role. */
    carol: EmPerson;
    /** Full administrator of the partner org, managing Acme, Globex and the `DEMO_CUSTOMERS`. */
    pat: EmPerson;
  };
  /**
   * Ordinary users whose voicemail PIN an administrator can reset, by org (Carol is Acme's first). Names
   * with accents, and two people in Acme whose first name is the same (an ambiguous search).
   */
  users: { acme: EmPerson[]; globex: EmPerson[] };
  bot: { person: EmPerson; token: string };
  /** Each person's 1:1 space with the bot (by person id), and the group space all of them are in. */
  rooms: { direct: Record<string, string>; group: string };
}

/** The sandbox's world, for `seedWorld`: three orgs, four people, the bot and its spaces. */
export const DEMO_WORLD: SeedPeople & { spaces: SeedSpaces } = {
  org: 'Acme Corp',
  admins: [{ email: 'alice@acme.example', displayName: 'Alice Admin' }],
  readOnly: { email: 'bob@acme.example', displayName: 'Bob Reader' },
  user: { email: 'carol@acme.example', displayName: 'Carol User' },
  moreUsers: [
    { email: 'jose.nunez@acme.example', displayName: 'José Núñez' },
    { email: 'zoe.lefevre@acme.example', displayName: 'Zoë Lefèvre' },
    { email: 'anna.berg@acme.example', displayName: 'Anna Berg' },
    { email: 'anna.schafer@acme.example', displayName: 'Anna Schäfer' },
    { email: 'bjorn.sodergren@globex.example', displayName: 'Björn Södergren', otherOrg: 0 },
    { email: 'anna.kowalska@globex.example', displayName: 'Anna Kowalska', otherOrg: 0 },
  ],
  otherOrgs: [{ displayName: 'Globex', partnerManages: true }],
  partner: { org: 'Partner Services', email: 'pat@partner.example', displayName: 'Pat Partner' },
  bot: { email: 'voicemail-bot@webex.bot', displayName: 'VoicemailBot', inPartnerOrg: true },
  spaces: { direct: 'everyone', group: 'Voice team' },
};

/**
 * The demo orgs' voicemail rules, in the PUT shape (`setVoicemailRules`), so both answers to a PIN reset can
 * be shown: Acme has a default PIN (one that passes a new org's PIN rules), so a reset works there; Globex
 * keeps a new org's "no default PIN", so Webex refuses a reset there (README: the guesses). The partner's
 * own org is left as a new org.
 */
export const DEMO_VOICEMAIL = {
  acme: { defaultVoicemailPinEnabled: true, defaultVoicemailPin: '582914' },
  globex: { defaultVoicemailPinEnabled: false },
} as const;

/**
 * More customer orgs Pat manages, so `/fleet` has a handful to list and apply to. Their rules come from
 * `fleetRules(1…4)` in this order: Webex's defaults, no block of previous passcodes, already the typical
 * policy, 90/3 days; PIN rules and default PINs differ too. No people: a fleet run needs none.
 */
export const DEMO_CUSTOMERS = ['Initech', 'Vandelay Industries', 'Umbrella Clinics', 'Wonka Foods'] as const;

/** The demo world by the names the sandbox page uses (`customers` are added by `seedDemo`). */
export function demoWorld(w: SeededWorld, customers: EmOrg[] = []): DemoWorld {
  const globex = w.otherOrgs[0];
  if (!globex || !w.partnerOrg || !w.partner || !w.group) throw new Error('emulator: not the demo world');
  const direct: Record<string, string> = {};
  for (const [personId, room] of Object.entries(w.direct)) direct[personId] = room.id;
  return {
    orgs: { acme: w.org, globex, partner: w.partnerOrg, customers },
    people: { alice: w.admin, bob: w.readOnly, carol: w.user, pat: w.partner },
    users: {
      acme: [w.user, ...w.moreUsers.filter((u) => u.orgId === w.org.id)],
      globex: w.moreUsers.filter((u) => u.orgId === globex.id),
    },
    bot: w.bot,
    rooms: { direct, group: w.group.id },
  };
}
