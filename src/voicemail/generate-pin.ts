import { randomInt } from 'node:crypto';

import { checkPin } from './pin-policy.js';
import type { PinRules } from './rules.js';

export type GeneratedPin = { ok: true; pin: string } | { ok: false; reason: string };

/**
 * The shortest PIN generated: Webex's own floor for a person's passcode (6–30 digits) and its documented
 * typical minimum, so a generated default PIN is also one that person's passcode could be.
 */
export const GENERATED_PIN_MIN_LENGTH = 6;
/**
 * How many digits past the shortest allowed a generated PIN may run. People type and remember it until
 * they change it at first use; one to three digits more than the floor keep it short while making the
 * length itself unpredictable. 6 digits from 7 or more allowed digits per place is already beyond a
 * million candidates, and the PIN is a first-use PIN, not a lasting secret.
 */
const EXTRA_LENGTH = 2;
/** Candidates tried before giving up; with at most 3 of 10 digits ruled out per place, one almost always passes. */
const TRIES = 100;

/**
 * The rules a generated PIN is built to: a rule Webex did not report is taken at its strictest documented
 * setting (max 1 repeated digit, runs of 2, patterns blocked, 6–30 digits), so that Webex, which still
 * knows the rule, cannot refuse the PIN for it.
 */
function strictest(rules: PinRules): Required<Omit<PinRules, 'defaultVoicemailPinEnabled'>> {
  return {
    length: rules.length ?? { min: GENERATED_PIN_MIN_LENGTH, max: 30 },
    blockRepeatedDigits: rules.blockRepeatedDigits ?? { enabled: true, max: 1 },
    blockContiguousSequences: rules.blockContiguousSequences ?? {
      enabled: true,
      numberOfAscendingDigits: 2,
      numberOfDescendingDigits: 2,
    },
    blockRepeatedPatternsEnabled: rules.blockRepeatedPatternsEnabled ?? true,
  };
}

/** Why no PIN can pass these rules, or undefined when some can. */
function impossible(rules: ReturnType<typeof strictest>): string | undefined {
  const { min, max } = rules.length;
  if (!Number.isInteger(min) || !Number.isInteger(max) || max < 1 || min > max)
    return `the PIN length rule (${min}–${max} digits) admits no length`;
  if (rules.blockRepeatedDigits.enabled && rules.blockRepeatedDigits.max < 1)
    return 'the repeated-digits rule allows no digit even once';
  const seq = rules.blockContiguousSequences;
  if (seq.enabled && (seq.numberOfAscendingDigits < 1 || seq.numberOfDescendingDigits < 1))
    return 'the ascending/descending rule allows no digit even once';
  return undefined;
}

/**
 * One candidate built digit by digit: each place is drawn uniformly from the digits that keep every run
 * (repeated, ascending, descending) within its limit. At most three digits are ever ruled out, so a place
 * never runs out of choices; a repeated pattern is the only rule left to chance, and checked after.
 */
function candidate(rules: ReturnType<typeof strictest>, length: number): string {
  const digits: number[] = [];
  let same = 0;
  let up = 0;
  let down = 0;
  for (let i = 0; i < length; i++) {
    const prev = digits.at(-1);
    const allowed: number[] = [];
    for (let d = 0; d <= 9; d++) {
      if (prev !== undefined) {
        if (rules.blockRepeatedDigits.enabled && d === prev && same + 1 > rules.blockRepeatedDigits.max)
          continue;
        const seq = rules.blockContiguousSequences;
        if (seq.enabled && d === prev + 1 && up + 1 > seq.numberOfAscendingDigits) continue;
        if (seq.enabled && d === prev - 1 && down + 1 > seq.numberOfDescendingDigits) continue;
      }
      allowed.push(d);
    }
    const d = allowed[randomInt(allowed.length)] ?? 0;
    same = d === prev ? same + 1 : 1;
    up = prev !== undefined && d === prev + 1 ? up + 1 : 1;
    down = prev !== undefined && d === prev - 1 ? down + 1 : 1;
    digits.push(d);
  }
  return digits.join('');
}

/**
 * A random default PIN that passes the org's PIN rules (as read from GET), from a cryptographic source.
 * Its length is drawn from max(min, 6) to that plus 2, within the org's maximum. The PIN is returned to
 * the caller only: it is a secret, never logged here or put in a reason.
 */
export function generatePin(reported: PinRules): GeneratedPin {
  const rules = strictest(reported);
  const why = impossible(rules);
  if (why) return { ok: false, reason: `No PIN can pass this org's PIN rules: ${why}.` };
  const { min, max } = rules.length;
  const shortest = Math.min(Math.max(min, GENERATED_PIN_MIN_LENGTH), max);
  const longest = Math.min(shortest + EXTRA_LENGTH, max);
  for (let i = 0; i < TRIES; i++) {
    const pin = candidate(rules, randomInt(shortest, longest + 1));
    // The project's checker has the last word, against the rules as built to (unreported ones included).
    if (checkPin(pin, rules).length === 0) return { ok: true, pin };
  }
  return {
    ok: false,
    reason: `No PIN passing this org's PIN rules was found in ${TRIES} tries: the rules leave too few PINs.`,
  };
}

/** Webex's own bounds for a person's voicemail passcode (Modify a person's voicemail passcode), whatever the org allows. */
export const PERSON_PIN_LENGTH = { min: 6, max: 30 } as const;

/**
 * Why no PIN can be set for a person in this org: its PIN rules and Webex's 6–30 digits leave no length;
 * undefined when some length is left.
 */
export function personPinProblem(reported: PinRules): string | undefined {
  const min = Math.max(reported.length?.min ?? PERSON_PIN_LENGTH.min, PERSON_PIN_LENGTH.min);
  const max = Math.min(reported.length?.max ?? PERSON_PIN_LENGTH.max, PERSON_PIN_LENGTH.max);
  if (max >= min) return undefined;
  const allowed = reported.length ? `${reported.length.min}–${reported.length.max}` : 'none';
  return (
    `Webex needs a person's voicemail PIN to have ${PERSON_PIN_LENGTH.min} to ${PERSON_PIN_LENGTH.max} digits, ` +
    `and this org's PIN rules allow ${allowed} digits: no PIN can meet both.`
  );
}

/** A random PIN for one person: the org's PIN rules, within Webex's 6–30 digits for a person's passcode. */
export function generatePersonPin(reported: PinRules): GeneratedPin {
  const problem = personPinProblem(reported);
  if (problem) return { ok: false, reason: problem };
  const length = {
    min: Math.max(reported.length?.min ?? PERSON_PIN_LENGTH.min, PERSON_PIN_LENGTH.min),
    max: Math.min(reported.length?.max ?? PERSON_PIN_LENGTH.max, PERSON_PIN_LENGTH.max),
  };
  return generatePin({ ...reported, length });
}
