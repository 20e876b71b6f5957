import { code, md, raw } from '../../markdown.js';
import { shortName } from '../../short-name.js';
import { orgBannerMarkdown } from '../../cards/org-banner.js';
import { fromNow } from '../time-words.js';
import { requireAccess } from '../require-access.js';
import type { CommandSpec } from './command-spec.js';
import { ABOUT_ORG } from './help-lines.js';

export const orgShowCommand: CommandSpec<'org.show'> = {
  // Any signed-in admin may ask which org their commands act on, but /help lists it with the partner
  // commands it belongs with: for anyone else the answer is always their own org.
  audience: 'partner',
  usage: { syntax: '/org', about: ABOUT_ORG },
  async run(_cmd, ctx, deps) {
    const access = await requireAccess(deps, ctx, { need: 'orgs', then: { kind: 'org.show' } });
    if (!access) return;
    // Looking at the choice is not using it: its expiry stays where the last voicemail command put it.
    const choice = await deps.orgSelection.peek(ctx.actor.id);
    if (choice) {
      await ctx.say(
        `${orgBannerMarkdown({ orgName: choice.name, customer: true })}\n\n` +
          md`Voicemail commands act on ${shortName(choice.name)} (${code(choice.orgId)}). The choice expires ` +
          md`${raw(fromNow(choice.expiresAt))} unless a voicemail command uses it before then (each use keeps ` +
          'it 30 more days). `/org use` another, or your own org to go back.',
      );
      return;
    }
    const name = await deps.orgs.displayName(access.token, access.orgId);
    await ctx.say(
      md`Voicemail commands act on your own organization, **${shortName(name)}**. Partner admins: \`/org list\`, then \`/org use\`.`,
    );
  },
};
