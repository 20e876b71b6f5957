import { z } from 'zod';

import type { DesiredSettings } from './rules.js';
import { SECTIONS, type SetCommandKey } from './setting-sections.js';
import { hasPinLikeDigits } from './pin-like-digits.js';
import { FORM_INPUT_IDS, type FormInputId } from './form-input-ids.js';

/**
 * A problem with one setting. `field` locates it on the form; `key` names it for the `set` command. The
 * message names the setting in words, so either caller can show it as is.
 */
export interface FieldError {
  field: FormInputId;
  key?: SetCommandKey;
  message: string;
  /** The PIN given breaks a PIN rule (ours or Webex's): the form asks for a different one at the field. */
  pinRefused?: boolean;
}

// Webex sends every input value as a string; numbers and booleans are accepted too so a caller that has
// already parsed the values (or a test) is not punished for it.
const toggle = (label: string) =>
  z
    .union([z.boolean(), z.string()])
    .optional()
    .transform((value, ctx): boolean => {
      // An absent toggle is off: clients omit inputs the user never touched in some versions.
      if (value === undefined || value === '' || value === false || value === 'false') return false;
      if (value === true || value === 'true') return true;
      ctx.addIssue({ code: 'custom', message: `${label} must be on or off` });
      return z.NEVER;
    });

const wholeNumber = (label: string, unit: string) =>
  z
    .union([z.number(), z.string()])
    .optional()
    .transform((value, ctx): number | undefined => {
      const text = typeof value === 'number' ? String(value) : value?.trim();
      // Empty means "not given"; the stored number is kept.
      if (text === undefined || text === '') return undefined;
      if (!/^[0-9]+$/.test(text)) {
        ctx.addIssue({
          code: 'custom',
          message:
            `${label} must be a whole number of ${unit}, written in digits` +
            // What was typed is not repeated when it could be a PIN typed into the wrong field.
            (hasPinLikeDigits(text) ? '' : ` (got "${text.slice(0, 20)}")`),
        });
        return z.NEVER;
      }
      return Number(text);
    });

const pin = z
  .union([z.string(), z.number()])
  .optional()
  .transform((value): string | undefined => {
    const text = value === undefined ? '' : String(value).trim();
    return text === '' ? undefined : text;
  });

/**
 * The form's submitted inputs, strings in and typed values out. An absent key and an empty string mean the
 * same, "left empty": the Adaptive Cards renderer leaves empty Text and Number inputs out of a submit,
 * other clients send "". Keys other than the form's inputs (the
 * Submit action's `action`, `formId`, ...) are stripped, not rejected: Webex merges the action's data into
 * the inputs. Content rules (PIN digits, ranges) are planUpdate's job so the form and `set` share them.
 */
export const formSubmissionSchema = z.object({
  defaultVoicemailPinEnabled: toggle('Default voicemail PIN'),
  defaultVoicemailPin: pin,
  defaultVoicemailPinGenerate: toggle('Generate a PIN'),
  expirePasscodeEnabled: toggle('Passcode expiry'),
  expirePasscodeDays: wholeNumber('Passcode expiry', 'days'),
  changePasscodeEnabled: toggle('Minimum time between passcode changes'),
  changePasscodeDays: wholeNumber('Minimum time between passcode changes', 'days'),
  blockPreviousPasscodesEnabled: toggle('Blocking reuse of previous passcodes'),
  blockPreviousPasscodesCount: wholeNumber('Number of previous passcodes blocked', 'passcodes'),
});

export type FormSubmission = z.output<typeof formSubmissionSchema>;

export type FormParseResult =
  | {
      ok: true;
      desired: DesiredSettings;
      /** "Generate a PIN for me": the caller makes up the PIN (desired has none then). */
      generatePin?: true;
    }
  | { ok: false; errors: FieldError[] };

const isFormInputId = (key: unknown): key is FormInputId =>
  typeof key === 'string' && (FORM_INPUT_IDS as readonly string[]).includes(key);

/** Turns a form submission into the shape planUpdate takes. */
export function desiredFromForm(form: FormSubmission): DesiredSettings {
  return {
    defaultVoicemailPinEnabled: form.defaultVoicemailPinEnabled,
    defaultVoicemailPin: form.defaultVoicemailPin,
    expirePasscode: { enabled: form.expirePasscodeEnabled, numberOfDays: form.expirePasscodeDays },
    changePasscode: { enabled: form.changePasscodeEnabled, numberOfDays: form.changePasscodeDays },
    blockPreviousPasscodes: {
      enabled: form.blockPreviousPasscodesEnabled,
      numberOfPasscodes: form.blockPreviousPasscodesCount,
    },
  };
}

/**
 * A setting's number submitted while its toggle is off is not read at all: the form hides that field while
 * the setting is off, but Adaptive Cards submit hidden inputs too (and a client may have shown it), so what
 * it holds is neither a change nor an error.
 */
function withoutNumbersOfOffSettings(inputs: unknown): unknown {
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) return inputs;
  const out: Record<string, unknown> = { ...(inputs as Record<string, unknown>) };
  for (const { enabledField, numberField } of SECTIONS) {
    const on = out[enabledField] === true || out[enabledField] === 'true';
    if (!on) delete out[numberField];
  }
  return out;
}

/**
 * Parses the raw `inputs` of an attachment action. Errors come back per field, ready to show on a re-sent
 * form; a non-object input is reported against the first field so the caller still has something to show.
 */
export function parseFormSubmission(inputs: unknown): FormParseResult {
  const parsed = formSubmissionSchema.safeParse(withoutNumbersOfOffSettings(inputs));
  if (parsed.success) {
    const desired = desiredFromForm(parsed.data);
    if (!parsed.data.defaultVoicemailPinGenerate) return { ok: true, desired };
    // Said at the PIN field, where the choice sits; a typed PIN is never repeated.
    if (desired.defaultVoicemailPin !== undefined)
      return {
        ok: false,
        errors: [
          {
            field: 'defaultVoicemailPin',
            message: 'Type a PIN or choose "generate a PIN for me", not both',
          },
        ],
      };
    if (!desired.defaultVoicemailPinEnabled)
      return {
        ok: false,
        errors: [
          {
            field: 'defaultVoicemailPin',
            message: 'Turn the default PIN on to have a PIN generated for it',
          },
        ],
      };
    return { ok: true, desired, generatePin: true };
  }
  const errors = parsed.error.issues.map((issue): FieldError => {
    const [first] = issue.path;
    return isFormInputId(first)
      ? { field: first, message: issue.message }
      : { field: 'defaultVoicemailPinEnabled', message: 'The form submission could not be read' };
  });
  return { ok: false, errors };
}
