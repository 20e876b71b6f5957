import type { CommandSpec } from './command-spec.js';

export const UNKNOWN_MARKDOWN = "I didn't understand that. Say `/help` to see what I can do.";

/** Anything the router could not read. */
export const unknownCommand: CommandSpec<'unknown'> = {
  audience: 'anyone',
  async run(_cmd, ctx) {
    await ctx.say(UNKNOWN_MARKDOWN);
  },
};
