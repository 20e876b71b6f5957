import type { BotContext } from './bot-context.js';
import type { SpaceOrgs } from './space-orgs.js';

export const FLEET_SPACE_REFUSED =
  'I list your customer orgs only in a space where everyone is from your own org: ask me in our 1:1 space. ' +
  'This space has people from other organizations, and `/fleet` would show them the names and rules of ' +
  'every customer org you manage.';

/**
 * `/fleet …` shows every customer's names and rules: refused (and said) in a space with anyone from outside
 * the partner's own org, e.g. a customer's own group space the partner was added to. True when it may go on.
 */
export async function fleetSpaceAllowed(deps: { spaceOrgs: SpaceOrgs }, ctx: BotContext): Promise<boolean> {
  if (await deps.spaceOrgs.onlyOwnOrg(ctx)) return true;
  ctx.log.info({ roomId: ctx.room.id }, 'fleet: refused in a space with people from other orgs');
  await ctx.say(FLEET_SPACE_REFUSED);
  return false;
}
