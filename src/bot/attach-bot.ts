import type { ActionTrigger, Framework, FrameworkBot, MessageTrigger } from './start-framework.js';
import type { BotContext } from './bot-context.js';
import { inEvent } from '../log/event-context.js';
import { withErrorBoundary } from './error-boundary.js';
import { routeMessage, type Command } from './router.js';
import { commandText } from './command-text.js';
import { runCommand } from './commands/index.js';
import type { CommandDeps } from './commands/command-spec.js';
import { actionFor } from './actions/index.js';
import { replyThread } from './reply-thread.js';
import type { HandlingRegistry } from './event-intake.js';
import type { CardThreads } from '../store/card-threads.js';
import type { BotMetrics } from '../metrics/create-metrics.js';

export interface BotRuntime extends HandlingRegistry {
  /** Handlers still running; shutdown waits for them. */
  idle(): Promise<void>;
  /** Run a command for a person in a room outside a chat message (e.g. carrying on after sign-in). */
  run(cmd: Command, where: Where, person: Person): Promise<void>;
  /**
   * Run a card press again, read back from Webex by its id (a Save pressed while signed out, carried on
   * after sign-in): only the person's own press in the same room.
   */
  resubmit(actionId: string, where: Where, person: Person): Promise<void>;
}

/** Where a command outside a chat message is answered: a space, and in a group space the thread to use. */
type Where = { roomId: string; roomType: 'direct' | 'group'; parentId?: string };

type Person = { id: string; emails: string[]; displayName: string; orgId?: string };

/**
 * Binds framework events to the command handlers. Each event becomes one BotContext and runs inside the
 * error boundary; nothing here touches HTTP.
 */
export function attachBot(
  framework: Framework,
  deps: CommandDeps,
  { cardThreads, metrics }: { cardThreads?: CardThreads; metrics?: Pick<BotMetrics, 'handled'> } = {},
): BotRuntime {
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
    opts: { parentId?: string; eventId?: string } = {},
  ): BotContext => {
    const { parentId, eventId } = opts;
    // eventId is the id the intake logs under (the message's or action's): every line of one event shares it.
    const log = deps.log.child(
      eventId ? { eventId, personId: person.id, roomId } : { personId: person.id, roomId },
    );
    return {
      actor: {
        id: person.id,
        email: person.emails[0] ?? '',
        displayName: person.displayName,
        orgId: person.orgId,
      },
      room: { id: roomId, type: roomType },
      parentId,
      // parentId comes from replyThread: the same rule for typed commands and card presses.
      say: (markdown, opts) => deps.messages.send({ roomId, markdown, parentId }, opts),
      async sendCard(card, markdown) {
        const sent = await deps.messages.send({ roomId, markdown, card, parentId });
        if (roomType === 'group') cardThreads?.note(sent.id, parentId);
        return sent;
      },
      log,
    };
  };

  /**
   * The thread a press on a card is answered in, read from the card itself (the action names only the
   * card). Only group spaces have threads; a card that cannot be read (already deleted) is answered at the
   * top level rather than not at all.
   */
  const cardThread = async (
    roomType: 'direct' | 'group',
    cardId: string,
    eventId: string,
  ): Promise<string | undefined> => {
    if (roomType !== 'group') return undefined;
    const noted = await cardThreads?.of(cardId);
    if (noted) return noted.parentId;
    try {
      return replyThread(roomType, await deps.messages.get(cardId), 'card');
    } catch (err) {
      deps.log.warn(
        { eventId, messageId: cardId, err: (err as Error).message },
        'card not readable: answering at the top level of the space',
      );
      return undefined;
    }
  };

  const dispatch = (cmd: Command, ctx: BotContext) =>
    withErrorBoundary(
      ctx,
      cmd.kind,
      () => runCommand(cmd, ctx, deps),
      (outcome, code) => metrics?.handled('command', cmd.kind, outcome, code),
    );

  framework.on('message', (_bot: FrameworkBot, trigger: MessageTrigger) => {
    // The bot's own messages never get here: the event intake drops them (and the framework ignores them too).
    const msg = trigger.message;
    const ctx = context(msg.roomId, msg.roomType, trigger.person, {
      parentId: replyThread(msg.roomType, msg, 'typed'),
      eventId: trigger.id,
    });
    const cmd = routeMessage(commandText({ html: msg.html, text: msg.text, botId: framework.person.id }));
    ctx.log.debug({ command: cmd.kind }, 'command');
    // Our handler's own awaits carry the event's context, whatever the framework's scheduler carried.
    handled(
      trigger.id,
      inEvent(trigger.id, () => dispatch(cmd, ctx)),
    );
  });

  framework.on('attachmentAction', (bot: FrameworkBot, trigger: ActionTrigger) => {
    const a = trigger.attachmentAction;
    handled(trigger.id);
    const inputs = a.inputs ?? {};
    const action = actionFor(inputs.action);
    if (!action) return;
    const roomType = bot.room.type;
    handled(
      trigger.id,
      inEvent(trigger.id, async () => {
        const parentId = await cardThread(roomType, a.messageId, trigger.id);
        const ctx = context(a.roomId, roomType, trigger.person, { parentId, eventId: trigger.id });
        await withErrorBoundary(
          ctx,
          action.what,
          () => action.run({ id: a.id, messageId: a.messageId, inputs }, ctx, deps),
          (outcome, code) => metrics?.handled('action', action.what, outcome, code),
        );
      }),
    );
  });

  return {
    async run(cmd, where, person) {
      const p = dispatch(cmd, context(where.roomId, where.roomType, person, { parentId: where.parentId }));
      track(p);
      await p;
    },
    async resubmit(actionId, where, person) {
      const ctx = context(where.roomId, where.roomType, person);
      const p = withErrorBoundary(ctx, 'voicemail.submit', async () => {
        let a;
        try {
          a = await deps.messages.attachmentAction(actionId);
        } catch (err) {
          ctx.log.warn(
            { err: (err as Error).message, actionId },
            'the Save to carry on could not be read back',
          );
          await ctx.say(
            'I could not read back the form you sent, so nothing was changed. If the form is still open, press ' +
              'Save on it again; otherwise say `/voicemail` for a fresh one.',
          );
          return;
        }
        const action = actionFor(a.inputs?.action);
        // Only the press that asked for the sign-in: the same person, in the same room.
        if (!action || a.personId !== person.id || a.roomId !== where.roomId) return;
        // Answered where a press on that card is answered (replyThread), like the press itself would be.
        const parentId = await cardThread(where.roomType, a.messageId, actionId);
        const threaded = context(where.roomId, where.roomType, person, { parentId });
        await action.run({ id: a.id, messageId: a.messageId, inputs: a.inputs ?? {} }, threaded, deps);
      });
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
