import type { PinRules } from './rules.js';

export type PinRule = 'digits' | 'length' | 'repeatedDigits' | 'ascending' | 'descending' | 'repeatedPattern';

export interface PinProblem {
  rule: PinRule;
  message: string;
}

// Messages never quote the PIN or any run of its digits: they are posted to a space. Counts are enough
// for the admin to find the problem in what they typed.

const times = (n: number): string => (n === 1 ? '1 time' : `${n} times`);

/** "1234" for a limit of 3: the shortest run that breaks the rule, as an illustration. */
const exampleRun = (limit: number, descending: boolean): string => {
  const run = '123456789'.slice(0, Math.max(2, Math.min(limit + 1, 9)));
  return descending ? [...run].reverse().join('') : run;
};

/** Length of the longest run in which each digit relates to the previous by `step`. */
function longestRun(digits: readonly number[], step: 0 | 1 | -1): number {
  let longest = digits.length > 0 ? 1 : 0;
  let current = longest;
  for (let i = 1; i < digits.length; i++) {
    // No wrap-around: 9 -> 0 is not "ascending". Webex does not document it either way, and not wrapping
    // only lets through PINs that Webex might still reject, which the PUT's 400 then reports.
    current = digits[i] === (digits[i - 1] ?? NaN) + step ? current + 1 : 1;
    longest = Math.max(longest, current);
  }
  return longest;
}

/** True when the PIN is one group of two or more digits repeated two or more times (4545, 123123). */
function isRepeatedPattern(pin: string): boolean {
  for (let size = 2; size <= pin.length / 2; size++) {
    if (pin.length % size === 0 && pin.slice(0, size).repeat(pin.length / size) === pin) return true;
  }
  return false;
}

/**
 * Checks a candidate default PIN against the org's rules. Returns every broken rule (an empty list means
 * the PIN passes), except that a PIN with non-digits is reported for that alone.
 */
export function checkPin(pin: string, rules: PinRules): PinProblem[] {
  if (!/^[0-9]*$/.test(pin)) {
    return [{ rule: 'digits', message: 'PIN must contain digits (0–9) only' }];
  }
  // A rule Webex did not report is not checked here; Webex still checks it on the PUT, and its 400 says why.
  const problems: PinProblem[] = [];
  if (rules.length) {
    const { min, max } = rules.length;
    if (pin.length < min || pin.length > max) {
      problems.push({ rule: 'length', message: `PIN must be ${min}–${max} digits long (got ${pin.length})` });
    }
  }
  const digits = [...pin].map(Number);

  const { blockRepeatedDigits } = rules;
  if (blockRepeatedDigits?.enabled) {
    const run = longestRun(digits, 0);
    if (run > blockRepeatedDigits.max) {
      problems.push({
        rule: 'repeatedDigits',
        message: `PIN may not repeat a digit more than ${times(blockRepeatedDigits.max)} in a row (it has a digit ${run} times in a row)`,
      });
    }
  }

  const { blockContiguousSequences: sequences } = rules;
  if (sequences?.enabled) {
    const up = longestRun(digits, 1);
    if (up > sequences.numberOfAscendingDigits) {
      const limit = sequences.numberOfAscendingDigits;
      problems.push({
        rule: 'ascending',
        message: `PIN may not contain more than ${limit} ascending digits in a row, such as ${exampleRun(limit, false)} (it has ${up})`,
      });
    }
    const down = longestRun(digits, -1);
    if (down > sequences.numberOfDescendingDigits) {
      const limit = sequences.numberOfDescendingDigits;
      problems.push({
        rule: 'descending',
        message: `PIN may not contain more than ${limit} descending digits in a row, such as ${exampleRun(limit, true)} (it has ${down})`,
      });
    }
  }

  if (rules.blockRepeatedPatternsEnabled && isRepeatedPattern(pin)) {
    problems.push({
      rule: 'repeatedPattern',
      message: 'PIN may not be a group of digits repeated, such as 4545 or 1212',
    });
  }
  return problems;
}

/** The org's PIN rules in plain language, one line each, for showing next to the PIN field. */
export function describePinRules(rules: PinRules): string[] {
  const unknown: string[] = [];
  const lines: string[] = [];
  if (rules.length) {
    const { min, max } = rules.length;
    lines.push(min === max ? `Exactly ${min} digits (0–9)` : `${min}–${max} digits (0–9)`);
  } else {
    lines.push('Digits (0–9) only');
    unknown.push('PIN length');
  }
  if (!rules.blockRepeatedDigits) unknown.push('repeated digits');
  else if (rules.blockRepeatedDigits.enabled) {
    lines.push(`No digit more than ${times(rules.blockRepeatedDigits.max)} in a row`);
  }
  const { blockContiguousSequences: sequences } = rules;
  if (!sequences) unknown.push('ascending or descending digits');
  else if (sequences.enabled) {
    const up = sequences.numberOfAscendingDigits;
    const down = sequences.numberOfDescendingDigits;
    if (up === down) {
      lines.push(
        `No more than ${up} ascending or descending digits in a row (such as ${exampleRun(up, false)} or ${exampleRun(down, true)})`,
      );
    } else {
      lines.push(`No more than ${up} ascending digits in a row (such as ${exampleRun(up, false)})`);
      lines.push(`No more than ${down} descending digits in a row (such as ${exampleRun(down, true)})`);
    }
  }
  if (rules.blockRepeatedPatternsEnabled === undefined) unknown.push('repeated groups of digits');
  else if (rules.blockRepeatedPatternsEnabled) {
    lines.push('No repeated groups of digits (such as 4545 or 1212)');
  }
  if (unknown.length) lines.push(`Rules on ${unknown.join(', ')}: not reported by Webex`);
  return lines;
}
