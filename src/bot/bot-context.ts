import type { Logger } from '../log/create-logger.js';
import type { SendOptions } from '../webex/messages-client.js';

/** All a command handler sees of the world: who asked, where, and how to answer. Never req/res. */
export interface BotContext {
  actor: { id: string; email: string; displayName: string; orgId?: string };
  room: { id: string; type: 'direct' | 'group' };
  /** The message this context's replies are threaded under (`replyThread`); absent at the top level. */
  parentId?: string;
  /** Markdown reply; `opts.retry` for a reply that must get through (see SendOptions). */
  say(markdown: string, opts?: SendOptions): Promise<{ id: string }>;
  /** A card, with the markdown shown by clients that cannot render it. */
  sendCard(card: object, fallbackMarkdown: string): Promise<{ id: string }>;
  log: Logger;
}
