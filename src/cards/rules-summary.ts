import { describePinRules } from '../voicemail/pin-policy.js';
import type { PinRules, RulesSettings } from '../voicemail/rules.js';
import { settingLines, type SettingLine } from '../voicemail/summary.js';
import { escapeMarkdown } from '../markdown.js';

/** The data cards/rules-summary.json is filled with. */
export interface RulesSummaryData {
  orgName: string;
  settings: SettingLine[];
  pinRules: string[];
  canEdit: boolean;
  hasNote: boolean;
  note: string;
}

export interface RulesSummaryInput {
  orgName: string;
  settings: RulesSettings;
  pinRules: PinRules;
  /**
   * Shows a "Change settings" button submitting `{ action: 'voicemail.edit' }`; off unless the caller
   * handles that action (and the viewer may edit).
   */
  canEdit?: boolean;
  /** A last line in the bot's own words, e.g. who can change the rules (for a read-only administrator). */
  note?: string;
}

export function rulesSummaryData(input: RulesSummaryInput): RulesSummaryData {
  return {
    // TextBlocks render markdown; the org name comes from Webex.
    orgName: escapeMarkdown(input.orgName),
    settings: settingLines(input.settings),
    pinRules: describePinRules(input.pinRules),
    canEdit: input.canEdit ?? false,
    hasNote: Boolean(input.note),
    note: input.note ?? '',
  };
}
