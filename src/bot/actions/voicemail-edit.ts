import { voicemailForm } from '../commands/voicemail-form.js';
import type { ActionSpec } from './action-spec.js';

/** "Change settings" on the rules card: a fresh form for whoever pressed it (their own access decides). */
export const voicemailEditAction: ActionSpec = {
  what: 'voicemail.form',
  run: (_action, ctx, deps) => voicemailForm(deps, ctx),
};
