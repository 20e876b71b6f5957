import type { HistoryEntry } from '../store/change-history.js';
import { PIN_VALUE_LABEL, type Change } from '../voicemail/plan-update.js';

/** What kind of change an entry was, as `/voicemail history` and the sandbox's panel say it. */
export const HISTORY_KIND_WORDS: Record<HistoryEntry['kind'], string> = {
  rules: 'rules changed',
  reset: 'PIN reset',
  undo: 'change undone',
};

/** What became of a PIN: the outcome word only, since no PIN is ever kept. */
const PIN_WORDS: Record<NonNullable<HistoryEntry['pin']>, string> = {
  set: 'set (not shown)',
  replaced: 'replaced (not shown)',
  discarded: 'discarded',
  reset: 'reset to the org default',
};

/**
 * An entry's before → after lines, unescaped (they come back from storage: whoever shows them escapes
 * them). A change recorded without its own PIN line (a reset) still says what became of the PIN.
 */
export function historyChanges(entry: HistoryEntry): Change[] {
  const changes: Change[] = entry.changes.map((c) => ({ ...c }));
  if (entry.pin && !changes.some((c) => c.setting === PIN_VALUE_LABEL))
    changes.push({ setting: PIN_VALUE_LABEL, after: PIN_WORDS[entry.pin] });
  return changes;
}
