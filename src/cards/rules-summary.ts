import { describePinRules } from '../voicemail/pin-policy.js';
import type { PinRules, RulesSettings } from '../voicemail/rules.js';
import { settingLines, type SettingLine } from '../voicemail/summary.js';
import { shortName } from '../short-name.js';
import { orgBannerData, type OrgBannerData, type OrgBannerInput } from './org-banner.js';

/** The data cards/rules-summary.json is filled with. */
export interface RulesSummaryData {
  orgBanner: OrgBannerData;
  settings: SettingLine[];
  pinRules: string[];
  canEdit: boolean;
  /** Carried by "Change settings": the press opens a form for this org only (actions/voicemail-edit). */
  editOrg: { orgId: string; orgName: string };
  hasNote: boolean;
  note: string;
}

export interface RulesSummaryInput {
  /** The org the card is about: its banner comes first; its id goes with "Change settings". */
  org: OrgBannerInput & { orgId?: string };
  settings: RulesSettings;
  pinRules: PinRules;
  /**
   * Shows a "Change settings" button submitting `{ action: 'voicemail.edit', orgId, orgName }`; off unless
   * the caller handles that action (and the viewer may edit).
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
    // Data, not text: the name is read back from the press and escaped wherever a reply quotes it (as
    // short as replies show it, so a long name does not grow the card twice).
    editOrg: { orgId: input.org.orgId ?? '', orgName: shortName(input.org.orgName) },
    hasNote: Boolean(input.note),
    note: input.note ?? '',
  };
}
