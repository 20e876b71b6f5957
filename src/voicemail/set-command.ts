import { READ_RANGES, type DesiredSettings } from './rules.js';
import {
  GENERATE_PIN_WORDS,
  OFF_WORDS,
  ON_WORDS,
  REFUSED_UNITS,
  SECTIONS,
  SET_COMMAND_KEYS,
  SET_EXAMPLES,
  SET_KEYS,
  inRange,
  rangeText,
  type SectionSpec,
  type SetCommandKey,
} from './setting-sections.js';
import { PIN_LIKE_RUN, hasPinLikeDigits } from './pin-like-digits.js';
import { normalizeTyped } from './normalize-typed.js';
import { closestWords } from './closest-word.js';

export interface SetArgsError {
  key?: SetCommandKey;
  message: string;
}

export type SetArgsResult =
  | {
      ok: true;
      desired: DesiredSettings;
      /** `pin=random`: the caller makes up a PIN that passes the org's rules (desired has no PIN then). */
      generatePin?: true;
    }
  | { ok: false; errors: SetArgsError[] };

export const SET_COMMAND_USAGE = `Usage: /voicemail set key=value … with ${SET_KEYS.map((k) => `${k.key}=${[k.values ?? 'DIGITS', ...(k.words ?? [])].join('|')}`).join(', ')}`;

const KEYS_TEXT = `${SET_COMMAND_KEYS.slice(0, -1).join(', ')} or ${SET_COMMAND_KEYS.at(-1)}`;

/** A key or alias as it is compared: any case, without "-", "_", "." or spaces ("Pin_Enabled" = "pinenabled"). */
const keyForm = (s: string): string => s.toLowerCase().replace(/[-_.\s]/g, '');

/** Every name of every key, in its compared form, from the setting table. */
const NAMES: ReadonlyMap<string, SetCommandKey> = new Map(
  SET_KEYS.flatMap((k) => [k.key, ...k.aliases].map((name) => [keyForm(name), k.key] as const)),
);
/** The longest key name in words ("default voicemail pin enabled"): how far a key may run over spaces. */
const MOST_KEY_WORDS = 5;

const ON: readonly string[] = ON_WORDS;
const OFF: readonly string[] = OFF_WORDS;
const isOnOff = (word: string): boolean => ON.includes(word) || OFF.includes(word);
const GENERATE: readonly string[] = GENERATE_PIN_WORDS;
const isGenerate = (word: string): boolean => GENERATE.includes(word.toLowerCase());
const isDigits = (word: string): boolean => /^[0-9]+$/.test(word);

type Token = { kind: 'word'; text: string } | { kind: 'sep' } | { kind: 'list' };

/**
 * The typed text as words, key/value separators (`=`, `:`, "to") and list separators (`,`, `;`, `&`,
 * "and"). A key glued to its number ("expire50", "pin1234") is split there, since no key has digits.
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const [piece] of normalizeTyped(text).matchAll(/[=:]+|[,;&]+|[^\s=:,;&]+/g)) {
    if (/^[=:]/.test(piece)) tokens.push({ kind: 'sep' });
    else if (/^[,;&]/.test(piece)) tokens.push({ kind: 'list' });
    else {
      // Sentence punctuation after a value ("expire=50.") is not part of it.
      const word = piece.replace(/[.!?]+$/, '');
      const lower = word.toLowerCase();
      if (word === '') continue;
      if (lower === 'and') tokens.push({ kind: 'list' });
      else if (lower === 'to') tokens.push({ kind: 'sep' });
      else {
        const glued = /^(\D+?)([0-9].*)$/.exec(word);
        if (glued?.[1] && glued[2] && NAMES.has(keyForm(glued[1]))) {
          tokens.push({ kind: 'word', text: glued[1] }, { kind: 'word', text: glued[2] });
        } else tokens.push({ kind: 'word', text: word });
      }
    }
  }
  return tokens;
}

/**
 * Echoes user text in a message without letting it flood it, or undefined when it must not be echoed: it
 * holds a run of digits that could be a PIN (the reply may be read by a whole space).
 */
const quote = (text: string): string | undefined => {
  if (hasPinLikeDigits(text)) return undefined;
  const clean = text.replace(/[\p{Cc}`*_~<>[\]\\]/gu, '');
  return `"${clean.length > 24 ? `${clean.slice(0, 24)}…` : clean}"`;
};

/** " (got "x")", or what was wrong with the value in words when it cannot be quoted. */
const got = (value: string): string => {
  if (value === '') return ' (got nothing)';
  // normalizeTyped turned a superscript, circled number or fraction into U+FFFD: say what it was instead.
  if (value.includes('\uFFFD'))
    return ' (got a superscript, circled number or fraction: type plain digits, e.g. 50)';
  const quoted = quote(value);
  return quoted ? ` (got ${quoted})` : ' (got a long number, not repeated here)';
};

const accepted = (spec: SectionSpec): string =>
  `off, on or a whole number of ${spec.unit.many} (${rangeText(spec)}), e.g. ${spec.key}=${spec.range.max}`;

const sectionFor = (key: SetCommandKey): SectionSpec | undefined => SECTIONS.find((s) => s.key === key);

const unitOf = (spec: SectionSpec, word: string) => spec.units.find((u) => u.words.includes(word));
const refusedUnit = (word: string) => REFUSED_UNITS.find((u) => u.words.includes(word));
/** The section whose number is counted in `word` ("days" -> expire), for "history counts passcodes, not days". */
const unitOwner = (word: string) => SECTIONS.find((s) => unitOf(s, word));
const isUnitWord = (word: string): boolean => !!unitOwner(word) || !!refusedUnit(word);

/** "did you mean expire?" for a key not in the table; only names from the table are ever said back. */
function suggestion(typed: string): string {
  // Digits are no part of any key: what is left of the letters is compared.
  const near = closestWords(keyForm(typed.replace(/[0-9]/g, '')), [...NAMES.keys()]);
  const keys = [...new Set(near.map((n) => NAMES.get(n)))].filter((k) => k !== undefined);
  if (keys.length === 0) return `use ${KEYS_TEXT}`;
  return `did you mean ${keys.join(' or ')}? The settings are ${KEYS_TEXT}`;
}

/**
 * Parses the arguments of `/voicemail set` (the text after `set`), e.g. `expire=60 change=off`. Keys,
 * their other names, yes/no words and units come from the setting table; the separators are `=`, `:`,
 * "to" or none (`expire 60`). Every number is checked against its PUT range here, so nothing out of range
 * ever leaves the parser; the PIN's digits and the org's PIN rules are planUpdate's, as for the form.
 * `pin=` without `pin-enabled=` means turning the default PIN on, the only state in which a PIN applies.
 * Nothing typed after a PIN key is ever repeated in a message.
 */
export function parseSetArgs(text: string, opts: { ranges?: 'put' | 'read' } = {}): SetArgsResult {
  // A condition on what Webex holds (`/fleet apply … where`) takes what GET can return, not what PUT takes.
  const specOf = (spec: SectionSpec): SectionSpec =>
    opts.ranges === 'read' ? { ...spec, range: READ_RANGES[spec.name] } : spec;
  const tokens = tokenize(text);
  if (!tokens.some((t) => t.kind === 'word' || t.kind === 'sep'))
    return { ok: false, errors: [{ message: `Nothing to set. ${SET_COMMAND_USAGE}` }] };

  const desired: DesiredSettings = {};
  let generatePin = false;
  const errors: SetArgsError[] = [];
  const seen = new Set<SetCommandKey>();
  const wordAt = (i: number): string | undefined => {
    const t = tokens[i];
    return t?.kind === 'word' ? t.text : undefined;
  };
  /** The key whose name starts at token i, over as many words as its longest matching name. */
  const keyAt = (i: number): { key: SetCommandKey; words: number } | undefined => {
    let name = '';
    let found: { key: SetCommandKey; words: number } | undefined;
    for (let n = 0; n < MOST_KEY_WORDS; n++) {
      const word = wordAt(i + n);
      if (word === undefined) break;
      name += keyForm(word);
      const key = NAMES.get(name);
      if (key) found = { key, words: n + 1 };
    }
    return found;
  };
  /** Whether the word at j, after a key and before "=", is the rest of a misspelt key ("pin enbled=on"). */
  const misspelt = (j: number): boolean => {
    const word = wordAt(j)?.toLowerCase();
    if (word === undefined || tokens[j + 1]?.kind !== 'sep' || !/^\p{L}+$/u.test(word) || keyAt(j))
      return false;
    const known =
      isOnOff(word) || isUnitWord(word) || SECTIONS.some((s: SectionSpec) => s.leadWords.includes(word));
    return !known;
  };
  /** Past the rest of a setting that could not be read: up to the next list separator or key. */
  const skip = (from: number): number => {
    let i = from;
    while (i < tokens.length && tokens[i]?.kind !== 'list' && !keyAt(i)) i++;
    return i;
  };

  let i = 0;
  let index = 0;
  while (i < tokens.length) {
    if (tokens[i]?.kind === 'list') {
      i++;
      continue;
    }
    index++;
    const setting = `Setting ${index}`;
    if (tokens[i]?.kind === 'sep') {
      errors.push({ message: `${setting} has no key before "=": use ${KEYS_TEXT}` });
      i = skip(i + 1);
      continue;
    }
    const found = keyAt(i);
    // "pin enbled=on": a known key, then a word, then "=" reads as one misspelt key, not as pin=enbled.
    if (!found || misspelt(i + found.words)) {
      i = unknownSetting(i, setting);
      continue;
    }
    const { key } = found;
    i += found.words;
    while (tokens[i]?.kind === 'sep') i++;
    // The value, unless the next word starts another setting ("expire history=5").
    const valueAt = (j: number): string | undefined => (keyAt(j) ? undefined : wordAt(j));
    const value = valueAt(i);

    if (key === 'pin') {
      if (value === undefined) {
        errors.push({
          key,
          message: 'pin needs a value: the new default PIN (digits only), or random to have one made up',
        });
        continue;
      }
      i++;
      // pin=off can only mean the default PIN's switch: no PIN is a word.
      if (isOnOff(value.toLowerCase())) {
        if (claim('pin-enabled')) desired.defaultVoicemailPinEnabled = ON.includes(value.toLowerCase());
      } else if (isGenerate(value)) {
        if (claim('pin')) generatePin = true;
      } else if (claim('pin')) {
        // Digits and the org's PIN rules are checked by planUpdate, like a PIN typed into the form.
        desired.defaultVoicemailPin = value;
      }
      continue;
    }
    if (key === 'pin-enabled') {
      const word = value?.toLowerCase();
      if (word !== undefined) i++;
      if (word !== undefined && isOnOff(word)) {
        if (claim(key)) desired.defaultVoicemailPinEnabled = ON.includes(word);
      } else {
        // Digits here may be a PIN typed after the wrong key: never repeated.
        const what =
          value === undefined ? '' : /[0-9]/.test(value) ? ' (got a number, not repeated here)' : got(value);
        errors.push({ key, message: `pin-enabled must be on or off (or yes/no, true/false)${what}` });
      }
      continue;
    }
    const spec = sectionFor(key);
    if (!spec) continue;
    while (spec.leadWords.includes(wordAt(i)?.toLowerCase() ?? '')) i++;
    const read = readSectionValue(spec, i, valueAt(i));
    i = read.next;
    if ('error' in read) {
      errors.push({ key, message: read.error });
      continue;
    }
    if (!claim(key)) continue;
    if (spec.name === 'blockPreviousPasscodes') {
      desired.blockPreviousPasscodes = { enabled: read.enabled, numberOfPasscodes: read.value };
    } else {
      desired[spec.name] = { enabled: read.enabled, numberOfDays: read.value };
    }
  }

  if (generatePin && desired.defaultVoicemailPinEnabled === false) {
    errors.push({
      key: 'pin',
      message: 'pin=random makes up a default PIN, which needs the default PIN on: leave out pin-enabled=off',
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (
    (generatePin || desired.defaultVoicemailPin !== undefined) &&
    desired.defaultVoicemailPinEnabled === undefined
  ) {
    desired.defaultVoicemailPinEnabled = true;
  }
  return generatePin ? { ok: true, desired, generatePin: true } : { ok: true, desired };

  /** Records that a setting was given; false (and an error) when it was given before, by any name. */
  function claim(key: SetCommandKey): boolean {
    if (seen.has(key)) {
      errors.push({ key, message: `${key} is given more than once: give each setting once` });
      return false;
    }
    seen.add(key);
    return true;
  }

  /** A setting whose key is not in the table, from token i; returns where the next one starts. */
  function unknownSetting(start: number, setting: string): number {
    const words: string[] = [];
    let i = start;
    while (words.length < MOST_KEY_WORDS && wordAt(i) !== undefined && (i === start || !keyAt(i))) {
      words.push(wordAt(i) ?? '');
      i++;
      if (tokens[i]?.kind === 'sep') break;
    }
    const typed = words.join(' ');
    const lower = typed.toLowerCase();
    const hasSep = tokens[i]?.kind === 'sep';
    const first = words[0]?.toLowerCase() ?? '';
    if (!hasSep && isDigits(first)) {
      // A bare number could be a PIN: never repeated.
      errors.push({
        message: `${setting} is a number with no key before it: write each setting as key=value, e.g. ${SET_EXAMPLES[0]}`,
      });
    } else if (!hasSep && words.length === 1 && isOnOff(first)) {
      errors.push({
        message: `${setting} (${quote(typed) ?? ''}) has no key before it: write each setting as key=value, e.g. ${SET_EXAMPLES[0]}`,
      });
    } else if (!hasSep && words.length === 1 && isUnitWord(first)) {
      errors.push({
        message: `${setting} (${quote(typed) ?? ''}) has no number before it, e.g. ${SET_EXAMPLES[0]}`,
      });
    } else {
      const name = /[0-9]/.test(lower) ? undefined : quote(typed);
      errors.push({
        message: name
          ? `Unknown setting ${name}: ${suggestion(typed)}`
          : `${setting} has an unknown key (with digits, not repeated here): ${suggestion(typed)}`,
      });
    }
    return skip(i);
  }

  /** A section's value from token i: on/off words, or a number with or without its unit. */
  function readSectionValue(
    typedSpec: SectionSpec,
    at: number,
    value: string | undefined,
  ): { next: number; enabled: boolean; value?: number } | { next: number; error: string } {
    const spec = specOf(typedSpec);
    const needs = `${spec.key} needs a value: ${accepted(spec)}`;
    if (value === undefined) return { next: at, error: needs };
    const word = value.toLowerCase();
    if (ON.includes(word)) return { next: at + 1, enabled: true };
    if (OFF.includes(word) || spec.offWords.includes(word)) return { next: at + 1, enabled: false };
    const m = /^([0-9]+)(\p{L}*)$/u.exec(word);
    if (!m?.[1]) return { next: at + 1, error: `${spec.key} must be ${accepted(spec)}${got(value)}` };
    const digits = m[1];
    let next = at + 1;
    let unitWord = m[2] ?? '';
    let typed = value;
    const following = wordAt(next)?.toLowerCase();
    if (unitWord === '' && following !== undefined && isUnitWord(following)) {
      unitWord = following;
      typed = `${value} ${wordAt(next) ?? ''}`;
      next++;
    }
    if (digits.length >= PIN_LIKE_RUN)
      return { next, error: `${spec.key} must be ${accepted(spec)}${got(typed)}` };
    const count = Number(digits);
    let factor = 1;
    if (unitWord !== '') {
      const unit = unitOf(spec, unitWord);
      const refused = refusedUnit(unitWord);
      const owner = unitOwner(unitWord);
      if (refused) {
        return { next, error: `${spec.key} is a number of ${spec.unit.many}: ${refused.why}${got(typed)}` };
      }
      if (!unit) {
        return {
          next,
          error: owner
            ? `${spec.key} counts ${spec.unit.many}, not ${owner.unit.many}${got(typed)}`
            : `${spec.key} must be ${accepted(spec)}${got(typed)}`,
        };
      }
      factor = unit.factor;
    }
    const amount = count * factor;
    if (!inRange(amount, spec.range)) {
      const converted = factor === 1 ? '' : `, ${amount} ${spec.unit.many}`;
      const off = count === 0 ? `; to turn it off, say ${spec.key}=off` : '';
      return {
        next,
        error: `${spec.key} must be ${accepted(spec)}${got(typed).replace(/\)$/, `${converted})`)}${off}`,
      };
    }
    return { next, enabled: true, value: amount };
  }
}

/**
 * True when the text looks like it carries a PIN: a PIN key (by any of its names) with a value that is not
 * on/off, or a run of four or more digits anywhere (longer than any other setting's number). Deliberately
 * loose: the caller uses it to refuse and warn in group spaces, where a false alarm costs little and a
 * miss exposes a PIN.
 */
export function setCommandMentionsPin(text: string): boolean {
  const typed = normalizeTyped(text);
  // Digits as a reader takes them in, across spaces and punctuation: "80 51 63" is a PIN too.
  if ([...typed.matchAll(/[0-9](?:[^\p{L}0-9]*[0-9])*/gu)].some((m) => m[0].replace(/\D/g, '').length >= 4))
    return true;
  const tokens = tokenize(typed);
  return tokens.some((t, i) => {
    if (t.kind !== 'word' || NAMES.get(keyForm(t.text)) !== 'pin') return false;
    // "pin enabled" is the other key; "pin" followed by anything but on/off (or by nothing) is a PIN.
    let j = i + 1;
    while (tokens[j]?.kind === 'sep') j++;
    const next = tokens[j];
    const value = next?.kind === 'word' ? next.text.toLowerCase() : undefined;
    if (value !== undefined && j === i + 1 && NAMES.get(keyForm(t.text + value)) === 'pin-enabled')
      return false;
    // A bare "pin" is no PIN; "pin=" with nothing after it is asked to be kept out of the space all the same.
    // "pin=random" carries no PIN: the bot makes one up and sends it privately.
    return value === undefined ? j > i + 1 : !isOnOff(value) && !isGenerate(value);
  });
}
