import type { FieldError } from './form-input.js';
import { checkPin } from './pin-policy.js';
import { hasPinLikeDigits } from './pin-like-digits.js';
import type { DesiredSettings, PinRules, RulesSettings, RulesUpdate } from './rules.js';
import {
  NOT_REPORTED,
  SECTIONS,
  describeSection,
  inRange,
  rangeText,
  readDesiredSection,
  readSection,
  sectionUpdate,
  type SectionSpec,
  type SectionValue,
} from './setting-sections.js';

/**
 * One line of the before -> after summary. Values are display text; a PIN is never among them. Without
 * `before` the line says only what happened (the PIN itself: GET never returns it, so there is no "before").
 */
export interface Change {
  setting: string;
  before?: string;
  after: string;
}

export type PlanResult =
  { ok: true; update: RulesUpdate; changes: Change[] } | { ok: false; errors: FieldError[] };

export const DEFAULT_PIN_LABEL = 'Default voicemail PIN';
export const PIN_VALUE_LABEL = 'Default PIN';

/**
 * Said before the default PIN is turned off (next to the form's toggle, and before `/voicemail set
 * pin-enabled=off` acts): Webex keeps no PIN while the default PIN is off, so turning it on again needs a
 * new one.
 */
export const PIN_DISCARD_WARNING =
  'Turning the default PIN off discards the stored PIN: turning it on again needs a new PIN.';

/** The outcome's words for the flag turned off, so the summary says what became of the PIN. */
const OFF_DISCARDED = 'off (the stored PIN is discarded)';

/** Whether a planned update turns the default PIN off, discarding the stored one. */
export const discardsDefaultPin = (update: RulesUpdate): boolean =>
  update.defaultVoicemailPinEnabled === false;

const onOff = (on: boolean): string => (on ? 'on' : 'off');

/** The PIN flag as a change's "before" says it (and a stale card's check compares it). */
export const pinFlagText = (flag: boolean | undefined): string =>
  flag === undefined ? NOT_REPORTED : onOff(flag);

/** A stored section as a change's "before" says it. */
export const sectionText = (spec: SectionSpec, section: SectionValue | undefined): string =>
  section ? describeSection(spec, section) : NOT_REPORTED;

function planPin(
  desired: DesiredSettings,
  current: RulesSettings,
  pinRules: PinRules,
): { update: RulesUpdate; changes: Change[]; errors: FieldError[] } {
  const update: RulesUpdate = {};
  const changes: Change[] = [];
  const errors: FieldError[] = [];
  const error = (message: string, pinRefused = false) =>
    errors.push({ field: 'defaultVoicemailPin', key: 'pin', message, ...(pinRefused ? { pinRefused } : {}) });

  // Undefined when Webex did not report it.
  const before = current.defaultVoicemailPinEnabled;
  // An empty PIN means "keep the current one": the form's PIN field is never pre-filled.
  const pin = desired.defaultVoicemailPin === '' ? undefined : desired.defaultVoicemailPin;
  // A PIN goes with the flag on: where the flag's state is unknown, giving a PIN means "on".
  const after =
    desired.defaultVoicemailPinEnabled ?? (before === undefined && pin !== undefined ? true : before);

  if (pin !== undefined) {
    if (!after && before) error('Leave the PIN empty when turning the default voicemail PIN off');
    else if (!after) error('The default voicemail PIN is off: turn it on to set a PIN');
    else for (const problem of checkPin(pin, pinRules)) error(problem.message, true);
  } else if (after === true && before !== true) {
    error('Enter a PIN to turn the default voicemail PIN on');
  }

  if (after !== undefined && after !== before) {
    update.defaultVoicemailPinEnabled = after;
    changes.push({
      setting: DEFAULT_PIN_LABEL,
      before: pinFlagText(before),
      after: after ? 'on' : OFF_DISCARDED,
    });
  }
  if (pin !== undefined && errors.length === 0) {
    // Every known client sends the PIN together with the flag on; whether Webex honours a PIN sent alone
    // is undocumented, so never rely on it.
    update.defaultVoicemailPinEnabled = true;
    update.defaultVoicemailPin = pin;
    // GET never returns the PIN, but a default PIN that is on has one (Webex refuses the flag without it),
    // so that one is replaced; otherwise there was none (off keeps none) or it is unknown. Never echoed.
    changes.push({
      setting: PIN_VALUE_LABEL,
      after: before === true ? 'replaced (not shown)' : 'set (not shown)',
    });
  }
  return { update, changes, errors };
}

function describeChange(spec: SectionSpec, before: SectionValue | undefined, after: SectionValue): Change {
  return {
    setting: spec.label,
    before: sectionText(spec, before),
    after: describeSection(spec, after),
  };
}

function planSection(
  spec: SectionSpec,
  desired: DesiredSettings,
  current: RulesSettings,
): { update: RulesUpdate; change?: Change; error?: FieldError } {
  // Undefined when Webex did not report the setting: only what the admin asks for is then sent.
  const before = readSection(current, spec.name);
  const asked = readDesiredSection(desired, spec.name);
  const enabled = asked.enabled ?? before?.enabled;
  // A number only means something while its setting is on: one given for a setting that is (or ends) off
  // is not a change (the form hides the field then; a client may still send it) and is never checked.
  const wanted = enabled === false ? { ...asked, value: undefined } : asked;
  const range = rangeText(spec);
  const fail = (message: string) => ({
    update: {},
    error: { field: spec.numberField, key: spec.key, message },
  });
  if (enabled === undefined) {
    if (wanted.value === undefined) return { update: {} };
    return fail(`${spec.label} is ${NOT_REPORTED}: say whether it is on or off as well`);
  }
  const after: SectionValue = { enabled, value: wanted.value ?? before?.value };
  const numberChanged = after.value !== before?.value;
  if (before && !numberChanged && after.enabled === before.enabled) return { update: {} };

  if (inRange(after.value, spec.range)) {
    return {
      update: sectionUpdate(spec.name, after.enabled, after.value),
      change: describeChange(spec, before, after),
    };
  }
  // A stored number outside the PUT range (GET allows expiry up to 180), or one Webex did not report, may
  // stay where it is while the setting is turned off: the body then carries only the flag.
  if (!after.enabled && (!numberChanged || wanted.value === undefined)) {
    return {
      update: sectionUpdate(spec.name, false, undefined),
      change: describeChange(spec, before, { enabled: false, value: before?.value }),
    };
  }
  if (after.value === undefined) {
    return fail(`${spec.numberLabel} is ${NOT_REPORTED}: give a number, ${range}`);
  }
  // A long number typed here may be a PIN typed into the wrong field: it is not repeated.
  const got = hasPinLikeDigits(String(after.value)) ? 'a long number' : after.value;
  return fail(
    !Number.isInteger(after.value)
      ? `${spec.numberLabel} must be a whole number, ${range} (got ${got})`
      : numberChanged
        ? `${spec.numberLabel} must be ${range} (got ${got})`
        : `${spec.numberLabel} must be ${range} to turn it on (currently ${after.value})`,
  );
}

/**
 * Plans the PUT for what the admin asked, against the stored settings. Only changed settings go into the
 * body; a result with an empty update means there is nothing to change. All problems are reported at once
 * so a form can show them together.
 */
export function planUpdate(desired: DesiredSettings, current: RulesSettings, pinRules: PinRules): PlanResult {
  const pin = planPin(desired, current, pinRules);
  const update: RulesUpdate = { ...pin.update };
  const changes = [...pin.changes];
  const errors = [...pin.errors];
  for (const spec of SECTIONS) {
    const planned = planSection(spec, desired, current);
    Object.assign(update, planned.update);
    if (planned.change) changes.push(planned.change);
    if (planned.error) errors.push(planned.error);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, update, changes };
}
