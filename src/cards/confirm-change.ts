import { escapeMarkdown } from '../markdown.js';
import { shortName } from '../short-name.js';
import type { Change } from '../voicemail/plan-update.js';
import { orgBannerData, type OrgBannerData, type OrgBannerInput } from './org-banner.js';

/** The data cards/confirm-change.json is filled with. */
export interface ConfirmChangeData {
  orgBanner: OrgBannerData;
  confirmId: string;
  title: string;
  intro: string;
  changes: { setting: string; change: string }[];
  notes: string[];
  confirmTitle: string;
  owner: string;
  minutes: number;
}

/**
 * Every confirmation the bot asks for (a change to a customer org, an undo, a PIN reset) is this one card:
 * the org, what Confirm does line by line, what to know first, who alone may press it and for how long.
 */
export interface ConfirmChangeInput {
  /** The org the change is for. */
  org: OrgBannerInput;
  confirmId: string;
  /** Default "Confirm this change". */
  title?: string;
  /** Default "Nothing changes until you press Confirm." (markdown: the caller escapes what it quotes). */
  intro?: string;
  /** What Confirm does; `before` absent: a line that says only what happens. */
  changes: readonly Change[];
  /** What to know before pressing Confirm (markdown, escaped by the caller). */
  notes?: readonly string[];
  /** The Confirm button's words (default "Confirm"). */
  confirmTitle?: string;
  /** Who asked, and so who alone may confirm (a display name from Webex). */
  owner: string;
  /** How long the confirmation stays usable. */
  minutes: number;
}

export function confirmChangeData(input: ConfirmChangeInput): ConfirmChangeData {
  return {
    orgBanner: orgBannerData(input.org),
    confirmId: input.confirmId,
    title: input.title ?? 'Confirm this change',
    intro: input.intro ?? 'Nothing changes until you press Confirm.',
    // The bot's own words and numbers (planUpdate), or names the caller escaped.
    changes: input.changes.map((c) => ({
      setting: c.setting,
      change: c.before === undefined ? c.after : `${c.before} → ${c.after}`,
    })),
    notes: [...(input.notes ?? [])],
    confirmTitle: input.confirmTitle ?? 'Confirm',
    owner: escapeMarkdown(shortName(input.owner)),
    minutes: input.minutes,
  };
}
