import { closestWords } from '../voicemail/closest-word.js';
import { normalizeTyped } from '../voicemail/normalize-typed.js';
import { parseSetArgs } from '../voicemail/set-command.js';
import { GENERATE_PIN_WORDS } from '../voicemail/setting-sections.js';

/** The commands a person types, each with a usage line in the command table. */
export type ListedKind =
  | 'help'
  | 'voicemail.form'
  | 'voicemail.show'
  | 'voicemail.set'
  | 'voicemail.history'
  | 'voicemail.reset'
  | 'voicemail.undo'
  | 'voicemail.watch'
  | 'fleet.watch'
  | 'login'
  | 'logout'
  | 'whoami'
  | 'org.show'
  | 'org.list'
  | 'org.find'
  | 'org.use'
  | 'fleet.show'
  | 'fleet.find'
  | 'fleet.apply'
  | 'fleet.status'
  | 'fleet.cancel'
  | 'fleet.report';

/**
 * Why a command's usage is shown instead of running it: something it needs is missing (`/org use`),
 * something it does not take follows it (`/login now`), or the word after it is not one of its own
 * (`/voicemail foo`).
 */
export type UsageReason = 'incomplete' | 'extra' | 'subcommand';

/** What a chat message asks for. Pure: text in, command out; unknown text falls back to a help pointer. */
export type Command =
  | { kind: 'help' }
  | { kind: 'voicemail.form' }
  | { kind: 'voicemail.show' }
  | { kind: 'voicemail.set'; args: string }
  /** `count` as typed: the handler says what range it takes. */
  | { kind: 'voicemail.history'; count: number }
  /**
   * `who` as typed (an email or the start of a name). `pin`: `random` asks for a PIN made up; `typed`, a
   * `pin=` with anything else (refused: only a made-up PIN is set, and never one typed in chat).
   */
  | { kind: 'voicemail.reset'; who: string; pin?: 'random' | 'typed' }
  | { kind: 'voicemail.undo' }
  /** `/voicemail watch [on|off]`, `/fleet watch [on|off]`: `status` when nothing follows. */
  | { kind: 'voicemail.watch'; mode: WatchMode }
  | { kind: 'fleet.watch'; mode: WatchMode }
  | { kind: 'login' }
  | { kind: 'logout' }
  | { kind: 'whoami' }
  | { kind: 'org.show' }
  | { kind: 'org.list'; page: number; ids: boolean }
  | { kind: 'org.find'; text: string }
  | { kind: 'org.use'; arg: string }
  | { kind: 'fleet.show'; page: number }
  | { kind: 'fleet.find'; text: string }
  /** Everything after `apply` as typed: settings, then `to …` or `where …` (see bot/fleet-apply-args). */
  | { kind: 'fleet.apply'; args: string }
  /** `runId` as typed when one is given; otherwise the person's newest run. */
  | { kind: 'fleet.status'; runId?: string }
  | { kind: 'fleet.cancel'; runId?: string }
  | { kind: 'fleet.report'; runId?: string }
  /**
   * A command recognised but not complete: its usage lines (`of`) are the answer. `head` is the command
   * as the table spells it ("/org use"), never the typed text; `near` is the one it most likely meant.
   */
  | { kind: 'usage'; reason: UsageReason; head: string; of: readonly ListedKind[]; near?: ListedKind }
  /** Text that names no command; `near` is the closest one, when one is close. */
  | { kind: 'unknown'; text: string; near?: ListedKind };

export type WatchMode = 'on' | 'off' | 'status';

/** A command word with the commands it leads to, and its second words (`/org list`). */
interface Family {
  head: string;
  kinds: readonly ListedKind[];
  subs: Readonly<Record<string, ListedKind>>;
}

const VOICEMAIL: Family = {
  head: '/voicemail',
  kinds: [
    'voicemail.form',
    'voicemail.show',
    'voicemail.set',
    'voicemail.history',
    'voicemail.reset',
    'voicemail.undo',
    'voicemail.watch',
  ],
  subs: {
    show: 'voicemail.show',
    set: 'voicemail.set',
    form: 'voicemail.form',
    history: 'voicemail.history',
    reset: 'voicemail.reset',
    undo: 'voicemail.undo',
    watch: 'voicemail.watch',
  },
};
/** The partner fleet: each sub-command is one entry here, one kind, and one line in `fleet()` below. */
const ORG: Family = {
  head: '/org',
  kinds: ['org.show', 'org.list', 'org.find', 'org.use'],
  subs: { show: 'org.show', list: 'org.list', find: 'org.find', use: 'org.use' },
};

const FLEET: Family = {
  head: '/fleet',
  kinds: [
    'fleet.show',
    'fleet.find',
    'fleet.apply',
    'fleet.status',
    'fleet.cancel',
    'fleet.report',
    'fleet.watch',
  ],
  subs: {
    page: 'fleet.show',
    watch: 'fleet.watch',
    find: 'fleet.find',
    apply: 'fleet.apply',
    status: 'fleet.status',
    cancel: 'fleet.cancel',
    report: 'fleet.report',
  },
};

/** Every first word, with what it stands for when nothing follows; the router's cases read the same words. */
const FIRST_WORDS: Readonly<Record<string, ListedKind>> = {
  help: 'help',
  start: 'help',
  voicemail: 'voicemail.form',
  vm: 'voicemail.form',
  login: 'login',
  signin: 'login',
  logout: 'logout',
  signout: 'logout',
  whoami: 'whoami',
  org: 'org.show',
  fleet: 'fleet.show',
};

/** The words of a one-word command that takes nothing after it, as /help spells it. */
const SINGLE: Readonly<Record<string, { kind: 'login' | 'logout' | 'whoami'; head: string }>> = {
  login: { kind: 'login', head: '/login' },
  signin: { kind: 'login', head: '/login' },
  logout: { kind: 'logout', head: '/logout' },
  signout: { kind: 'logout', head: '/logout' },
  whoami: { kind: 'whoami', head: '/whoami' },
};

const usage = (reason: UsageReason, head: string, of: readonly ListedKind[], near?: ListedKind): Command =>
  near ? { kind: 'usage', reason, head, of, near } : { kind: 'usage', reason, head, of };

/** `/org list`, `/org list 2`, `/org list ids`, `/org list 2 ids` (either order). */
function orgList(tail: string): Command {
  let page: number | undefined;
  let ids = false;
  for (const word of tail.split(' ').filter(Boolean)) {
    const w = word.toLowerCase();
    if (/^[0-9]{1,4}$/.test(w) && page === undefined) page = Number(w);
    else if ((w === 'ids' || w === 'id') && !ids) ids = true;
    else return usage('extra', '/org list', ['org.list']);
  }
  return { kind: 'org.list', page: page ?? 1, ids };
}

/** How many changes `/voicemail history` shows when no number is given. */
export const HISTORY_DEFAULT_COUNT = 10;

/** `/voicemail history`, `/voicemail history 20`; anything else after it gets its usage. */
function voicemailHistory(tail: string, rest: string): Command {
  if (!tail) return { kind: 'voicemail.history', count: HISTORY_DEFAULT_COUNT };
  const n = normalizeTyped(tail).trim();
  // Any whole number is a count, so 0, -1 and 10^20 all get the same range reply as 51 does.
  if (/^[-+]?[0-9]+$/.test(n)) return { kind: 'voicemail.history', count: Number(n) };
  // "/voicemail history last 5" is the `set` wording for blocking previous passcodes.
  return usage(
    'extra',
    '/voicemail history',
    ['voicemail.history'],
    parseSetArgs(rest).ok ? 'voicemail.set' : undefined,
  );
}

/**
 * `/voicemail reset <email or name> [pin=random]`: the person as typed, and only the `pin=` word read
 * (normalised like `set`, so `PIN＝Random` counts); no person named → the usage.
 */
function voicemailReset(tail: string): Command {
  // "pin = random" is one word, as "pin=random" is.
  const words = tail
    .replace(/(^|\s)(pin)\s*([=:\uFF1A\uFF1D])\s*/giu, '$1$2$3')
    .split(' ')
    .filter(Boolean);
  const isPin = (w: string) => /^pin\s*[=:]/.test(normalizeTyped(w).toLowerCase());
  const pins = words.filter(isPin);
  const who = words.filter((w) => !isPin(w)).join(' ');
  if (pins.length === 0)
    return who
      ? { kind: 'voicemail.reset', who }
      : usage('incomplete', '/voicemail reset', ['voicemail.reset']);
  const value = normalizeTyped(pins.join(' '))
    .toLowerCase()
    .replace(/^pin\s*[=:]\s*/, '');
  const random = pins.length === 1 && (GENERATE_PIN_WORDS as readonly string[]).includes(value);
  if (!who && random) return usage('incomplete', '/voicemail reset', ['voicemail.reset']);
  // A typed PIN is refused even without a person: in a group space it is said why at once.
  return { kind: 'voicemail.reset', who, pin: random ? 'random' : 'typed' };
}

const WATCH_MODES: Readonly<Record<string, WatchMode>> = {
  '': 'status',
  on: 'on',
  start: 'on',
  off: 'off',
  stop: 'off',
};

/** `/voicemail watch`, `/voicemail watch on|off` (and the same under `/fleet`). */
function watch(kind: 'voicemail.watch' | 'fleet.watch', tail: string): Command {
  const mode =
    WATCH_MODES[
      normalizeTyped(tail)
        .trim()
        .toLowerCase()
        .replace(/[.!]+$/, '')
    ];
  if (mode) return { kind, mode };
  return usage('extra', kind === 'fleet.watch' ? '/fleet watch' : '/voicemail watch', [kind]);
}

/** `/fleet`, `/fleet 2`, `/fleet page 2`. */
function fleetShow(sub: string, tail: string): Command {
  const words = [sub, ...tail.split(' ')].filter(Boolean).map((w) => w.toLowerCase());
  if (words[0] === 'page') words.shift();
  if (words.length === 0) return { kind: 'fleet.show', page: 1 };
  if (words.length === 1 && /^[0-9]{1,4}$/.test(words[0]!))
    return { kind: 'fleet.show', page: Number(words[0]) };
  return usage('extra', '/fleet', ['fleet.show']);
}

/** `/fleet status|cancel|report [run id]`: a run id is one word of letters, digits and dashes. */
function fleetRun(kind: 'fleet.status' | 'fleet.cancel' | 'fleet.report', tail: string): Command {
  if (!tail) return { kind };
  if (/^[0-9a-f-]{8,64}$/i.test(tail)) return { kind, runId: tail.toLowerCase() };
  return usage('extra', `/fleet ${kind.slice('fleet.'.length)}`, [kind]);
}

/** The second word was none of the family's: its usage lines, and the one it most likely meant. */
function subcommand(family: Family, sub: string, rest: string): Command {
  // "/voicemail history=5" is a setting typed without "set", not a misspelt `/voicemail history`.
  if (family === VOICEMAIL && parseSetArgs(rest).ok)
    return usage('subcommand', family.head, family.kinds, 'voicemail.set');
  const [near] = closestWords(sub, Object.keys(family.subs));
  let meant = near === undefined ? undefined : family.subs[near];
  // "Voicemail Bot /voicemail show": the bot's name typed in front of a command.
  meant ??= laterCommand(rest);
  // "/voicemail expire=50": settings without "set" are pointed to it, never applied unasked.
  if (!meant && family === VOICEMAIL && parseSetArgs(rest).ok) meant = 'voicemail.set';
  return usage('subcommand', family.head, family.kinds, meant);
}

/** `text` is the command alone: in a group space, what commandText found next to the bot's mention. */
export function routeMessage(text: string): Command {
  const body = text.replace(/\s+/g, ' ').trim();
  // Only the command words are normalised (a fullwidth slash, an invisible character in front); what
  // follows goes on as typed: an org name is matched as Webex spells it, and `set` normalises its own.
  const m = /^([^\s]+)(?:\s+(.*))?$/.exec(body);
  // "/help!", "voicemail," as typed in a sentence.
  const first = normalizeTyped(m?.[1] ?? '')
    .toLowerCase()
    .replace(/[,:;.!?]+$/, '');
  const w = /^\/?([a-z]+)$/.exec(first);
  if (!m || !w) return unknown(body);
  const word = w[1] ?? '';
  const rest = (m[2] ?? '').trim();
  const [rawSub = '', ...more] = rest.split(' ');
  const sub = normalizeTyped(rawSub)
    .toLowerCase()
    .replace(/[,:;.!?]+$/, '');
  const tail = more.join(' ');

  switch (word) {
    case 'help':
    case 'start':
      return { kind: 'help' };
    case 'voicemail':
    case 'vm':
      if (!rest) return { kind: 'voicemail.form' };
      if (sub === 'show')
        return tail ? usage('extra', '/voicemail show', ['voicemail.show']) : { kind: 'voicemail.show' };
      if (sub === 'form')
        return tail ? usage('extra', '/voicemail', ['voicemail.form']) : { kind: 'voicemail.form' };
      if (sub === 'set')
        return tail
          ? { kind: 'voicemail.set', args: tail }
          : usage('incomplete', '/voicemail set', ['voicemail.set']);
      if (sub === 'history') return voicemailHistory(tail, rest);
      if (sub === 'reset') return voicemailReset(tail);
      if (sub === 'undo')
        return tail ? usage('extra', '/voicemail undo', ['voicemail.undo']) : { kind: 'voicemail.undo' };
      if (sub === 'watch') return watch('voicemail.watch', tail);
      return subcommand(VOICEMAIL, sub, rest);
    case 'log':
    case 'sign':
      // "/log in", "sign out": said the way people say it.
      if (sub === 'in' && !tail) return { kind: 'login' };
      if (sub === 'out' && !tail) return { kind: 'logout' };
      return unknown(body);
    case 'login':
    case 'signin':
    case 'logout':
    case 'signout':
    case 'whoami': {
      const single = SINGLE[word];
      if (!single) return unknown(body);
      return rest ? usage('extra', single.head, [single.kind]) : { kind: single.kind };
    }
    case 'org':
      if (!rest || (sub === 'show' && !tail)) return { kind: 'org.show' };
      if (sub === 'list') return orgList(tail);
      if (sub === 'find')
        return tail ? { kind: 'org.find', text: tail } : usage('incomplete', '/org find', ['org.find']);
      if (sub === 'use')
        return tail ? { kind: 'org.use', arg: tail } : usage('incomplete', '/org use', ['org.use']);
      return subcommand(ORG, sub, rest);
    case 'fleet':
      if (!rest || sub === 'page' || /^[0-9]+$/.test(sub)) return fleetShow(sub, tail);
      if (sub === 'watch') return watch('fleet.watch', tail);
      if (sub === 'find')
        return tail ? { kind: 'fleet.find', text: tail } : usage('incomplete', '/fleet find', ['fleet.find']);
      if (sub === 'apply')
        return tail
          ? { kind: 'fleet.apply', args: tail }
          : usage('incomplete', '/fleet apply', ['fleet.apply']);
      if (sub === 'status' || sub === 'cancel' || sub === 'report') return fleetRun(`fleet.${sub}`, tail);
      return subcommand(FLEET, sub, rest);
    default:
      return unknown(body);
  }
}

/** Text that is no command, with the command it most likely meant. */
function unknown(body: string): Command {
  const near = nearestCommand(body);
  return near ? { kind: 'unknown', text: body, near } : { kind: 'unknown', text: body };
}

/** The command text that names none most likely meant, if one is close enough to say so. */
function nearestCommand(body: string): ListedKind | undefined {
  const [head = '', ...rest] = body.split(' ');
  const word = normalizeTyped(head).toLowerCase().replace(/^\//, '');
  // A misspelt command word: what the message would be with the word spelt right ("/voicmail show").
  const [close] = /^[a-z]+$/.test(word) ? closestWords(word, Object.keys(FIRST_WORDS)) : [];
  if (close) {
    const meant = routeMessage([`/${close}`, ...rest].join(' '));
    if (meant.kind === 'usage') return meant.near ?? meant.of[0];
    if (meant.kind !== 'unknown') return meant.kind;
    return FIRST_WORDS[close];
  }
  // A command further on, looked for from the second character: one at the very start was routed already
  // (and recursing on the same text would never end). Else settings typed without the command ("expire=50").
  return laterCommand(body.slice(1)) ?? (body !== '' && parseSetArgs(body).ok ? 'voicemail.set' : undefined);
}

/** A command further on in the text ("Bot /voicemail show": a name typed where a mention was meant). */
function laterCommand(text: string): ListedKind | undefined {
  const later = text.search(/(?:^|\s)\/[a-z]/i);
  if (later < 0) return undefined;
  const meant = routeMessage(text.slice(later).trim());
  if (meant.kind === 'unknown') return meant.near;
  return meant.kind === 'usage' ? (meant.near ?? meant.of[0]) : meant.kind;
}
