/** Records the emulator keeps, and the shapes it hands to tests. */

export type Role = 'full_admin' | 'read_only_admin' | 'none';
export type PersonType = 'person' | 'bot';
export type RoomType = 'direct' | 'group';

export interface OrgRecord {
  id: string;
  uuid: string;
  displayName: string;
  created: string;
}

export interface PersonRecord {
  id: string;
  uuid: string;
  emails: string[];
  displayName: string;
  nickName?: string;
  firstName?: string;
  lastName?: string;
  orgId: string;
  type: PersonType;
  role: Role;
  /** Orgs a partner administrator manages besides its own. */
  managedOrgIds: string[];
  created: string;
  /** Bots act through an application; webhooks they create carry its id. */
  appId: string;
}

/** A new person; the emulator fills in the rest (ids, defaults, creation time). */
export interface PersonInit {
  email: string;
  displayName: string;
  orgId: string;
  type?: PersonType;
  role?: Role;
  managedOrgIds?: string[];
  firstName?: string;
  lastName?: string;
  nickName?: string;
}

export interface MembershipRecord {
  id: string;
  roomId: string;
  personId: string;
  isModerator: boolean;
  isMonitor: boolean;
  created: string;
}

export interface RoomRecord {
  id: string;
  uuid: string;
  /** Direct rooms have no title of their own: each side sees the other's name. */
  title?: string;
  type: RoomType;
  isLocked: boolean;
  created: string;
  lastActivity: string;
  creatorId: string;
  ownerId?: string;
  members: Map<string, MembershipRecord>;
}

export interface CardAttachment {
  contentType: string;
  content: Record<string, unknown>;
}

export interface MessageRecord {
  id: string;
  roomId: string;
  personId: string;
  text?: string;
  markdown?: string;
  html?: string;
  files?: string[];
  attachments?: CardAttachment[];
  mentionedPeople?: string[];
  mentionedGroups?: string[];
  parentId?: string;
  created: string;
  updated?: string;
  edits: number;
  /** What each accepted edit set, oldest first (tests read it through `em.messageEdits`). */
  editLog: MessageEdit[];
  deleted: boolean;
}

/** One accepted `PUT /messages/{id}`: the text (and markdown, when sent) it left, and when. */
export interface MessageEdit {
  text: string;
  markdown?: string;
  at: string;
}

export interface AttachmentActionRecord {
  id: string;
  type: 'submit';
  messageId: string;
  inputs: Record<string, unknown>;
  personId: string;
  roomId: string;
  created: string;
}

export interface WebhookRecord {
  id: string;
  name: string;
  targetUrl: string;
  resource: string;
  event: string;
  filter?: string;
  secret?: string;
  status: 'active' | 'inactive';
  created: string;
  orgId: string;
  createdBy: string;
  appId: string;
  ownedBy: 'creator';
  /** Times (ms) of recent failed deliveries, for Webex's "100 failures in 5 minutes" rule. */
  failureTimes: number[];
}

export interface TokenRecord {
  token: string;
  kind: 'access' | 'refresh';
  personId: string;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
  appId: string;
  clientId?: string;
}

export interface IntegrationRecord {
  name: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  scopes: string[];
  appId: string;
}

export interface AuthCodeRecord {
  code: string;
  clientId: string;
  redirectUri: string;
  personId: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

export interface PinRules {
  blockRepeatedPatternsEnabled: boolean;
  blockRepeatedDigits: { enabled: boolean; max: number };
  blockContiguousSequences: {
    enabled: boolean;
    numberOfAscendingDigits: number;
    numberOfDescendingDigits: number;
  };
  length: { min: number; max: number };
}

export interface VoicemailRulesState {
  pinRules: PinRules;
  defaultVoicemailPinEnabled: boolean;
  defaultVoicemailPin?: string;
  expirePasscode: { enabled: boolean; numberOfDays: number };
  changePasscode: { enabled: boolean; numberOfDays: number };
  blockPreviousPasscodes: { enabled: boolean; numberOfPasscodes: number };
}

/** What Webex keeps about one person's own voicemail PIN (the PIN itself is never returned by the API). */
export interface PersonVoicemailState {
  passcode?: string;
  /** The last passcodes, newest first, for the org's "block previous passcodes" rule. */
  previous: string[];
  lastChange?: { kind: 'reset' | 'set'; at: string; byPersonId: string };
  mustChangeAtNextUse: boolean;
}

// ---- shapes handed to tests ----

export interface EmOrg {
  id: string;
  displayName: string;
  created: string;
}

/** The record without its internal uuid and application id, plus what tests look at most. */
export interface EmPerson extends Omit<PersonRecord, 'uuid' | 'appId'> {
  /** The primary (first) email, for convenience. */
  email: string;
  roles: string[];
}

export interface EmRoom {
  id: string;
  title: string;
  type: RoomType;
  isLocked: boolean;
  lastActivity: string;
  creatorId: string;
  created: string;
  ownerId?: string;
  memberIds: string[];
}

export interface EmMessage {
  id: string;
  roomId: string;
  roomType: RoomType;
  text?: string;
  markdown?: string;
  html?: string;
  files?: string[];
  attachments?: CardAttachment[];
  personId: string;
  personEmail: string;
  mentionedPeople?: string[];
  mentionedGroups?: string[];
  parentId?: string;
  created: string;
  updated?: string;
}

/** Webex shows an attachment action exactly as it keeps it. */
export type EmAttachmentAction = AttachmentActionRecord;

/** The failure times are the emulator's own bookkeeping for the disabling rule; Webex never shows them. */
export type EmWebhook = Omit<WebhookRecord, 'failureTimes'>;

/** A person's voicemail PIN state as tests and the sandbox read it. */
export interface EmPersonVoicemail {
  personId: string;
  /** The current passcode (the emulator's record; Webex never shows it). */
  passcode?: string;
  /** When an administrator last reset the PIN to the org's default, or set it. */
  pinResetAt?: string;
  pinSetAt?: string;
  /** Who did the last reset or set. */
  changedBy?: string;
  /** After a reset the person must choose a new PIN at their next voicemail login. */
  mustChangeAtNextUse: boolean;
  /** One line for a page: "PIN reset at <time>, must change at next use". */
  summary: string;
}

export interface EmRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  personId?: string;
  trackingId: string;
  body?: unknown;
  time: string;
}

export interface EmDelivery {
  webhookId: string;
  targetUrl: string;
  resource: string;
  event: string;
  rawBody: string;
  headers: Record<string, string>;
  /** HTTP status of the receiver's answer; 0 when it was unreachable or timed out. */
  status: number;
  error?: string;
  time: string;
}
