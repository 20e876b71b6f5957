import { EventEmitter } from 'node:events';
import { encodeId, membershipId, newAccessToken, newId, uuidOf } from './ids.js';
import { FaultBook } from './faults.js';
import { RateLimiter, type RateLimitConfig } from './rate-limit.js';
import { BOT_SCOPES } from './scopes.js';
import type {
  AttachmentActionRecord,
  AuthCodeRecord,
  EmDelivery,
  EmRequest,
  IntegrationRecord,
  MessageRecord,
  OrgRecord,
  PersonInit,
  PersonRecord,
  PersonVoicemailState,
  RoomRecord,
  RoomType,
  TokenRecord,
  VoicemailRulesState,
  WebhookRecord,
} from './types.js';
import { newPersonVoicemail } from './person-voicemail.js';
import { defaultVoicemailRules } from './voicemail-rules.js';

export interface EmulatorOptions {
  log?: (msg: string) => void;
  /** Lifetime of OAuth access tokens (Webex: 14 days). */
  accessTokenTtlSec?: number;
  /** Lifetime of OAuth refresh tokens (Webex: 90 days). */
  refreshTokenTtlSec?: number;
  /** Whether a refresh grant hands out a new refresh token; Webex keeps the old one. */
  rotateRefreshTokens?: boolean;
  /** How long a webhook receiver may take to answer before the delivery counts as failed. */
  deliveryTimeoutMs?: number;
  /** Webex disables a webhook after 100 failed deliveries within 5 minutes. */
  webhookDisableThreshold?: number;
  webhookDisableWindowMs?: number;
  /** How many times a text message may be edited (Webex: 10 is commonly cited, unconfirmed). */
  maxMessageEdits?: number;
  /** A token bucket per access token (429 + Retry-After when empty); null: no limit, as by default. */
  rateLimit?: RateLimitConfig | null;
}

export type EmulatorConfig = Required<Omit<EmulatorOptions, 'log'>>;

export const DEFAULT_CONFIG: EmulatorConfig = {
  accessTokenTtlSec: 14 * 24 * 3600,
  refreshTokenTtlSec: 90 * 24 * 3600,
  rotateRefreshTokens: false,
  deliveryTimeoutMs: 10_000,
  webhookDisableThreshold: 100,
  webhookDisableWindowMs: 5 * 60_000,
  maxMessageEdits: 10,
  rateLimit: null,
};

export const nowIso = (): string => new Date().toISOString();

/** Everything the emulated Webex knows. Routes and the test API both work on one instance. */
export class EmulatorState {
  readonly config: EmulatorConfig;
  private readonly initialConfig: EmulatorConfig;
  readonly log: (msg: string) => void;
  readonly events = new EventEmitter();
  readonly faults = new FaultBook();
  readonly rateLimiter = new RateLimiter();

  orgs = new Map<string, OrgRecord>();
  people = new Map<string, PersonRecord>();
  /** Person id by email: seeding a 1,000-org fleet would otherwise scan every person per new person. */
  private peopleByEmail = new Map<string, string>();
  rooms = new Map<string, RoomRecord>();
  messages = new Map<string, MessageRecord>();
  actions = new Map<string, AttachmentActionRecord>();
  webhooks = new Map<string, WebhookRecord>();
  tokens = new Map<string, TokenRecord>();
  integrations = new Map<string, IntegrationRecord>();
  codes = new Map<string, AuthCodeRecord>();
  voicemail = new Map<string, VoicemailRulesState>();
  /** Each person's own voicemail PIN state, made on first use. */
  personVoicemail = new Map<string, PersonVoicemailState>();
  /** Test-only: dotted paths GET voicemail rules leaves out (Webex's spec makes every field optional). */
  rulesOmitted: string[] = [];
  requests: EmRequest[] = [];
  deliveries: EmDelivery[] = [];
  exchanges: { grant: string; ok: boolean }[] = [];
  autoApprovePersonId: string | null = null;
  /** Webhook deliveries still waiting for their receiver, so tests can wait for quiet. */
  readonly inflight = new Set<Promise<unknown>>();
  /** Bumped by reset(), so deliveries started before it do not record into the new state. */
  generation = 0;

  constructor(opts: EmulatorOptions = {}) {
    const { log, ...rest } = opts;
    this.log = log ?? (() => {});
    this.config = { ...DEFAULT_CONFIG, ...stripUndefined(rest) };
    this.initialConfig = { ...this.config };
    this.events.setMaxListeners(0);
  }

  reset(): void {
    this.generation++;
    this.orgs.clear();
    this.people.clear();
    this.peopleByEmail.clear();
    this.rooms.clear();
    this.messages.clear();
    this.actions.clear();
    this.webhooks.clear();
    this.tokens.clear();
    this.integrations.clear();
    this.codes.clear();
    this.voicemail.clear();
    this.personVoicemail.clear();
    this.rulesOmitted = [];
    this.requests.length = 0;
    this.deliveries.length = 0;
    this.exchanges.length = 0;
    this.autoApprovePersonId = null;
    this.faults.clear();
    this.rateLimiter.clear();
    Object.assign(this.config, this.initialConfig);
  }

  // ---- orgs and people ----

  createOrg(displayName: string): OrgRecord {
    const { id, uuid } = newId('ORGANIZATION');
    const org: OrgRecord = { id, uuid, displayName, created: nowIso() };
    this.orgs.set(id, org);
    this.voicemail.set(id, defaultVoicemailRules());
    return org;
  }

  org(id: string): OrgRecord {
    const org = this.orgs.get(id);
    if (!org) throw new Error(`emulator: no org ${id}`);
    return org;
  }

  createPerson(p: PersonInit): PersonRecord {
    this.org(p.orgId);
    const email = p.email.toLowerCase();
    if (this.personByEmail(email)) throw new Error(`emulator: a person with email ${email} already exists`);
    for (const m of p.managedOrgIds ?? []) this.org(m);
    const type = p.type ?? 'person';
    const { id, uuid } = newId('PEOPLE');
    const [first, ...rest] = p.displayName.split(' ');
    const person: PersonRecord = {
      id,
      uuid,
      emails: [email],
      displayName: p.displayName,
      orgId: p.orgId,
      type,
      role: type === 'bot' ? 'none' : (p.role ?? 'none'),
      managedOrgIds: [...(p.managedOrgIds ?? [])],
      created: nowIso(),
      appId: encodeId('APPLICATION', uuid),
    };
    if (type === 'person') {
      person.firstName = p.firstName ?? first ?? p.displayName;
      const last = p.lastName ?? rest.join(' ');
      if (last) person.lastName = last;
      person.nickName = p.nickName ?? person.firstName;
    } else if (p.nickName) {
      person.nickName = p.nickName;
    }
    this.people.set(id, person);
    this.peopleByEmail.set(email, id);
    return person;
  }

  person(id: string): PersonRecord {
    const p = this.people.get(id);
    if (!p) throw new Error(`emulator: no person ${id}`);
    return p;
  }

  personByEmail(email: string): PersonRecord | undefined {
    const id = this.peopleByEmail.get(email.toLowerCase());
    return id === undefined ? undefined : this.people.get(id);
  }

  /** Orgs a person may act on: its own, plus those it manages as a partner administrator. */
  orgsOf(person: PersonRecord): string[] {
    return [person.orgId, ...person.managedOrgIds.filter((o) => o !== person.orgId)];
  }

  // ---- tokens ----

  issueToken(
    personId: string,
    scopes: readonly string[],
    opts: { expiresInSec?: number; kind?: 'access' | 'refresh'; clientId?: string; appId?: string } = {},
  ): TokenRecord {
    const person = this.person(personId);
    const kind = opts.kind ?? 'access';
    const ttl =
      opts.expiresInSec ??
      (kind === 'access' ? this.config.accessTokenTtlSec : this.config.refreshTokenTtlSec);
    const rec: TokenRecord = {
      token: newAccessToken(this.org(person.orgId).uuid),
      kind,
      personId,
      scopes: [...scopes],
      expiresAt: Date.now() + ttl * 1000,
      revoked: false,
      appId: opts.appId ?? person.appId,
    };
    if (opts.clientId) rec.clientId = opts.clientId;
    this.tokens.set(rec.token, rec);
    return rec;
  }

  createBot(b: { email: string; displayName: string; orgId: string }): {
    person: PersonRecord;
    token: string;
  } {
    const person = this.createPerson({ ...b, type: 'bot' });
    const token = this.issueToken(person.id, BOT_SCOPES, { expiresInSec: 100 * 365 * 24 * 3600 }).token;
    return { person, token };
  }

  /** The live access token, or undefined when unknown, revoked or expired. */
  validAccessToken(token: string): TokenRecord | undefined {
    const rec = this.tokens.get(token);
    if (!rec || rec.kind !== 'access' || rec.revoked || rec.expiresAt <= Date.now()) return undefined;
    if (!this.people.has(rec.personId)) return undefined;
    return rec;
  }

  // ---- rooms and memberships ----

  createRoom(r: { title?: string; type: RoomType; memberIds: string[]; creatorId?: string }): RoomRecord {
    for (const m of r.memberIds) this.person(m);
    if (r.type === 'direct') {
      if (new Set(r.memberIds).size !== 2) throw new Error('emulator: a direct room has exactly two members');
      const [a, b] = r.memberIds as [string, string];
      if (this.directRoom(a, b)) throw new Error('emulator: these two people already have a direct room');
    }
    const { id, uuid } = newId('ROOM');
    const creatorId = r.creatorId ?? r.memberIds[0];
    if (!creatorId) throw new Error('emulator: a room needs a member');
    const created = nowIso();
    const room: RoomRecord = {
      id,
      uuid,
      type: r.type,
      isLocked: false,
      created,
      lastActivity: created,
      creatorId,
      ownerId: this.person(creatorId).orgId,
      members: new Map(),
    };
    if (r.type === 'group') room.title = r.title ?? 'Untitled space';
    this.rooms.set(id, room);
    for (const m of r.memberIds) this.addMember(id, m);
    return room;
  }

  room(id: string): RoomRecord {
    const r = this.rooms.get(id);
    if (!r) throw new Error(`emulator: no room ${id}`);
    return r;
  }

  addMember(roomId: string, personId: string, isModerator = false): void {
    const room = this.room(roomId);
    const person = this.person(personId);
    if (room.members.has(personId)) return;
    if (room.type === 'direct' && room.members.size >= 2)
      throw new Error('emulator: a direct room has two members');
    room.members.set(personId, {
      id: membershipId(person.uuid, room.uuid),
      roomId,
      personId,
      isModerator,
      isMonitor: false,
      created: nowIso(),
    });
  }

  isMember(roomId: string, personId: string): boolean {
    return this.rooms.get(roomId)?.members.has(personId) ?? false;
  }

  directRoom(a: string, b: string): RoomRecord | undefined {
    for (const r of this.rooms.values()) {
      if (r.type === 'direct' && r.members.has(a) && r.members.has(b)) return r;
    }
    return undefined;
  }

  /** Resolves a membership id (`<personUuid>:<roomUuid>`) to its record. */
  membershipById(id: string): { room: RoomRecord; membershipPersonId: string } | undefined {
    const pair = uuidOf(id, 'MEMBERSHIP');
    if (!pair) return undefined;
    const [personUuid, roomUuid] = pair.split(':');
    const roomId = roomUuid ? encodeId('ROOM', roomUuid) : '';
    const personId = personUuid ? encodeId('PEOPLE', personUuid) : '';
    const room = this.rooms.get(roomId);
    if (!room || !room.members.has(personId)) return undefined;
    return { room, membershipPersonId: personId };
  }

  // ---- voicemail ----

  voicemailOf(orgId: string): VoicemailRulesState {
    const v = this.voicemail.get(orgId);
    if (!v) throw new Error(`emulator: no org ${orgId}`);
    return v;
  }

  voicemailOfPerson(personId: string): PersonVoicemailState {
    this.person(personId);
    let v = this.personVoicemail.get(personId);
    if (!v) {
      v = newPersonVoicemail();
      this.personVoicemail.set(personId, v);
    }
    return v;
  }

  /** Keeps a promise in the in-flight set until it settles. */
  track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    const done = (): void => {
      this.inflight.delete(p);
    };
    p.then(done, done);
    return p;
  }

  async settle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
