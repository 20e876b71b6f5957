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
  const [res, orgName] = await withAccess(deps, ctx, access, (a) =>
    Promise.all([
      deps.telephony.getVoicemailRules(a.token, orgId),
      customerName ?? deps.orgs.displayName(a.token, orgId),
    ]),
  );
  return { orgId, orgName, customer: customerName !== undefined, ...parseRules(res.body, res.trackingId) };
}

/** The settings of one given org as Webex holds them now (a read-back after a PUT). */
export async function readSettings(
  deps: BotDeps,
  ctx: BotContext,
  access: Access,
  orgId: string | undefined,
): Promise<RulesSettings> {
  const res = await withAccess(deps, ctx, access, (a) =>
    deps.telephony.getVoicemailRules(a.token, orgId, { forOutcome: true }),
  );
  return parseRules(res.body, res.trackingId).settings;
}
