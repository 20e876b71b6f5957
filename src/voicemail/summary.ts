import { DEFAULT_PIN_LABEL, type Change } from './plan-update.js';
import { describePinRules } from './pin-policy.js';
import type { PinRules, RulesSettings } from './rules.js';
import {
  NOT_REPORTED,
  SECTIONS,
  describeSection,
  inRange,
  rangeText,
  readSection,
} from './setting-sections.js';

/** One setting's current state, as a label and display text (shared by the markdown and the cards). */
export interface SettingLine {
  label: string;
  value: string;
}

/** "**Passcode expiry**: on, 100 days → on, 60 days"; "**Default PIN**: replaced (not shown)". */
export const formatChange = (change: Change): string =>
  change.before === undefined
    ? `**${change.setting}**: ${change.after}`
    : `**${change.setting}**: ${change.before} → ${change.after}`;

/** The before → after summary as markdown list lines; empty when nothing changed. */
export function formatChanges(changes: readonly Change[]): string {
  return changes.map((change) => `- ${formatChange(change)}`).join('\n');
}

/**
 * The current settings in words. A stored number outside today's PUT range is shown as stored, with a
 * note, never as an error: Webex accepted it once and still applies it.
 */
export function settingLines(settings: RulesSettings): SettingLine[] {
  const flag = settings.defaultVoicemailPinEnabled;
  const lines: SettingLine[] = [
    { label: DEFAULT_PIN_LABEL, value: flag === undefined ? NOT_REPORTED : flag ? 'on' : 'off' },
  ];
  for (const spec of SECTIONS) {
    const section = readSection(settings, spec.name);
    if (!section) {
      lines.push({ label: spec.label, value: NOT_REPORTED });
      continue;
    }
    const note =
      section.enabled && section.value !== undefined && !inRange(section.value, spec.range)
        ? ` (new values must be ${rangeText(spec)})`
        : '';
    lines.push({ label: spec.label, value: `${describeSection(spec, section)}${note}` });
  }
  return lines;
}

/** The settings and the org's PIN rules as markdown, for `/voicemail show`. */
export function formatRules(settings: RulesSettings, pinRules: PinRules): string {
  const settingsPart = settingLines(settings).map((line) => `- **${line.label}**: ${line.value}`);
  const rulesPart = describePinRules(pinRules).map((line) => `- ${line}`);
  return [...settingsPart, '', '**PIN rules** (set by Webex, not changeable here):', ...rulesPart].join('\n');
}
