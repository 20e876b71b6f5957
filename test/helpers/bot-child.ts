/**
 * A bot process of its own (for a test that SIGKILLs it): the same startBot as live mode, with the
 * configuration and start options the test gives (BOT_CHILD_CONFIG, BOT_CHILD_START), JSON log lines on
 * stdout and BOT-CHILD-READY once it is up.
 */
import { createLogger } from '../../src/log/create-logger.js';
import { startBot } from '../../src/start-bot.js';
import type { LiveConfig } from '../../src/config.js';

const config = JSON.parse(process.env.BOT_CHILD_CONFIG ?? '') as LiveConfig;
const running = await startBot(config, {
  log: createLogger({ level: 'info' }),
  registrationRetryMs: 100,
  webexBaseDelayMs: 10,
  ...(JSON.parse(process.env.BOT_CHILD_START ?? '{}') as object),
});
await running.whenReady();
process.stdout.write('BOT-CHILD-READY\n');
process.once('SIGTERM', () => {
  running.beginShutdown(Date.now() + 10_000, 2000);
  void running.close().then(() => process.exit(0));
});
