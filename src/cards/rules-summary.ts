import { describePinRules } from '../voicemail/pin-policy.js';
import type { PinRules, RulesSettings } from '../voicemail/rules.js';
import { settingLines, type SettingLine } from '../voicemail/summary.js';
import { orgBannerData, type OrgBannerData, type OrgBannerInput } from './org-banner.js';

/** The data cards/rules-summary.json is filled with. */
export interface RulesSummaryData {
  orgBanner: OrgBannerData;
  settings: SettingLine[];
  pinRules: string[];
  canEdit: boolean;
  hasNote: boolean;
  note: string;
}

export interface RulesSummaryInput {
  /** The org the card is about: its banner comes first. */
  org: OrgBannerInput;
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
    orgBanner: orgBannerData(input.org),
    settings: settingLines(input.settings),
    pinRules: describePinRules(input.pinRules),
    canEdit: input.canEdit ?? false,
    hasNote: Boolean(input.note),
    note: input.note ?? '',
  };
}
