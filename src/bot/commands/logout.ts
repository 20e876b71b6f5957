import type { CommandSpec } from './command-spec.js';
import { ABOUT_ACCESS } from './help-lines.js';

export const logoutCommand: CommandSpec<'logout'> = {
  audience: 'anyone',
  usage: { syntax: '/logout', about: ABOUT_ACCESS },
  async run(_cmd, ctx, deps) {
    const had = await deps.tokens.delete(ctx.actor.id);
    await deps.orgSelection.clear(ctx.actor.id);
    await ctx.say(
      had
        ? 'Signed out: I deleted your Webex access. Say `/login` whenever you need me again.'
        : 'You were not signed in, so there was nothing to delete.',
    );
  },
};
