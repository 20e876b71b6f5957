import { matchesWhere, whereMissed } from '../bot/fleet-apply-args.js';
import { pinOutcome, touchedValues } from '../bot/record-change.js';
import type { Logger } from '../log/create-logger.js';
import type { ChangeHistory, HistoryEntry } from '../store/change-history.js';
import type { OrgRevisions } from '../store/org-revisions.js';
import type { DriftSeen } from '../drift/drift-seen.js';
import { planUpdate } from '../voicemail/plan-update.js';
import { settingsFromRules, voicemailRulesSchema } from '../voicemail/rules.js';
import type { TelephonyClient } from '../webex/telephony-client.js';
import type { ApplyingMarker, FleetRun, FleetRuns, OrgResult } from './fleet-runs.js';

export interface ApplyOrgDeps {
  telephony: TelephonyClient;
  revisions: OrgRevisions;
  history: ChangeHistory;
  driftSeen?: DriftSeen;
  runs: FleetRuns;
  log: Logger;
}

/**
 * Runs one Webex call with the requester's token: waits for the person's call budget, renews the token
 * once on a 401. It throws whatever cannot be settled here (a pause, a sign-in gone, a Webex error).
 */
export type WithToken = <T>(call: (token: string) => Promise<T>) => Promise<T>;

/**
 * Applies a run's policy to one org, under the org's change lock so nothing else the bot does to that org
 * interleaves: GET the rules, plan the PUT with the same planner `/voicemail set` uses (only the settings
 * that differ), and PUT only when something differs. A marker written before the PUT makes a re-run after
 * a crash see that its PUT may have landed: it reads the rules again first, so an org is never PUT twice
 * for a change already in place, and the history still gets its entry.
 */
export async function applyOrg(
  deps: ApplyOrgDeps,
  job: { run: FleetRun; orgId: string; orgName: string; withToken: WithToken },
): Promise<OrgResult> {
  const { run, orgId, orgName } = job;
  const at = () => new Date().toISOString();
  return deps.revisions.exclusive(orgId, async () => {
    const prior = await deps.runs.result(run.runId, orgId);
    const marker = prior?.outcome === 'applying' ? prior : undefined;
    const got = await job.withToken((t) => deps.telephony.getVoicemailRules(t, orgId, { singleTry: true }));
    const parsed = voicemailRulesSchema.safeParse(got.body);
    if (!parsed.success) {
      return {
        orgName,
        outcome: 'failed',
        reason: 'Webex answered with rules the bot could not read',
        trackingId: got.trackingId,
        at: at(),
      };
    }
    const settings = settingsFromRules(parsed.data);
    // The preview's `where` read may be old: an org changed since (in Control Hub) is not written. A
    // marker means this run's own PUT may have landed, which itself may have moved the org off the condition.
    if (run.where && !marker && !matchesWhere(run.where.settings, settings)) {
      return {
        orgName,
        outcome: 'skipped',
        reason: whereMissed(run.where.settings, run.where.text, settings),
        trackingId: got.trackingId,
        at: at(),
      };
    }
    const plan = planUpdate(run.policy, settings, parsed.data.defaultVoicemailPinRules);
    if (!plan.ok) {
      return {
        orgName,
        outcome: 'failed',
        reason: `not changed: ${plan.errors.map((e) => e.message).join('; ')}`,
        trackingId: got.trackingId,
        at: at(),
      };
    }
    if (Object.keys(plan.update).length === 0) {
      if (!marker) return { orgName, outcome: 'unchanged', trackingId: got.trackingId, at: at() };
      // A PUT this run sent before its worker stopped has landed: count and record it as applied.
      if (!marker.recorded) await recordApplied(deps, run, orgId, orgName, marker, got.trackingId, true);
      return { orgName, outcome: 'applied', trackingId: got.trackingId, at: at() };
    }
    const applying: ApplyingMarker = {
      orgName,
      outcome: 'applying',
      at: at(),
      update: plan.update,
      before: settings,
      changes: plan.changes,
    };
    await deps.runs.markApplying(run.runId, orgId, applying);
    const put = await job.withToken((t) =>
      deps.telephony.putVoicemailRules(t, plan.update, orgId, { singleTry: true }),
    );
    await recordApplied(deps, run, orgId, orgName, applying, put.trackingId, false);
    return { orgName, outcome: 'applied', trackingId: put.trackingId, at: at() };
  });
}

/**
 * Bumps the org's revision (cards made before are stale) and appends the change to the org's history with
 * the run's marker. Store failures are logged: the change itself stands.
 */
async function recordApplied(
  deps: ApplyOrgDeps,
  run: FleetRun,
  orgId: string,
  orgName: string,
  marker: ApplyingMarker,
  trackingId: string,
  readBack: boolean,
): Promise<void> {
  const pin = pinOutcome(marker.update, marker.before);
  const entry: HistoryEntry = {
    at: new Date().toISOString(),
    kind: 'rules',
    by: { personId: run.personId, displayName: run.personName, email: run.personEmail },
    org: { id: orgId, name: orgName },
    changes: marker.changes.map((c) =>
      c.before === undefined
        ? { setting: c.setting, after: c.after }
        : { setting: c.setting, before: c.before, after: c.after },
    ),
    values: touchedValues(marker.update, marker.before),
    ...(pin ? { pin } : {}),
    outcome: 'certain',
    // Found in place on a re-run: the PUT's own answer was never seen, the read shows all of it.
    ...(readBack ? { readBack: 'all' as const } : {}),
    trackingId,
    fleet: { runId: run.runId },
  };
  try {
    await deps.revisions.bump(orgId);
    await deps.history.append(entry);
    // Still under the org's change lock, as for every change the bot applies: not drift.
    await deps.driftSeen?.noteApplied(orgId, entry.values?.after ?? {}, { certain: true });
    await deps.runs.markApplying(run.runId, orgId, { ...marker, recorded: true });
  } catch (err) {
    deps.log.warn(
      { err: (err as Error).message, orgId, runId: run.runId, trackingId },
      'fleet: change not recorded in the org’s history; the change itself stands',
    );
  }
}
