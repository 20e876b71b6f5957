import type { Usage } from './command-spec.js';

/** Usage lines as a markdown list, one command a line, each as /help shows it: syntax, what it does, more. */
export const usageLines = (usages: readonly Usage[]): string =>
  usages.map((u) => `- \`${u.syntax}\`: ${u.about}${u.more ? `\n  ${u.more}` : ''}`).join('\n');
