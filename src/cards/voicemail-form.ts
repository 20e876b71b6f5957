import { describePinRules } from '../voicemail/pin-policy.js';
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
import { escapeMarkdown } from '../markdown.js';
import { orgBannerData, type OrgBannerData, type OrgBannerInput } from './org-banner.js';

/** A toggle's value as the card and Webex carry it. */
type ToggleValue = 'true' | 'false';

export interface FormSectionData {
  enabled: ToggleValue;
  /** null leaves the field empty (Webex did not report the number). */
  value: number | null;
  required: boolean;
  min: number;
  max: number;
  range: string;
  hasNote: boolean;
  note: string;
}

/** The data cards/voicemail-form.json is filled with. */
export interface VoicemailFormData {
  orgBanner: OrgBannerData;
  formId: string;
  hasErrors: boolean;
  errors: string[];
  pin: {
    enabled: ToggleValue;
    rules: string[];
    regex: string;
    maxLength: number;
    errorMessage: string;
    hasNote: boolean;
    note: string;
  };
  expire: FormSectionData;
  change: FormSectionData;
  history: FormSectionData;
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
  /** Why the last submission was rejected, shown in a banner at the top. */
  errors?: ReadonlyArray<string | { message: string }>;
}

const toToggle = (on: boolean): ToggleValue => (on ? 'true' : 'false');

function sectionData(spec: SectionSpec, settings: RulesSettings, values: DesiredSettings): FormSectionData {
  const stored = readSection(settings, spec.name);
  const typed = readDesiredSection(values, spec.name);
  const range = rangeText(spec);
  const value = typed.value ?? stored?.value;
  const storedInRange = stored?.value === undefined || inRange(stored.value, spec.range);
  // A setting Webex did not report shows off and empty; left that way the submit leaves it alone.
  const note = !stored
    ? `Webex did not report this setting: leave it off and empty to keep it as it is, or fill it in to set it.`
    : stored.value === undefined
      ? `Webex did not report the number: leave it empty to keep it, or enter one to change it.`
      : storedInRange
        ? ''
        : `Stored as ${quantity(stored.value, spec.unit)}, outside the ${range} Webex accepts for changes: ` +
          'leave it as it is, or choose a number in range to change it.';
  return {
    enabled: toToggle(typed.enabled ?? stored?.enabled ?? false),
    value: value ?? null,
    required: stored?.value !== undefined,
    // Input.Number's min/max are enforced by the client on Save: bounds that exclude the stored value
    // would block the whole form, even for an admin who only wants to change the PIN. The server checks
    // the PUT range for values that actually change.
    min: Math.min(spec.range.min, stored?.value ?? spec.range.min),
    max: Math.max(spec.range.max, stored?.value ?? spec.range.max),
    range,
    hasNote: note !== '',
    note,
  };
}

/** Builds the data for the voicemail form from the stored settings, or from typed values on a re-send. */
export function voicemailFormData(input: VoicemailFormInput): VoicemailFormData {
  const values = input.values ?? {};
  // TextBlocks render markdown; errors are plain text and may quote Webex or what was typed.
  const errors = (input.errors ?? []).map((e) => escapeMarkdown(typeof e === 'string' ? e : e.message));
  // Webex's own bounds (1–30) stand in when it did not report the org's length rule.
  const { min, max } = input.pinRules.length ?? { min: 1, max: 30 };
  const pinFlag = values.defaultVoicemailPinEnabled ?? input.settings.defaultVoicemailPinEnabled;
  // Guard the client-side regex against odd rules: "{6,3}" would be an invalid pattern in the client.
  const low = Math.max(1, Math.floor(Math.min(min, max)));
  const high = Math.max(low, Math.floor(Math.max(min, max)));
  const sections = Object.fromEntries(
    // The card names each section after its `set` key: expire, change, history.
    SECTIONS.map((spec) => [spec.key, sectionData(spec, input.settings, values)]),
  ) as Record<SectionKey, FormSectionData>;
  return {
    orgBanner: orgBannerData(input.org),
    formId: input.formId,
    hasErrors: errors.length > 0,
    errors,
    pin: {
      enabled: toToggle(pinFlag ?? false),
      rules: describePinRules(input.pinRules),
      // Empty is allowed: it keeps the current PIN.
      regex: `^([0-9]{${low},${high}})?$`,
      maxLength: high,
      errorMessage: `PIN must be ${low}–${high} digits (0–9), or empty to keep the current PIN`,
      hasNote: input.settings.defaultVoicemailPinEnabled === undefined,
      note:
        input.settings.defaultVoicemailPinEnabled === undefined
          ? 'Webex did not report whether the default PIN is on: leave it off with no PIN to keep it as it is.'
          : '',
    },
    ...sections,
  };
}
