import type { Change } from '../voicemail/plan-update.js';
import { escapeMarkdown } from '../markdown.js';
import { formatChange } from '../voicemail/summary.js';

export type OutcomeTone = 'success' | 'error' | 'info';

/** The data cards/outcome.json is filled with. */
export interface OutcomeData {
  title: string;
  orgName: string;
  style: 'good' | 'attention' | 'emphasis';
  lines: string[];
  hasFootnote: boolean;
  footnote: string;
}

export interface OutcomeInput {
  title: string;
  tone: OutcomeTone;
  orgName?: string;
  /** Shown first, as "setting: before → after". */
  changes?: readonly Change[];
  lines?: readonly string[];
  /** Webex's trackingId of a failed call: support needs it, so it is always shown when known. */
  trackingId?: string;
}

const STYLE: Record<OutcomeTone, OutcomeData['style']> = {
  success: 'good',
  error: 'attention',
  info: 'emphasis',
};

export function outcomeData(input: OutcomeInput): OutcomeData {
  return {
    title: input.title,
    // TextBlocks render markdown: the org name (from Webex) and the plain lines go in as text.
    orgName: escapeMarkdown(input.orgName ?? ''),
    style: STYLE[input.tone],
    lines: [...(input.changes ?? []).map(formatChange), ...(input.lines ?? []).map(escapeMarkdown)],
    hasFootnote: input.trackingId !== undefined,
    footnote: input.trackingId === undefined ? '' : `Tracking ID: ${escapeMarkdown(input.trackingId)}`,
  };
}
