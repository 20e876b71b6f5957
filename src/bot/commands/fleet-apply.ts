import type { FleetOrgRead, FleetOrgRef } from '../../fleet/read-fleet-rules.js';
import { escapeMarkdown, md } from '../../markdown.js';
import { shorten } from '../../short-name.js';
import { hasPinLikeDigits } from '../../voicemail/pin-like-digits.js';
import { PIN_DISCARD_WARNING, planUpdate, type Change } from '../../voicemail/plan-update.js';
import { SET_EXAMPLES } from '../../voicemail/setting-sections.js';
import { askToConfirm } from '../ask-to-confirm.js';
import type { BotContext } from '../bot-context.js';
import type { PendingFleet } from '../bot-deps.js';
import { matchesWhere, parseFleetApply, policyWords, type FleetTarget } from '../fleet-apply-args.js';
import { customerOrgs, fleetAccess, readFleetRules } from '../load-fleet.js';
import type { CommandDeps, CommandSpec, Usage } from './command-spec.js';
import { FLEET_NAME_CHARS, fleetLine } from './fleet-lines.js';
import { ABOUT_FLEET } from './help-lines.js';
import { pageLines } from './message-pages.js';

/** The one key a fleet's confirmation is kept under (it is not one org's): only the newest card works. */
export const FLEET_CONFIRM_ORG = 'fleet';

const EXAMPLE = `/fleet apply ${SET_EXAMPLES.join(' ')} to all`;

const USAGE: Usage = {
  syntax: '/fleet apply <settings> to all | to <names or ids> | where <setting>=<value>',
  // One rule for "all": `to all` / `to all orgs` is every org; an org named "All" is `to "All"` (quoted).
  about: ABOUT_FLEET,
  more:
    `settings as for \`/voicemail set\`, never a PIN; e.g. \`${EXAMPLE}\`; \`to\` or \`where\`, not both; ` +
    '`to all orgs` is every org, a quoted name is one org (`to "All"`); a preview and a Confirm card come first',
};

const PIN_REFUSED =
  'Not applied: a fleet run never sets a PIN. Each org has its own PIN rules (length, repeated digits, ' +
  'sequences), so one PIN would not pass them all, and one PIN shared by many customers is a bad idea: ' +
  'whoever learns it knows every org’s default. Leave `pin`, `pin=random` and `pin-enabled=on` out, and ' +
  'set a default PIN per org with `/org use` and the `/voicemail` form. (`pin-enabled=off` is allowed.)';

const NO_TARGET =
  `Say which orgs: \`… to all\`, \`… to <names or ids, comma-separated>\` or \`… where <setting>=<value>\`, ` +
  `e.g. \`${EXAMPLE}\`. Nothing was changed.`;

const TO_AND_WHERE =
  'Not applied: `to` and `where` cannot be combined. Say `… to all`, `… to <names or ids>` or ' +
  '`… where <setting>=<value>` (every org you manage that meets it). Nothing was changed.';

const problemList = (errors: readonly { message: string }[]): string =>
  errors.map((e) => `- ${escapeMarkdown(e.message)}`).join('\n');

/** What was typed for an org, said back only when it cannot be a PIN typed into the wrong box. */
const typedBack = (item: string) =>
  hasPinLikeDigits(item)
    ? 'one of the names (not repeated: it holds a long number)'
    : md`“${shorten(item, 60)}”`;

/**
 * The orgs named: an id or a whole name (any case) first, else the one org whose name holds the text.
 * Every name must find exactly one org, or nothing is done.
 */
function pickNamed(
  orgs: readonly FleetOrgRef[],
  items: readonly string[],
): { ok: true; orgs: FleetOrgRef[] } | { ok: false; problems: string[] } {
  const picked = new Map<string, FleetOrgRef>();
  const problems: string[] = [];
  for (const item of items) {
    const q = item.toLowerCase();
    const exact = orgs.filter((o) => o.id === item || o.name.toLowerCase() === q);
    const hits = exact.length ? exact : orgs.filter((o) => o.name.toLowerCase().includes(q));
    if (hits.length === 1) picked.set(hits[0]!.id, hits[0]!);
    else if (hits.length === 0) problems.push(`- ${typedBack(item)} matches no customer org you manage`);
    else
      problems.push(
        `- ${typedBack(item)} matches ${hits.length} orgs` +
          md` (${hits
            .slice(0, 3)
            .map((o) => shorten(o.name, 40))
            .join(', ')}${hits.length > 3 ? ', …' : ''})` +
          ': use the whole name or the id',
      );
  }
  return problems.length ? { ok: false, problems } : { ok: true, orgs: [...picked.values()] };
}

/** One run per person at a time: a second is refused while the first goes on. */
async function runningRun(deps: CommandDeps, personId: string): Promise<string | undefined> {
  const runId = await deps.fleet?.latest(personId);
  const run = runId ? await deps.fleet?.status(runId) : null;
  if (!run || run.status !== 'running') return undefined;
  return (
    `You already have a fleet run going (${run.done}/${run.total} orgs done). One run at a time: see it with ` +
    '`/fleet status`, stop it with `/fleet cancel`, and ask again once it has finished. Nothing was changed.'
  );
}

interface Preview {
  change: { org: FleetOrgRef; changes: Change[] }[];
  matching: FleetOrgRead[];
  refused: { org: FleetOrgRef; why: string }[];
  unreadable: FleetOrgRead[];
  /** Orgs read but left out by `where`. */
  filtered: number;
}

function preview(
  reads: readonly FleetOrgRead[],
  policy: PendingFleet['policy'],
  target: FleetTarget,
): Preview {
  const p: Preview = { change: [], matching: [], refused: [], unreadable: [], filtered: 0 };
  for (const r of reads) {
    if (!r.ok) {
      p.unreadable.push(r);
      continue;
    }
    if (target.kind === 'where' && !matchesWhere(target.settings, r.settings)) {
      p.filtered++;
      continue;
    }
    // The planner `/voicemail set` uses, against this org's own rules: only what differs would be PUT.
    const plan = planUpdate(policy, r.settings, r.pinRules);
    if (!plan.ok) p.refused.push({ org: r.org, why: plan.errors.map((e) => e.message).join('; ') });
    else if (plan.changes.length === 0) p.matching.push(r);
    else p.change.push({ org: r.org, changes: plan.changes });
  }
  return p;
}

/** Per setting, how many orgs it changes for ("Passcode expiry → on, 60 days: 30 orgs"). */
function perSetting(p: Preview): Change[] {
  const counts = new Map<string, { after: string; n: number }>();
  for (const { changes } of p.change)
    for (const c of changes) {
      const had = counts.get(c.setting);
      counts.set(c.setting, { after: c.after, n: (had?.n ?? 0) + 1 });
    }
  return [...counts].map(([setting, { after, n }]) => ({
    setting,
    after: `${after} (${n} ${n === 1 ? 'org' : 'orgs'})`,
  }));
}

const orgs = (n: number) => `${n} ${n === 1 ? 'org' : 'orgs'}`;

async function fleetApply(deps: CommandDeps, ctx: BotContext, text: string): Promise<void> {
  const args = parseFleetApply(text);
  if (!args.ok) {
    if (args.why === 'pin') {
      const note =
        ctx.room.type === 'group'
          ? ' If a PIN you meant to keep secret is in your message, it is visible to everyone in this space: choose a different one.'
          : '';
      await ctx.say(PIN_REFUSED + note);
    } else if (args.why === 'target') await ctx.say(NO_TARGET);
    else if (args.why === 'to-and-where') await ctx.say(TO_AND_WHERE);
    else
      await ctx.say(
        `Not applied: ${args.why === 'where' ? 'the condition after `where`' : 'the settings'} could not be read:\n` +
          `${problemList(args.errors)}\n\nSettings are written as for \`/voicemail set\`, e.g. \`${EXAMPLE}\`.`,
      );
    return;
  }
  const fa = await fleetAccess(deps, ctx, 'change');
  if (!fa) return;
  const busy = await runningRun(deps, ctx.actor.id);
  if (busy) {
    await ctx.say(busy);
    return;
  }
  const all = await customerOrgs(deps, ctx, fa);
  if (!all) return;
  let targets: FleetOrgRef[] = all;
  const namedAll = all.filter((o) => o.name.trim().toLowerCase() === 'all');
  if (args.target.kind === 'all' && args.target.said === 'all' && namedAll.length) {
    await ctx.say(
      md`Not applied: “all” is ambiguous: you manage an org named “${shorten(namedAll[0]!.name, 60)}”. ` +
        'Say `to all orgs` for every org you manage, or `to "All"` (in quotes) for that one org. Nothing was changed.',
    );
    return;
  }
  if (args.target.kind === 'named') {
    const named = pickNamed(all, args.target.items);
    if (!named.ok) {
      await ctx.say(`Not applied:\n${named.problems.join('\n')}\n\nSee \`/fleet find <part of a name>\`.`);
      return;
    }
    targets = named.orgs;
  }
  const reads = await readFleetRules(deps, ctx, fa, targets);
  const p = preview(reads, args.policy, args.target);
  const words = policyWords(args.policy);
  const considered = reads.length - p.filtered;
  const lines: string[] = [];
  const summary =
    `Of ${orgs(considered)}${args.target.kind === 'where' ? ' where the condition holds' : ''}: ` +
    [
      `**${p.change.length} would change**`,
      `${p.matching.length} already match`,
      ...(p.refused.length ? [`${p.refused.length} cannot take this policy`] : []),
      ...(p.unreadable.length ? [`${p.unreadable.length} could not be read`] : []),
    ].join(', ') +
    (args.target.kind === 'where' ? ` (${orgs(p.filtered)} read do not meet it)` : '') +
    '.';
  const settingLines = perSetting(p).map((c) => `- ${c.setting} → ${c.after}`);
  if (settingLines.length) lines.push('**Per setting:**', ...settingLines);
  if (p.unreadable.length)
    lines.push(
      '**Could not be read (not in the run):**',
      ...p.unreadable.map((r) => fleetLine(r, undefined)),
    );
  if (p.refused.length)
    lines.push(
      '**Cannot take this policy (not in the run):**',
      ...p.refused.map((r) => md`- **${shorten(r.org.name, FLEET_NAME_CHARS)}**: ${r.why}`),
    );
  const pages = pageLines(lines, {
    header: (page, n) =>
      [
        `**Fleet apply: preview**${n > 1 ? ` (page ${page} of ${n})` : ''}`,
        md`Policy: ${words.join('; ')}`,
        summary,
      ].join('\n\n'),
    footer: () => '',
  });
  for (const page of pages) await ctx.say(page);
  if (p.change.length === 0) {
    await ctx.say('Nothing to apply: no org that could be read needs a change. Nothing was changed.');
    return;
  }
  const pending: PendingFleet = {
    kind: 'fleet',
    policy: args.policy,
    policyWords: words,
    ...(args.target.kind === 'where'
      ? { where: { settings: args.target.settings, text: args.target.text } }
      : {}),
    orgs: p.change.map((c) => c.org),
  };
  const notes = [
    `${orgs(p.matching.length)} already matching ${p.matching.length === 1 ? 'is' : 'are'} left alone; orgs that could not be read or cannot take the policy are not in the run.`,
    ...(args.policy.defaultVoicemailPinEnabled === false ? [`**${PIN_DISCARD_WARNING}**`] : []),
    'Each org is read again just before it is written: one already matching by then is left alone. Progress is shown in this space; `/fleet status` and `/fleet cancel` while it runs.',
  ];
  await askToConfirm(
    deps,
    ctx,
    { orgId: FLEET_CONFIRM_ORG, orgName: `${orgs(p.change.length)} to change`, customer: false, fleet: true },
    pending,
    {
      title: `Apply this policy to ${orgs(p.change.length)}`,
      intro:
        'Nothing changes until you press Confirm. Then each org is written once, by jobs every instance of the bot shares.',
      changes: perSetting(p),
      notes,
      confirmTitle: `Apply to ${orgs(p.change.length)}`,
    },
    { newest: true },
  );
}

export const fleetApplyCommand: CommandSpec<'fleet.apply'> = {
  audience: 'partner',
  usage: USAGE,
  run: (cmd, ctx, deps) => fleetApply(deps, ctx, cmd.args),
};
