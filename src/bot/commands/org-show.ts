import { code, md } from '../../markdown.js';
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
    const choice = await deps.orgSelection.get(ctx.actor.id);
    if (choice) {
      await ctx.say(
        md`Voicemail commands act on **${choice.displayName}** (${code(choice.orgId)}). \`/org use\` another, or your own.`,
      );
      return;
    }
    const name = await deps.orgs.displayName(access.token, access.orgId);
    await ctx.say(
      md`Voicemail commands act on your own organization, **${name}**. Partner admins: \`/org list\`, then \`/org use\`.`,
    );
  },
};
