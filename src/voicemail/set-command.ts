import type { DesiredSettings } from './rules.js';
import {
  SECTIONS,
  SET_COMMAND_KEYS,
  SET_EXAMPLES,
  SET_KEYS,
  rangeText,
  type SectionSpec,
  type SetCommandKey,
} from './setting-sections.js';
import { PIN_LIKE_RUN, hasPinLikeDigits } from './pin-like-digits.js';

export interface SetArgsError {
  key?: SetCommandKey;
  message: string;
}

export type SetArgsResult = { ok: true; desired: DesiredSettings } | { ok: false; errors: SetArgsError[] };

export const SET_COMMAND_USAGE = `Usage: /voicemail set key=value … with ${SET_KEYS.map((k) => `${k.key}=${k.values ?? 'DIGITS'}`).join(', ')}`;

const KEYS_TEXT = `${SET_COMMAND_KEYS.slice(0, -1).join(', ')} or ${SET_COMMAND_KEYS.at(-1)}`;

const TRUE_WORDS = ['on', 'true', 'yes'];
const FALSE_WORDS = ['off', 'false', 'no'];

const isSetCommandKey = (key: string): key is SetCommandKey =>
  (SET_COMMAND_KEYS as readonly string[]).includes(key);

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
  const quoted = quote(value);
  return quoted ? ` (got ${quoted})` : ' (got a long number, not repeated here)';
};

const accepted = (spec: SectionSpec): string =>
  `off, on or a whole number of ${spec.unit.many} (${rangeText(spec)}), e.g. ${spec.key}=${spec.range.max}`;

const sectionFor = (key: SetCommandKey): SectionSpec | undefined => SECTIONS.find((s) => s.key === key);

/**
 * Parses the arguments of `/voicemail set` (the text after `set`), e.g. `expire=60 change=off`. Only the
 * syntax is checked here; ranges and PIN rules are planUpdate's, so the form and the command share them.
 * `pin=` without `pin-enabled=` means turning the default PIN on, the only state in which a PIN applies.
 */
export function parseSetArgs(text: string): SetArgsResult {
  const tokens = text.split(/[\s,]+/).filter((t) => t !== '');
  if (tokens.length === 0)
    return { ok: false, errors: [{ message: `Nothing to set. ${SET_COMMAND_USAGE}` }] };

  const desired: DesiredSettings = {};
  const errors: SetArgsError[] = [];
  const seen = new Set<SetCommandKey>();

  tokens.forEach((token, index) => {
    const eq = token.indexOf('=');
    if (eq === -1) {
      // A bare token could be a PIN: never repeat one that contains digits.
      const which = /[0-9]/.test(token) ? `Setting ${index + 1}` : (quote(token) ?? `Setting ${index + 1}`);
      errors.push({
        message: `${which} has no "=": write each setting as key=value, e.g. ${SET_EXAMPLES[0]}`,
      });
      return;
    }
    const rawKey = token.slice(0, eq).toLowerCase();
    const value = token.slice(eq + 1);
    if (rawKey === '') {
      errors.push({
        message: `Setting ${index + 1} has no key before "=": use ${KEYS_TEXT}`,
      });
      return;
    }
    if (!isSetCommandKey(rawKey)) {
      const name = quote(rawKey);
      errors.push({
        message: name
          ? `Unknown setting ${name}: use ${KEYS_TEXT}`
          : `Setting ${index + 1} has an unknown key (a long number, not repeated here): use ${KEYS_TEXT}`,
      });
      return;
    }
    const key = rawKey;
    if (seen.has(key)) {
      errors.push({ key, message: `${key} is given more than once: give each setting once` });
      return;
    }
    seen.add(key);

    if (key === 'pin') {
      if (value === '') errors.push({ key, message: 'pin needs a value: the new default PIN, digits only' });
      // Digits and the org's PIN rules are checked by planUpdate, like a PIN typed into the form.
      else desired.defaultVoicemailPin = value;
      return;
    }
    const word = value.toLowerCase();
    if (key === 'pin-enabled') {
      if (TRUE_WORDS.includes(word)) desired.defaultVoicemailPinEnabled = true;
      else if (FALSE_WORDS.includes(word)) desired.defaultVoicemailPinEnabled = false;
      else {
        errors.push({
          key,
          message: `pin-enabled must be on or off (or true/false, yes/no)${value === '' ? '' : got(value)}`,
        });
      }
      return;
    }
    const spec = sectionFor(key);
    if (!spec) return;
    let section: { enabled?: boolean; value?: number };
    if (word === 'off') section = { enabled: false };
    else if (word === 'on') section = { enabled: true };
    else if (/^[0-9]+$/.test(word) && word.length < PIN_LIKE_RUN)
      section = { enabled: true, value: Number(word) };
    else {
      errors.push({ key, message: `${key} must be ${accepted(spec)}${got(value)}` });
      return;
    }
    if (spec.name === 'blockPreviousPasscodes') {
      desired.blockPreviousPasscodes = { enabled: section.enabled, numberOfPasscodes: section.value };
    } else {
      desired[spec.name] = { enabled: section.enabled, numberOfDays: section.value };
    }
  });

  if (errors.length > 0) return { ok: false, errors };
  if (desired.defaultVoicemailPin !== undefined && desired.defaultVoicemailPinEnabled === undefined) {
    desired.defaultVoicemailPinEnabled = true;
  }
  return { ok: true, desired };
}

/**
 * True when the text looks like it carries a PIN: a `pin` key with a value, or a bare run of four or more
 * digits (longer than any other setting's number). Deliberately loose: the caller uses it to refuse and
 * warn in group spaces, where a false alarm costs little and a miss exposes a PIN.
 */
export function setCommandMentionsPin(text: string): boolean {
  return /(^|[\s,])pin(\s*[=:]|\s+\S)/i.test(text) || /(^|[\s,])[0-9]{4,}([\s,]|$)/.test(text);
}
