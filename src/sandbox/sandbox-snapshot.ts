import type { DemoWorld, Emulator, EmMessage, EmRequest, PinRules } from '../emulator/index.js';
import { historyChanges, historyKindWords } from '../bot/history-words.js';
import type { ChangeHistory, HistoryEntry } from '../store/change-history.js';
import { shortName } from '../short-name.js';
import type { SandboxWorld } from './sandbox-world.js';

/**
 * What the page shows, read from the emulator's state: the space's messages, an org's voicemail rules, its
 * demo people's PIN state and the bot's latest Webex API calls; and from the bot's store, the org's change
 * history. Read-only; tokens, request bodies and PINs never leave this module.
 */

/** TrackingIDs the sandbox's own "Webex client" calls carry, so the call log can leave them out. */
export const CLIENT_TRACKING_PREFIX = 'sandbox-client_';

export interface PageMessage {
  id: string;
  parentId?: string;
  created: string;
  /** Set when the message was edited: the page redraws it. */
  updated?: string;
  authorId: string;
  authorName: string;
  fromBot: boolean;
  /** A person's message: plain text, shown as text. */
  text?: string;
  /** The bot's message: markdown, rendered safely by the page. */
  markdown?: string;
  /** The first Adaptive Card attachment, rendered by the page with the adaptivecards library. */
  card?: unknown;
  /** Display names of the people the message mentions (a Webex client highlights them). */
  mentions: string[];
}

export function pageMessages(em: Emulator, world: SandboxWorld, roomId: string): PageMessage[] {
  const nameOf = (id: string) => em.state.people.get(id)?.displayName ?? 'Unknown';
  return em.messages(roomId).map((m: EmMessage): PageMessage => {
    const fromBot = m.personId === world.bot.id;
    const out: PageMessage = {
      id: m.id,
      created: m.created,
      authorId: m.personId,
      authorName: nameOf(m.personId),
      fromBot,
      mentions: (m.mentionedPeople ?? []).map(nameOf),
    };
    if (m.parentId) out.parentId = m.parentId;
    if (m.updated) out.updated = m.updated;
    const card = m.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
    if (card) out.card = card.content;
    if (m.markdown !== undefined) out.markdown = m.markdown;
    else if (m.text !== undefined) out.text = m.text;
    return out;
  });
}

export interface RulesView {
  orgId: string;
  orgName: string;
  defaultPin: { enabled: boolean; isSet: boolean };
  expirePasscode: { enabled: boolean; numberOfDays: number };
  changePasscode: { enabled: boolean; numberOfDays: number };
  blockPreviousPasscodes: { enabled: boolean; numberOfPasscodes: number };
  pinRules: PinRules;
}

/** The org's rules as the emulator holds them right now; of the PIN only whether one is set. */
export function rulesView(em: Emulator, orgId: string): RulesView {
  const s = em.state.voicemailOf(orgId);
  return {
    orgId,
    orgName: em.state.orgs.get(orgId)?.displayName ?? orgId,
    defaultPin: { enabled: s.defaultVoicemailPinEnabled, isSet: Boolean(s.defaultVoicemailPin) },
    expirePasscode: { ...s.expirePasscode },
    changePasscode: { ...s.changePasscode },
    blockPreviousPasscodes: { ...s.blockPreviousPasscodes },
    pinRules: {
      length: { ...s.pinRules.length },
      blockRepeatedPatternsEnabled: s.pinRules.blockRepeatedPatternsEnabled,
      blockRepeatedDigits: { ...s.pinRules.blockRepeatedDigits },
      blockContiguousSequences: { ...s.pinRules.blockContiguousSequences },
    },
  };
}

/** How many of the org's newest changes the panel shows: a glance, `/voicemail history` has the rest. */
export const HISTORY_SHOWN = 10;

/** One change as the panel shows it: the bot's own words, names shortened; the page sets them as text. */
export interface PageHistoryEntry {
  at: string;
  kind: HistoryEntry['kind'];
  /** The kind in words: "rules changed", "PIN reset", "change undone". */
  what: string;
  by: string;
  /** Before → after per setting; a PIN only as what became of it ("replaced (not shown)"). */
  changes: { setting: string; before?: string; after: string }[];
  /** Webex never answered the change and reading the rules back could not show all of it. */
  uncertain: boolean;
}

export interface PageHistory {
  entries: PageHistoryEntry[];
  /** Entries that did not parse, left out. */
  unreadable: number;
}

/** The org's newest changes from the bot's own history, newest first; null when the store does not answer. */
export async function historyView(
  history: Pick<ChangeHistory, 'newest'>,
  orgId: string,
): Promise<PageHistory | null> {
  const found = await history.newest(orgId, HISTORY_SHOWN).catch(() => undefined);
  if (!found) return null;
  return {
    entries: found.entries.map((e) => ({
      at: e.at,
      kind: e.kind,
      what: e.person ? `${historyKindWords(e)} for ${shortName(e.person.displayName)}` : historyKindWords(e),
      by: shortName(e.by.displayName),
      changes: historyChanges(e),
      uncertain: e.outcome === 'uncertain',
    })),
    unreadable: found.unreadable,
  };
}

/** A demo user and their voicemail PIN as the emulated Webex holds it: never the PIN itself. */
export interface PagePerson {
  id: string;
  name: string;
  email: string;
  /** The last time an administrator reset or set the PIN; null when none has. */
  pin: { kind: 'reset' | 'set'; at: string; by: string; mustChange: boolean } | null;
}

/** The demo users of an org (those a PIN reset is for), with their PIN state; none for an org without any. */
export function peopleView(em: Emulator, demo: DemoWorld, orgId: string): PagePerson[] {
  const nameOf = (id: string) => shortName(em.state.people.get(id)?.displayName ?? 'someone');
  return [...demo.users.acme, ...demo.users.globex]
    .filter((u) => u.orgId === orgId)
    .map((u): PagePerson => {
      const vm = em.voicemailOf(u.id);
      const at = vm.pinResetAt ?? vm.pinSetAt;
      return {
        id: u.id,
        name: shortName(u.displayName),
        email: shortName(u.email),
        pin:
          at === undefined
            ? null
            : {
                kind: vm.pinResetAt !== undefined ? 'reset' : 'set',
                at,
                by: vm.changedBy ? nameOf(vm.changedBy) : 'someone',
                mustChange: vm.mustChangeAtNextUse,
              },
      };
    });
}

export interface ApiCall {
  /** Position in the emulator's request log: increases with every call. */
  seq: number;
  time: string;
  method: string;
  /** Without the /v1 prefix, long ids shortened; never a query other than the org. */
  path: string;
  status: number;
  /** Whose token the bot used. */
  actor: string;
  actorKind: 'bot' | 'user' | 'oauth' | 'none';
  orgName?: string;
}

export interface ApiCalls {
  recent: ApiCall[];
  total: number;
  rulesChanges: number;
}

const RULES_PATH = '/v1/telephony/config/voicemail/rules';
const ID_SEGMENT = /^[A-Za-z0-9_=-]{24,}$/;

const shortPath = (path: string): string =>
  path
    .replace(/^\/v1(?=\/)/, '')
    .split('/')
    .map((seg) => (ID_SEGMENT.test(seg) ? `…${seg.slice(-6)}` : seg))
    .join('/');

/**
 * The calls the bot made: with its own token, with a person's token it got through sign-in, or to the
 * token endpoint. The page's own client calls (a card submit) and the browser's /authorize are not the bot's.
 */
export function botApiCalls(em: Emulator, world: SandboxWorld, limit = 15): ApiCalls {
  const calls: ApiCall[] = [];
  let rulesChanges = 0;
  em.requests.forEach((r: EmRequest, seq) => {
    if (r.trackingId.startsWith(CLIENT_TRACKING_PREFIX) || r.path === '/v1/authorize') return;
    let actor: string;
    let actorKind: ApiCall['actorKind'];
    if (r.personId === world.bot.id) {
      actor = 'bot';
      actorKind = 'bot';
    } else if (r.personId) {
      const name = em.state.people.get(r.personId)?.displayName ?? 'someone';
      actor = `${name.split(' ')[0]}'s token`;
      actorKind = 'user';
    } else if (r.path === '/v1/access_token') {
      actor = 'OAuth';
      actorKind = 'oauth';
    } else {
      actor = 'no token';
      actorKind = 'none';
    }
    const call: ApiCall = {
      seq,
      time: r.time,
      method: r.method,
      path: shortPath(r.path),
      status: r.status,
      actor,
      actorKind,
    };
    const orgId = r.query.orgId;
    if (orgId) call.orgName = em.state.orgs.get(orgId)?.displayName ?? 'another org';
    if (r.method === 'PUT' && r.path === RULES_PATH && r.status < 300) rulesChanges++;
    calls.push(call);
  });
  return { recent: calls.slice(-limit).reverse(), total: calls.length, rulesChanges };
}
