import type { Need } from '../auth/capability.js';
import type { Logger } from '../log/create-logger.js';
import type { CarryOn } from '../store/sign-in-states.js';
import type { FormSessions } from '../store/form-sessions.js';
import type { LatestConfirmations } from '../store/latest-confirmations.js';
import type { SignOuts } from '../store/sign-outs.js';
import type { OrgRevisions } from '../store/org-revisions.js';
import type { ChangeHistory, HistoryEntry } from '../store/change-history.js';
import type { MessagesClient } from '../webex/messages-client.js';
import type { OrgDirectory } from '../webex/org-directory.js';
import type { PeopleClient } from '../webex/people-client.js';
import type { TelephonyClient } from '../webex/telephony-client.js';
import type { PinRules, RulesSettings, RulesUpdate } from '../voicemail/rules.js';
import type { Change } from '../voicemail/plan-update.js';
import type { CardRenderer } from '../cards/render.js';
import type { Access, AccessProvider } from './access-provider.js';
import type { DriftSeen } from '../drift/drift-seen.js';
import type { SpaceOrgs } from './space-orgs.js';
import type { Fleet } from '../fleet/fleet-api.js';
import type { FleetPolicy, FleetRun } from '../fleet/fleet-runs.js';
import type { FleetRulesReader } from '../fleet/read-fleet-rules.js';

/** What a form was built from; the submit is compared with it to learn what the admin changed. */
export interface FormSnapshot {
  settings: RulesSettings;
  pinRules: PinRules;
  /** The org's revision when the rules were read (absent: the org id was unknown, or an older form). */
  revision?: number;
}

/**
 * A rules change waiting for its Confirm (a `/voicemail set` on a customer org, or an undo): what to PUT and
 * the words for it. Never a PIN: a PIN is not kept waiting in storage.
 */
export interface PendingChange {
  /** Absent on cards made before undo existed: a rules change. */
  kind?: 'rules' | 'undo';
  /** An undo: the change it undoes, as the history will name it. */
  undoes?: HistoryEntry['undoes'];
  update: Omit<RulesUpdate, 'defaultVoicemailPin'>;
  changes: Change[];
  before: RulesSettings;
  /** The org's revision when `before` was read (absent on cards made before it was kept). */
  revision?: number;
}

/**
 * A person's own voicemail PIN waiting for its Confirm: back to the org's default, or a new one made up at
 * Confirm (`random`). Who, as Webex listed them; never a PIN value.
 */
export interface PendingReset {
  kind: 'reset';
  person: { id: string; displayName: string; email: string };
  pin: 'default' | 'random';
}

/**
 * A fleet run waiting for its Confirm (`/fleet apply`): the policy and the orgs the preview found it would
 * change (orgs already matching, and orgs that could not be read, are not in it). Never a PIN or a token:
 * the run's jobs read the requester's own token when they run.
 */
export interface PendingFleet {
  kind: 'fleet';
  policy: FleetPolicy;
  /** The policy in the bot's words, one line per setting (the progress and the report repeat them). */
  policyWords: string[];
  /** `where …`: checked again by the run on each org's rules just before it writes. */
  where?: FleetRun['where'];
  orgs: { id: string; name: string }[];
}

/**
 * What a confirmation card stands for, by `kind`: every confirm in the bot is one `confirm:` session and
 * one card (see bot/ask-to-confirm and actions/voicemail-confirm).
 */
export type PendingConfirmation = PendingChange | PendingReset | PendingFleet;

/** Everything the command handlers need, injected so tests run them against the emulator and a test prefix. */
export interface BotDeps {
  telephony: TelephonyClient;
  /** People look-ups and a person's own voicemail PIN (Reset Voicemail PIN), with the admin's token. */
  people: PeopleClient;
  messages: MessagesClient;
  access: AccessProvider;
  forms: FormSessions<FormSnapshot>;
  /** What a confirmation card would do, single use like forms (kept under `confirm:`). */
  confirmations: FormSessions<PendingConfirmation>;
  /** Changes the bot made per org: a form or card made before the latest one is stale. */
  revisions: OrgRevisions;
  /** Every change the bot applied, per org (a Redis stream every instance shares). */
  history: ChangeHistory;
  /** What the drift watches last saw per org: every change the bot applies is noted there (record-change). */
  driftSeen: DriftSeen;
  /** When each person last signed out: their confirmations made before it no longer count. */
  signOuts: SignOuts;
  /** Each person's newest confirmation card per org: an older one is stale. */
  latestConfirmations: LatestConfirmations;
  /** Who else is in a group space, for the warning before a customer org's rules are shown there. */
  spaceOrgs: SpaceOrgs;
  orgs: OrgDirectory;
  /** The partner fleet's run API (BullMQ on Redis); absent on the in-memory store, where `/fleet` says so. */
  fleet?: Fleet;
  /** Reads many customer orgs' rules within the admin's call budget (`/fleet`, an apply's preview). */
  fleetRules?: FleetRulesReader;
  cards: CardRenderer;
  log: Logger;
  /**
   * The org a person's voicemail commands act on: their choice (`/org use`), named as Webex listed it
   * then (no look-up), or their own org (`customerName` absent: its name is looked up with the rules).
   */
  targetOrg(access: Access): Promise<{ orgId: string | undefined; customerName?: string }>;
  /** How a person without usable access gets it (a sign-in link once OAuth is configured). */
  accessHelp(ctx: {
    personId: string;
    email: string;
    orgId?: string;
    roomId: string;
    roomType: 'direct' | 'group';
    /** The thread the request was answered in: the sign-in's outcome goes there too. */
    parentId?: string;
    /** `expired`: the person had access that Webex no longer accepts (expired or revoked). */
    reason?: 'expired';
    /** The command to carry on with after sign-in; what the consent asks for follows from it. */
    then?: CarryOn;
    /** What the request needs when there is no command to carry on with (default: everything). */
    need?: Need;
    /** Scopes the current sign-in holds: a new one asks for them too, so it takes nothing away. */
    granted?: readonly string[];
    /** Scopes the current sign-in lacks for this request: the reply names them. */
    missing?: readonly string[];
  }): Promise<string>;
}
