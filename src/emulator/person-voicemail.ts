import { badRequest } from './errors.js';
import { pinViolation } from './pin-rules.js';
import type { EmPersonVoicemail, PersonVoicemailState, VoicemailRulesState } from './types.js';

/** Webex's bounds for a person's passcode, whatever the org's PIN rules say (the PUT's reference). */
export const PASSCODE_MIN = 6;
export const PASSCODE_MAX = 30;

/** How many old passcodes the emulator remembers: the most the org's rule can block (1..10). */
const HISTORY = 10;

export function newPersonVoicemail(): PersonVoicemailState {
  return { previous: [], mustChangeAtNextUse: false };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function remember(s: PersonVoicemailState, passcode: string): void {
  s.passcode = passcode;
  s.previous = [passcode, ...s.previous.filter((p) => p !== passcode)].slice(0, HISTORY);
}

/**
 * Reset Voicemail PIN: the PIN goes back to the org's default and the person must change it at next use.
 * The reference expects an empty body; an org without a default PIN has nothing to reset to (a guess: 400).
 */
export function resetPin(
  s: PersonVoicemailState,
  org: VoicemailRulesState,
  body: unknown,
  byPersonId: string,
  now: string,
): void {
  if (body !== undefined && !(isObject(body) && Object.keys(body).length === 0)) {
    throw badRequest('This request takes an empty JSON body.');
  }
  if (!org.defaultVoicemailPinEnabled || org.defaultVoicemailPin === undefined) {
    throw badRequest("The organization's default voicemail PIN is not enabled: there is no PIN to reset to.");
  }
  remember(s, org.defaultVoicemailPin);
  s.lastChange = { kind: 'reset', at: now, byPersonId };
  s.mustChangeAtNextUse = true;
}

/**
 * Modify a person's voicemail passcode: `{"passcode": "…"}`, 6..30 digits and the org's PIN rules
 * (including its block on previous passcodes). A rejected passcode changes nothing.
 */
export function setPasscode(
  s: PersonVoicemailState,
  org: VoicemailRulesState,
  body: unknown,
  byPersonId: string,
  now: string,
): void {
  if (!isObject(body)) throw badRequest('The request body must be a JSON object with a passcode.');
  for (const key of Object.keys(body)) {
    if (key !== 'passcode') throw badRequest(`Unrecognized field "${key}".`);
  }
  const passcode = body.passcode;
  if (passcode === undefined) throw badRequest('passcode is required.');
  if (typeof passcode !== 'string') throw badRequest('passcode must be a string.');
  if (!/^[0-9]*$/.test(passcode)) throw badRequest('The voicemail passcode must contain only digits.');
  if (passcode.length < PASSCODE_MIN || passcode.length > PASSCODE_MAX) {
    throw badRequest(
      `The voicemail passcode must be between ${PASSCODE_MIN} and ${PASSCODE_MAX} digits long.`,
    );
  }
  const why = pinViolation(passcode, org.pinRules);
  if (why) throw badRequest(why);
  const block = org.blockPreviousPasscodes;
  if (block.enabled && s.previous.slice(0, block.numberOfPasscodes).includes(passcode)) {
    throw badRequest(
      `The voicemail passcode must not be one of the last ${block.numberOfPasscodes} passcodes.`,
    );
  }
  remember(s, passcode);
  s.lastChange = { kind: 'set', at: now, byPersonId };
  // Undocumented: an administrator's passcode is taken as the person's own (README: the guesses).
  s.mustChangeAtNextUse = false;
}

export function personVoicemailView(personId: string, s: PersonVoicemailState): EmPersonVoicemail {
  const v: EmPersonVoicemail = { personId, mustChangeAtNextUse: s.mustChangeAtNextUse, summary: '' };
  if (s.passcode !== undefined) v.passcode = s.passcode;
  const c = s.lastChange;
  if (c) {
    v.changedBy = c.byPersonId;
    if (c.kind === 'reset') v.pinResetAt = c.at;
    else v.pinSetAt = c.at;
  }
  v.summary = !c
    ? 'PIN not changed by an administrator'
    : `PIN ${c.kind === 'reset' ? 'reset to the org default' : 'set'} at ${c.at}` +
      (s.mustChangeAtNextUse ? ', must change at next use' : '');
  return v;
}
