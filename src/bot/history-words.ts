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

/** What became of a person's own PIN (a `reset` entry). */
const PERSON_PIN_WORDS = {
  reset: 'back to the org’s default PIN, to be changed at next use',
  set: 'set to a PIN I made up (not shown)',
} as const;

/** "rules changed", "PIN reset", "PIN set" (a reset entry whose PIN was made up), "change undone". */
export const historyKindWords = (entry: HistoryEntry): string =>
  entry.kind === 'reset' && entry.pin === 'set' ? 'PIN set' : HISTORY_KIND_WORDS[entry.kind];

/**
 * An entry's before → after lines, unescaped (they come back from storage: whoever shows them escapes
 * them). A change recorded without its own PIN line (a reset) still says what became of the PIN.
 */
export function historyChanges(entry: HistoryEntry): Change[] {
  const changes: Change[] = entry.changes.map((c) => ({ ...c }));
  if (entry.kind === 'reset' && entry.person)
    changes.push({
      setting: 'Voicemail PIN',
      after: PERSON_PIN_WORDS[entry.pin === 'set' ? 'set' : 'reset'],
    });
  else if (entry.pin && !changes.some((c) => c.setting === PIN_VALUE_LABEL))
    changes.push({ setting: PIN_VALUE_LABEL, after: PIN_WORDS[entry.pin] });
  return changes;
}
