/**
 * The Webex scopes the bot asks for and checks, by one name each. The emulator keeps its own list
 * (`src/emulator/scopes.ts`): it stands for Webex and imports nothing from the bot.
 */
export const PEOPLE_READ = 'spark:people_read';
export const ORGS_READ = 'spark-admin:organizations_read';
export const TELEPHONY_READ = 'spark-admin:telephony_config_read';
export const TELEPHONY_WRITE = 'spark-admin:telephony_config_write';
/** Reset Voicemail PIN (a person's own call settings) takes this one, not the telephony scopes. */
export const PEOPLE_WRITE = 'spark-admin:people_write';

/**
 * Everything `/whoami`, `/org list` and the voicemail commands need, and no more: what the integration must
 * be registered with, and what a plain `/login` asks for.
 */
export const SIGN_IN_SCOPES = [PEOPLE_READ, TELEPHONY_READ, TELEPHONY_WRITE, ORGS_READ, PEOPLE_WRITE];

/**
 * What a sign-in that only looks asks for: who the person is (and their roles), the org names every card
 * starts with, and the rules. Changing the rules adds TELEPHONY_WRITE.
 */
export const READ_SCOPES = [PEOPLE_READ, ORGS_READ, TELEPHONY_READ];

const WORDS: Record<string, string> = {
  [PEOPLE_READ]: 'read your Webex profile',
  [ORGS_READ]: 'read organization details',
  [TELEPHONY_READ]: 'read telephony settings',
  [TELEPHONY_WRITE]: 'change telephony settings',
  [PEOPLE_WRITE]: 'change people’s settings, such as resetting their voicemail PIN',
};

/** A scope in the admin's words ("read telephony settings"); one the bot does not know stays as it is. */
export function scopeInWords(scope: string): string {
  return WORDS[scope] ?? scope;
}
