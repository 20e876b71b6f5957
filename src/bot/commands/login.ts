import { accessRequestOf } from '../require-access.js';
import type { CommandSpec } from './command-spec.js';
import { ABOUT_ACCESS } from './help-lines.js';

export const loginCommand: CommandSpec<'login'> = {
  audience: 'anyone',
  usage: { syntax: '/login', about: ABOUT_ACCESS },
  async run(_cmd, ctx, deps) {
    await ctx.say(await deps.accessHelp(accessRequestOf(ctx)));
  },
};
