import type { ListedKind, UsageReason } from '../router.js';
import type { CommandSpec, Usage } from './command-spec.js';
import { usageLines } from './usage-lines.js';

/** The first line, by what was wrong; `head` is the command as the table spells it, never typed text. */
const LEAD: Record<UsageReason, (head: string) => string> = {
  incomplete: (head) => `\`${head}\` needs more after it:`,
  extra: (head) => `\`${head}\` does not take that after it:`,
  subcommand: (head) => `\`${head}\` does not do that.`,
};

/**
 * A command recognised but not complete (`/org use`, `/login now`, `/voicemail foo`): its own usage lines
 * from the command table, not "I didn't understand".
 */
export const usageCommand = (usageOf: (kind: ListedKind) => Usage): CommandSpec<'usage'> => ({
  audience: 'anyone',
  async run({ reason, head, of, near }, ctx) {
    const meant = near ? ` Did you mean \`${usageOf(near).syntax}\`?` : '';
    await ctx.say(`${LEAD[reason](head)}${meant}\n\n${usageLines(of.map(usageOf))}`);
  },
});
