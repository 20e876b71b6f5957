import type { FleetPolicy } from '../fleet/fleet-runs.js';
import { DEFAULT_PIN_LABEL } from '../voicemail/plan-update.js';
import type { DesiredSettings, RulesSettings } from '../voicemail/rules.js';
import { parseSetArgs, setCommandMentionsPin, type SetArgsError } from '../voicemail/set-command.js';
import { SECTIONS, quantity, readDesiredSection, readSection } from '../voicemail/setting-sections.js';

/** Which orgs `/fleet apply` is for. */
export type FleetTarget =
  /** `said`: the words typed ("all", "all orgs"): a bare "all" is ambiguous when an org is named "All". */
  | { kind: 'all'; said: 'all' | 'all orgs' }
  /** Org names or ids as typed, comma-separated. */
  | { kind: 'named'; items: string[] }
  /** Orgs whose rules now read as these settings. */
  | { kind: 'where'; settings: DesiredSettings; text: string };

export type FleetApplyArgs =
  | { ok: true; policy: FleetPolicy; target: FleetTarget }
  /** A PIN asked for in any form (a value, `pin=random`, the default PIN turned on). */
  | { ok: false; why: 'pin' }
  /** No `to …` or `where …`. */
  | { ok: false; why: 'target' }
  /** Both `to …` and `where …`: one or the other. */
  | { ok: false; why: 'to-and-where' }
  | { ok: false; why: 'settings' | 'where'; errors: SetArgsError[] };

/** Anything that would put a PIN in place: refused in fleet mode, each org has its own PIN rules. */
function asksForPin(settings: string, desired?: DesiredSettings, generate?: boolean): boolean {
  if (setCommandMentionsPin(settings) || generate) return true;
  return desired?.defaultVoicemailPin !== undefined || desired?.defaultVoicemailPinEnabled === true;
}

/**
 * Whether a `where` and a `to` clause are both in the text: in what follows `to`, a "where" followed by
 * settings (`all where history=5`); in what follows `where`, a "to" after settings (`history=5 to all`).
 */
function holdsClause(text: string, word: 'to' | 'where'): boolean {
  const words = text.split(/\s+/);
  return words.some((w, i) => {
    if (w.toLowerCase() !== word || i === 0 || i === words.length - 1) return false;
    const settings = word === 'where' ? words.slice(i + 1) : words.slice(0, i);
    return parseSetArgs(settings.join(' '), { ranges: 'read' }).ok;
  });
}

/** `"All"` or `'All'` as typed around a name: the name itself (how an org named "All" is picked). */
const unquote = (s: string) => (/^(["“”'‘’]).+(["“”'‘’])$/.test(s) ? s.slice(1, -1).trim() : s);

/**
 * `<settings> to all | to <names or ids, comma-separated> | where <setting>=<value>`. The settings are read
 * by the `/voicemail set` parser (same keys, words and PUT ranges); so is the `where` condition, with the
 * ranges GET may return (it describes what Webex holds, e.g. expire=180). `to` and `where` are never
 * combined. `to all` (or `to all orgs`) is every org; a name in quotes is a name (`to "All"`). Since
 * `set` reads "to" as "=" (`expire to 60`), the split is at the first "to" or "where" before which the
 * settings parse: `expire to 60 to Back to Basics Ltd` is expire=60 for "Back to Basics Ltd".
 */
export function parseFleetApply(text: string): FleetApplyArgs {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let lastBefore: string | undefined;
  for (let i = 1; i < words.length - 1; i++) {
    const w = words[i]!.toLowerCase();
    if (w !== 'to' && w !== 'where') continue;
    const before = words.slice(0, i).join(' ');
    const after = words.slice(i + 1).join(' ');
    lastBefore = before;
    const parsed = parseSetArgs(before);
    if (!parsed.ok) continue;
    if (asksForPin(before, parsed.desired, parsed.generatePin)) return { ok: false, why: 'pin' };
    const { defaultVoicemailPin: _never, ...policy } = parsed.desired;
    if (w === 'where') {
      const cond = parseSetArgs(after, { ranges: 'read' });
      if (!cond.ok) {
        if (holdsClause(after, 'to')) return { ok: false, why: 'to-and-where' };
        return { ok: false, why: 'where', errors: cond.errors };
      }
      if (cond.generatePin || cond.desired.defaultVoicemailPin !== undefined)
        return { ok: false, why: 'pin' };
      return { ok: true, policy, target: { kind: 'where', settings: cond.desired, text: after } };
    }
    if (holdsClause(after, 'where')) return { ok: false, why: 'to-and-where' };
    const said = after.toLowerCase().replace(/\s+/g, ' ');
    if (said === 'all' || said === 'all orgs') return { ok: true, policy, target: { kind: 'all', said } };
    const items = after
      .split(',')
      .map((s) => unquote(s.trim()))
      .filter(Boolean);
    if (items.length === 0) continue;
    return { ok: true, policy, target: { kind: 'named', items } };
  }
  const settings = lastBefore ?? text;
  if (asksForPin(settings)) return { ok: false, why: 'pin' };
  const parsed = parseSetArgs(settings);
  if (parsed.ok && asksForPin(settings, parsed.desired, parsed.generatePin)) return { ok: false, why: 'pin' };
  if (!parsed.ok) return { ok: false, why: 'settings', errors: parsed.errors };
  return { ok: false, why: 'target' };
}

/** Whether an org's rules read as the `where` condition: every setting it names, as it names it. */
export function matchesWhere(cond: DesiredSettings, settings: RulesSettings): boolean {
  if (
    cond.defaultVoicemailPinEnabled !== undefined &&
    settings.defaultVoicemailPinEnabled !== cond.defaultVoicemailPinEnabled
  )
    return false;
  return SECTIONS.every((spec) => {
    const want = readDesiredSection(cond, spec.name);
    if (want.enabled === undefined && want.value === undefined) return true;
    const have = readSection(settings, spec.name);
    if (!have) return false;
    if (want.enabled !== undefined && have.enabled !== want.enabled) return false;
    return want.value === undefined || have.value === want.value;
  });
}

/**
 * Why an org read at run time is left alone: "no longer has expire=30 (now on, 90 days)". Only the
 * settings the condition names are described; several are labelled.
 */
export function whereMissed(cond: DesiredSettings, text: string, settings: RulesSettings): string {
  const now: [string, string][] = [];
  if (cond.defaultVoicemailPinEnabled !== undefined)
    now.push(['pin-enabled', settings.defaultVoicemailPinEnabled ? 'on' : 'off']);
  for (const spec of SECTIONS) {
    const want = readDesiredSection(cond, spec.name);
    if (want.enabled === undefined && want.value === undefined) continue;
    const have = readSection(settings, spec.name);
    const state = !have
      ? 'not reported'
      : !have.enabled
        ? 'off'
        : have.value === undefined
          ? 'on'
          : `on, ${quantity(have.value, spec.unit)}`;
    now.push([spec.key, state]);
  }
  const words = now.length === 1 ? now[0]![1] : now.map(([k, v]) => `${k} ${v}`).join('; ');
  return `no longer has ${text} (now ${words})`;
}

/** The policy in the bot's words, one line per setting ("Passcode expiry: on, 60 days"). */
export function policyWords(policy: FleetPolicy): string[] {
  const lines: string[] = [];
  if (policy.defaultVoicemailPinEnabled === false)
    lines.push(`${DEFAULT_PIN_LABEL}: off (the stored PIN is discarded)`);
  for (const spec of SECTIONS) {
    const want = readDesiredSection(policy, spec.name);
    if (want.enabled === undefined && want.value === undefined) continue;
    const state =
      want.enabled === false
        ? 'off'
        : want.value === undefined
          ? 'on'
          : `on, ${quantity(want.value, spec.unit)}`;
    lines.push(`${spec.label}: ${state}`);
  }
  return lines;
}
