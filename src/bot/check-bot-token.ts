import { AppError } from '../errors.js';
import type { Logger } from '../log/create-logger.js';
import { createPeopleClient } from '../webex/people-client.js';
import { WebexApiError } from '../webex/webex-api-error.js';
import type { WebexClient } from '../webex/webex-client.js';

/**
 * The bot's identity, checked before the framework starts: a wrong token then fails with a plain message,
 * not from deep inside the SDK. Returns the bot's person id (a web-only process, which starts no framework,
 * needs it to tell the bot's own messages apart).
 */
export async function checkBotToken(webex: WebexClient, token: string, log: Logger): Promise<string> {
  const me = await createPeopleClient(webex)
    .me(token)
    .catch((e: unknown) => {
      if (e instanceof WebexApiError && e.status === 401) {
        throw new AppError(
          'CONFIG_INVALID',
          'WEBEX_BOT_TOKEN was refused by Webex (401): check the bot token.',
        );
      }
      throw e;
    });
  if (me.type && me.type !== 'bot') log.warn({ type: me.type }, 'WEBEX_BOT_TOKEN is not a bot account token');
  return me.id;
}
