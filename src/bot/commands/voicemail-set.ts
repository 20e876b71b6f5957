import { PIN_DISCARD_WARNING, discardsDefaultPin, planUpdate } from '../../voicemail/plan-update.js';
import { parseSetArgs, setCommandMentionsPin } from '../../voicemail/set-command.js';
import { SET_EXAMPLES, SET_KEYS, type SetKeySpec } from '../../voicemail/setting-sections.js';
import { applyUpdate, assertMayChange, mayStillLand } from '../apply-update.js';
import { pinMayLand } from '../pin-may-land.js';
import type { Access } from '../access-provider.js';
import type { BotContext } from '../bot-context.js';
import { loadRules, type LoadedRules } from '../load-rules.js';
import { requireAccess } from '../require-access.js';
import { hasPinLikeDigits } from '../../voicemail/pin-like-digits.js';
import type { CarryOn } from '../../store/sign-in-states.js';
import type { BotDeps } from '../bot-deps.js';
import { escapeMarkdown } from '../../markdown.js';
import { orgBannerMarkdown } from '../../cards/org-banner.js';
import type { Change } from '../../voicemail/plan-update.js';
import type { RulesUpdate } from '../../voicemail/rules.js';
import type { TargetOrg } from '../target-org.js';
import type { CommandSpec, Usage } from './command-spec.js';
import { usageLines } from './usage-lines.js';
import { generatePin } from '../../voicemail/generate-pin.js';
import { sendGeneratedPin } from '../send-generated-pin.js';
import { askToConfirm } from '../ask-to-confirm.js';

/** Problems as a markdown list; their text is plain and may quote what was typed. */
const problemList = (errors: readonly { message: string }[]): string =>
  errors.map((e) => `- ${escapeMarkdown(e.message)}`).join('\n');

const SYNTAX = '/voicemail set key=value …';
const EXAMPLE = `\`/voicemail set ${SET_EXAMPLES.join(' ')}\``;

/**
 * "`pin=<digits>` (1:1 space only) or `pin=random`": a key with what it takes; `long` adds what the number
 * counts. Only the first value word is named: the others mean the same.
 */
const keyText = (k: SetKeySpec, where: string, long = false): string =>
  `\`${k.key}=${k.values ?? '<digits>'}\`${k.directOnly ? ` (${where} only)` : ''}` +
  `${k.words?.[0] ? ` or \`${k.key}=${k.words[0]}\`` : ''}${long && k.unit ? ` ${k.unit}` : ''}`;

const USAGE: Usage = {
  syntax: SYNTAX,
  about: `change rules in one line, e.g. ${EXAMPLE}`,
  more: `keys: ${SET_KEYS.map((k) => keyText(k, '1:1', true)).join(', ')}`,
};

/** The table's usage line, said again under a refusal. */
const SET_HELP = `Usage:\n${usageLines([USAGE])}`;

/** The org with its name: a customer org's as chosen, one's own looked up (the directory remembers it). */
async function namedTarget(deps: BotDeps, access: Access): Promise<TargetOrg> {
  const { orgId, customerName } = await deps.targetOrg(access);
  if (customerName !== undefined) return { orgId, orgName: customerName, customer: true };
  return { orgId, orgName: await deps.orgs.displayName(access.token, orgId), customer: false };
}

/**
 * A change to a customer org is shown first, with the org in the banner, and made only on Confirm (see
 * actions/voicemail-confirm): a partner who forgot which org `/org use` chose sees it before it happens.
 */
async function confirmFirst(
  deps: BotDeps,
  ctx: BotContext,
  access: Access,
  rules: LoadedRules,
  plan: { update: RulesUpdate; changes: Change[] },
): Promise<void> {
  assertMayChange(access, rules);
  const { defaultVoicemailPin, ...update } = plan.update;
  // Refused above; a PIN must never wait in storage, so this is a bug if it ever happens.
  if (defaultVoicemailPin !== undefined) throw new Error('a PIN cannot wait for a confirmation');
  const pending = {
    kind: 'rules' as const,
    update,
    changes: plan.changes,
    before: rules.settings,
    ...(rules.revision === undefined ? {} : { revision: rules.revision }),
  };
  await askToConfirm(deps, ctx, rules, pending, { changes: plan.changes }, { newest: true });
}

/** `confirm` among the words: the admin has read what turning the default PIN off does. */
function takeConfirm(typed: string): { args: string; confirmed: boolean } {
  const words = typed.split(/\s+/);
  const kept = words.filter((w) => w.toLowerCase() !== 'confirm');
  return { args: kept.join(' '), confirmed: kept.length !== words.length };
}

/**
 * Turning the default PIN off throws the stored PIN away, which a one-line command would otherwise do
 * without a word: it is said first, and done once the same command comes back with `confirm`.
 */
function pinDiscardQuestion(args: string): string {
  const again = args.trim().replace(/\s+/g, ' ');
  // Echoed only when it is plainly keys and values; anything else gets the instruction in words.
  const example =
    /^[a-z0-9=, -]+$/i.test(again) && !hasPinLikeDigits(again)
      ? `: \`/voicemail set ${again} confirm\``
      : ' (the same command with `confirm` at the end).';
  return `Not changed yet. ${PIN_DISCARD_WARNING} To go ahead, say it again with \`confirm\`${example}`;
}

async function voicemailSet(deps: BotDeps, ctx: BotContext, typed: string): Promise<void> {
  const { args, confirmed } = takeConfirm(typed);
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
    // Signed in: which org it was meant for, as every reply about the rules starts (no sign-in asked for).
    const signedIn = await deps.access.get(ctx.actor.id);
    const head = signedIn ? `${orgBannerMarkdown(await namedTarget(deps, signedIn))}\n\n` : '';
    await ctx.say(`${head}Not changed:\n${problemList(parsed.errors)}\n\n${SET_HELP}`);
    return;
  }
  // Carried on after a sign-in, unless it holds a PIN (or what could be one): that is never kept meanwhile.
  const then: CarryOn =
    setCommandMentionsPin(args) || hasPinLikeDigits(args)
      ? { kind: 'retype', command: 'voicemail.set' }
      : { kind: 'voicemail.set', args: typed };
  // A read-only administrator is refused here, before anything is sent to Webex.
  const access = await requireAccess(deps, ctx, { need: 'change', then });
  if (!access) return;
  const target = await deps.targetOrg(access);
  const { generatePin: generate } = parsed;
  if (target.customerName !== undefined && generate) {
    const banner = orgBannerMarkdown({ orgName: target.customerName, customer: true });
    await ctx.say(
      `${banner}\n\nNot changed: a change to a customer org waits for your Confirm, and a PIN I make up ` +
        'would have to wait with it. Set the PIN with the `/voicemail` form (its Save is the confirmation); ' +
        'the other settings work with `/voicemail set` as they are.',
    );
    return;
  }
  if (target.customerName !== undefined && parsed.desired.defaultVoicemailPin !== undefined) {
    const banner = orgBannerMarkdown({ orgName: target.customerName, customer: true });
    await ctx.say(
      `${banner}\n\nNot changed: a change to a customer org waits for your Confirm, and I do not keep a PIN ` +
        'waiting for it. Set the PIN with the `/voicemail` form (its Save is the confirmation); the other ' +
        'settings work with `/voicemail set` as they are.',
    );
    return;
  }
  const rules = await loadRules(deps, ctx, access, target);
  const banner = orgBannerMarkdown(rules);
  // Made up against the rules just read, so it passes the rules in force now.
  const generated = generate ? generatePin(rules.pinRules) : undefined;
  if (generated && !generated.ok) {
    // The reason is the bot's own words and Webex's numbers: no markdown to escape.
    await ctx.say(`${banner}\n\nNot changed. ${generated.reason}`);
    return;
  }
  const desired = generated?.ok ? { ...parsed.desired, defaultVoicemailPin: generated.pin } : parsed.desired;
  const plan = planUpdate(desired, rules.settings, rules.pinRules);
  if (!plan.ok) {
    await ctx.say(`${banner}\n\nNot changed:\n${problemList(plan.errors)}`);
    return;
  }
  if (plan.changes.length === 0) {
    await ctx.say(`${banner}\n\nNothing to change: the rules already say that.`);
    return;
  }
  if (rules.customer) {
    await confirmFirst(deps, ctx, access, rules, plan);
    return;
  }
  if (discardsDefaultPin(plan.update) && !confirmed) {
    await ctx.say(`${banner}\n\n${pinDiscardQuestion(args)}`);
    return;
  }
  // A bot cannot delete a person's message: the one carrying the PIN stays in this space's history.
  const note =
    plan.update.defaultVoicemailPin !== undefined && !generated
      ? '_Your message with the PIN stays in this space: delete it once you have shared the PIN with your people._'
      : undefined;
  try {
    await applyUpdate(deps, ctx, { ...rules, access }, { ...plan, before: rules.settings }, note);
  } catch (err) {
    // Not seen in place, but Webex never answered: the PIN may still land, so its one copy goes to the person.
    if (generated?.ok && mayStillLand(err)) await pinMayLand(deps, ctx, rules, generated.pin, err);
    else throw err;
    return;
  }
  // applyUpdate resolved: the PIN is in place, or may be (the outcome said which); a failure threw.
  if (generated?.ok) await sendGeneratedPin(deps, ctx, rules, generated.pin);
}

export const voicemailSetCommand: CommandSpec<'voicemail.set'> = {
  audience: 'full-admin',
  usage: USAGE,
  run: (cmd, ctx, deps) => voicemailSet(deps, ctx, cmd.args),
};
