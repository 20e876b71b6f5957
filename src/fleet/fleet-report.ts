import { pageLines } from '../bot/commands/message-pages.js';
import { code, md } from '../markdown.js';
import { shortName } from '../short-name.js';
import type { FleetRun, OrgOutcome, OrgResult, StoredOrgResult } from './fleet-runs.js';

/** "45 s", "3 min 12 s", "2 h 5 min". */
export function durationWords(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${Math.floor(m / 60)} h`;
}

const doneOf = (run: FleetRun) =>
  run.counts.applied + run.counts.unchanged + run.counts.failed + run.counts.skipped;

/** The progress message, edited in place while the run goes. */
export function progressText(run: FleetRun, now: number = Date.now()): string {
  const done = doneOf(run);
  const failed = run.counts.failed ? `, ${run.counts.failed} failed` : '';
  if (done >= run.total) {
    const how = run.status === 'cancelled' ? 'Cancelled' : 'Finished';
    return `**${how}: policy applied to ${run.total} orgs**: ${done}/${run.total} done${failed}. The report follows.`;
  }
  if (run.status === 'cancelled') {
    return `**Cancelling**: ${done}/${run.total} done${failed}; orgs not yet started are skipped, those in flight finish.`;
  }
  const elapsed = now - run.startedAt;
  const eta =
    done > 0 ? `, ETA ~${Math.max(1, Math.ceil(((elapsed / done) * (run.total - done)) / 60_000))} min` : '';
  return `**Applying policy to ${run.total} orgs**: ${done}/${run.total} done${failed}${eta}.`;
}

const SECTIONS: { outcome: OrgOutcome; title: string }[] = [
  { outcome: 'failed', title: 'Failed' },
  { outcome: 'skipped', title: 'Skipped' },
  { outcome: 'applied', title: 'Applied' },
  { outcome: 'unchanged', title: 'Unchanged (already matched the policy)' },
];

function orgLine(r: OrgResult): string {
  const name = md`${shortName(r.orgName)}`;
  const reason = r.reason ? md`: ${r.reason}` : '';
  const tracking = r.trackingId ? md` (trackingId ${code(r.trackingId)})` : '';
  return `- ${name}${reason}${tracking}`;
}

/**
 * The run's report, as chat messages that each stay under Webex's size limit: counts and time taken on
 * every page, then failed (org, reason in plain words, trackingId), skipped, applied and unchanged orgs.
 */
export function reportPages(
  run: FleetRun,
  results: Map<string, StoredOrgResult>,
  now = Date.now(),
): string[] {
  const final = [...results.values()].filter((r): r is OrgResult => r.outcome !== 'applying');
  const lines: string[] = [];
  for (const { outcome, title } of SECTIONS) {
    const these = final
      .filter((r) => r.outcome === outcome)
      .sort((a, b) => a.orgName.localeCompare(b.orgName));
    if (!these.length) continue;
    lines.push(`**${title} (${these.length})**`);
    // The reason every org the run could not reach shares (a sign-in gone) is said once, then one org per
    // line: lines spread over pages, where one long line would be cut and orgs go missing.
    const stopped =
      outcome === 'skipped' && run.stopReason ? these.filter((r) => r.reason === run.stopReason) : [];
    if (stopped.length) {
      lines.push(`Not reached once the run stopped early (${stopped.length}; why: see above):`);
      lines.push(...stopped.map((r) => md`- ${shortName(r.orgName)}`));
    }
    lines.push(...these.filter((r) => !stopped.includes(r)).map(orgLine));
  }
  const c = run.counts;
  const done = doneOf(run);
  const took = durationWords((run.finishedAt ?? now) - run.startedAt);
  const state =
    run.status === 'cancelled'
      ? 'cancelled'
      : done >= run.total
        ? `done in ${took}`
        : `${done}/${run.total} so far`;
  const summary = [
    `Applied ${c.applied} · unchanged ${c.unchanged} · failed ${c.failed} · skipped ${c.skipped} of ${run.total} orgs (${state}${run.status === 'cancelled' ? `, ${took}` : ''}).`,
    ...(run.stopReason ? [md`Stopped early: ${run.stopReason}`] : []),
  ].join('\n');
  const policy = run.policyWords.length ? md`Policy: ${run.policyWords.join('; ')}` : '';
  if (run.total === 0) lines.push('No orgs to apply the policy to.');
  return pageLines(lines, {
    header: (page, pages) =>
      [
        `**Fleet report**${pages > 1 ? ` (page ${page} of ${pages})` : ''}: ${md`requested by ${shortName(run.personName)}`}`,
        policy,
        summary,
      ]
        .filter(Boolean)
        .join('\n'),
    footer: () => '',
  });
}
