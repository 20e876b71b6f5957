import type { CommandSpec } from './command-spec.js';
import { ABOUT_ACCESS } from './help-lines.js';

export const logoutCommand: CommandSpec<'logout'> = {
  audience: 'anyone',
  usage: { syntax: '/logout', about: ABOUT_ACCESS },
  async run(_cmd, ctx, deps) {
    // First: a card pressed from here on, by this or a later sign-in, is refused.
    await deps.signOuts.mark(ctx.actor.id);
    const had = await deps.tokens.delete(ctx.actor.id);
    await deps.orgSelection.clear(ctx.actor.id);
    await ctx.say(
      had
        ? 'Signed out: I deleted your Webex access, and the confirmation cards I sent you no longer work. ' +
            'Say `/login` whenever you need me again.'
        : 'You were not signed in, so there was nothing to delete.',
    );
  },
};
