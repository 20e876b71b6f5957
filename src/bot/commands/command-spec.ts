import type { DriftWatch } from '../../drift/drift-watch.js';
import type { OrgSelection } from '../../store/org-selection.js';
import type { TokenStore } from '../../store/token-store.js';
import type { BotContext } from '../bot-context.js';
import type { Command, ListedKind } from '../router.js';
import type { BotDeps } from '../bot-deps.js';

/** What every command may use: one object, built once at start-up. */
export interface CommandDeps extends BotDeps {
  tokens: TokenStore;
  orgSelection: OrgSelection;
  drift: DriftWatch;
}

/**
 * Who a command is for, as its behaviour has it: 'admin' needs a signed-in administrator (read-only will
 * do), 'full-admin' one who may change the rules, 'partner' an administrator who manages other
 * organizations. Each handler still checks access itself; this is what /help reads without running it.
 */
export type Audience = 'anyone' | 'admin' | 'full-admin' | 'partner';

/** A command's entry in /help. Commands next to each other in the table with the same `about` share a line. */
export interface Usage {
  /** What to type, e.g. "/org find <text>". */
  syntax: string;
  /** What it does, in markdown. */
  about: string;
  /** One more line under it, in markdown. */
  more?: string;
}

export type CommandKind = Command['kind'];

export type CommandOf<K extends CommandKind> = Extract<Command, { kind: K }>;

/** Kinds that are not something to type, so /help leaves them out. */
type Unlisted = Exclude<CommandKind, ListedKind>;

export type CommandSpec<K extends CommandKind> = {
  audience: Audience;
  run(cmd: CommandOf<K>, ctx: BotContext, deps: CommandDeps): Promise<void>;
} & (K extends Unlisted ? { usage?: undefined } : { usage: Usage });

/** One entry per kind the router can return: a kind without a handler (or a usage line) does not compile. */
export type CommandTable = { [K in CommandKind]: CommandSpec<K> };
