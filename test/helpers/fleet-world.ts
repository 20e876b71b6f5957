import type { EmOrg } from '../../src/emulator/index.js';
import type { World } from './bot-harness.js';

/** A partner administrator with customer orgs of their own, and the bot's 1:1 space with them. */
export interface FleetPartner {
  id: string;
  dm: string;
  orgs: EmOrg[];
}

/**
 * Seeds a partner (their own org, `count` customer orgs named `<prefix> 001`…, a 1:1 space with the bot).
 * Call it from a harness's `seed`, so it is there before the bot starts.
 */
export function seedPartner(w: World, name: string, prefix: string, count: number): FleetPartner {
  const orgs = Array.from({ length: count }, (_, i) =>
    w.em.createOrg({ displayName: `${prefix} ${String(i + 1).padStart(3, '0')}` }),
  );
  const own = w.em.createOrg({ displayName: `${name} Services` });
  const id = w.em.createPerson({
    email: `${name.toLowerCase()}@partner.test`,
    displayName: `${name} Partner`,
    orgId: own.id,
    role: 'full_admin',
    managedOrgIds: orgs.map((o) => o.id),
  }).id;
  const dm = w.em.createRoom({ type: 'direct', memberIds: [id, w.bot.id] }).id;
  return { id, dm, orgs };
}
