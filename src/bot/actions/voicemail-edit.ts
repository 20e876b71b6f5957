import { verdictFor } from '../../auth/capability.js';
import { orgBannerMarkdown } from '../../cards/org-banner.js';
import { md } from '../../markdown.js';
import { shortName } from '../../short-name.js';
import type { Access } from '../access-provider.js';
import type { BotContext } from '../bot-context.js';
import type { CommandDeps } from '../commands/command-spec.js';
import { voicemailForm } from '../commands/voicemail-form.js';
import { withAccess } from '../require-access.js';
import type { TargetOrg } from '../target-org.js';
import type { ActionSpec, CardAction } from './action-spec.js';

/** The org a rules card showed, as its "Change settings" button carries it (cards/rules-summary.json). */
function cardOrgOf(inputs: CardAction['inputs']): { orgId: string; orgName: string } | undefined {
  const { orgId, orgName } = inputs;
  // The name was shortened on the card; a press that carries a longer one is cut the same way.
  return typeof orgId === 'string' && orgId !== '' && typeof orgName === 'string'
    ? { orgId, orgName: shortName(orgName) }
    : undefined;
}

/** Whether `/org use` could take this person to the card's org: their own, or one Webex lists for them. */
async function canChoose(deps: CommandDeps, ctx: BotContext, access: Access, orgId: string) {
  if (orgId === access.orgId) return true;
  if (access.managesOtherOrgs === false) return false;
  try {
    const orgs = await withAccess(deps, ctx, access, (a) => deps.orgs.list(a.token));
    return orgs.some((o) => o.id === orgId);
  } catch (err) {
    ctx.log.warn(
      { err: (err as Error).message },
      'Change settings: the orgs this person manages could not be listed',
    );
    return undefined;
  }
}

/**
 * A press on a card for another org than the one this person's voicemail commands act on now: nothing is
 * opened, and they are told both orgs (theirs first, as every reply about the rules starts) and the way
 * to the card's org, where there is one.
 */
async function otherOrgReply(
  deps: CommandDeps,
  ctx: BotContext,
  access: Access,
  card: { orgId: string; orgName: string },
  current: TargetOrg,
): Promise<string> {
  const change = verdictFor(access, 'change');
  const readOnly = !change.ok && change.why === 'read-only';
  // Markdown of the bot's own, with the org's name escaped: appended to the sentences below as it is.
  const theirs = readOnly
    ? md`\`/voicemail show\` for the rules of ${current.orgName}`
    : md`\`/voicemail\` for a form for ${current.orgName}`;
  const back = 'choose it with `/org use` and its name, then press Change settings again';
  const choosable = await canChoose(deps, ctx, access, card.orgId);
  const way =
    choosable === true
      ? md`To change ${card.orgName}, ` + `${back}, or say ${theirs}.`
      : choosable === undefined
        ? md`If you manage ${card.orgName}, ` + `${back}; or say ${theirs}.`
        : access.managesOtherOrgs === false
          ? md`${card.orgName} is not your organization, and you manage no other. ` + `Say ${theirs}.`
          : md`${card.orgName} is not an organization you manage. ` + `Say ${theirs}.`;
  return (
    `${orgBannerMarkdown(current)}\n\n` +
    md`That card is for **${card.orgName}**, and your voicemail commands act on **${current.orgName}**, so I ` +
    `did not open a form: a form is only for the org its card names. ${way}`
  );
}

/**
 * "Change settings" on a rules card: a form for the org the card showed, and only while it is the org this
 * person's voicemail commands act on (their own access decides the rest, as for `/voicemail`). Never a
 * form for another org than the card named: someone else's card in a group space, or one's own from
 * before an `/org use`, is answered with the two orgs instead.
 */
async function changeSettings(deps: CommandDeps, ctx: BotContext, action: CardAction): Promise<void> {
  const card = cardOrgOf(action.inputs);
  if (!card) {
    await ctx.say(
      'I can’t tell which org that card is for, so I did not open a form. Say `/voicemail` for a form for ' +
        'the org your voicemail commands act on.',
    );
    return;
  }
  const access = await deps.access.get(ctx.actor.id);
  if (!access) {
    // Signed out: after signing in they act on a choice still on record (peeked: not a use), else their own org.
    const choice = await deps.orgSelection.peek(ctx.actor.id);
    if ((choice?.orgId ?? ctx.actor.orgId) === card.orgId) {
      await voicemailForm(deps, ctx);
      return;
    }
    await ctx.say(
      md`That card is for **${card.orgName}**, not the org your voicemail commands act on, so I did not open ` +
        'a form: a form is only for the org its card names. Say `/voicemail` for a form for yours.',
    );
    return;
  }
  const target = await deps.targetOrg(access);
  if (target.orgId === card.orgId) {
    await voicemailForm(deps, ctx, target);
    return;
  }
  const current: TargetOrg =
    target.customerName !== undefined
      ? { orgId: target.orgId, orgName: shortName(target.customerName), customer: true }
      : {
          orgId: target.orgId,
          orgName: shortName(await deps.orgs.displayName(access.token, target.orgId)),
          customer: false,
        };
  await ctx.say(await otherOrgReply(deps, ctx, access, card, current));
}

export const voicemailEditAction: ActionSpec = {
  what: 'voicemail.form',
  run: (action, ctx, deps) => changeSettings(deps, ctx, action),
};
