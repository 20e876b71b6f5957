import type { CommandSpec, Usage } from './command-spec.js';

const INTRO = '**Voicemail rules bot**: view and change your organization’s voicemail passcode rules.';
const OUTRO = 'In a group space, mention me in the message. Only full administrators can change the rules.';

/** The /help text from the commands' usage lines, in their order; neighbours with the same `about` share a line. */
export function helpMarkdown(usages: readonly Usage[]): string {
  const groups: Usage[][] = [];
  for (const u of usages) {
    const last = groups.at(-1);
    if (last?.[0]?.about === u.about) last.push(u);
    else groups.push([u]);
  }
  const lines = groups.map((group) => {
    const { about } = group[0]!;
    const more = group.flatMap((u) => (u.more ? [`\n  ${u.more}`] : [])).join('');
    return `- ${group.map((u) => `\`${u.syntax}\``).join(', ')}: ${about}${more}`;
  });
  return [INTRO, '', ...lines, '', OUTRO].join('\n');
}

/** `/help`; the text comes from the table, which lists this command too. */
export const helpCommand = (text: () => string): CommandSpec<'help'> => ({
  audience: 'anyone',
  usage: { syntax: '/help', about: 'this message' },
  async run(_cmd, ctx) {
    await ctx.say(text());
  },
});
