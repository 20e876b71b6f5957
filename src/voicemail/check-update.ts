import { DEFAULT_PIN_LABEL } from './plan-update.js';
import type { RulesSettings, RulesUpdate } from './rules.js';
import { SECTIONS, readSection, type SectionName, type SectionValue } from './setting-sections.js';

/** How much of a PUT whose answer never came is visible in the rules Webex now reports. */
export interface UpdateCheck {
  /** 'all': every checkable change is in place; 'none': none is; 'unconfirmed': nothing could be checked. */
  verdict: 'all' | 'none' | 'some' | 'unconfirmed';
  /** Labels of the settings Webex now holds as asked. */
  inPlace: string[];
  /** Labels of the settings Webex holds otherwise. */
  notInPlace: string[];
  /** Labels of the settings Webex's read did not report. */
  unreported: string[];
  /** The PUT carried a PIN: GET never returns one, so it can never be checked. */
  pinUnchecked: boolean;
}

function sent(update: RulesUpdate, name: SectionName): Partial<SectionValue> | undefined {
  const fragment = update[name];
  if (!fragment) return undefined;
  const value =
    'numberOfDays' in fragment
      ? fragment.numberOfDays
      : (fragment as { numberOfPasscodes?: number }).numberOfPasscodes;
  return { enabled: fragment.enabled, value };
}

const holds = (have: Partial<SectionValue> | undefined, want: Partial<SectionValue>): boolean | undefined => {
  if (have?.enabled === undefined) return undefined;
  if (want.value !== undefined && have.value === undefined) return undefined;
  return have.enabled === want.enabled && (want.value === undefined || have.value === want.value);
};

/**
 * Compares what a PUT asked for with a fresh read. A field that already held the asked value before the
 * PUT proves nothing either way and is left out (the PIN flag sent along with a PIN, for one).
 */
export function checkUpdate(update: RulesUpdate, before: RulesSettings, now: RulesSettings): UpdateCheck {
  const inPlace: string[] = [];
  const notInPlace: string[] = [];
  const unreported: string[] = [];
  const file = (label: string, result: boolean | undefined) =>
    (result === undefined ? unreported : result ? inPlace : notInPlace).push(label);

  const flag = update.defaultVoicemailPinEnabled;
  if (flag !== undefined && before.defaultVoicemailPinEnabled !== flag) {
    const have = now.defaultVoicemailPinEnabled as boolean | undefined;
    file(DEFAULT_PIN_LABEL, have === undefined ? undefined : have === flag);
  }
  for (const spec of SECTIONS) {
    const want = sent(update, spec.name);
    if (!want) continue;
    if (holds(readSection(before, spec.name), want) === true) continue;
    file(spec.label, holds(readSection(now, spec.name), want));
  }
  const verdict =
    inPlace.length === 0 && notInPlace.length === 0
      ? 'unconfirmed'
      : unreported.length === 0 && notInPlace.length === 0
        ? 'all'
        : unreported.length === 0 && inPlace.length === 0
          ? 'none'
          : 'some';
  return { verdict, inPlace, notInPlace, unreported, pinUnchecked: update.defaultVoicemailPin !== undefined };
}
