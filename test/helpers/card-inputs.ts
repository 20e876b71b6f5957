/** What a Webex client would submit for a card untouched: every input's current value, as a string. */
export function cardInputValues(card: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const el = node as Record<string, unknown>;
    if (typeof el.type === 'string' && el.type.startsWith('Input.') && typeof el.id === 'string') {
      const v = el.value;
      if (el.type === 'Input.Toggle') out[el.id] = v === undefined ? String(el.valueOff ?? 'false') : String(v);
      else out[el.id] = v === undefined || v === null ? '' : String(v);
    }
    for (const [k, v] of Object.entries(el)) if (k !== 'actions' || true) walk(v);
  };
  walk((card as { body?: unknown }).body ?? card);
  return out;
}

/** The card's input elements by id (to check labels, ranges and validation attributes). */
export function cardInputs(card: unknown): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const el = node as Record<string, unknown>;
    if (typeof el.type === 'string' && el.type.startsWith('Input.') && typeof el.id === 'string') out.set(el.id, el);
    for (const v of Object.values(el)) walk(v);
  };
  walk(card);
  return out;
}

export function cardOf(message: { attachments?: unknown[] }): Record<string, unknown> {
  const a = message.attachments?.[0] as { content?: Record<string, unknown> } | undefined;
  if (!a?.content) throw new Error('message has no card');
  return a.content;
}

/** The primary submit action's data (formId etc.), which Webex merges into the inputs. */
export function submitData(card: Record<string, unknown>): Record<string, string> {
  const actions = (card.actions ?? []) as { type: string; data?: Record<string, string> }[];
  const submit = actions.find((a) => a.type === 'Action.Submit' && a.data?.action !== 'voicemail.cancel');
  return submit?.data ?? {};
}
