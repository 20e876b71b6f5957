/**
 * A bot instance in a process of its own (for a test that SIGKILLs it mid-run): the same startBot as live
 * mode, with the harness's configuration and the test's fleet timings, logging JSON lines to stdout.
 */
import { createLogger } from '../../src/log/create-logger.js';
import { startBot } from '../../src/start-bot.js';
import type { LiveConfig } from '../../src/config.js';

const config = JSON.parse(process.env.FLEET_CHILD_CONFIG ?? '') as LiveConfig;
const running = await startBot(config, {
  log: createLogger({ level: 'info' }),
  registrationRetryMs: 100,
  webexBaseDelayMs: 10,
  fleet: JSON.parse(process.env.FLEET_CHILD_TIMINGS ?? '{}') as object,
});
await running.whenReady();
process.stdout.write('FLEET-CHILD-READY\n');
