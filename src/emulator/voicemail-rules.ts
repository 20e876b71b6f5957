import { badRequest, type WebexError } from './errors.js';
import { pinViolation } from './pin-rules.js';
import type { VoicemailRulesState } from './types.js';

/**
 * A new org starts from Webex's defaults for an org (as Cisco's wxc_sdk `VoiceMailRules.default()` has
 * them), not the documentation's example: expiry on at 180 days (above the PUT's 100), change limit off,
 * previous-passcode block on at 10, no default PIN.
 */
export function defaultVoicemailRules(): VoicemailRulesState {
  return {
    pinRules: {
      blockRepeatedPatternsEnabled: true,
      blockRepeatedDigits: { enabled: true, max: 3 },
      blockContiguousSequences: { enabled: true, numberOfAscendingDigits: 3, numberOfDescendingDigits: 3 },
      length: { min: 6, max: 30 },
    },
    defaultVoicemailPinEnabled: false,
    expirePasscode: { enabled: true, numberOfDays: 180 },
    changePasscode: { enabled: false, numberOfDays: 1 },
    blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 10 },
  };
}

/** The GET body: the enable flag sits inside the rules block, and the PIN itself is never returned. */
export function voicemailRulesView(s: VoicemailRulesState): Record<string, unknown> {
  const r = s.pinRules;
  return {
    defaultVoicemailPinRules: {
      blockRepeatedPatternsEnabled: r.blockRepeatedPatternsEnabled,
      blockRepeatedDigits: { ...r.blockRepeatedDigits },
      blockContiguousSequences: { ...r.blockContiguousSequences },
      length: { ...r.length },
      defaultVoicemailPinEnabled: s.defaultVoicemailPinEnabled,
    },
    expirePasscode: { ...s.expirePasscode },
    changePasscode: { ...s.changePasscode },
    blockPreviousPasscodes: { ...s.blockPreviousPasscodes },
  };
}

interface NestedSpec {
  [field: string]: { kind: 'boolean' } | { kind: 'integer'; min: number; max: number };
}

const NESTED: Record<'expirePasscode' | 'changePasscode' | 'blockPreviousPasscodes', NestedSpec> = {
  expirePasscode: { enabled: { kind: 'boolean' }, numberOfDays: { kind: 'integer', min: 15, max: 100 } },
  changePasscode: { enabled: { kind: 'boolean' }, numberOfDays: { kind: 'integer', min: 1, max: 7 } },
  blockPreviousPasscodes: {
    enabled: { kind: 'boolean' },
    numberOfPasscodes: { kind: 'integer', min: 1, max: 10 },
  },
};

const TOP_LEVEL = new Set(['defaultVoicemailPinEnabled', 'defaultVoicemailPin', ...Object.keys(NESTED)]);

const invalid = (description: string): WebexError => badRequest(description);

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates a PUT body in full and returns the next state, leaving `current` untouched: a rejected PUT
 * changes nothing. Nested fields that are absent keep their stored values.
 */
export function applyVoicemailRulesPut(current: VoicemailRulesState, body: unknown): VoicemailRulesState {
  if (!isObject(body)) {
    throw invalid(`The request body must be a JSON object, not ${typeName(body)}.`);
  }
  for (const key of Object.keys(body)) {
    if (!TOP_LEVEL.has(key)) {
      const hint =
        key === 'defaultVoicemailPinRules' ? ' (the PIN rules cannot be changed through the API)' : '';
      throw invalid(`Unrecognized field "${key}"${hint}.`);
    }
  }
  const next: VoicemailRulesState = structuredClone(current);

  if ('defaultVoicemailPinEnabled' in body) {
    const v = body.defaultVoicemailPinEnabled;
    if (typeof v !== 'boolean') {
      throw invalid(`defaultVoicemailPinEnabled must be a boolean, not ${typeName(v)}.`);
    }
    next.defaultVoicemailPinEnabled = v;
  }
  if ('defaultVoicemailPin' in body) {
    const pin = body.defaultVoicemailPin;
    if (typeof pin !== 'string') throw invalid(`defaultVoicemailPin must be a string, not ${typeName(pin)}.`);
    const why = pinViolation(pin, current.pinRules);
    if (why) throw invalid(why);
    next.defaultVoicemailPin = pin;
  }
  for (const [group, spec] of Object.entries(NESTED) as [keyof typeof NESTED, NestedSpec][]) {
    if (!(group in body)) continue;
    const value = body[group];
    if (!isObject(value)) throw invalid(`${group} must be an object, not ${typeName(value)}.`);
    const target = next[group] as unknown as Record<string, unknown>;
    for (const [field, v] of Object.entries(value)) {
      const rule = spec[field];
      if (!rule) throw invalid(`Unrecognized field "${group}.${field}".`);
      if (rule.kind === 'boolean') {
        if (typeof v !== 'boolean') throw invalid(`${group}.${field} must be a boolean, not ${typeName(v)}.`);
      } else {
        if (typeof v !== 'number') throw invalid(`${group}.${field} must be an integer, not ${typeName(v)}.`);
        if (!Number.isInteger(v)) throw invalid(`${group}.${field} must be an integer, not ${v}.`);
        if (v < rule.min || v > rule.max) {
          throw invalid(`${group}.${field} must be between ${rule.min} and ${rule.max}, not ${v}.`);
        }
      }
      target[field] = v;
    }
  }
  // Undocumented; the harder case for a client: turning the default PIN off forgets the stored PIN, so
  // turning it on again needs a new one (README: the emulator's guesses).
  if (body.defaultVoicemailPinEnabled === false) delete next.defaultVoicemailPin;
  if (body.defaultVoicemailPinEnabled === true && next.defaultVoicemailPin === undefined) {
    throw invalid(
      'A default voicemail PIN must be set (defaultVoicemailPin) to enable the default voicemail PIN.',
    );
  }
  return next;
}

/** Deep merge for test seeding: any value goes, even outside the PUT ranges (e.g. expiry 180). */
export function deepMerge<T>(target: T, patch: unknown): T {
  if (!isObject(patch) || !isObject(target)) return target;
  const t = target as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (isObject(v) && isObject(t[k])) deepMerge(t[k], v);
    else t[k] = typeof v === 'object' && v !== null ? structuredClone(v) : v;
  }
  return target;
}

/**
 * Seeds an org's state from a patch in the GET shape (`defaultVoicemailPinRules` included) or the PUT
 * shape (`defaultVoicemailPinEnabled` and `defaultVoicemailPin` at the top level).
 */
export function seedVoicemailRules(s: VoicemailRulesState, patch: object): void {
  const p = { ...(patch as Record<string, unknown>) };
  const rules = p.defaultVoicemailPinRules;
  delete p.defaultVoicemailPinRules;
  if (isObject(rules)) {
    const r = { ...rules };
    if ('defaultVoicemailPinEnabled' in r) {
      s.defaultVoicemailPinEnabled = Boolean(r.defaultVoicemailPinEnabled);
      delete r.defaultVoicemailPinEnabled;
    }
    deepMerge(s.pinRules, r);
  }
  if ('defaultVoicemailPin' in p) {
    const pin = p.defaultVoicemailPin;
    if (pin === undefined || pin === null) delete s.defaultVoicemailPin;
    else s.defaultVoicemailPin = String(pin);
    delete p.defaultVoicemailPin;
  }
  deepMerge(s, p);
}
