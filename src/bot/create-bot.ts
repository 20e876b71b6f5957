import type { ActionTrigger, Framework, FrameworkBot, MessageTrigger } from './create-framework.js';
import type { BotContext } from './bot-context.js';
import type { BotDeps } from './voicemail-deps.js';
import { withErrorBoundary } from './error-boundary.js';
import { routeMessage, type Command } from './router.js';
import { commandText } from './command-text.js';
import { HELP_MARKDOWN, UNKNOWN_MARKDOWN } from './commands/help.js';
import { voicemailForm } from './commands/voicemail-form.js';
import { voicemailShow } from './commands/voicemail-show.js';
import { voicemailSet } from './commands/voicemail-set.js';
import { voicemailSubmit } from './actions/voicemail-submit.js';
import type { HandlingRegistry } from './event-intake.js';

/** Extra commands (sign-in, org selection) plug in here; each returns false when it does not handle one. */
export type CommandHandler = (cmd: Command, ctx: BotContext) => Promise<boolean>;

export interface BotRuntime extends HandlingRegistry {
  /** Handlers still running; shutdown waits for them. */
  idle(): Promise<void>;
  /** Run a command for a person in a room outside a chat message (e.g. carrying on after sign-in). */
  run(cmd: Command, where: { roomId: string; roomType: 'direct' | 'group' }, person: Person): Promise<void>;
}

type Person = { id: string; emails: string[]; displayName: string; orgId?: string };

/**
 * Binds framework events to the command handlers. Each event becomes one BotContext and runs inside the
 * error boundary; nothing here touches HTTP.
 */
export function attachBot(framework: Framework, deps: BotDeps, extra: CommandHandler[] = []): BotRuntime {
  const inflight = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  // Per triggering message/action id: the intake waits on it to count the event as processed.
  const handlings = new Map<string, Promise<void>>();
  const handled = (id: string, p: Promise<void> = Promise.resolve()) => {
    handlings.set(id, p);
    track(p);
  };

  const context = (
    roomId: string,
    roomType: 'direct' | 'group',
    person: Person,
    parentId?: string,
  ): BotContext => {
    const log = deps.log.child({ personId: person.id, roomId });
    return {
      actor: {
        id: person.id,
        email: person.emails[0] ?? '',
        displayName: person.displayName,
        orgId: person.orgId,
      },
      room: { id: roomId, type: roomType },
      // In a group space answer in the thread of the request, so busy spaces stay readable.
      say: (markdown, opts) => deps.messages.send({ roomId, markdown, parentId }, opts),
      sendCard: (card, markdown) => deps.messages.send({ roomId, markdown, card, parentId }),
      log,
    };
  };

  const dispatch = (cmd: Command, ctx: BotContext) =>
    withErrorBoundary(ctx, cmd.kind, async () => {
      for (const h of extra) if (await h(cmd, ctx)) return;
      switch (cmd.kind) {
        case 'help':
          await ctx.say(HELP_MARKDOWN);
          return;
        case 'voicemail.form':
          await voicemailForm(deps, ctx);
          return;
        case 'voicemail.show':
          await voicemailShow(deps, ctx);
          return;
        case 'voicemail.set':
          await voicemailSet(deps, ctx, cmd.args);
          return;
        default:
          await ctx.say(UNKNOWN_MARKDOWN);
      }
    });

  framework.on('message', (_bot: FrameworkBot, trigger: MessageTrigger) => {
    const msg = trigger.message;
    handled(trigger.id);
    if (msg.personId === framework.person.id) return;
    const ctx = context(
      msg.roomId,
      msg.roomType,
      trigger.person,
      msg.roomType === 'group' ? (msg.parentId ?? msg.id) : undefined,
    );
    const html = (msg as { html?: string }).html;
    const cmd = routeMessage(commandText({ html, text: msg.text, botId: framework.person.id }));
    ctx.log.debug({ command: cmd.kind }, 'command');
    handled(trigger.id, dispatch(cmd, ctx));
  });

  framework.on('attachmentAction', (bot: FrameworkBot, trigger: ActionTrigger) => {
    const a = trigger.attachmentAction;
    handled(trigger.id);
    const ctx = context(a.roomId, bot.room.type, trigger.person);
    const inputs = a.inputs ?? {};
    if (typeof inputs.action !== 'string' || !inputs.action.startsWith('voicemail.')) return;
    // "Change settings" on the rules card: a fresh form for whoever pressed it (their own access decides).
    if (inputs.action === 'voicemail.edit') {
      handled(trigger.id, dispatch({ kind: 'voicemail.form' }, ctx));
      return;
    }
    handled(
      trigger.id,
      withErrorBoundary(ctx, 'voicemail.submit', () =>
        voicemailSubmit(deps, ctx, { messageId: a.messageId, inputs }),
      ),
    );
  });

  return {
    async run(cmd, where, person) {
      const p = dispatch(cmd, context(where.roomId, where.roomType, person));
      track(p);
      await p;
    },
    async idle() {
      while (inflight.size) await Promise.allSettled([...inflight]);
    },
    takeHandling(id) {
      const p = handlings.get(id);
      handlings.delete(id);
      return p;
    },
  };
}
