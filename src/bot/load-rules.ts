import { AppError } from '../errors.js';
import {
  settingsFromRules,
  voicemailRulesSchema,
  type PinRules,
  type RulesSettings,
} from '../voicemail/rules.js';
import type { Access } from './access-provider.js';
import type { BotContext } from './bot-context.js';
import { withAccess } from './require-access.js';
import type { BotDeps } from './bot-deps.js';
import type { TargetOrg } from './target-org.js';

export interface LoadedRules extends TargetOrg {
  settings: RulesSettings;
  pinRules: PinRules;
  /** The org's revision (`OrgRevisions`), read before the rules; absent when the org id is unknown. */
  revision?: number;
}

function parseRules(body: unknown, trackingId: string): Pick<LoadedRules, 'settings' | 'pinRules'> {
  const parsed = voicemailRulesSchema.safeParse(body);
  if (!parsed.success) {
    throw new AppError(
      'WEBEX_ERROR',
      'Webex answered with voicemail rules I do not understand. Nothing was changed.',
      {
        trackingId,
        hint: `unexpected GET rules shape: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
      },
    );
  }
  return { settings: settingsFromRules(parsed.data), pinRules: parsed.data.defaultVoicemailPinRules };
}

/**
 * GET the org's rules with the admin's own token, in the shape the domain layer works with. `target` when
 * the caller already asked `deps.targetOrg`. A customer org is named as it was chosen (no call); one's own
 * org is looked up alongside the rules (the directory remembers it).
 */
export async function loadRules(
  deps: BotDeps,
  ctx: BotContext,
  access: Access,
  target?: Awaited<ReturnType<BotDeps['targetOrg']>>,
): Promise<LoadedRules> {
  const { orgId, customerName } = target ?? (await deps.targetOrg(access));
  // Read before the rules, never alongside: the bot bumps it after a PUT, so a change that lands once it
  // was read moves it later (the card goes stale), where a revision read after the rules could already
  // count a change the rules read did not show yet.
  const revisionOf = orgId ?? access.orgId;
  const revision = revisionOf === undefined ? undefined : await deps.revisions.current(revisionOf);
  const [res, orgName] = await withAccess(deps, ctx, access, (a) =>
    Promise.all([
      deps.telephony.getVoicemailRules(a.token, orgId),
      customerName ?? deps.orgs.displayName(a.token, orgId),
    ]),
  );
  return {
    orgId,
    orgName,
    customer: customerName !== undefined,
    ...parseRules(res.body, res.trackingId),
    ...(revision === undefined ? {} : { revision }),
  };
}

/**
 * The settings of one given org as Webex holds them now: a read-back after a PUT (`forOutcome`, the
 * default), or a check before one.
 */
export async function readSettings(
  deps: BotDeps,
  ctx: BotContext,
  access: Access,
  orgId: string | undefined,
  opts: { forOutcome: boolean } = { forOutcome: true },
): Promise<RulesSettings> {
  const res = await withAccess(deps, ctx, access, (a) =>
    deps.telephony.getVoicemailRules(a.token, orgId, opts),
  );
  return parseRules(res.body, res.trackingId).settings;
}
