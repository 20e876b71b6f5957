import type { FormInputId } from './form-input-ids.js';
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

export interface SectionSpec<Key extends string = SectionKey> {
  name: SectionName;
  /** Its key in `/voicemail set key=value`; the card names the section after it too. */
  key: Key;
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
  /** Other names typed for `key` (see SetKeySpec.aliases). */
  aliases: readonly string[];
  /** Words that may follow the number, each worth `factor` of the section's unit ("3 weeks" = 21 days). */
  units: readonly TypedUnit[];
  /** Words that may stand before the number and add nothing ("every 3 days", "last 5"). */
  leadWords: readonly string[];
  /** Words that mean off for this setting besides OFF_WORDS ("never" for expiry). */
  offWords: readonly string[];
}

/** A unit as typed after a number, and how many of the section's own unit one of it is. */
export interface TypedUnit {
  words: readonly string[];
  factor: number;
}

/**
 * How people answer yes or no. Numbers are left out on purpose: `change=1` is a number of days, and a
 * `1` that meant "on" elsewhere would read two ways.
 */
export const ON_WORDS = ['on', 'yes', 'y', 'true', 'enable', 'enabled'] as const;
export const OFF_WORDS = ['off', 'no', 'n', 'false', 'disable', 'disabled'] as const;
/** Values of the PIN key that ask the bot to make the PIN up (see voicemail/generate-pin). */
export const GENERATE_PIN_WORDS = ['random', 'generate'] as const;

const DAYS: readonly TypedUnit[] = [
  { words: ['d', 'day', 'days'], factor: 1 },
  { words: ['w', 'wk', 'wks', 'week', 'weeks'], factor: 7 },
];
const PASSCODES: readonly TypedUnit[] = [
  { words: ['passcode', 'passcodes', 'pins', 'codes', 'passwords'], factor: 1 },
];

/**
 * Time units no setting counts in, with why: refused by name rather than read as something else ("2
 * months" is not a number of days anyone could agree on).
 */
export const REFUSED_UNITS: readonly { words: readonly string[]; why: string }[] = [
  { words: ['mo', 'mos', 'month', 'months'], why: 'a month is not a fixed number of days' },
  { words: ['yr', 'yrs', 'year', 'years'], why: 'the rules count days' },
  {
    words: ['h', 'hr', 'hrs', 'hour', 'hours', 'min', 'mins', 'minute', 'minutes'],
    why: 'the rules count whole days',
  },
];

// Keeps each entry's `key` as its literal, so the key types below are read off the table.
const sectionTable = <const T extends readonly SectionSpec<string>[]>(table: T): T => table;

/**
 * One table for the naming of each setting, so the form, the `set` command, the plan and the summaries
 * cannot drift apart.
 */
export const SECTIONS = sectionTable([
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
    aliases: [
      'expires',
      'expiry',
      'expiration',
      'expire-passcode',
      'passcode-expiry',
      'expire-days',
      'expiry-days',
    ],
    units: DAYS,
    leadWords: ['every', 'after', 'in'],
    offWords: ['never', 'none'],
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
    aliases: ['changes', 'change-passcode', 'change-days', 'change-interval', 'min-change', 'minimum-change'],
    units: DAYS,
    // "change every 3 days": at most one change in any 3 days, which is what the setting means.
    leadWords: ['every', 'after'],
    offWords: ['none'],
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
    aliases: [
      'block-previous',
      'block-previous-passcodes',
      'previous',
      'reuse',
      'block-reuse',
      'passcode-history',
      'pin-history',
    ],
    units: PASSCODES,
    leadWords: ['last'],
    offWords: ['none'],
  },
]);

export type SectionKey = (typeof SECTIONS)[number]['key'];

/** How a key of `/voicemail set` reads in usage lines. */
export interface SetKeySpec<Key extends string = SetCommandKey> {
  key: Key;
  /** The values it takes, e.g. "on|off"; absent for the PIN, which is digits (each line says so its way). */
  values?: string;
  /** What the number counts, for usage lines with room to say it. */
  unit?: string;
  /** Refused in group spaces, where everyone would read it. */
  directOnly?: boolean;
  /** Words it takes besides its values, with what they do, for usage lines ("random: a generated PIN"). */
  words?: readonly string[];
  /**
   * Other names people type for it (the API's field name among them). Matched like the key: any case, and
   * with "-", "_", "." and spaces left out, so `pin_enabled`, `Pin Enabled` and `pinEnabled` are one name.
   */
  aliases: readonly string[];
}

const PIN_KEYS = [
  {
    key: 'pin-enabled',
    values: 'on|off',
    aliases: ['pin-enable', 'default-pin-enabled', 'voicemail-pin-enabled', 'default-voicemail-pin-enabled'],
  },
  {
    key: 'pin',
    directOnly: true,
    // Typed anywhere: no PIN is in "pin=random", and the made-up one is only ever sent privately.
    words: GENERATE_PIN_WORDS,
    aliases: ['pincode', 'default-pin', 'voicemail-pin', 'default-voicemail-pin', 'new-pin'],
  },
] as const satisfies readonly SetKeySpec<string>[];

/** The keys of `/voicemail set key=value`, the typed twin of the form's inputs. */
export type SetCommandKey = (typeof PIN_KEYS)[number]['key'] | SectionKey;

/**
 * Every key of `/voicemail set`, in the order usage lines and messages list them: the default PIN's two,
 * then one per section. The parser, its messages and every usage line read this.
 */
export const SET_KEYS: readonly SetKeySpec[] = [
  ...PIN_KEYS,
  ...SECTIONS.map((s) => ({
    key: s.key,
    values: `off|${s.range.min}–${s.range.max}`,
    unit: s.unit.many,
    // The API's own name for the setting is typed too (expirePasscode).
    aliases: [s.name, ...s.aliases],
  })),
];

export const SET_COMMAND_KEYS: readonly SetCommandKey[] = SET_KEYS.map((k) => k.key);

/** Settings written as `set` takes them, for examples in messages (a test checks that they parse). */
export const SET_EXAMPLES = ['expire=60', 'history=5'] as const;

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
