import { planUpdate } from '../../voicemail/plan-update.js';
import { parseSetArgs, setCommandMentionsPin } from '../../voicemail/set-command.js';
import { SET_EXAMPLES, SET_KEYS, type SetKeySpec } from '../../voicemail/setting-sections.js';
import { applyUpdate } from '../apply-update.js';
import type { BotContext } from '../bot-context.js';
import { loadRules } from '../load-rules.js';
import { requireAccess } from '../require-access.js';
import { hasPinLikeDigits } from '../../voicemail/pin-like-digits.js';
import type { CarryOn } from '../../store/sign-in-states.js';
import type { BotDeps } from '../bot-deps.js';
import { escapeMarkdown, md } from '../../markdown.js';
import type { CommandSpec, Usage } from './command-spec.js';
import { usageLines } from './usage-lines.js';

/** Problems as a markdown list; their text is plain and may quote what was typed. */
const problemList = (errors: readonly { message: string }[]): string =>
  errors.map((e) => `- ${escapeMarkdown(e.message)}`).join('\n');

const SYNTAX = '/voicemail set key=value …';
const EXAMPLE = `\`/voicemail set ${SET_EXAMPLES.join(' ')}\``;

/** "`pin=<digits>` (1:1 space only)": a key with what it takes; `long` adds what the number counts. */
const keyText = (k: SetKeySpec, where: string, long = false): string =>
  `\`${k.key}=${k.values ?? '<digits>'}\`${k.directOnly ? ` (${where} only)` : ''}${long && k.unit ? ` ${k.unit}` : ''}`;

const USAGE: Usage = {
  syntax: SYNTAX,
  about: `change rules in one line, e.g. ${EXAMPLE}`,
  more: `keys: ${SET_KEYS.map((k) => keyText(k, '1:1', true)).join(', ')}`,
};

/** The table's usage line, said again under a refusal. */
const SET_HELP = `Usage:\n${usageLines([USAGE])}`;

async function voicemailSet(deps: BotDeps, ctx: BotContext, args: string): Promise<void> {
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
  // Carried on after a sign-in, unless it holds a PIN (or what could be one): that is never kept meanwhile.
  const then: CarryOn =
    setCommandMentionsPin(args) || hasPinLikeDigits(args)
      ? { kind: 'retype', command: 'voicemail.set' }
      : { kind: 'voicemail.set', args };
  // A read-only administrator is refused here, before anything is sent to Webex.
  const access = await requireAccess(deps, ctx, { need: 'change', then });
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

export const voicemailSetCommand: CommandSpec<'voicemail.set'> = {
  audience: 'full-admin',
  usage: USAGE,
  run: (cmd, ctx, deps) => voicemailSet(deps, ctx, cmd.args),
};
