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

/** One line of the before -> after summary. Values are display text; a PIN is never among them. */
export interface Change {
  setting: string;
  before: string;
  after: string;
}

export type PlanResult =
  { ok: true; update: RulesUpdate; changes: Change[] } | { ok: false; errors: FieldError[] };

export const DEFAULT_PIN_LABEL = 'Default voicemail PIN';
const PIN_VALUE_LABEL = 'Default PIN';

const onOff = (on: boolean): string => (on ? 'on' : 'off');

function planPin(
  desired: DesiredSettings,
  current: RulesSettings,
  pinRules: PinRules,
): { update: RulesUpdate; changes: Change[]; errors: FieldError[] } {
  const update: RulesUpdate = {};
  const changes: Change[] = [];
  const errors: FieldError[] = [];
  const error = (message: string) => errors.push({ field: 'defaultVoicemailPin', key: 'pin', message });

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
    else for (const problem of checkPin(pin, pinRules)) error(problem.message);
  } else if (after === true && before !== true) {
    error('Enter a PIN to turn the default voicemail PIN on');
  }

  if (after !== undefined && after !== before) {
    update.defaultVoicemailPinEnabled = after;
    changes.push({
      setting: DEFAULT_PIN_LABEL,
      before: before === undefined ? NOT_REPORTED : onOff(before),
      after: onOff(after),
    });
  }
  if (pin !== undefined && errors.length === 0) {
    // Every known client sends the PIN together with the flag on; whether Webex honours a PIN sent alone
    // is undocumented, so never rely on it.
    update.defaultVoicemailPinEnabled = true;
    update.defaultVoicemailPin = pin;
    // Whether a PIN existed before is unknown (GET never returns it), and the new one is never echoed.
    changes.push({ setting: PIN_VALUE_LABEL, before: '—', after: 'set' });
  }
  return { update, changes, errors };
}

function describeChange(spec: SectionSpec, before: SectionValue | undefined, after: SectionValue): Change {
  // A number changed while the setting stays off would otherwise read "off -> off".
  const numberWhenOff = before !== undefined && !before.enabled && !after.enabled;
  return {
    setting: spec.label,
    before: before ? describeSection(spec, before, { numberWhenOff }) : NOT_REPORTED,
    after: describeSection(spec, after, { numberWhenOff }),
  };
}

function planSection(
  spec: SectionSpec,
  desired: DesiredSettings,
  current: RulesSettings,
): { update: RulesUpdate; change?: Change; error?: FieldError } {
  // Undefined when Webex did not report the setting: only what the admin asks for is then sent.
  const before = readSection(current, spec.name);
  const wanted = readDesiredSection(desired, spec.name);
  const enabled = wanted.enabled ?? before?.enabled;
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
