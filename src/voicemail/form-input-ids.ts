/**
 * The card form's input ids: a fixed contract between cards/voicemail-form.json, the submit handler and
 * this schema. Renaming one breaks forms already posted in spaces.
 */
export const FORM_INPUT_IDS = [
  'defaultVoicemailPinEnabled',
  'defaultVoicemailPin',
  // "Generate a PIN for me": on Save the bot makes one up against the org's rules (voicemail/generate-pin).
  'defaultVoicemailPinGenerate',
  'expirePasscodeEnabled',
  'expirePasscodeDays',
  'changePasscodeEnabled',
  'changePasscodeDays',
  'blockPreviousPasscodesEnabled',
  'blockPreviousPasscodesCount',
] as const;

export type FormInputId = (typeof FORM_INPUT_IDS)[number];
