import { z } from 'zod';

/** An inclusive range of whole numbers. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

// The PUT ranges. GET may return values outside them (expiry up to 180), so these bound new input only.
export const EXPIRE_PASSCODE_DAYS: Range = { min: 15, max: 100 };
export const CHANGE_PASSCODE_DAYS: Range = { min: 1, max: 7 };
export const BLOCK_PREVIOUS_PASSCODES: Range = { min: 1, max: 10 };

/**
 * What GET may return (Webex's GET docs: expiry up to 180 days, Webex's own default), for conditions on
 * what an org holds (`/fleet apply … where expire=180`); new values keep the PUT ranges above.
 */
export const READ_RANGES = {
  expirePasscode: { min: 1, max: 180 },
  changePasscode: CHANGE_PASSCODE_DAYS,
  blockPreviousPasscodes: BLOCK_PREVIOUS_PASSCODES,
} as const satisfies Record<'expirePasscode' | 'changePasscode' | 'blockPreviousPasscodes', Range>;

/**
 * The org's PIN rules as GET returns them; read-only through the API. Webex's spec makes every field
 * optional: a rule Webex did not report (or reported only in part) is absent here, never guessed.
 */
export interface PinRules {
  blockRepeatedPatternsEnabled?: boolean;
  blockRepeatedDigits?: { enabled: boolean; max: number };
  blockContiguousSequences?: {
    enabled: boolean;
    numberOfAscendingDigits: number;
    numberOfDescendingDigits: number;
  };
  length?: { min: number; max: number };
  defaultVoicemailPinEnabled?: boolean;
}

/** A setting's flag and number; the number is absent when Webex did not report it. */
export interface DaysSetting {
  enabled: boolean;
  numberOfDays?: number;
}

export interface CountSetting {
  enabled: boolean;
  numberOfPasscodes?: number;
}

/** The GET /telephony/config/voicemail/rules response, normalised; a setting Webex did not report is absent. */
export interface VoicemailRules {
  defaultVoicemailPinRules: PinRules;
  expirePasscode?: DaysSetting;
  changePasscode?: DaysSetting;
  blockPreviousPasscodes?: CountSetting;
}

/**
 * The settings an admin can change, with the PIN flag beside the others wherever GET put it. Absent means
 * "not reported by Webex": shown as unknown, and never sent back unless the admin sets it.
 */
export interface RulesSettings {
  defaultVoicemailPinEnabled?: boolean;
  expirePasscode?: DaysSetting;
  changePasscode?: DaysSetting;
  blockPreviousPasscodes?: CountSetting;
}

/** The PUT body: exactly the documented fields, all optional (Webex accepts partial updates). */
export interface RulesUpdate {
  defaultVoicemailPinEnabled?: boolean;
  defaultVoicemailPin?: string;
  expirePasscode?: { enabled: boolean; numberOfDays?: number };
  changePasscode?: { enabled: boolean; numberOfDays?: number };
  blockPreviousPasscodes?: { enabled: boolean; numberOfPasscodes?: number };
}

/**
 * What an admin asked for, from the card form or the `set` command. `undefined` anywhere means "keep the
 * stored value"; an empty PIN means "keep the existing PIN".
 */
export interface DesiredSettings {
  defaultVoicemailPinEnabled?: boolean;
  defaultVoicemailPin?: string;
  expirePasscode?: { enabled?: boolean; numberOfDays?: number };
  changePasscode?: { enabled?: boolean; numberOfDays?: number };
  blockPreviousPasscodes?: { enabled?: boolean; numberOfPasscodes?: number };
}

// Lenient on purpose: every field of this GET is optional in Webex's spec, so a missing or malformed
// field makes that one setting unknown instead of breaking `/voicemail show`; unknown fields pass (Webex
// adds fields over time); numbers are not range-checked, because a stored value outside the PUT range
// must still be shown.
const maybe = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const flag = maybe(z.boolean());
const count = maybe(z.number());
const block = <T extends z.ZodRawShape>(shape: T) => maybe(z.looseObject(shape));

const rawSchema = z.looseObject({
  defaultVoicemailPinRules: block({
    blockRepeatedPatternsEnabled: flag,
    blockRepeatedDigits: block({ enabled: flag, max: count }),
    blockContiguousSequences: block({
      enabled: flag,
      numberOfAscendingDigits: count,
      numberOfDescendingDigits: count,
    }),
    length: block({ min: count, max: count }),
    defaultVoicemailPinEnabled: flag,
  }),
  // The docs put the flag inside the rules block on GET; accept it at the top level too (where PUT has
  // it) so that either placement works.
  defaultVoicemailPinEnabled: flag,
  expirePasscode: block({ enabled: flag, numberOfDays: count }),
  changePasscode: block({ enabled: flag, numberOfDays: count }),
  blockPreviousPasscodes: block({ enabled: flag, numberOfPasscodes: count }),
});

/** Copies only the keys that have a value, so an absent field stays absent. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** A setting is known once its flag is; its number may still be missing. */
function setting<K extends string>(
  raw: ({ enabled?: boolean } & Partial<Record<K, number>>) | undefined,
  key: K,
): ({ enabled: boolean } & Partial<Record<K, number>>) | undefined {
  if (raw?.enabled === undefined) return undefined;
  return defined({ enabled: raw.enabled, [key]: raw[key] }) as { enabled: boolean } & Partial<
    Record<K, number>
  >;
}

/** A PIN rule that is on but lacks its numbers cannot be applied or described: it counts as unreported. */
function rule<T extends { enabled?: boolean }>(
  raw: T | undefined,
  numbers: (keyof T)[],
): Required<T> | undefined {
  if (raw?.enabled === undefined) return undefined;
  if (numbers.some((k) => raw[k] === undefined)) {
    if (raw.enabled) return undefined;
    return { ...raw, ...Object.fromEntries(numbers.map((k) => [k, 0])) } as Required<T>;
  }
  return Object.fromEntries([['enabled', raw.enabled], ...numbers.map((k) => [k, raw[k]])]) as Required<T>;
}

export const voicemailRulesSchema: z.ZodType<VoicemailRules, unknown> = rawSchema.transform(
  (raw): VoicemailRules => {
    const r = raw.defaultVoicemailPinRules ?? {};
    const length =
      r.length?.min !== undefined && r.length.max !== undefined
        ? { min: r.length.min, max: r.length.max }
        : undefined;
    return defined({
      defaultVoicemailPinRules: defined({
        blockRepeatedPatternsEnabled: r.blockRepeatedPatternsEnabled,
        blockRepeatedDigits: rule(r.blockRepeatedDigits, ['max']),
        blockContiguousSequences: rule(r.blockContiguousSequences, [
          'numberOfAscendingDigits',
          'numberOfDescendingDigits',
        ]),
        length,
        defaultVoicemailPinEnabled: r.defaultVoicemailPinEnabled ?? raw.defaultVoicemailPinEnabled,
      }) as PinRules,
      expirePasscode: setting(raw.expirePasscode, 'numberOfDays'),
      changePasscode: setting(raw.changePasscode, 'numberOfDays'),
      blockPreviousPasscodes: setting(raw.blockPreviousPasscodes, 'numberOfPasscodes'),
    });
  },
);

const wholeIn = (range: Range) => z.int().min(range.min).max(range.max);

/**
 * The PUT body, strict: a body that fails this must not be sent. planUpdate only produces bodies that
 * pass; it is exported for the HTTP client's last check and for tests.
 */
export const rulesUpdateSchema: z.ZodType<RulesUpdate, unknown> = z.strictObject({
  defaultVoicemailPinEnabled: z.boolean().optional(),
  defaultVoicemailPin: z
    .string()
    .regex(/^[0-9]+$/)
    .optional(),
  expirePasscode: z
    .strictObject({ enabled: z.boolean(), numberOfDays: wholeIn(EXPIRE_PASSCODE_DAYS).optional() })
    .optional(),
  changePasscode: z
    .strictObject({ enabled: z.boolean(), numberOfDays: wholeIn(CHANGE_PASSCODE_DAYS).optional() })
    .optional(),
  blockPreviousPasscodes: z
    .strictObject({ enabled: z.boolean(), numberOfPasscodes: wholeIn(BLOCK_PREVIOUS_PASSCODES).optional() })
    .optional(),
});

export function settingsFromRules(rules: VoicemailRules): RulesSettings {
  return structuredClone(
    defined({
      defaultVoicemailPinEnabled: rules.defaultVoicemailPinRules.defaultVoicemailPinEnabled,
      expirePasscode: rules.expirePasscode,
      changePasscode: rules.changePasscode,
      blockPreviousPasscodes: rules.blockPreviousPasscodes,
    }),
  );
}
