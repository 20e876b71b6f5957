/** A message as far as threading goes: its id, and its thread's first message when it is a reply. */
export interface Threaded {
  id: string;
  parentId?: string;
}

/**
 * The one threading rule for the bot's answers, whatever they answer. In a 1:1 space: never in a thread.
 * In a group space: in the thread of what is answered, so busy spaces stay readable. A typed command is
 * answered in its thread, or in a new thread under it. A press on one of the bot's cards is answered in
 * the thread the card is in, which is where the command that brought the card was answered; a card at
 * the top level of the space (one sent after a sign-in, say) is answered at the top level, since a used
 * card is deleted and Webex takes no reply to a deleted message.
 */
export function replyThread(
  roomType: 'direct' | 'group',
  answered: Threaded,
  kind: 'typed' | 'card',
): string | undefined {
  if (roomType !== 'group') return undefined;
  if (answered.parentId) return answered.parentId;
  return kind === 'typed' ? answered.id : undefined;
}
