import { accessRequestOf } from '../require-access.js';
import type { CommandSpec } from './command-spec.js';
import { ABOUT_ACCESS } from './help-lines.js';

export const loginCommand: CommandSpec<'login'> = {
  audience: 'anyone',
  usage: { syntax: '/login', about: ABOUT_ACCESS },
  async run(_cmd, ctx, deps) {
    // Everything the bot could do for them (a read-only administrator's consent simply grants less), plus
    // whatever an earlier sign-in holds, so signing in again takes nothing away.
    const current = await deps.tokens.get(ctx.actor.id);
    await ctx.say(await deps.accessHelp({ ...accessRequestOf(ctx), need: 'all', granted: current?.scopes }));
  },
};
