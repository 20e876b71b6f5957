import { createRequire } from 'node:module';

// The package's lib/ ESM build does not load in Node; its UMD bundle does, and parsing needs no DOM.
const require = createRequire(import.meta.url);
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/**
 * Everything the adaptivecards library objects to when reading `card` as a 1.3 card: unknown element or
 * action types, properties newer than 1.3, bad values, duplicate ids, required inputs without a label or
 * error message. Webex renders 1.3 and silently drops what it does not know.
 */
export function cardProblems(card: object): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_3);
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(`parse: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) {
    problems.push(`validate: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  }
  return problems;
}

export interface CardElement {
  type?: string;
  id?: string;
  value?: unknown;
  [key: string]: unknown;
}

/** Every element of a card (body, containers, columns), depth first. */
export function elements(card: object): CardElement[] {
  const found: CardElement[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const element = node as CardElement;
      if (typeof element.type === 'string') found.push(element);
      for (const key of ['body', 'items', 'columns']) visit(element[key]);
    }
  };
  visit((card as { body?: unknown }).body);
  return found;
}

export const inputs = (card: object): CardElement[] =>
  elements(card).filter((e) => typeof e.type === 'string' && e.type.startsWith('Input.'));

export const inputById = (card: object, id: string): CardElement => {
  const input = inputs(card).find((e) => e.id === id);
  if (!input) throw new Error(`no input ${id}`);
  return input;
};

export interface CardAction {
  type: string;
  title: string;
  data?: Record<string, unknown>;
  associatedInputs?: string;
}

export const actions = (card: object): CardAction[] => (card as { actions?: CardAction[] }).actions ?? [];

/**
 * What Webex would deliver as `inputs` if the user pressed `title` without touching anything: every
 * input's value as a string (an empty text input as ""), with the action's data merged in.
 */
export function submitUntouched(card: object, title: string): Record<string, unknown> {
  const action = actions(card).find((a) => a.title === title);
  if (!action) throw new Error(`no action ${title}`);
  const values: Record<string, unknown> = {};
  if (action.associatedInputs !== 'none') {
    for (const input of inputs(card)) {
      if (input.id) values[input.id] = input.value === undefined ? '' : String(input.value);
    }
  }
  return { ...values, ...action.data };
}
