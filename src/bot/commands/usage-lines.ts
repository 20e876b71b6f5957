import type { Usage } from './command-spec.js';

/**
 * One markdown list line for commands that share what they do (`/help` puts neighbours with the same
 * `about` on one line): their syntaxes, what they do, and each one's extra line under it.
 */
export function usageLine(group: readonly Usage[]): string {
  const { about } = group[0]!;
  const more = group.flatMap((u) => (u.more ? [`\n  ${u.more}`] : [])).join('');
  return `- ${group.map((u) => `\`${u.syntax}\``).join(', ')}: ${about}${more}`;
}

/** Usage lines as a markdown list, one command a line, each as /help shows it. */
export const usageLines = (usages: readonly Usage[]): string => usages.map((u) => usageLine([u])).join('\n');
