import type { CancelResult, FleetPolicy, FleetRun } from './fleet-runs.js';

// The run API on its own, so the bot's dependencies can name it without importing the engine (which
// imports the bot's change recording).

export interface FleetStart {
  personId: string;
  personName: string;
  personEmail?: string;
  /** Where progress and the report go. */
  roomId: string;
  policy: FleetPolicy;
  policyWords: string[];
  /** `where …`: only orgs whose rules, read again just before the write, still meet it are written. */
  where?: FleetRun['where'];
  orgs: { id: string; name: string }[];
  /** A progress message already posted (by the confirm step); otherwise the engine posts one. */
  progressMessageId?: string;
}

export interface FleetStatus extends FleetRun {
  done: number;
  /** The progress line as the progress message shows it. */
  progress: string;
}

export interface Fleet {
  /** Stores the run and enqueues one job per org (an org listed twice once); resolves with the run id. */
  start(run: FleetStart): Promise<string>;
  status(runId: string): Promise<FleetStatus | null>;
  /** Only the requester may cancel; orgs not yet started are skipped, those in flight finish. */
  cancel(runId: string, personId: string): Promise<CancelResult>;
  /** The report as chat messages (each under Webex's limit); null for an unknown (or expired) run. */
  report(runId: string): Promise<string[] | null>;
  /** The person's newest run id. */
  latest(personId: string): Promise<string | null>;
  /** Stops this instance's worker (jobs in flight get `closeTimeoutMs`) and closes its connections. */
  close(): Promise<void>;
}
