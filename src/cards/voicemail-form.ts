import { describePinRules } from '../voicemail/pin-policy.js';
import { shortName } from '../short-name.js';
import { PIN_DISCARD_WARNING } from '../voicemail/plan-update.js';
import type { DesiredSettings, PinRules, RulesSettings } from '../voicemail/rules.js';
import {
  SECTIONS,
  inRange,
  quantity,
  rangeText,
  readDesiredSection,
  readSection,
  type SectionKey,
  type SectionSpec,
} from '../voicemail/setting-sections.js';
import type { FormInputId } from '../voicemail/form-input-ids.js';
import { escapeMarkdown } from '../markdown.js';
import { orgBannerData, type OrgBannerData, type OrgBannerInput } from './org-banner.js';

/** A toggle's value as the card and Webex carry it. */
type ToggleValue = 'true' | 'false';

/**
 * The settings in the order the form shows them, most used first: passcode expiry is the rule security
 * policies ask for (and the one a new org has at 180 days, outside what Webex accepts on a change), blocking
 * previous passcodes is what makes expiry mean anything, the minimum time between changes only stops people
 * cycling through that history, and the default PIN is set once when an org starts with voicemail (and
 * needs a PIN typed, so it sits last, next to the PIN rules). The `set` command and summaries keep their
 * own order: this one is only about the form.
 */
export const FORM_ORDER: readonly SectionKey[] = ['expire', 'history', 'change'];

/** The form's words for each setting: what its on/off box says. */
const TOGGLE_TITLES: Record<SectionKey, string> = {
  expire: 'Passcodes expire',
  history: 'Block reuse of previous passcodes',
  change: 'Limit how often a passcode can be changed',
};

/** How the number field is labelled, with the range Webex accepts. */
const NUMBER_LABELS: Record<SectionKey, (range: string) => string> = {
  expire: (range) => `Days until a passcode expires (${range})`,
  history: (range) => `Number of previous passcodes to block (${range})`,
  change: (range) => `Days between passcode changes (${range})`,
};

export interface FormSectionData {
  key: SectionKey;
  enabledField: FormInputId;
  numberField: FormInputId;
  title: string;
  numberLabel: string;
  errorMessage: string;
  enabled: ToggleValue;
  /** null leaves the field empty (Webex did not report the number). */
  value: number | null;
  required: boolean;
  min: number;
  max: number;
  /**
   * The number field is shown only while its setting is on (as the form opens), or when it has something
   * to say; otherwise a "choose the number" line reveals it (Action.ToggleVisibility: no round trip).
   */
  numberVisible: boolean;
  revealText: string;
  hasNote: boolean;
  note: string;
  hasErrors: boolean;
  errors: string[];
}

/** The data cards/voicemail-form.json is filled with. */
export interface VoicemailFormData {
  orgBanner: OrgBannerData;
  formId: string;
  hasOwner: boolean;
  ownerLine: string;
  hasErrors: boolean;
  errorsTitle: string;
  /** Problems not tied to one field (Webex's reason for a refusal, a form that could not be read). */
  errors: string[];
  sections: FormSectionData[];
  pin: {
    enabled: ToggleValue;
    label: string;
    placeholder: string;
    /** The org's PIN rules as one markdown list (one element, not one per rule). */
    rules: string;
    rulesVisible: boolean;
    regex: string;
    maxLength: number;
    errorMessage: string;
    hasNote: boolean;
    note: string;
    /** A default PIN is stored (the flag is on): turning it off discards it, said next to the toggle. */
    warnDiscard: boolean;
    discardWarning: string;
    hasErrors: boolean;
    errors: string[];
  };
}

/** A problem to show on the form: at its field when `field` is one of the form's inputs. */
export interface FormError {
  field?: string;
  message: string;
  /** The PIN given was refused (by the bot's check or by Webex): the PIN field asks for a different one. */
  pinRefused?: boolean;
}

export interface VoicemailFormInput {
  /** The org the form changes: its banner comes first. */
  org: OrgBannerInput;
  formId: string;
  /** The stored settings, from GET. */
  settings: RulesSettings;
  pinRules: PinRules;
  /**
   * What the admin asked for last time (a rejected submission): shown instead of the stored settings so a
   * re-sent form keeps their edits. A PIN among them is ignored: the PIN field is never pre-filled.
   */
  values?: DesiredSettings;
  /** Why the last submission was rejected: at the field each one is about, the rest at the top. */
  errors?: ReadonlyArray<string | FormError>;
  /**
   * Display name of the only person who can save the form; said on its face where others can see it
   * (group spaces).
   */
  owner?: string;
}

const toToggle = (on: boolean): ToggleValue => (on ? 'true' : 'false');

const PIN_FIELDS: readonly string[] = ['defaultVoicemailPinEnabled', 'defaultVoicemailPin'];

function sectionData(
  spec: SectionSpec,
  settings: RulesSettings,
  values: DesiredSettings,
  errors: string[],
): FormSectionData {
  const stored = readSection(settings, spec.name);
  const typed = readDesiredSection(values, spec.name);
  const range = rangeText(spec);
  const value = typed.value ?? stored?.value;
  const enabled = typed.enabled ?? stored?.enabled ?? false;
  const storedInRange = stored?.value === undefined || inRange(stored.value, spec.range);
  // A setting Webex did not report shows off and empty; left that way the submit leaves it alone.
  const note = !stored
    ? 'Webex did not report this setting: leave it off to keep it as it is, or turn it on with a number to set it.'
    : stored.value === undefined
      ? 'Webex did not report the number: leave it empty to keep it, or enter one to change it.'
      : storedInRange
        ? ''
        : `Stored as ${quantity(stored.value, spec.unit)}, outside the ${range} Webex accepts for changes: ` +
          'leave it as it is, or choose a number in range to change it.';
  const unit = `the number of ${spec.unit.many}`;
  return {
    key: spec.key,
    enabledField: spec.enabledField,
    numberField: spec.numberField,
    title: TOGGLE_TITLES[spec.key],
    numberLabel: NUMBER_LABELS[spec.key](range),
    errorMessage: `${spec.numberLabel} must be ${range}`,
    enabled: toToggle(enabled),
    value: value ?? null,
    required: stored?.value !== undefined,
    // Input.Number's min/max are enforced by the client on Save, hidden or not: bounds that exclude the
    // stored value would block the whole form, even for an admin who only wants to change the PIN. The
    // server checks the PUT range for values that actually change.
    min: Math.min(spec.range.min, stored?.value ?? spec.range.min),
    max: Math.max(spec.range.max, stored?.value ?? spec.range.max),
    numberVisible: enabled || errors.length > 0 || !stored || stored.value === undefined,
    revealText: value === undefined ? `Choose ${unit}` : `Choose ${unit} (now ${quantity(value, spec.unit)})`,
    hasNote: note !== '',
    note,
    hasErrors: errors.length > 0,
    errors,
  };
}

const messageOf = (e: string | FormError): string => (typeof e === 'string' ? e : e.message);
const fieldOf = (e: string | FormError): string | undefined => (typeof e === 'string' ? undefined : e.field);

/** Builds the data for the voicemail form from the stored settings, or from typed values on a re-send. */
export function voicemailFormData(input: VoicemailFormInput): VoicemailFormData {
  const values = input.values ?? {};
  const all = input.errors ?? [];
  // TextBlocks render markdown; errors are plain text and may quote Webex or what was typed.
  const shown = (list: ReadonlyArray<string | FormError>) => list.map((e) => escapeMarkdown(messageOf(e)));
  const sectionFields = new Set<string>(SECTIONS.flatMap((s) => [s.enabledField, s.numberField]));
  const pinErrors = all.filter((e) => PIN_FIELDS.includes(fieldOf(e) ?? ''));
  const general = all.filter((e) => {
    const field = fieldOf(e) ?? '';
    return !PIN_FIELDS.includes(field) && !sectionFields.has(field);
  });
  const marked = all.length - general.length;
  const pinRefused = pinErrors.some((e) => typeof e !== 'string' && e.pinRefused === true);

  // Webex's own bounds (1–30) stand in when it did not report the org's length rule.
  const { min, max } = input.pinRules.length ?? { min: 1, max: 30 };
  const pinOn = values.defaultVoicemailPinEnabled ?? input.settings.defaultVoicemailPinEnabled;
  // Guard the client-side regex against odd rules: "{6,3}" would be an invalid pattern in the client.
  const low = Math.max(1, Math.floor(Math.min(min, max)));
  const high = Math.max(low, Math.floor(Math.max(min, max)));
  const sections = FORM_ORDER.map((key) => {
    const spec = SECTIONS.find((s) => s.key === key) as SectionSpec;
    const own = all.filter((e) => [spec.enabledField, spec.numberField].includes(fieldOf(e) as FormInputId));
    return sectionData(spec, input.settings, values, shown(own));
  });
  const pinNotReported = input.settings.defaultVoicemailPinEnabled === undefined;
  return {
    orgBanner: orgBannerData(input.org),
    formId: input.formId,
    hasOwner: input.owner !== undefined,
    ownerLine:
      input.owner === undefined ? '' : `Only ${escapeMarkdown(shortName(input.owner))} can save this form.`,
    hasErrors: all.length > 0,
    errorsTitle:
      marked === 0
        ? 'Not saved. Please fix:'
        : general.length === 0
          ? 'Not saved. Please fix what is marked below.'
          : 'Not saved. Please fix what is marked below, and:',
    errors: shown(general),
    sections,
    pin: {
      enabled: toToggle(pinOn ?? false),
      label: pinRefused
        ? 'New default PIN: enter a different PIN (shown as you type)'
        : 'New default PIN (shown as you type)',
      placeholder: pinRefused
        ? 'enter a different PIN'
        : pinOn
          ? 'leave empty to keep the current PIN'
          : 'needed only to turn the default PIN on',
      rules: describePinRules(input.pinRules)
        .map((rule) => `- ${rule}`)
        .join('\n'),
      // Folded away to keep the form short; open when the PIN was just refused, since they say why.
      rulesVisible: pinErrors.length > 0,
      // Empty is allowed: it keeps the current PIN.
      regex: `^([0-9]{${low},${high}})?$`,
      maxLength: high,
      errorMessage: `PIN must be ${low}–${high} digits (0–9), or empty to keep the current PIN`,
      hasNote: pinNotReported,
      note: pinNotReported
        ? 'Webex did not report whether the default PIN is on: leave it off with no PIN to keep it as it is.'
        : '',
      warnDiscard: input.settings.defaultVoicemailPinEnabled === true,
      discardWarning: PIN_DISCARD_WARNING,
      hasErrors: pinErrors.length > 0,
      errors: shown(pinErrors),
    },
  };
}
