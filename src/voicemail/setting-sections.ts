import type { FormInputId, SetCommandKey } from './form-input.js';
import {
  BLOCK_PREVIOUS_PASSCODES,
  CHANGE_PASSCODE_DAYS,
  EXPIRE_PASSCODE_DAYS,
  type DesiredSettings,
  type Range,
  type RulesSettings,
  type RulesUpdate,
} from './rules.js';

/** The three settings that share the shape `{ enabled, <number> }`. */
export type SectionName = 'expirePasscode' | 'changePasscode' | 'blockPreviousPasscodes';

export interface SectionSpec {
  name: SectionName;
  key: SetCommandKey;
  enabledField: FormInputId;
  numberField: FormInputId;
  /** The setting in words, used in summaries and messages. */
  label: string;
  /** The number in words, used when only the number is wrong. */
  numberLabel: string;
  range: Range;
  unit: { one: string; many: string };
  /** Whether range messages append the unit ("15–100 days") or read well without it ("1–10"). */
  unitInRange: boolean;
}

/**
 * One table for the naming of each setting, so the form, the `set` command, the plan and the summaries
 * cannot drift apart.
 */
export const SECTIONS: readonly SectionSpec[] = [
  {
    name: 'expirePasscode',
    key: 'expire',
    enabledField: 'expirePasscodeEnabled',
    numberField: 'expirePasscodeDays',
    label: 'Passcode expiry',
    numberLabel: 'Passcode expiry',
    range: EXPIRE_PASSCODE_DAYS,
    unit: { one: 'day', many: 'days' },
    unitInRange: true,
  },
  {
    name: 'changePasscode',
    key: 'change',
    enabledField: 'changePasscodeEnabled',
    numberField: 'changePasscodeDays',
    label: 'Minimum time between passcode changes',
    numberLabel: 'Minimum time between passcode changes',
    range: CHANGE_PASSCODE_DAYS,
    unit: { one: 'day', many: 'days' },
    unitInRange: true,
  },
  {
    name: 'blockPreviousPasscodes',
    key: 'history',
    enabledField: 'blockPreviousPasscodesEnabled',
    numberField: 'blockPreviousPasscodesCount',
    label: 'Block reuse of previous passcodes',
    numberLabel: 'Number of previous passcodes to block',
    range: BLOCK_PREVIOUS_PASSCODES,
    unit: { one: 'passcode', many: 'passcodes' },
    unitInRange: false,
  },
];

export interface SectionValue {
  enabled: boolean;
  /** Absent when Webex reported the flag without the number. */
  value?: number;
}

/** How a setting Webex did not report reads in summaries and cards. */
export const NOT_REPORTED = 'not reported by Webex';

/** A section's stored state; undefined when Webex did not report it. */
export function readSection(settings: RulesSettings, name: SectionName): SectionValue | undefined {
  switch (name) {
    case 'expirePasscode':
    case 'changePasscode': {
      const s = settings[name];
      return s && { enabled: s.enabled, value: s.numberOfDays };
    }
    case 'blockPreviousPasscodes': {
      const s = settings[name];
      return s && { enabled: s.enabled, value: s.numberOfPasscodes };
    }
  }
}

export function readDesiredSection(desired: DesiredSettings, name: SectionName): Partial<SectionValue> {
  switch (name) {
    case 'expirePasscode':
    case 'changePasscode':
      return { enabled: desired[name]?.enabled, value: desired[name]?.numberOfDays };
    case 'blockPreviousPasscodes':
      return { enabled: desired[name]?.enabled, value: desired[name]?.numberOfPasscodes };
  }
}

/** The PUT body fragment for one section; `value` undefined leaves the number out. */
export function sectionUpdate(name: SectionName, enabled: boolean, value: number | undefined): RulesUpdate {
  switch (name) {
    case 'expirePasscode':
    case 'changePasscode':
      return { [name]: value === undefined ? { enabled } : { enabled, numberOfDays: value } };
    case 'blockPreviousPasscodes':
      return { [name]: value === undefined ? { enabled } : { enabled, numberOfPasscodes: value } };
  }
}

export const inRange = (value: number | undefined, range: Range): value is number =>
  value !== undefined && Number.isInteger(value) && value >= range.min && value <= range.max;

export const quantity = (n: number, unit: { one: string; many: string }): string =>
  `${n} ${n === 1 ? unit.one : unit.many}`;

/** "15–100 days", "1–10": the range as messages and card labels show it. */
export function rangeText(spec: SectionSpec): string {
  const span = `${spec.range.min}–${spec.range.max}`;
  return spec.unitInRange ? `${span} ${spec.unit.many}` : span;
}

/** "on, 60 days" / "off": a section's state for summaries. */
export function describeSection(
  spec: SectionSpec,
  section: SectionValue,
  opts: { numberWhenOff?: boolean } = {},
): string {
  if (section.value === undefined) return section.enabled ? `on (number ${NOT_REPORTED})` : 'off';
  const amount = quantity(section.value, spec.unit);
  if (section.enabled) return `on, ${amount}`;
  return opts.numberWhenOff ? `off (${amount})` : 'off';
}
