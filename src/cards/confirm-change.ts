import { escapeMarkdown } from '../markdown.js';
import { shortName } from '../short-name.js';
import type { Change } from '../voicemail/plan-update.js';
import { orgBannerData, type OrgBannerData, type OrgBannerInput } from './org-banner.js';

/** The data cards/confirm-change.json is filled with. */
export interface ConfirmChangeData {
  orgBanner: OrgBannerData;
  confirmId: string;
  changes: { setting: string; change: string }[];
  owner: string;
  minutes: number;
}

export interface ConfirmChangeInput {
  /** The org the change is for (a customer org: that is why it is confirmed first). */
  org: OrgBannerInput;
  confirmId: string;
  changes: readonly Change[];
  /** Who asked, and so who alone may confirm (a display name from Webex). */
  owner: string;
  /** How long the confirmation stays usable. */
  minutes: number;
}

export function confirmChangeData(input: ConfirmChangeInput): ConfirmChangeData {
  return {
    orgBanner: orgBannerData(input.org),
    confirmId: input.confirmId,
    // The bot's own words and numbers (planUpdate), never text from Webex.
    changes: input.changes.map((c) => ({ setting: c.setting, change: `${c.before} → ${c.after}` })),
    owner: escapeMarkdown(shortName(input.owner)),
    minutes: input.minutes,
  };
}
