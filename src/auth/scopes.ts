/**
 * The Webex scopes the bot asks for and checks, by one name each. The emulator keeps its own list
 * (`src/emulator/scopes.ts`): it stands for Webex and imports nothing from the bot.
 */
export const PEOPLE_READ = 'spark:people_read';
export const ORGS_READ = 'spark-admin:organizations_read';
export const TELEPHONY_READ = 'spark-admin:telephony_config_read';
export const TELEPHONY_WRITE = 'spark-admin:telephony_config_write';

/** Everything `/whoami`, `/org list` and the voicemail commands need, and no more. */
export const SIGN_IN_SCOPES = [PEOPLE_READ, TELEPHONY_READ, TELEPHONY_WRITE, ORGS_READ];
