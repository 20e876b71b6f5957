/** The card's input elements by id (to check labels, ranges and validation attributes). */
export function cardInputs(card: unknown): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const el = node as Record<string, unknown>;
    if (typeof el.type === 'string' && el.type.startsWith('Input.') && typeof el.id === 'string')
      out.set(el.id, el);
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
