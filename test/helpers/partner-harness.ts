import type { StartOptions } from '../../src/start-bot.js';
import { startHarness, type Harness, type World } from './bot-harness.js';

/**
 * Pat Partner (Partner Services) manages Acme (the harness's org) and Globex; Gina is Globex's own full
 * administrator. Spaces: Pat's 1:1 and Gina's 1:1 with the bot; Acme's group space "Voice team" (Alice,
 * Rob, Uma) with Pat added. Everyone named here has a stored sign-in.
 */
export interface PartnerWorld {
  pat: string;
  patDm: string;
  gina: string;
  ginaDm: string;
  globex: { id: string; displayName: string };
}

export async function partnerHarness(
  opts: {
    alongside?: Harness & PartnerWorld;
    /** More of the world, seeded after the partner's part (a test's own orgs and spaces). */
    more?: (w: World, world: PartnerWorld) => void;
    /** Start options for this bot instance (e.g. a short drift-watch interval). */
    start?: Partial<StartOptions>;
  } = {},
): Promise<Harness & PartnerWorld> {
  if (opts.alongside) {
    const { pat, patDm, gina, ginaDm, globex } = opts.alongside;
    const h = await startHarness({ alongside: opts.alongside, start: opts.start });
    return Object.assign(h, { pat, patDm, gina, ginaDm, globex });
  }
  const world = {} as PartnerWorld;
  const h = await startHarness({
    start: opts.start,
    seed: (w) => {
      world.globex = w.em.createOrg({ displayName: 'Globex' });
      const partnerOrg = w.em.createOrg({ displayName: 'Partner Services' });
      world.pat = w.em.createPerson({
        email: 'pat@partner.test',
        displayName: 'Pat Partner',
        orgId: partnerOrg.id,
        role: 'full_admin',
        managedOrgIds: [w.org.id, world.globex.id],
      }).id;
      world.gina = w.em.createPerson({
        email: 'gina@globex.test',
        displayName: 'Gina Globex',
        orgId: world.globex.id,
        role: 'full_admin',
      }).id;
      world.patDm = w.em.createRoom({ type: 'direct', memberIds: [world.pat, w.bot.id] }).id;
      world.ginaDm = w.em.createRoom({ type: 'direct', memberIds: [world.gina, w.bot.id] }).id;
      w.em.addMember(w.group.id, world.pat);
      opts.more?.(w, world);
    },
  });
  await h.grant(h.admin.id);
  await h.grant(h.readOnly.id);
  await h.grant(world.pat);
  await h.grant(world.gina);
  return Object.assign(h, world);
}
