import { changedSince, type Drift } from './changed-since.js';
import {
  DEFAULT_PIN_LABEL,
  PIN_DISCARD_WARNING,
  discardsDefaultPin,
  planUpdate,
  sectionText,
  type Change,
} from './plan-update.js';
import type { DesiredSettings, PinRules, RulesSettings, RulesUpdate } from './rules.js';
import {
  NOT_REPORTED,
  SECTIONS,
  inRange,
  rangeText,
  readSection,
  sectionUpdate,
} from './setting-sections.js';

/** What the change being undone did to the PIN (the history's words: never a value). */
export type UndonePin = 'set' | 'replaced' | 'discarded' | 'reset';

/** The change to undo, as the history keeps it: the touched settings' values before and after it. */
export interface UndoSource {
  values: { before: RulesSettings; after: RulesSettings };
  pin?: UndonePin;
}

export interface UndoPlan {
  /** What to PUT: the "before" values of the touched settings that can be put back and differ now. */
  update: Omit<RulesUpdate, 'defaultVoicemailPin'>;
  /** The rules now → as they were before the change, one line per setting the PUT carries. */
  changes: Change[];
  /** Touched settings that read differently now than right after the change (`shown`: after it). */
  drifts: Drift[];
  /** What cannot be put back, and why, as markdown lines in the bot's own words. */
  kept: string[];
  /** What to know before confirming (the PIN discard warning). */
  notes: string[];
}

/** Where a new default PIN can be given: never through a confirmation, which does not keep one. */
export const NEW_PIN_HOW =
  'give a new PIN with the `/voicemail` form, or `/voicemail set pin=…` in a 1:1 space with me';

const line = (label: string, why: string) => `**${label}**: ${why}`;

/**
 * The PIN itself: Webex never returns it, so what the change did to it cannot be put back. A PIN the change
 * set on a default PIN that was off goes again with the flag (a note, not a loss).
 */
function pinWords(pin: UndonePin | undefined, turnsOff: boolean): { kept?: string; note?: string } {
  const never = 'Webex never returns a PIN, so I never had it';
  switch (pin) {
    case 'set':
      return turnsOff
        ? {
            note: 'That change set the default PIN: turning the default PIN off again, as it was, discards that PIN.',
          }
        : {
            kept: line(
              'Default PIN',
              'the default PIN that change set stays, and what was there before it cannot be restored: ' +
                'Webex never returns a PIN',
            ),
          };
    case 'replaced':
      return { kept: line('Default PIN', `the PIN that change replaced cannot be restored: ${never}`) };
    case 'discarded':
      return { kept: line('Default PIN', `the PIN that change discarded cannot be restored: ${never}`) };
    default:
      return {};
  }
}

/**
 * Plans undoing a rules change against the rules as they are now: put back, for exactly the settings that
 * change touched, what they held before it. Anything that cannot be put back is said in `kept`, never
 * dropped without a word: a PIN (Webex never returns one), turning the default PIN on (that needs a new
 * PIN), a "before" Webex did not report, a "before" number today's PUT no longer accepts. A setting that
 * already reads as it did before (in the summaries' words) is left out.
 */
export function planUndo(source: UndoSource, current: RulesSettings, pinRules: PinRules): UndoPlan {
  const { before, after } = source.values;
  // `after` as both the card and the update: changedSince then compares exactly the touched settings.
  const drifts = changedSince(after, after, current);
  const desired: DesiredSettings = {};
  const kept: string[] = [];

  if (after.defaultVoicemailPinEnabled !== undefined) {
    const was = before.defaultVoicemailPinEnabled;
    if (was === undefined)
      kept.push(line(DEFAULT_PIN_LABEL, `not put back: it was ${NOT_REPORTED} before that change`));
    else if (was !== current.defaultVoicemailPinEnabled) {
      if (was)
        kept.push(
          line(
            DEFAULT_PIN_LABEL,
            `not turned on again: it was on, and turning it on needs a new PIN: ${NEW_PIN_HOW}`,
          ),
        );
      else desired.defaultVoicemailPinEnabled = false;
    }
  }
  for (const spec of SECTIONS) {
    if (readSection(after, spec.name) === undefined) continue;
    const was = readSection(before, spec.name);
    if (!was) {
      kept.push(line(spec.label, `not put back: it was ${NOT_REPORTED} before that change`));
      continue;
    }
    if (sectionText(spec, was) === sectionText(spec, readSection(current, spec.name))) continue;
    if (was.enabled && !inRange(was.value, spec.range)) {
      kept.push(
        line(
          spec.label,
          `not put back: it was ${sectionText(spec, was)} before that change, and Webex takes only ` +
            `${rangeText(spec)} in a change now`,
        ),
      );
      continue;
    }
    // Off is put back as off: a number stored while off was never shown, and is not sent.
    Object.assign(desired, sectionUpdate(spec.name, was.enabled, was.enabled ? was.value : undefined));
  }

  const plan = planUpdate(desired, current, pinRules);
  // Every value planned above is in range and carries no PIN, so the plan cannot fail; if it ever does,
  // nothing is sent and the reasons are said.
  if (!plan.ok) {
    return {
      update: {},
      changes: [],
      drifts,
      kept: [...kept, ...plan.errors.map((e) => `${e.message}.`)],
      notes: [],
    };
  }
  const { defaultVoicemailPin: _never, ...update } = plan.update;
  const turnsOff = discardsDefaultPin(update);
  const pin = pinWords(source.pin, turnsOff);
  return {
    update,
    changes: plan.changes,
    drifts,
    kept: pin.kept ? [...kept, pin.kept] : kept,
    notes: [...(pin.note ? [pin.note] : []), ...(turnsOff ? [PIN_DISCARD_WARNING] : [])],
  };
}
