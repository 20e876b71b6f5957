import { httpOrigin } from '../net/http-origin.js';
import { randomBytes } from 'node:crypto';
import { parseConfig, type LiveConfig } from '../config.js';

/** Settings the emulator does not decide: where the bot listens, its store, its integration. */
export type EmulatorLiveSettings = Omit<LiveConfig, 'mode' | 'WEBEX_BOT_TOKEN' | 'WEBEX_API_URL'>;

/**
 * The live bot's configuration pointed at an emulator: the sandbox, the test harness and the bench all run
 * the production code path this way. It listens on HOST (default 127.0.0.1) and PORT and is reached there
 * (PUBLIC_URL), with fresh secrets; everything else is the live default.
 *
 * `overrides` are taken as given (the sandbox's own key prefix is one a live deployment may not use);
 * `env` is spelled as the environment spells it and checked as at start-up, and wins over the defaults.
 */
export function emulatorLiveConfig(
  emulator: { apiBase: string; botToken: string },
  overrides: Partial<EmulatorLiveSettings> & { PORT: number },
  env: Record<string, string> = {},
): LiveConfig {
  const host = overrides.HOST ?? '127.0.0.1';
  const parsed = parseConfig({
    PORT: String(overrides.PORT),
    HOST: host,
    WEBEX_BOT_TOKEN: emulator.botToken,
    WEBEX_API_URL: emulator.apiBase,
    PUBLIC_URL: httpOrigin(host, overrides.PORT),
    WEBHOOK_SECRET: randomBytes(18).toString('hex'),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ...env,
  });
  if (!parsed.ok) throw new Error(`emulator live config: ${parsed.problems.join('; ')}`);
  if (parsed.config.mode !== 'live') throw new Error('emulator live config: not live');
  return { ...parsed.config, ...overrides };
}
