import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { createAttachmentAction } from './attachment-actions.js';
import { buildSubmission, type SubmitOptions } from './card-submit.js';
import { DEMO_CUSTOMERS, DEMO_VOICEMAIL, DEMO_WORLD, demoWorld, type DemoWorld } from './demo.js';
import { routeMatches, type FaultSpec, type RouteMatch } from './faults.js';
import { mentionHtml } from './markdown.js';
import { addMembership, removeMembership } from './memberships.js';
import { canRead, createMessage, createMessageUnsent } from './messages.js';
import { registerIntegration } from './oauth.js';
import { createEmulatorApp } from './server.js';
import { fleetRules, seedFleet, type SeededFleet, type SeedFleetOptions } from './seed-fleet.js';
import {
  seedWorld,
  type SeededOrg,
  type SeededWorld,
  type SeedPeople,
  type SeedSpaces,
  type SeedWorldOptions,
} from './seed-world.js';
import { EmulatorState, type EmulatorConfig, type EmulatorOptions } from './state.js';
import type {
  EmAttachmentAction,
  EmDelivery,
  EmMessage,
  EmOrg,
  EmPerson,
  EmPersonVoicemail,
  EmRequest,
  EmRoom,
  EmWebhook,
  MessageEdit,
  MessageRecord,
  PersonInit,
  PersonRecord,
  RoomRecord,
  RoomType,
} from './types.js';
import { personVoicemailView } from './person-voicemail.js';
import { seedVoicemailRules, voicemailRulesView, deepMerge } from './voicemail-rules.js';
import { attachmentActionView, messageView, roleIds, roomTitle, webhookView } from './views.js';
import { replayDelivery, type PreparedDelivery } from './webhook-delivery.js';

export { createEmulatorApp } from './server.js';
export { EmulatorState } from './state.js';
export type { EmulatorOptions, EmulatorConfig } from './state.js';
export { decodeId, encodeId } from './ids.js';
export { signBody } from './webhook-delivery.js';
export type { PreparedDelivery } from './webhook-delivery.js';
export { pinViolation } from './pin-rules.js';
export type { FaultSpec, RouteMatch } from './faults.js';
export type { RateLimitConfig } from './rate-limit.js';
export { FLEET_POLICY, fleetRules } from './seed-fleet.js';
export type { FleetOrg, FleetPartnerSeed, SeededFleet, SeedFleetOptions } from './seed-fleet.js';
export type { SubmitOptions } from './card-submit.js';
export type { DemoWorld } from './demo.js';
export type {
  PersonSeed,
  SeededOrg,
  SeededWorld,
  SeedPeople,
  SeedSpaces,
  SeedWorldOptions,
} from './seed-world.js';
// The records too, not only the shapes: `state` is public, and the sandbox and tests read it.
export type * from './types.js';

export interface StartOptions extends EmulatorOptions {
  port?: number;
  host?: string;
  /** Let the process exit while the emulator is still listening (for a shared test instance). */
  unref?: boolean;
}

export interface Emulator {
  /** Origin, e.g. http://127.0.0.1:41234. */
  url: string;
  /** url + '/v1'. */
  apiBase: string;
  /** What the SDK's U2C_SERVICE_URL should be: url + '/u2c/api/v1'. */
  u2cBase: string;
  close(): Promise<void>;
  /** Drops all state (orgs, people, tokens, rooms, messages, webhooks, faults, logs, integrations) and configure() changes. */
  reset(): void;
  /**
   * Changes token lifetimes, refresh-token rotation, delivery timeout, the webhook disabling rule, the edit
   * limit per message or the per-token rate limit (`rateLimit: { perSecond, burst?, retryAfterS? }`, `null`
   * for none). Setting `rateLimit` starts every token with a full bucket.
   */
  configure(patch: Partial<EmulatorConfig>): void;

  createOrg(o: { displayName: string }): EmOrg;
  createPerson(p: PersonInit): EmPerson;
  createBot(b: { email: string; displayName: string; orgId: string }): { person: EmPerson; token: string };
  /**
   * Replaces the orgs a person manages as a partner administrator (`[]`: a partner that lost its customers,
   * whose calls on them then answer 403). Its tokens stay valid.
   */
  setManagedOrgs(personId: string, orgIds: string[]): EmPerson;
  issueToken(personId: string, scopes: string[], opts?: { expiresInSec?: number }): string;
  revokeToken(token: string): void;
  createRoom(r: { title?: string; type: RoomType; memberIds: string[] }): EmRoom;
  /** Adds a member silently (no webhook event), like a room that existed before the test. */
  addMember(roomId: string, personId: string): void;
  /** A person adds another to a group room through Webex: memberships/created goes to the webhooks. */
  addMemberAs(actorId: string, roomId: string, personId: string): Promise<void>;
  removeMemberAs(actorId: string, roomId: string, personId: string): Promise<void>;

  /**
   * A human posts (with `parentId`, as a reply in that message's thread); resolves once the resulting
   * webhook deliveries have been answered.
   */
  say(
    personId: string,
    roomId: string,
    text: string,
    opts?: { mention?: string[]; parentId?: string },
  ): Promise<EmMessage>;
  /**
   * A human posts plain text, but the webhook deliveries are handed back unsent (signed, exactly as Webex
   * would send them), for a load generator that sends them on its own schedule. The message itself is
   * stored, so a receiver can GET it.
   */
  sayUnsent(
    personId: string,
    roomId: string,
    text: string,
  ): { message: EmMessage; deliveries: PreparedDelivery[] };
  /**
   * Adds `count` group spaces whose members are `memberIds` (the bot and someone else, say), silently (no
   * webhook event), as spaces that existed before the bot started; 10,000 in well under a second.
   */
  seedSpaces(opts: { count: number; memberIds: string[]; titlePrefix?: string }): string[];
  /** A human presses a card's Action.Submit, as a Webex client would submit it. */
  submitCard(
    personId: string,
    messageId: string,
    inputs: Record<string, string>,
    opts?: SubmitOptions,
  ): Promise<EmAttachmentAction>;
  /** How often a message was edited and what each edit left, oldest first (deleted messages too). */
  messageEdits(messageId: string): { count: number; edits: MessageEdit[] };
  /** Live (not deleted) messages of the room, oldest first. */
  messages(roomId: string): EmMessage[];
  /** Resolves with the first live message of the room (existing or new) that satisfies pred. */
  waitForMessage(roomId: string, pred: (m: EmMessage) => boolean, timeoutMs?: number): Promise<EmMessage>;
  /** Resolves when no webhook delivery is in flight. */
  settle(): Promise<void>;

  voicemailRules(orgId: string): unknown;
  storedPin(orgId: string): string | undefined;
  /**
   * Seeds any state, even outside the PUT ranges; GET shape, or PUT shape incl. defaultVoicemailPin. Also
   * "a change in Control Hub" behind a bot's back: it is not an API call, so the request log has no trace.
   */
  setVoicemailRules(orgId: string, patch: object): void;
  setPinRules(orgId: string, patch: object): void;
  /**
   * A person's own voicemail PIN state: when an administrator last reset it (to the org's default) or set
   * it, whether the person must change it at next use, and the passcode itself (Webex never returns it).
   */
  voicemailOf(personId: string): EmPersonVoicemail;
  /** GET voicemail rules leaves out these dotted paths (e.g. `expirePasscode`, `defaultVoicemailPinRules.length`) until reset. */
  omitRulesFields(paths: string[]): void;

  /** "The next `count` calls matching method/path/`orgId` query answer `status`" (`count: 'always'` too). */
  injectFault(f: FaultSpec): void;
  setLatency(ms: number, match?: RouteMatch): void;
  /** Drops every scheduled fault and latency rule. */
  clearFaults(): void;
  readonly requests: EmRequest[];
  /** The logged calls matching method, path (as faults match it), `orgId` query, status and caller. */
  requestsFor(match: RouteMatch & { status?: number; personId?: string }): EmRequest[];
  /** 429s the rate limit answered, in all or for one token or person. */
  rateLimited(opts?: { token?: string; personId?: string }): number;
  clearRequests(): void;
  readonly deliveries: EmDelivery[];
  replay(delivery: EmDelivery, opts?: { signature?: string | null }): Promise<number>;
  webhooks(personId?: string): EmWebhook[];
  /**
   * Marks a webhook inactive, as Webex does itself after repeated failed deliveries. The API cannot: a
   * PUT accepts only `status: active`.
   */
  disableWebhook(webhookId: string): void;

  registerIntegration(i: {
    name: string;
    clientId: string;
    clientSecret: string;
    redirectUris: string[];
    scopes: string[];
  }): void;
  autoApprove(personId: string | null): void;
  revokeRefreshToken(token: string): void;
  revokeAllTokens(personId: string): void;
  expireAccessToken(token: string): void;
  /** Successful token exchanges (or all attempts with includeFailed). */
  tokenExchanges(grant?: 'authorization_code' | 'refresh_token', opts?: { includeFailed?: boolean }): number;

  /**
   * Populates the emulator: an org with a full administrator, a read-only administrator and a user, the
   * bot, optionally a partner administrator with customer orgs, and (unless `spaces: false`) the bot's spaces.
   */
  seedWorld(opts: SeedPeople & { spaces: false }): SeededOrg;
  seedWorld(opts?: SeedPeople & { spaces?: SeedSpaces }): SeededWorld;
  /**
   * `seedWorld` with the sandbox's names: Acme, the partner's org and its customers (Globex and the
   * `DEMO_CUSTOMERS`, with varied rules), admins of each kind, a partner admin, a bot, its spaces; Acme with a
   * default voicemail PIN, Globex without (`DEMO_VOICEMAIL`).
   */
  seedDemo(): DemoWorld;
  /**
   * A partner administrator managing `orgs` customer orgs (up to 1,000 in well under a second), each with
   * its own rules (a third already `FLEET_POLICY`), PIN rules and a person or two with names from plain to
   * hostile; optionally a colleague and another partner. Makes no spaces.
   */
  seedFleet(opts: SeedFleetOptions): SeededFleet;
  /** The underlying state and app, for the sandbox and for tests that need more. */
  readonly state: EmulatorState;
  readonly app: express.Express;
}

function emPerson(p: PersonRecord): EmPerson {
  const v: EmPerson = {
    id: p.id,
    email: p.emails[0] ?? '',
    emails: [...p.emails],
    displayName: p.displayName,
    orgId: p.orgId,
    roles: roleIds(p),
    type: p.type,
    created: p.created,
    role: p.role,
    managedOrgIds: [...p.managedOrgIds],
  };
  if (p.nickName) v.nickName = p.nickName;
  if (p.firstName) v.firstName = p.firstName;
  if (p.lastName) v.lastName = p.lastName;
  return v;
}

function emRoom(state: EmulatorState, r: RoomRecord): EmRoom {
  const v: EmRoom = {
    id: r.id,
    title:
      r.type === 'group'
        ? roomTitle(state, r)
        : [...r.members.keys()].map((id) => state.person(id).displayName).join(' & '),
    type: r.type,
    isLocked: r.isLocked,
    lastActivity: r.lastActivity,
    creatorId: r.creatorId,
    created: r.created,
    memberIds: [...r.members.keys()],
  };
  if (r.ownerId) v.ownerId = r.ownerId;
  return v;
}

/** Builds the test-facing API over a state and an app; startEmulator adds the listening server. */
export function createEmulator(
  state: EmulatorState,
  app: express.Express,
  origin: string,
  server?: Server,
): Emulator {
  const liveMessages = (roomId: string): MessageRecord[] =>
    [...state.messages.values()].filter((m) => m.roomId === roomId && !m.deleted);

  function seed(opts: SeedPeople & { spaces: false }): SeededOrg;
  function seed(opts?: SeedPeople & { spaces?: SeedSpaces }): SeededWorld;
  function seed(opts?: SeedWorldOptions): SeededOrg | SeededWorld {
    return seedWorld(em, opts);
  }

  const em: Emulator = {
    url: origin,
    apiBase: `${origin}/v1`,
    u2cBase: `${origin}/u2c/api/v1`,
    state,
    app,

    async close() {
      state.generation++;
      if (!server) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    reset: () => state.reset(),
    configure: (patch) => {
      Object.assign(state.config, patch);
      if ('rateLimit' in patch) state.rateLimiter.clear();
    },

    createOrg: (o) => {
      const org = state.createOrg(o.displayName);
      return { id: org.id, displayName: org.displayName, created: org.created };
    },
    createPerson: (p) => emPerson(state.createPerson(p)),
    createBot: (b) => {
      const { person, token } = state.createBot(b);
      return { person: emPerson(person), token };
    },
    setManagedOrgs: (personId, orgIds) => {
      const person = state.person(personId);
      for (const id of orgIds) state.org(id);
      person.managedOrgIds = [...orgIds];
      return emPerson(person);
    },
    issueToken: (personId, scopes, opts = {}) => {
      const o: { expiresInSec?: number } = {};
      if (opts.expiresInSec !== undefined) o.expiresInSec = opts.expiresInSec;
      return state.issueToken(personId, scopes, o).token;
    },
    revokeToken: (token) => {
      const rec = state.tokens.get(token);
      if (rec) rec.revoked = true;
    },
    createRoom: (r) => emRoom(state, state.createRoom(r)),
    addMember: (roomId, personId) => state.addMember(roomId, personId),
    addMemberAs: (actorId, roomId, personId) =>
      addMembership(state, state.person(actorId), state.room(roomId), state.person(personId)),
    removeMemberAs: (actorId, roomId, personId) =>
      removeMembership(state, state.person(actorId), state.room(roomId), personId),

    async say(personId, roomId, text, opts = {}) {
      const room = state.room(roomId);
      if (!room.members.has(personId)) throw new Error('emulator: say() by a person who is not in the room');
      const mentioned = (opts.mention ?? []).map((id) => {
        if (!room.members.has(id)) throw new Error(`emulator: cannot mention ${id}: not in the room`);
        return state.person(id);
      });
      // A Webex client puts the mentioned names in the text; bots then see "BotName /command".
      const names = mentioned.map((p) => p.displayName).filter((n) => !text.includes(n));
      const fullText = names.length > 0 ? `${names.join(' ')} ${text}` : text;
      const extras: { html?: string; mentionedPeople?: string[] } = {};
      if (mentioned.length > 0) {
        extras.mentionedPeople = mentioned.map((p) => p.id);
        extras.html = mentionHtml(fullText, mentioned);
      }
      const body = { roomId, text: fullText, ...(opts.parentId ? { parentId: opts.parentId } : {}) };
      const { message, delivered } = createMessage(state, personId, body, extras);
      await delivered;
      return messageView(state, message);
    },

    sayUnsent(personId, roomId, text) {
      if (!state.room(roomId).members.has(personId))
        throw new Error('emulator: sayUnsent() by a person who is not in the room');
      const { message, deliveries } = createMessageUnsent(state, personId, { roomId, text });
      return { message: messageView(state, message), deliveries };
    },
    seedSpaces({ count, memberIds, titlePrefix = 'Seeded space' }) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++)
        ids.push(state.createRoom({ type: 'group', title: `${titlePrefix} ${i + 1}`, memberIds }).id);
      return ids;
    },

    async submitCard(personId, messageId, inputs, opts = {}) {
      const person = state.person(personId);
      const card = state.messages.get(messageId);
      if (!card || !canRead(state, card, person))
        throw new Error('emulator: submitCard() on a message the person cannot see');
      const content = card.attachments?.[0]?.content;
      if (!content) throw new Error('emulator: submitCard() on a message without a card');
      const submitted = buildSubmission(content, inputs, opts);
      const { action, delivered } = createAttachmentAction(state, person, {
        type: 'submit',
        messageId,
        inputs: submitted,
      });
      await delivered;
      return attachmentActionView(action);
    },

    messageEdits: (messageId) => {
      const m = state.messages.get(messageId);
      if (!m) throw new Error(`emulator: no message ${messageId}`);
      return { count: m.edits, edits: m.editLog.map((e) => ({ ...e })) };
    },
    messages: (roomId) => liveMessages(roomId).map((m) => messageView(state, m)),

    waitForMessage(roomId, pred, timeoutMs = 5000) {
      const existing = liveMessages(roomId)
        .map((m) => messageView(state, m))
        .find(pred);
      if (existing) return Promise.resolve(existing);
      return new Promise<EmMessage>((resolve, reject) => {
        const onMessage = (m: MessageRecord): void => {
          if (m.roomId !== roomId) return;
          const view = messageView(state, m);
          if (!pred(view)) return;
          cleanup();
          resolve(view);
        };
        const timer = setTimeout(() => {
          cleanup();
          const seen = liveMessages(roomId).map((m) => JSON.stringify(m.text ?? m.markdown ?? '[card]'));
          reject(
            new Error(
              `emulator: no matching message in ${timeoutMs} ms; the room has: ${seen.join(', ') || 'nothing'}`,
            ),
          );
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          state.events.off('message', onMessage);
        };
        state.events.on('message', onMessage);
      });
    },
    settle: () => state.settle(),

    voicemailRules: (orgId) => voicemailRulesView(state.voicemailOf(orgId)),
    storedPin: (orgId) => state.voicemailOf(orgId).defaultVoicemailPin,
    setVoicemailRules: (orgId, patch) => seedVoicemailRules(state.voicemailOf(orgId), patch),
    voicemailOf: (personId) => personVoicemailView(personId, state.voicemailOfPerson(personId)),
    setPinRules: (orgId, patch) => {
      deepMerge(state.voicemailOf(orgId).pinRules, patch);
    },

    omitRulesFields: (paths) => {
      state.rulesOmitted = [...paths];
    },
    injectFault: (f) => state.faults.inject(f),
    setLatency: (ms, match) => state.faults.setLatency(ms, match),
    clearFaults: () => state.faults.clear(),
    get requests() {
      return state.requests;
    },
    requestsFor: (match) =>
      state.requests.filter(
        (r) =>
          routeMatches(match, r.method, r.path, r.query) &&
          (match.status === undefined || r.status === match.status) &&
          (match.personId === undefined || r.personId === match.personId),
      ),
    rateLimited: (opts) => state.rateLimiter.count(opts),
    clearRequests: () => {
      state.requests.length = 0;
    },
    get deliveries() {
      return state.deliveries;
    },
    replay: (delivery, opts) => replayDelivery(delivery, opts),
    webhooks: (personId) =>
      [...state.webhooks.values()]
        .filter((w) => personId === undefined || w.createdBy === personId)
        .map(webhookView),
    disableWebhook: (webhookId) => {
      const w = state.webhooks.get(webhookId);
      if (!w) throw new Error(`emulator: no webhook ${webhookId}`);
      w.status = 'inactive';
      state.log(`webhook ${w.id} disabled by the test`);
    },

    registerIntegration: (i) => {
      registerIntegration(state, i);
    },
    autoApprove: (personId) => {
      if (personId !== null) state.person(personId);
      state.autoApprovePersonId = personId;
    },
    revokeRefreshToken: (token) => {
      const rec = state.tokens.get(token);
      if (rec && rec.kind === 'refresh') rec.revoked = true;
    },
    revokeAllTokens: (personId) => {
      for (const rec of state.tokens.values()) if (rec.personId === personId) rec.revoked = true;
    },
    expireAccessToken: (token) => {
      const rec = state.tokens.get(token);
      if (rec) rec.expiresAt = Date.now() - 1;
    },
    tokenExchanges: (grant, opts = {}) =>
      state.exchanges.filter(
        (x) => (grant === undefined || x.grant === grant) && (x.ok || opts.includeFailed === true),
      ).length,

    seedWorld: seed,
    seedDemo: () => {
      const world = seed(DEMO_WORLD);
      const customers = DEMO_CUSTOMERS.map((displayName, n) => {
        const org = em.createOrg({ displayName });
        const { rules, pinRules } = fleetRules(n + 1);
        em.setPinRules(org.id, pinRules);
        em.setVoicemailRules(org.id, rules);
        return org;
      });
      const partner =
        world.partner &&
        em.setManagedOrgs(world.partner.id, [...world.partner.managedOrgIds, ...customers.map((o) => o.id)]);
      const demo = demoWorld({ ...world, partner }, customers);
      seedVoicemailRules(state.voicemailOf(demo.orgs.acme.id), DEMO_VOICEMAIL.acme);
      seedVoicemailRules(state.voicemailOf(demo.orgs.globex.id), DEMO_VOICEMAIL.globex);
      return demo;
    },
    seedFleet: (opts) =>
      seedFleet(
        {
          createOrg: (o) => em.createOrg(o),
          createPerson: (p) => em.createPerson(p),
          setVoicemailRules: (orgId, patch) => em.setVoicemailRules(orgId, patch),
          setPinRules: (orgId, patch) => em.setPinRules(orgId, patch),
          addManagedOrgs: (personId, orgIds) =>
            em.setManagedOrgs(personId, [...state.person(personId).managedOrgIds, ...orgIds]),
        },
        opts,
      ),
  };
  return em;
}

/** Starts the emulated Webex on 127.0.0.1 and a free port (by default). */
export async function startEmulator(opts: StartOptions = {}): Promise<Emulator> {
  const { port = 0, host = '127.0.0.1', unref = false, ...stateOpts } = opts;
  const state = new EmulatorState(stateOpts);
  const app = createEmulatorApp(state);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.once('error', reject);
  });
  if (unref) server.unref();
  const { port: actual } = server.address() as AddressInfo;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  state.log(`Webex emulator listening on http://${hostForUrl}:${actual}`);
  return createEmulator(state, app, `http://${hostForUrl}:${actual}`, server);
}
