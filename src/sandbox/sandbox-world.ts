import type { DemoWorld, Emulator } from '../emulator/index.js';
import type { SandboxRooms } from './sandbox-rooms.js';

export type PersonKey = 'alice' | 'bob' | 'carol' | 'pat';
export const PERSON_KEYS: readonly PersonKey[] = ['alice', 'bob', 'carol', 'pat'];
export type SpaceKind = 'direct' | 'group';

export interface SandboxPerson {
  key: PersonKey;
  id: string;
  name: string;
  email: string;
  /** What the person may do, in words, for the switcher. */
  roleLabel: string;
  orgName: string;
}

/** The demo world as the page sees it: who can type, in which spaces, and the orgs. */
export interface SandboxWorld {
  people: SandboxPerson[];
  bot: { id: string; name: string };
  group: { title: string };
  /** Where the emulated Webex listens (shown to the newcomer; the page never calls it itself). */
  emulatorUrl: string;
  persistent: boolean;
}

const ROLE_LABEL: Record<PersonKey, string> = {
  alice: 'Full administrator',
  bob: 'Read-only administrator',
  carol: 'User (not an administrator)',
  pat: 'Partner administrator',
};

export interface WorldDeps {
  em: Emulator;
  demo: DemoWorld;
  rooms: SandboxRooms;
  persistent: boolean;
}

export function describeWorld(deps: WorldDeps): SandboxWorld {
  const { em, demo } = deps;
  const orgName = (id: string) => em.state.orgs.get(id)?.displayName ?? id;
  const people = PERSON_KEYS.map((key): SandboxPerson => {
    const p = demo.people[key];
    return {
      key,
      id: p.id,
      name: p.displayName,
      email: p.emails[0] ?? '',
      roleLabel: ROLE_LABEL[key],
      orgName: orgName(p.orgId),
    };
  });
  return {
    people,
    bot: { id: demo.bot.person.id, name: demo.bot.person.displayName },
    group: { title: em.state.rooms.get(deps.rooms.group)?.title ?? 'Group space' },
    emulatorUrl: em.url,
    persistent: deps.persistent,
  };
}

export function personByKey(world: SandboxWorld, key: unknown): SandboxPerson | undefined {
  return world.people.find((p) => p.key === key);
}

export function roomOf(rooms: SandboxRooms, person: SandboxPerson, space: SpaceKind): string {
  const id = space === 'group' ? rooms.group : rooms.direct[person.id];
  if (!id) throw new Error(`sandbox: no ${space} space for ${person.key}`);
  return id;
}
