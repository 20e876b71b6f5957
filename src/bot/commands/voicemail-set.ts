import { planUpdate } from '../../voicemail/plan-update.js';
import { parseSetArgs, setCommandMentionsPin } from '../../voicemail/set-command.js';
import { applyUpdate } from '../apply-update.js';
import type { BotContext } from '../bot-context.js';
import { loadRules } from '../load-rules.js';
import { requireAccess } from '../require-access.js';
import type { BotDeps } from '../voicemail-deps.js';
import { escapeMarkdown, md } from '../../markdown.js';

/** Problems as a markdown list; their text is plain and may quote what was typed. */
const problemList = (errors: readonly { message: string }[]): string =>
  errors.map((e) => `- ${escapeMarkdown(e.message)}`).join('\n');

const SET_HELP =
  'Usage: `/voicemail set key=value …` with `pin-enabled=on|off`, `pin=<digits>` (1:1 space only), ' +
  '`expire=off|15–100`, `change=off|1–7`, `history=off|1–10`. Example: `/voicemail set expire=60 history=5`';

export async function voicemailSet(deps: BotDeps, ctx: BotContext, args: string): Promise<void> {
  if (ctx.room.type === 'group' && setCommandMentionsPin(args)) {
    await ctx.say(
      'Not changed: a PIN typed in a group space is visible to everyone in it. ' +
        'Set the PIN in a 1:1 space with me, or with the `/voicemail` form. ' +
        'If that PIN was meant to stay secret, choose a different one.',
    );
    return;
  }
  if (!args.trim()) {
    await ctx.say(SET_HELP);
    return;
  }
  const parsed = parseSetArgs(args);
  if (!parsed.ok) {
    await ctx.say(`Not changed:\n${problemList(parsed.errors)}\n\n${SET_HELP}`);
    return;
  }
  const access = await requireAccess(deps, ctx);
  if (!access) return;
  const rules = await loadRules(deps, ctx, access);
  const plan = planUpdate(parsed.desired, rules.settings, rules.pinRules);
  if (!plan.ok) {
    await ctx.say(`Not changed:\n${problemList(plan.errors)}`);
    return;
  }
  if (plan.changes.length === 0) {
    await ctx.say(md`Nothing to change: the rules for ${rules.orgName} already say that.`);
    return;
  }
  // A bot cannot delete a person's message: the one carrying the PIN stays in this space's history.
  const note =
    plan.update.defaultVoicemailPin !== undefined
      ? '_Your message with the PIN stays in this space: delete it once you have shared the PIN with your people._'
      : undefined;
  await applyUpdate(
    deps,
    ctx,
    { access, orgId: rules.orgId, orgName: rules.orgName },
    { ...plan, before: rules.settings },
    note,
  );
}
