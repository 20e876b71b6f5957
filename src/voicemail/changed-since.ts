import { DEFAULT_PIN_LABEL, pinFlagText, sectionText } from './plan-update.js';
import type { RulesSettings, RulesUpdate } from './rules.js';
import { SECTIONS, readSection } from './setting-sections.js';

/** A setting a planned change touches that no longer reads as it did when the change was shown. */
export interface Drift {
  setting: string;
  /** As the card showed it. */
  shown: string;
  /** As Webex holds it now. */
  now: string;
}

/**
 * The settings `update` changes whose stored state differs between `before` (what the card was made from)
 * and `now`, compared in the words the card used: a number stored while a setting is off was never shown,
 * so it is no difference. The PIN itself is never read, so it never shows here.
 */
export function changedSince(update: RulesUpdate, before: RulesSettings, now: RulesSettings): Drift[] {
  const drifts: Drift[] = [];
  const compare = (setting: string, shown: string, held: string) => {
    if (shown !== held) drifts.push({ setting, shown, now: held });
  };
  if (update.defaultVoicemailPinEnabled !== undefined) {
    compare(
      DEFAULT_PIN_LABEL,
      pinFlagText(before.defaultVoicemailPinEnabled),
      pinFlagText(now.defaultVoicemailPinEnabled),
    );
  }
  for (const spec of SECTIONS) {
    if (update[spec.name] === undefined) continue;
    compare(
      spec.label,
      sectionText(spec, readSection(before, spec.name)),
      sectionText(spec, readSection(now, spec.name)),
    );
  }
  return drifts;
}
