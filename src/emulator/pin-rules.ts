import type { PinRules } from './types.js';

/**
 * Checks a voicemail PIN against an org's PIN rules as Webex documents them, returning what is wrong (or
 * undefined). Written from the Webex rule texts, independently of the bot's own check, so that tests can
 * catch the two disagreeing.
 */
export function pinViolation(pin: string, rules: PinRules): string | undefined {
  if (!/^[0-9]+$/.test(pin)) return 'The voicemail PIN must contain only digits.';
  const { min, max } = rules.length;
  if (pin.length < min || pin.length > max) {
    return `The voicemail PIN must be between ${min} and ${max} digits long.`;
  }
  if (rules.blockRepeatedDigits.enabled) {
    const longest = longestRun(pin, (a, b) => a === b);
    if (longest > rules.blockRepeatedDigits.max) {
      return `The voicemail PIN must not repeat the same digit more than ${rules.blockRepeatedDigits.max} times in a row.`;
    }
  }
  if (rules.blockContiguousSequences.enabled) {
    const { numberOfAscendingDigits: up, numberOfDescendingDigits: down } = rules.blockContiguousSequences;
    if (longestRun(pin, (a, b) => b === a + 1) > up) {
      return `The voicemail PIN must not contain an ascending sequence of more than ${up} digits.`;
    }
    if (longestRun(pin, (a, b) => b === a - 1) > down) {
      return `The voicemail PIN must not contain a descending sequence of more than ${down} digits.`;
    }
  }
  if (rules.blockRepeatedPatternsEnabled && isRepeatedPattern(pin)) {
    return 'The voicemail PIN must not be a repeated pattern such as 121212 or 123123.';
  }
  return undefined;
}

/** Length of the longest run of digits in which each neighbouring pair satisfies `step`. */
function longestRun(pin: string, step: (a: number, b: number) => boolean): number {
  let best = pin.length > 0 ? 1 : 0;
  let run = best;
  for (let i = 1; i < pin.length; i++) {
    run = step(Number(pin[i - 1]), Number(pin[i])) ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/** A group of two or more digits repeated (at least twice) to fill the whole PIN: 121212, 123123. */
export function isRepeatedPattern(pin: string): boolean {
  for (let size = 2; size <= pin.length / 2; size++) {
    if (pin.length % size !== 0) continue;
    if (pin.slice(0, size).repeat(pin.length / size) === pin) return true;
  }
  return false;
}
