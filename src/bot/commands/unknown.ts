import type { ListedKind } from '../router.js';
import type { CommandSpec, Usage } from './command-spec.js';
import { usageLines } from './usage-lines.js';

export const UNKNOWN_MARKDOWN = "I didn't understand that. Say `/help` to see what I can do.";

/**
 * Text that names no command. When one is close ("/voicmail", "expire=50" without `/voicemail set`) its
 * usage line is offered; the text itself is never repeated (it could hold a PIN).
 */
export const unknownCommand = (usageOf: (kind: ListedKind) => Usage): CommandSpec<'unknown'> => ({
  audience: 'anyone',
  async run({ near }, ctx) {
    if (!near) {
      await ctx.say(UNKNOWN_MARKDOWN);
      return;
    }
    if (near === 'help') {
      await ctx.say("I didn't understand that. Did you mean `/help`? It lists what I can do.");
      return;
    }
    await ctx.say(
      `I didn't understand that. Did you mean \`${usageOf(near).syntax}\`?\n\n${usageLines([usageOf(near)])}\n\nSay \`/help\` to see everything I can do.`,
    );
  },
});
