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

/** The org's PIN rules as GET returns them; read-only through the API. */
export interface PinRules {
  blockRepeatedPatternsEnabled: boolean;
  blockRepeatedDigits: { enabled: boolean; max: number };
  blockContiguousSequences: {
    enabled: boolean;
    numberOfAscendingDigits: number;
    numberOfDescendingDigits: number;
  };
  length: { min: number; max: number };
  defaultVoicemailPinEnabled: boolean;
}

/** The GET /telephony/config/voicemail/rules response, normalised. */
export interface VoicemailRules {
  defaultVoicemailPinRules: PinRules;
  expirePasscode: { enabled: boolean; numberOfDays: number };
  changePasscode: { enabled: boolean; numberOfDays: number };
  blockPreviousPasscodes: { enabled: boolean; numberOfPasscodes: number };
}

/** The settings an admin can change, with the PIN flag beside the others wherever GET put it. */
export interface RulesSettings {
  defaultVoicemailPinEnabled: boolean;
  expirePasscode: { enabled: boolean; numberOfDays: number };
  changePasscode: { enabled: boolean; numberOfDays: number };
  blockPreviousPasscodes: { enabled: boolean; numberOfPasscodes: number };
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

// Lenient on purpose: unknown fields pass (Webex adds fields over time) and numbers are not range-checked,
// because a stored value outside the PUT range must still be shown rather than break `/voicemail show`.
const count = z.number();

const pinRulesSchema = z.looseObject({
  blockRepeatedPatternsEnabled: z.boolean(),
  blockRepeatedDigits: z.looseObject({ enabled: z.boolean(), max: count }),
  blockContiguousSequences: z.looseObject({
    enabled: z.boolean(),
    numberOfAscendingDigits: count,
    numberOfDescendingDigits: count,
  }),
  length: z.looseObject({ min: count, max: count }),
  defaultVoicemailPinEnabled: z.boolean().optional(),
});

export const voicemailRulesSchema: z.ZodType<VoicemailRules, unknown> = z
  .looseObject({
    defaultVoicemailPinRules: pinRulesSchema,
    // The docs put the flag inside the rules block on GET; accept it at the top level too (where PUT has
    // it) so that either placement works.
    defaultVoicemailPinEnabled: z.boolean().optional(),
    expirePasscode: z.looseObject({ enabled: z.boolean(), numberOfDays: count }),
    changePasscode: z.looseObject({ enabled: z.boolean(), numberOfDays: count }),
    blockPreviousPasscodes: z.looseObject({ enabled: z.boolean(), numberOfPasscodes: count }),
  })
  .superRefine((raw, ctx) => {
    if (
      raw.defaultVoicemailPinRules.defaultVoicemailPinEnabled === undefined &&
      raw.defaultVoicemailPinEnabled === undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultVoicemailPinRules', 'defaultVoicemailPinEnabled'],
        message: 'defaultVoicemailPinEnabled is missing',
      });
    }
  })
  .transform((raw): VoicemailRules => {
    const { blockRepeatedPatternsEnabled, blockRepeatedDigits, blockContiguousSequences, length } =
      raw.defaultVoicemailPinRules;
    return {
      defaultVoicemailPinRules: {
        blockRepeatedPatternsEnabled,
        blockRepeatedDigits: { enabled: blockRepeatedDigits.enabled, max: blockRepeatedDigits.max },
        blockContiguousSequences: {
          enabled: blockContiguousSequences.enabled,
          numberOfAscendingDigits: blockContiguousSequences.numberOfAscendingDigits,
          numberOfDescendingDigits: blockContiguousSequences.numberOfDescendingDigits,
        },
        length: { min: length.min, max: length.max },
        defaultVoicemailPinEnabled:
          raw.defaultVoicemailPinRules.defaultVoicemailPinEnabled ?? raw.defaultVoicemailPinEnabled ?? false,
      },
      expirePasscode: { enabled: raw.expirePasscode.enabled, numberOfDays: raw.expirePasscode.numberOfDays },
      changePasscode: { enabled: raw.changePasscode.enabled, numberOfDays: raw.changePasscode.numberOfDays },
      blockPreviousPasscodes: {
        enabled: raw.blockPreviousPasscodes.enabled,
        numberOfPasscodes: raw.blockPreviousPasscodes.numberOfPasscodes,
      },
    };
  });

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
  return {
    defaultVoicemailPinEnabled: rules.defaultVoicemailPinRules.defaultVoicemailPinEnabled,
    expirePasscode: {
      enabled: rules.expirePasscode.enabled,
      numberOfDays: rules.expirePasscode.numberOfDays,
    },
    changePasscode: {
      enabled: rules.changePasscode.enabled,
      numberOfDays: rules.changePasscode.numberOfDays,
    },
    blockPreviousPasscodes: {
      enabled: rules.blockPreviousPasscodes.enabled,
      numberOfPasscodes: rules.blockPreviousPasscodes.numberOfPasscodes,
    },
  };
}
