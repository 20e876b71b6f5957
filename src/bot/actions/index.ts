import type { ActionSpec } from './action-spec.js';
import { voicemailConfirmAction } from './voicemail-confirm.js';
import { voicemailEditAction } from './voicemail-edit.js';
import { voicemailSubmitAction } from './voicemail-submit.js';

/** The `action` values the bot's cards carry on their buttons (cards/*.json). */
export type ActionName =
  | 'voicemail.edit'
  | 'voicemail.submit'
  | 'voicemail.cancel'
  | 'voicemail.confirm'
  | 'voicemail.confirm-cancel';

export const ACTIONS: { [A in ActionName]: ActionSpec } = {
  'voicemail.edit': voicemailEditAction,
  'voicemail.submit': voicemailSubmitAction,
  // Cancel claims the form like a submit (only its owner, once), so the submit handler answers both.
  'voicemail.cancel': voicemailSubmitAction,
  // A change to a customer org waits on its confirmation card; Cancel claims it the same way.
  'voicemail.confirm': voicemailConfirmAction,
  'voicemail.confirm-cancel': voicemailConfirmAction,
};

const isActionName = (name: string): name is ActionName => Object.hasOwn(ACTIONS, name);

/** The handler for a card press; undefined for presses on cards that are not the bot's voicemail cards. */
export function actionFor(name: unknown): ActionSpec | undefined {
  if (typeof name !== 'string' || !name.startsWith('voicemail.')) return undefined;
  // Any other voicemail.* name has always been read as the form's submit, which checks the form id.
  return isActionName(name) ? ACTIONS[name] : ACTIONS['voicemail.submit'];
}
