import type { BotContext } from '../bot-context.js';
import type { ListedKind } from '../router.js';
import type {
  CommandDeps,
  CommandKind,
  CommandOf,
  CommandSpec,
  CommandTable,
  Usage,
} from './command-spec.js';
import { fleetApplyCommand } from './fleet-apply.js';
import { fleetCancelCommand } from './fleet-cancel.js';
import { fleetFindCommand } from './fleet-find.js';
import { fleetReportCommand } from './fleet-report.js';
import { fleetShowCommand } from './fleet-show.js';
import { fleetStatusCommand } from './fleet-status.js';
import { helpCommand, helpMarkdown } from './help.js';
import { loginCommand } from './login.js';
import { logoutCommand } from './logout.js';
import { orgFindCommand } from './org-find.js';
import { orgListCommand } from './org-list.js';
import { orgShowCommand } from './org-show.js';
import { orgUseCommand } from './org-use.js';
import { unknownCommand } from './unknown.js';
import { usageCommand } from './usage.js';
import { voicemailFormCommand } from './voicemail-form.js';
import { voicemailSetCommand } from './voicemail-set.js';
import { voicemailShowCommand } from './voicemail-show.js';
import { voicemailHistoryCommand } from './voicemail-history.js';
import { voicemailWatchCommand } from './voicemail-watch.js';
import { fleetWatchCommand } from './fleet-watch.js';
import { voicemailResetCommand } from './voicemail-reset.js';
import { voicemailUndoCommand } from './voicemail-undo.js';
import { whoamiCommand } from './whoami.js';

/** Every command the router can return, in the order /help lists them. */
export const COMMANDS: CommandTable = {
  'voicemail.form': voicemailFormCommand,
  'voicemail.show': voicemailShowCommand,
  'voicemail.set': voicemailSetCommand,
  'voicemail.history': voicemailHistoryCommand,
  'voicemail.watch': voicemailWatchCommand,
  'voicemail.reset': voicemailResetCommand,
  'voicemail.undo': voicemailUndoCommand,
  login: loginCommand,
  logout: logoutCommand,
  whoami: whoamiCommand,
  'org.show': orgShowCommand,
  'org.list': orgListCommand,
  'org.find': orgFindCommand,
  'org.use': orgUseCommand,
  'fleet.show': fleetShowCommand,
  'fleet.find': fleetFindCommand,
  'fleet.apply': fleetApplyCommand,
  'fleet.status': fleetStatusCommand,
  'fleet.cancel': fleetCancelCommand,
  'fleet.report': fleetReportCommand,
  'fleet.watch': fleetWatchCommand,
  help: helpCommand(() => Object.values(COMMANDS)),
  usage: usageCommand((kind) => usageOf(kind)),
  unknown: unknownCommand((kind) => usageOf(kind)),
};

/** A command's usage line: partial commands and near misses are answered with the table's own lines. */
export const usageOf = (kind: ListedKind): Usage => COMMANDS[kind].usage;

/** /help as a partner's full administrator sees it: every command. */
export const HELP_MARKDOWN = helpMarkdown(Object.values(COMMANDS).flatMap((c) => (c.usage ? [c.usage] : [])));

/** Runs a command with its own handler, which receives its own variant of Command. */
export function runCommand<K extends CommandKind>(
  cmd: CommandOf<K> & { kind: K },
  ctx: BotContext,
  deps: CommandDeps,
): Promise<void> {
  const spec: CommandSpec<K> = COMMANDS[cmd.kind];
  return spec.run(cmd, ctx, deps);
}
