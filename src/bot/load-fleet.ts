import { fleetSpaceAllowed } from './fleet-space.js';
import type { Fleet } from '../fleet/fleet-api.js';
import type { FleetOrgRead, FleetOrgRef, FleetRulesReader } from '../fleet/read-fleet-rules.js';
import { WebexApiError } from '../webex/webex-api-error.js';
import type { Access } from './access-provider.js';
import type { BotContext } from './bot-context.js';
import type { BotDeps } from './bot-deps.js';
import { trackingLine } from './error-boundary.js';
import { accessAllows, requireAccess, withAccess } from './require-access.js';
import { durationWords } from '../fleet/fleet-report.js';

export const FLEET_NEEDS_REDIS =
  'The fleet commands need the bot to run on Redis: runs are jobs kept there, shared by every instance. ' +
  'This bot runs on its in-memory store (the sandbox without Redis), so `/fleet` is not available here.';

export const NOT_A_PARTNER =
  '`/fleet` is for partner administrators: it works on the customer organizations a sign-in manages, and ' +
  'yours manages only its own organization. For your own organization use `/voicemail`.';

const NO_CUSTOMERS =
  'Your sign-in manages no customer organizations, so there is no fleet to show or change. ' +
  '`/fleet` is for partner administrators; for your own organization use `/voicemail`.';

/** Above this, the admin is told first how long reading the rules takes. */
const SAY_WAIT_FROM_MS = 5000;

/** The engine, the reader and the person's access, or null (the person was told why). */
export interface FleetAccess {
  fleet: Fleet;
  reader: FleetRulesReader;
  access: Access;
}

/**
 * Whether this person may use `/fleet` here: the store is Redis, they are signed in as an administrator
 * whose sign-in may list organizations and do `need` with the rules, and they are not known to manage
 * only their own org. Each refusal is said.
 */
export async function fleetAccess(
  deps: BotDeps,
  ctx: BotContext,
  need: 'view' | 'change',
): Promise<FleetAccess | null> {
  const { fleet, fleetRules } = deps;
  if (!fleet || !fleetRules) {
    await ctx.say(FLEET_NEEDS_REDIS);
    return null;
  }
  if (!(await fleetSpaceAllowed(deps, ctx))) return null;
  const access = await requireAccess(deps, ctx, { need: 'orgs' });
  if (!access || !(await accessAllows(deps, ctx, access, { need }))) return null;
  if (access.managesOtherOrgs === false) {
    await ctx.say(NOT_A_PARTNER);
    return null;
  }
  return { fleet, reader: fleetRules, access };
}

/**
 * The customer orgs the sign-in manages (`GET /organizations` lists them all at once, the partner's own
 * org among them), by name; null when there are none or Webex refused the list (said).
 */
export async function customerOrgs(
  deps: BotDeps,
  ctx: BotContext,
  fa: FleetAccess,
): Promise<FleetOrgRef[] | null> {
  let listed: { id: string; displayName: string }[];
  try {
    listed = await withAccess(deps, ctx, fa.access, (a) => deps.orgs.list(a.token));
  } catch (err) {
    if (err instanceof WebexApiError && err.status === 403) {
      await ctx.say(
        'Webex refused to list the organizations this sign-in manages (403): it may no longer have partner ' +
          'administrator rights, or the sign-in lacks `spark-admin:organizations_read`. Nothing was read or ' +
          `changed. Check the role in Control Hub, then \`/login\` again.${trackingLine(err.trackingId)}`,
      );
      return null;
    }
    throw err;
  }
  const orgs = listed
    .filter((o) => o.id !== fa.access.orgId)
    .map((o) => ({ id: o.id, name: o.displayName }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id));
  if (orgs.length === 0) {
    await ctx.say(NO_CUSTOMERS);
    return null;
  }
  return orgs;
}

/**
 * Every org's rules with the person's token (renewed once on a 401); a read that will take a while is
 * announced first, so a silent bot is not taken for a stuck one.
 */
export async function readFleetRules(
  deps: BotDeps,
  ctx: BotContext,
  fa: FleetAccess,
  orgs: readonly FleetOrgRef[],
): Promise<FleetOrgRead[]> {
  const wait = fa.reader.estimateMs(orgs.length);
  if (wait >= SAY_WAIT_FROM_MS)
    await ctx.say(
      `Reading the rules of ${orgs.length} orgs, one call each within your call budget: about ${durationWords(wait)}.`,
    );
  return withAccess(deps, ctx, fa.access, (a) => fa.reader.read(a.personId, a.token, orgs));
}
