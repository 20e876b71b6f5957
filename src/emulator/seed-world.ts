import type { EmOrg, EmPerson, EmRoom, Role, RoomType } from './types.js';

export interface PersonSeed {
  email: string;
  displayName: string;
}

/** Who is in the world; every name can be chosen. */
export interface SeedPeople {
  /** The org of the administrators, the user and (unless `bot.inPartnerOrg`) the bot. */
  org?: string;
  /** Its full administrators; the first is the world's `admin`. */
  admins?: PersonSeed[];
  readOnly?: PersonSeed;
  /** A person of the org without an administrator role. */
  user?: PersonSeed;
  /**
   * More people without an administrator role (no spaces with the bot): in the main org, or with
   * `otherOrg` in that entry of `otherOrgs`. Created after `user`, in this order.
   */
  moreUsers?: (PersonSeed & { otherOrg?: number })[];
  /** More orgs, created after the main one; `partnerManages` makes one a customer of the partner. */
  otherOrgs?: { displayName: string; partnerManages?: boolean }[];
  /** A full administrator of an org of its own who manages the main org (and the customers above). */
  partner?: PersonSeed & { org: string };
  bot?: PersonSeed & { inPartnerOrg?: boolean };
}

/** The spaces the bot is in: a 1:1 with the first admin, with each admin or with everyone, and a group space. */
export interface SeedSpaces {
  direct: 'admin' | 'admins' | 'everyone';
  /** The title of a group space with everyone and the bot. */
  group?: string;
}

export interface SeedWorldOptions extends SeedPeople {
  /** Default: the admin's 1:1 only. `false`: no spaces, for tests that make their own. */
  spaces?: SeedSpaces | false;
}

export interface SeededOrg {
  org: EmOrg;
  otherOrgs: EmOrg[];
  partnerOrg: EmOrg | undefined;
  /** The first full administrator. */
  admin: EmPerson;
  admins: EmPerson[];
  readOnly: EmPerson;
  user: EmPerson;
  /** `moreUsers`, in the order given. */
  moreUsers: EmPerson[];
  partner: EmPerson | undefined;
  bot: { person: EmPerson; token: string };
}

export interface SeededWorld extends SeededOrg {
  /** The admin's 1:1 space with the bot. */
  dm: EmRoom;
  /** Each 1:1 space with the bot, by the person's id. */
  direct: Record<string, EmRoom>;
  group: EmRoom | undefined;
}

const DEFAULT_ORG = 'Acme';
const DEFAULT_ADMINS: PersonSeed[] = [{ email: 'alice@acme.test', displayName: 'Alice Admin' }];
const DEFAULT_READ_ONLY: PersonSeed = { email: 'rob@acme.test', displayName: 'Rob Reader' };
const DEFAULT_USER: PersonSeed = { email: 'uma@acme.test', displayName: 'Uma User' };
const DEFAULT_BOT: PersonSeed = { email: 'vm@webex.bot', displayName: 'VoicemailBot' };

/** The emulator's seeding calls (the `Emulator` has them), named here so this file needs nothing else. */
interface Seeding {
  createOrg(o: { displayName: string }): EmOrg;
  createPerson(p: {
    email: string;
    displayName: string;
    orgId: string;
    role?: Role;
    managedOrgIds?: string[];
  }): EmPerson;
  createBot(b: { email: string; displayName: string; orgId: string }): { person: EmPerson; token: string };
  createRoom(r: { title?: string; type: RoomType; memberIds: string[] }): EmRoom;
}

/**
 * The one way a test, the bench or the sandbox populates the emulator: an org with a full administrator, a
 * read-only administrator and a user, optionally a partner administrator with customer orgs, the bot, and
 * the spaces it is in. Every name can be chosen, so each caller keeps the people its assertions (or its
 * page) name. Records are created in a fixed order (orgs, people, bot, spaces): lists answer in that order.
 */
export function seedWorld(em: Seeding, opts: SeedWorldOptions = {}): SeededOrg | SeededWorld {
  const org = em.createOrg({ displayName: opts.org ?? DEFAULT_ORG });
  const others = (opts.otherOrgs ?? []).map((o) => ({
    org: em.createOrg({ displayName: o.displayName }),
    managed: o.partnerManages === true,
  }));
  const partnerOrg = opts.partner ? em.createOrg({ displayName: opts.partner.org }) : undefined;
  const inOrg = (p: PersonSeed, role: Role): EmPerson =>
    em.createPerson({ email: p.email, displayName: p.displayName, orgId: org.id, role });
  const [admin, ...moreAdmins] = (opts.admins ?? DEFAULT_ADMINS).map((p) => inOrg(p, 'full_admin'));
  if (!admin) throw new Error('emulator: seedWorld needs at least one full administrator');
  const readOnly = inOrg(opts.readOnly ?? DEFAULT_READ_ONLY, 'read_only_admin');
  const user = inOrg(opts.user ?? DEFAULT_USER, 'none');
  const moreUsers = (opts.moreUsers ?? []).map((u) => {
    const orgId = u.otherOrg === undefined ? org.id : others[u.otherOrg]?.org.id;
    if (!orgId) throw new Error(`emulator: seedWorld has no otherOrgs[${u.otherOrg}] for ${u.email}`);
    return em.createPerson({ email: u.email, displayName: u.displayName, orgId, role: 'none' });
  });
  const customers = others.filter((o) => o.managed).map((o) => o.org.id);
  const partner =
    opts.partner && partnerOrg
      ? em.createPerson({
          email: opts.partner.email,
          displayName: opts.partner.displayName,
          orgId: partnerOrg.id,
          role: 'full_admin',
          managedOrgIds: [org.id, ...customers],
        })
      : undefined;
  const botSeed = opts.bot ?? DEFAULT_BOT;
  const bot = em.createBot({
    email: botSeed.email,
    displayName: botSeed.displayName,
    orgId: opts.bot?.inPartnerOrg && partnerOrg ? partnerOrg.id : org.id,
  });
  const admins = [admin, ...moreAdmins];
  const otherOrgs = others.map((o) => o.org);
  const seeded: SeededOrg = {
    org,
    otherOrgs,
    partnerOrg,
    admin,
    admins,
    readOnly,
    user,
    moreUsers,
    partner,
    bot,
  };

  const spaces: SeedSpaces | false = opts.spaces ?? { direct: 'admin' };
  if (spaces === false) return seeded;
  const everyone = [...admins, readOnly, user, ...(partner ? [partner] : [])];
  const withDm = { admin: [admin], admins, everyone }[spaces.direct];
  const direct: Record<string, EmRoom> = {};
  for (const p of withDm) direct[p.id] = em.createRoom({ type: 'direct', memberIds: [p.id, bot.person.id] });
  const group =
    spaces.group !== undefined
      ? em.createRoom({
          title: spaces.group,
          type: 'group',
          memberIds: [...everyone.map((p) => p.id), bot.person.id],
        })
      : undefined;
  const dm = direct[admin.id];
  if (!dm) throw new Error('emulator: seedWorld made no 1:1 space for the admin');
  return { ...seeded, dm, direct, group };
}
