import { orgBannerMarkdown } from '../cards/org-banner.js';
import type { ConfirmChangeInput } from '../cards/confirm-change.js';
import type { FormSession } from '../store/form-sessions.js';
import { formatChanges } from '../voicemail/summary.js';
import type { BotContext } from './bot-context.js';
import type { BotDeps, PendingConfirmation } from './bot-deps.js';
import type { TargetOrg } from './target-org.js';

/** What the card says, apart from what every confirmation says the same way. */
export type ConfirmWords = Pick<ConfirmChangeInput, 'title' | 'intro' | 'changes' | 'notes' | 'confirmTitle'>;

/**
 * Every confirmation the bot asks for goes through here: the pending action becomes a single-use `confirm:`
 * session bound to this person, this space and this org (the form-session machinery), and the card says
 * what Confirm will do. `newest`: this card is what the person means now for the org, so an older card of
 * theirs for it is refused at Confirm (rules changes and undos; a PIN reset stands on its own).
 */
export async function askToConfirm(
  deps: BotDeps,
  ctx: BotContext,
  org: TargetOrg,
  pending: PendingConfirmation,
  words: ConfirmWords,
  opts: { newest: boolean },
): Promise<FormSession<PendingConfirmation>> {
  const banner = { ...org, warning: await deps.spaceOrgs.warning(ctx, org) };
  const session = await deps.confirmations.create({
    personId: ctx.actor.id,
    personName: ctx.actor.displayName,
    roomId: ctx.room.id,
    orgId: org.orgId ?? '',
    orgName: org.orgName,
    customerOrg: org.customer,
    snapshot: pending,
  });
  if (opts.newest) await deps.latestConfirmations.mark(ctx.actor.id, session.orgId, session.id);
  const card = deps.cards.confirmChangeCard({
    ...words,
    org: banner,
    confirmId: session.id,
    owner: ctx.actor.displayName,
    minutes: Math.round(deps.confirmations.ttlMs / 60_000),
  });
  const fallback = [
    orgBannerMarkdown(banner),
    `**${words.title ?? 'Confirm this change'}**`,
    formatChanges(words.changes),
    ...(words.notes ?? []),
    'Nothing changes until you press Confirm: open this message in a Webex app that shows cards.',
  ].join('\n\n');
  const sent = await ctx.sendCard(card, fallback);
  await deps.confirmations.attachMessage(session.id, sent.id).catch((err: unknown) => {
    ctx.log.warn({ err: (err as Error).message, confirmId: session.id }, 'confirmation card id not stored');
  });
  return session;
}
