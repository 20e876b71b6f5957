import type { BotContext } from '../bot-context.js';
import type { CommandDeps } from '../commands/command-spec.js';

/** A press on one of the bot's cards, as the attachment action fetched from the API has it. */
export interface CardAction {
  /** The attachment action's id: a Save pressed while signed out is read again by it after sign-in. */
  id: string;
  messageId: string;
  /** The card's inputs, merged by Webex with the pressed button's data (its `action`, a `formId`). */
  inputs: Record<string, unknown>;
}

export interface ActionSpec {
  /** What the error boundary's log lines call it. */
  what: string;
  run(action: CardAction, ctx: BotContext, deps: CommandDeps): Promise<void>;
}
