import { orgBannerMarkdown } from '../../cards/org-banner.js';
import { orgWatchId } from '../../drift/watch-store.js';
import { loadRules } from '../load-rules.js';
import { requireAccess } from '../require-access.js';
import type { CommandSpec } from './command-spec.js';
import { everyText, WATCH_NEEDS_REDIS, watchStatus } from './watch-status.js';

/**
 * A drift watch on the org the person's commands act on (their own, or the customer org chosen with
 * `/org use`). Read-only administrators may set one too: it only reads the rules, with their own token, and
 * posts no more than `/voicemail show` would show them in the same space.
 */
export const voicemailWatchCommand: CommandSpec<'voicemail.watch'> = {
  audience: 'admin',
  usage: {
    syntax: '/voicemail watch on',
    about: 'tell this space when someone changes the rules outside me (Control Hub, another tool)',
    more: '`/voicemail watch off` stops it; `/voicemail watch` alone says what is watched here',
  },
  async run({ mode }, ctx, deps) {
    if (mode === 'status') {
      await ctx.say(await watchStatus(deps, ctx.room.id));
      return;
    }
    if (!deps.drift.available) {
      await ctx.say(WATCH_NEEDS_REDIS);
      return;
    }
    const access = await requireAccess(deps, ctx, { need: 'view' });
    if (!access) return;
    const target = await deps.targetOrg(access);
    const orgId = target.orgId ?? access.orgId;
    if (orgId === undefined) {
      await ctx.say('I cannot tell which organization you belong to, so I cannot watch its rules.');
      return;
    }
    const id = orgWatchId(ctx.room.id, orgId);
    if (mode === 'off') {
      const gone = await deps.drift.stop(id);
      const org =
        gone?.orgs.kind === 'org'
          ? { orgName: gone.orgs.orgName, customer: gone.orgs.customer }
          : {
              orgName: target.customerName ?? (await deps.orgs.displayName(access.token, access.orgId)),
              customer: target.customerName !== undefined,
            };
      await ctx.say(
        `${orgBannerMarkdown(org)}\n\n` +
          (gone
            ? 'Drift watch off: I no longer check these rules for this space.'
            : 'No drift watch on these rules in this space, so there is nothing to turn off. `/voicemail watch` lists what is watched here.'),
      );
      return;
    }
    // Read now: it checks the person may read them, names the org, and is what later checks compare with.
    const rules = await loadRules(deps, ctx, access, target);
    // As `/voicemail show` would: what the watch posts here, this space's people will read.
    const org = { ...rules, warning: await deps.spaceOrgs.warning(ctx, rules) };
    const before = await deps.drift.watches.get(id);
    await deps.drift.start(
      {
        id,
        personId: ctx.actor.id,
        personName: ctx.actor.displayName,
        roomId: ctx.room.id,
        orgs: { kind: 'org', orgId, orgName: rules.orgName, customer: rules.customer },
        createdAt: new Date().toISOString(),
      },
      { orgId, settings: rules.settings, revision: rules.revision },
    );
    const again = before && !before.paused && before.personId === ctx.actor.id ? ' (started afresh)' : '';
    const taken =
      before && before.personId !== ctx.actor.id ? ' It replaces the watch set with another sign-in.' : '';
    await ctx.say(
      `${orgBannerMarkdown(org)}\n\n` +
        `**Drift watch on**${again}: I read these rules ${everyText(deps.drift.intervalMs)} with your sign-in and ` +
        'post here when someone changes them outside me (Control Hub, another tool): which setting, old → new. ' +
        `Changes made through me are not reported.${taken} Stop it with \`/voicemail watch off\`.`,
    );
  },
};
