/**
 * What a Webex client does when a person presses an Action.Submit on an Adaptive Card: it validates the
 * inputs the card declares (isRequired, regex, min/max, choices), collects every input's value as a string,
 * and merges the action's `data` object in. Like the Adaptive Cards renderer Webex clients use, it leaves
 * out every input whose value is empty (an empty Text, Number, ChoiceSet, Date or Time input): the
 * submitted `inputs` then have no key for it at all. Tests submit cards through this so a card whose ids or rules
 * disagree with the bot's expectations fails here, as it would for a real person.
 */

export interface SubmitOptions {
  /** The Action.Submit to press, by `id` or `title`; default: the first one in the card. */
  actionId?: string;
  actionTitle?: string;
  /** Allow input ids the card does not declare (to imitate a tampered client). */
  allowUnknownInputs?: boolean;
  /** Skip the client-side checks (isRequired, regex, ...), as a non-standard client could. */
  skipValidation?: boolean;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Walk {
  inputs: Json[];
  submits: Json[];
}

function walk(node: unknown, out: Walk): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, out);
    return;
  }
  if (!isObject(node)) return;
  const type = typeof node.type === 'string' ? node.type : '';
  if (type.startsWith('Input.')) out.inputs.push(node);
  if (type === 'Action.Submit') out.submits.push(node);
  for (const key of ['body', 'items', 'columns', 'actions', 'card', 'inlineAction']) {
    if (key in node) walk(node[key], out);
  }
}

function defaultValue(input: Json): string {
  if (input.type === 'Input.Toggle') {
    if (input.value !== undefined) return String(input.value);
    return input.valueOff !== undefined ? String(input.valueOff) : 'false';
  }
  return input.value === undefined || input.value === null ? '' : String(input.value);
}

function label(input: Json): string {
  return typeof input.label === 'string' ? `"${input.label}" (${String(input.id)})` : `"${String(input.id)}"`;
}

function validate(input: Json, value: string): string | undefined {
  const empty = value === '';
  if (input.isRequired === true && empty) return `input ${label(input)} is required`;
  if (empty) return undefined;
  if (typeof input.regex === 'string' && !new RegExp(input.regex).test(value)) {
    return `input ${label(input)} does not match its regex ${input.regex}`;
  }
  if (input.type === 'Input.Number') {
    const n = Number(value);
    if (!Number.isFinite(n)) return `input ${label(input)} is not a number`;
    if (typeof input.min === 'number' && n < input.min)
      return `input ${label(input)} is below its min ${input.min}`;
    if (typeof input.max === 'number' && n > input.max)
      return `input ${label(input)} is above its max ${input.max}`;
  }
  if (input.type === 'Input.Text' && typeof input.maxLength === 'number' && value.length > input.maxLength) {
    return `input ${label(input)} is longer than its maxLength ${input.maxLength}`;
  }
  if (input.type === 'Input.ChoiceSet' && Array.isArray(input.choices)) {
    const allowed = new Set(input.choices.filter(isObject).map((c) => String(c.value)));
    const picked = input.isMultiSelect === true ? value.split(',') : [value];
    const bad = picked.find((p) => !allowed.has(p));
    if (bad !== undefined) return `input ${label(input)} has no choice "${bad}"`;
  }
  if (input.type === 'Input.Toggle') {
    const on = input.valueOn !== undefined ? String(input.valueOn) : 'true';
    const off = input.valueOff !== undefined ? String(input.valueOff) : 'false';
    if (value !== on && value !== off) return `input ${label(input)} must be "${on}" or "${off}"`;
  }
  return undefined;
}

/** The `inputs` a Webex client would submit; throws (as the client would refuse) when validation fails. */
export function buildSubmission(
  card: unknown,
  given: Record<string, string>,
  opts: SubmitOptions = {},
): Json {
  const found: Walk = { inputs: [], submits: [] };
  walk(card, found);
  const action =
    opts.actionId !== undefined
      ? found.submits.find((a) => a.id === opts.actionId)
      : opts.actionTitle !== undefined
        ? found.submits.find((a) => a.title === opts.actionTitle)
        : found.submits[0];
  if (!action) {
    const which = opts.actionId ?? opts.actionTitle;
    throw new Error(which ? `card has no Action.Submit "${which}"` : 'card has no Action.Submit');
  }
  const byId = new Map(found.inputs.filter((i) => typeof i.id === 'string').map((i) => [i.id as string, i]));
  if (!opts.allowUnknownInputs) {
    const unknown = Object.keys(given).filter((k) => !byId.has(k));
    if (unknown.length > 0)
      throw new Error(`card has no input with id ${unknown.map((u) => `"${u}"`).join(', ')}`);
  }
  const inputs: Json = {};
  const associated =
    typeof action.associatedInputs === 'string' ? action.associatedInputs.toLowerCase() : 'auto';
  if (associated !== 'none') {
    for (const [id, input] of byId) {
      const value = id in given ? String(given[id]) : defaultValue(input);
      if (!opts.skipValidation) {
        const why = validate(input, value);
        if (why) throw new Error(`card submission refused: ${why}`);
      }
      // The renderer submits only inputs that are "set" (`isSet()`): a non-empty value.
      if (value !== '') inputs[id] = value;
    }
    if (opts.allowUnknownInputs) {
      for (const [k, v] of Object.entries(given)) if (!byId.has(k)) inputs[k] = String(v);
    }
  }
  // Input values win over `data` keys of the same name, as the Adaptive Cards renderer merges them.
  return { ...(isObject(action.data) ? structuredClone(action.data) : {}), ...inputs };
}
