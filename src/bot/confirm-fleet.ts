import { orgBannerMarkdown } from '../cards/org-banner.js';
import { code, md } from '../markdown.js';
import type { FormSession } from '../store/form-sessions.js';
import type { Access } from './access-provider.js';
import type { BotContext } from './bot-context.js';
import type { BotDeps, PendingFleet } from './bot-deps.js';
import { FLEET_NEEDS_REDIS } from './load-fleet.js';
import { accessAllows } from './require-access.js';
import type { TargetOrg } from './target-org.js';

/**
 * Confirm on a fleet card (`/fleet apply`): starts the run, one job per org the preview found would change.
 * The press was claimed once (two racing presses: one run); only the person's newest fleet card works, and
 * not while another of their runs is still going. The engine posts the progress message, edits it and
 * posts the report; the jobs read the requester's own token when they run.
 */
export async function confirmFleet(
  deps: BotDeps,
  ctx: BotContext,
  session: FormSession<PendingFleet>,
  access: Access,
  org: TargetOrg,
  removeCard: () => Promise<unknown>,
): Promise<void> {
  const banner = orgBannerMarkdown(org);
  const { fleet } = deps;
  if (!fleet) {
    await removeCard();
    await ctx.say(FLEET_NEEDS_REDIS);
    return;
  }
  // A sign-in that lost the write scope since the card: the same Confirm works after a new sign-in.
  if (!(await accessAllows(deps, ctx, access, { need: 'change' }))) {
    await deps.confirmations.release(session);
    return;
  }
  if (!(await deps.latestConfirmations.isLatest(session.personId, session.orgId, session.id))) {
    await removeCard();
    await ctx.say(
      `${banner}\n\nNothing was started: you asked for a newer fleet run after this card, and only the newest ` +
        'card can be confirmed. Press Confirm on that one.',
    );
    return;
  }
  const latest = await fleet.latest(ctx.actor.id);
  const running = latest ? await fleet.status(latest) : null;
  if (running?.status === 'running') {
    await removeCard();
    await ctx.say(
      `${banner}\n\nNothing was started: you already have a fleet run going (${running.done}/${running.total} ` +
        'orgs done), and one runs at a time. See it with `/fleet status`, stop it with `/fleet cancel`, then ' +
        'ask again with `/fleet apply` for a fresh preview.',
    );
    return;
  }
  const { snapshot } = session;
  let runId: string;
  try {
    runId = await fleet.start({
      personId: ctx.actor.id,
      personName: ctx.actor.displayName,
      personEmail: ctx.actor.email,
      roomId: ctx.room.id,
      policy: snapshot.policy,
      policyWords: snapshot.policyWords,
      ...(snapshot.where ? { where: snapshot.where } : {}),
      orgs: snapshot.orgs,
    });
  } catch (err) {
    // Nothing was queued: the same Confirm may be pressed again.
    await deps.confirmations.release(session);
    throw err;
  }
  await removeCard();
  ctx.log.info({ runId, orgs: snapshot.orgs.length }, 'fleet: run confirmed and started');
  await ctx.say(
    `${banner}\n\n` +
      md`Started fleet run ${code(runId)} for ${snapshot.orgs.length} orgs. The progress message in this space is kept up to date, and the report follows at the end. ` +
      '`/fleet status` shows where it is; `/fleet cancel` stops it (orgs in flight finish).',
    { retry: true },
  );
}
