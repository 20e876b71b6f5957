import type { PersonSeed } from './seed-world.js';
import type { EmOrg, EmPerson, Role } from './types.js';

/** A partner administrator made by `seedFleet`, in an org of its own. */
export interface FleetPartnerSeed extends PersonSeed {
  org: string;
}

export interface SeedFleetOptions {
  /**
   * The partner administrator: a new full administrator of a new partner org (default Pat Partner of
   * "Partner Services"), or the id of an existing person, whose managed orgs the fleet is added to.
   */
  partner?: FleetPartnerSeed | string;
  /** How many customer orgs the partner manages (the sandbox: a handful; tests and the bench: up to 1,000). */
  orgs: number;
  /** Customer org names start with this (default "Customer"); emails are made from it too. */
  namePrefix?: string;
  /** A second full administrator of the same partner org, managing the same customers (needs a new partner). */
  colleague?: PersonSeed;
  /** Another partner, in its own org, with customers of its own (default 2), none of the first's. */
  otherPartner?: FleetPartnerSeed & { orgs?: number; namePrefix?: string };
}

export interface FleetOrg extends EmOrg {
  /** Its own full administrator first; every other org also has a user without a role. */
  people: EmPerson[];
  /** Whether its rules already are `FLEET_POLICY` (the PIN rules and default PIN vary either way). */
  matchesPolicy: boolean;
}

export interface SeededFleet {
  partnerOrg: EmOrg | undefined;
  partner: EmPerson;
  colleague: EmPerson | undefined;
  /** The customer orgs, in the order `GET /organizations` lists them after the partner's own. */
  orgs: FleetOrg[];
  otherPartner: { partnerOrg: EmOrg; partner: EmPerson; orgs: FleetOrg[] } | undefined;
}

/** A typical policy (`expire=60 change=1 history=5`) in the PUT shape: some seeded orgs have it, most not. */
export const FLEET_POLICY = {
  expirePasscode: { enabled: true, numberOfDays: 60 },
  changePasscode: { enabled: true, numberOfDays: 1 },
  blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 5 },
} as const;

/** The emulator's calls seeding uses (the `Emulator` has them), named here so this file needs nothing else. */
export interface FleetSeeding {
  createOrg(o: { displayName: string }): EmOrg;
  createPerson(p: {
    email: string;
    displayName: string;
    orgId: string;
    role?: Role;
    managedOrgIds?: string[];
  }): EmPerson;
  setVoicemailRules(orgId: string, patch: object): void;
  setPinRules(orgId: string, patch: object): void;
  addManagedOrgs(personId: string, orgIds: string[]): EmPerson;
}

/**
 * Names people really have, and some that break a careless renderer: markdown, a mention of everyone, a
 * link, HTML, right-to-left and CJK text, and one far past any card's width.
 */
const PEOPLE_NAMES = [
  'Ada Lovelace',
  '**Bold** _Admin_',
  '<@all> Everyone',
  'Zoë Ñúñez-Ølsen',
  '李小龙',
  'محمد علي',
  '[click me](https://evil.example)',
  '<b>Html</b> &amp; Co',
  'Ωmega `code` ~~strike~~',
  `Maximilian ${'Longname-'.repeat(40)}End`,
];

/** Most org names are plain; every seventh is odd in one of these ways (its number always stays in it). */
const ORG_SUFFIXES = [
  '',
  '',
  '',
  ' *Holdings* <@all>',
  ' Торговый дом',
  ' [Ltd](https://evil.example)',
  ` ${'Very Long Name '.repeat(12).trim()}`,
  ' 株式会社',
];

/** A PIN with no repeated digit, pattern or 3-digit run, for any minimum length up to 10. */
const SAFE_PIN_DIGITS = '1357924680';

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'org'
  );
}

/**
 * The rules of customer org `i`, varied deterministically: every third org has `FLEET_POLICY`; the others
 * differ in one or two settings, some outside what a PUT may send (Webex's default expiry of 180 days).
 */
export function fleetRules(i: number): { rules: object; pinRules: object; matchesPolicy: boolean } {
  const variant = i % 6;
  const rules: Record<string, unknown> = {
    expirePasscode: { ...FLEET_POLICY.expirePasscode },
    changePasscode: { ...FLEET_POLICY.changePasscode },
    blockPreviousPasscodes: { ...FLEET_POLICY.blockPreviousPasscodes },
  };
  if (variant === 1) {
    // Webex's defaults for a new org.
    rules.expirePasscode = { enabled: true, numberOfDays: 180 };
    rules.changePasscode = { enabled: false, numberOfDays: 1 };
    rules.blockPreviousPasscodes = { enabled: true, numberOfPasscodes: 10 };
  } else if (variant === 2) {
    rules.blockPreviousPasscodes = { enabled: false, numberOfPasscodes: 5 };
  } else if (variant === 4) {
    rules.expirePasscode = { enabled: true, numberOfDays: 90 };
    rules.changePasscode = { enabled: true, numberOfDays: 3 };
  } else if (variant === 5) {
    rules.expirePasscode = { enabled: false, numberOfDays: 60 };
  }
  const min = 6 + (i % 4);
  const pinRules = {
    blockRepeatedPatternsEnabled: i % 7 !== 0,
    blockRepeatedDigits: { enabled: i % 5 !== 0, max: 2 + (i % 3) },
    blockContiguousSequences: {
      enabled: i % 5 !== 1,
      numberOfAscendingDigits: 3 + (i % 2),
      numberOfDescendingDigits: 3 + (i % 3),
    },
    length: { min, max: 30 - (i % 5) * 2 },
  };
  if (i % 4 === 1) {
    rules.defaultVoicemailPinEnabled = true;
    rules.defaultVoicemailPin = SAFE_PIN_DIGITS.slice(0, min);
  } else {
    rules.defaultVoicemailPinEnabled = false;
    rules.defaultVoicemailPin = undefined;
  }
  return { rules, pinRules, matchesPolicy: variant === 0 || variant === 3 };
}

function seedCustomers(em: FleetSeeding, count: number, prefix: string, offset: number): FleetOrg[] {
  const domain = slug(prefix);
  const width = Math.max(4, String(count).length);
  const orgs: FleetOrg[] = [];
  for (let n = 0; n < count; n++) {
    const i = n + offset;
    const num = String(n + 1).padStart(width, '0');
    const suffix = n % 7 === 3 ? (ORG_SUFFIXES[Math.floor(n / 7) % ORG_SUFFIXES.length] ?? '') : '';
    const org = em.createOrg({ displayName: `${prefix} ${num}${suffix}` });
    const { rules, pinRules, matchesPolicy } = fleetRules(i);
    em.setPinRules(org.id, pinRules);
    em.setVoicemailRules(org.id, rules);
    const host = `c${num}.${domain}.test`;
    const people = [
      em.createPerson({
        email: `admin@${host}`,
        displayName: PEOPLE_NAMES[i % PEOPLE_NAMES.length] ?? 'Admin',
        orgId: org.id,
        role: 'full_admin',
      }),
    ];
    if (n % 2 === 1) {
      people.push(
        em.createPerson({
          email: `user@${host}`,
          displayName: PEOPLE_NAMES[(i + 3) % PEOPLE_NAMES.length] ?? 'User',
          orgId: org.id,
          role: 'none',
        }),
      );
    }
    orgs.push({ ...org, people, matchesPolicy });
  }
  return orgs;
}

/**
 * A partner administrator managing `orgs` customer orgs, each with its own rules, PIN rules and a person or
 * two; optionally a colleague in the same partner org and another partner with customers of its own (so a
 * test can show one admin's work never runs on the other's token). Deterministic: the same options give the
 * same names and rules every time.
 */
export function seedFleet(em: FleetSeeding, opts: SeedFleetOptions): SeededFleet {
  if (!Number.isInteger(opts.orgs) || opts.orgs < 0) {
    throw new Error(`emulator: seedFleet needs a whole number of orgs, not ${opts.orgs}`);
  }
  const prefix = opts.namePrefix ?? 'Customer';
  const orgs = seedCustomers(em, opts.orgs, prefix, 0);
  const ids = orgs.map((o) => o.id);
  const seed =
    opts.partner ??
    ({ org: 'Partner Services', email: 'pat@partner.test', displayName: 'Pat Partner' } as const);
  let partnerOrg: EmOrg | undefined;
  let partner: EmPerson;
  let colleague: EmPerson | undefined;
  if (typeof seed === 'string') {
    if (opts.colleague) throw new Error('emulator: seedFleet makes a colleague only with a new partner');
    partner = em.addManagedOrgs(seed, ids);
  } else {
    partnerOrg = em.createOrg({ displayName: seed.org });
    const admin = (p: PersonSeed): EmPerson =>
      em.createPerson({ ...p, orgId: (partnerOrg as EmOrg).id, role: 'full_admin', managedOrgIds: ids });
    partner = admin(seed);
    colleague = opts.colleague ? admin(opts.colleague) : undefined;
  }
  let otherPartner: SeededFleet['otherPartner'];
  if (opts.otherPartner) {
    const o = opts.otherPartner;
    const theirs = seedCustomers(em, o.orgs ?? 2, o.namePrefix ?? `${o.org} Client`, opts.orgs);
    const org = em.createOrg({ displayName: o.org });
    otherPartner = {
      partnerOrg: org,
      partner: em.createPerson({
        email: o.email,
        displayName: o.displayName,
        orgId: org.id,
        role: 'full_admin',
        managedOrgIds: theirs.map((t) => t.id),
      }),
      orgs: theirs,
    };
  }
  return { partnerOrg, partner, colleague, orgs, otherPartner };
}
