import type { FleetOrgRead } from '../../fleet/read-fleet-rules.js';
import { code, md, raw } from '../../markdown.js';
import { shorten } from '../../short-name.js';
import type { RulesSettings } from '../../voicemail/rules.js';
import { SECTIONS, readSection, type SectionSpec } from '../../voicemail/setting-sections.js';
import { pageLines } from './message-pages.js';

/** A fleet line shows this much of an org's name: a page holds some fifty orgs. */
export const FLEET_NAME_CHARS = 60;

/** Stable order, so that page 2 today is page 2 a minute later. */
export const byOrgName = (a: FleetOrgRead, b: FleetOrgRead) =>
  a.org.name.localeCompare(b.org.name, 'en', { sensitivity: 'base' }) || a.org.id.localeCompare(b.org.id);

/** "60 d", "5", "off", "?" (not reported): one setting, as short as a table cell. */
function cell(spec: SectionSpec, settings: RulesSettings): string {
  const s = readSection(settings, spec.name);
  if (!s) return '?';
  if (!s.enabled) return 'off';
  if (s.value === undefined) return 'on';
  return spec.unit.one === 'day' ? `${s.value} d` : String(s.value);
}

/** "expire 60 d · change 1 d · history 5": the three settings a fleet policy sets, compactly. */
export function policyCells(settings: RulesSettings): string {
  return SECTIONS.map((spec) => `${spec.key} ${cell(spec, settings)}`).join(' · ');
}

const pinCell = (settings: RulesSettings) =>
  settings.defaultVoicemailPinEnabled === undefined
    ? 'default PIN ?'
    : `default PIN ${settings.defaultVoicemailPinEnabled ? 'on' : 'off'}`;

export interface FleetSummary {
  total: number;
  /** The most common policy (the three settings), with how many orgs have it; absent when none was read. */
  common?: { cells: string; count: number };
  differ: number;
  unreadable: number;
}

export function summarize(reads: readonly FleetOrgRead[]): FleetSummary {
  const counts = new Map<string, number>();
  for (const r of reads)
    if (r.ok) counts.set(policyCells(r.settings), (counts.get(policyCells(r.settings)) ?? 0) + 1);
  // Ties go to the one that sorts first, so the same fleet always names the same policy.
  const [top] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const readable = reads.filter((r) => r.ok).length;
  return {
    total: reads.length,
    ...(top ? { common: { cells: top[0], count: top[1] } } : {}),
    differ: readable - (top?.[1] ?? 0),
    unreadable: reads.length - readable,
  };
}

const orgs = (n: number) => `${n} ${n === 1 ? 'org' : 'orgs'}`;

/** "212 orgs: 180 match the most common policy (expire 60 d · …), 32 differ, 3 could not be read." */
export function summaryLine(s: FleetSummary): string {
  const parts = s.common
    ? [
        `${s.common.count} ${s.common.count === 1 ? 'matches' : 'match'} the most common policy (${s.common.cells})`,
        `${s.differ} differ`,
      ]
    : [];
  if (s.unreadable) parts.push(`${s.unreadable} could not be read`);
  return `${orgs(s.total)}${parts.length ? `: ${parts.join(', ')}` : ''}.`;
}

/**
 * One org as a line: ✓ when it has the most common policy, ≠ when not, ✗ when its rules could not be read
 * (with the reason and the trackingId). The name is Webex's: shortened, then escaped.
 */
export function fleetLine(r: FleetOrgRead, common: string | undefined): string {
  const name = shorten(r.org.name, FLEET_NAME_CHARS);
  if (!r.ok) {
    const tracking = r.trackingId ? raw(md` (trackingId ${code(r.trackingId)})`) : raw('');
    return md`- ✗ **${name}**: could not be read: ${r.reason}${tracking}`;
  }
  const cells = policyCells(r.settings);
  const mark = cells === common ? '✓' : '≠';
  return md`- ${raw(mark)} **${name}**: ${raw(`${cells} · ${pinCell(r.settings)}`)}`;
}

/** The orgs that could not be read, as list lines (for a preview). */
export const unreadableLines = (reads: readonly FleetOrgRead[]): string[] =>
  reads.filter((r) => !r.ok).map((r) => fleetLine(r, undefined));

/**
 * The fleet as chat messages under Webex's size limit: the summary on every page (it is about every org
 * listed, not the page), then one line per org in name order.
 */
export function fleetPages(
  reads: readonly FleetOrgRead[],
  frame: { title: string; footer: (page: number, pages: number) => string },
): string[] {
  const summary = summarize(reads);
  const sorted = [...reads].sort(byOrgName);
  return pageLines(
    sorted.map((r) => fleetLine(r, summary.common?.cells)),
    {
      header: (p, n) => `**${frame.title}**${n > 1 ? ` (page ${p} of ${n})` : ''}\n\n${summaryLine(summary)}`,
      footer: frame.footer,
    },
  );
}
