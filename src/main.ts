/**
 * The only reader of process.env. `node dist/src/main.js` runs the bot; `node dist/src/main.js token …`
 * and `… webhooks …` run the operator's commands against the same store and Webex.
 */
import { readFileSync } from 'node:fs';
import {
  parseConfig,
  parseProxy,
  parseStoreConfig,
  parseWebhooksConfig,
  type SandboxConfig,
} from './config.js';
import { startSandbox } from './sandbox/start-sandbox.js';
import { createLogger, createSecretRegistry, serializeError } from './log/create-logger.js';
import { serviceInfo } from './service-info.js';
import { replyReserveMs, startBot } from './start-bot.js';
import { runTokenCommand } from './cli/token-command.js';
import { runWebhooksCommand } from './cli/webhooks-command.js';
import { createWebhookRegistrar } from './bot/webhook-registrar.js';
import { createRedisKeyValueStore } from './store/redis-key-value-store.js';
import { createOrgSelection } from './store/org-selection.js';
import {
  createRedis,
  redisFailureReason,
  redisPasswords,
  redisTarget,
  UNCHECKED_TLS_WARNING,
  whereRedis,
  type RedisTls,
} from './store/create-redis.js';
import { urlPasswords } from './log/redact-url.js';
import { createTokenIndex, createTokenStore } from './store/token-store.js';
import { createInterface } from 'node:readline/promises';
import { createTokenCipher } from './store/token-cipher.js';
import { createWebexClient, type FetchLike } from './webex/webex-client.js';
import { proxyFetch } from './webex/proxy-fetch.js';
import { createPeopleClient } from './webex/people-client.js';

/** The bot's own Webex calls through the outbound proxy, when HTTPS_PROXY/HTTP_PROXY are set. */
function webexFetch(): FetchLike | undefined {
  const parsed = parseProxy(process.env);
  if (!parsed.ok) fail(parsed.problems);
  if (!parsed.proxy) return undefined;
  for (const url of [parsed.proxy.httpsProxy, parsed.proxy.httpProxy])
    for (const p of url ? urlPasswords(url) : []) secrets.add(p);
  return proxyFetch(parsed.proxy);
}

/** NO_PROXY entries nothing here honours: they would send calls through the proxy without a word. */
function unsupportedNoProxy(): string[] {
  const parsed = parseProxy(process.env);
  const entries = (parsed.ok && parsed.proxy?.noProxy?.split(/[\s,]+/)) || [];
  return entries.filter((e) => e.includes('/'));
}

/** The bot itself (not an operator's CLI run) reports to a log platform unless a person watches a terminal. */
const jsonStartupErrors = (): boolean => process.argv[2] === undefined && !process.stderr.isTTY;

/** A start-up failure: one JSON line like every other log line for a log platform, plain words on a terminal. */
function reportStartFailure(msg: string, details: Record<string, unknown>, text: string): void {
  if (!jsonStartupErrors()) {
    process.stderr.write(secrets.scrub(text));
    return;
  }
  let who: Record<string, string> = {};
  try {
    who = { ...serviceInfo() };
  } catch {
    // A broken install must still report why it cannot start.
  }
  const line = { level: 'fatal', time: new Date().toISOString(), ...who, msg, ...details };
  process.stderr.write(secrets.scrub(JSON.stringify(line)) + '\n');
}

function fail(problems: string[]): never {
  reportStartFailure(
    'voicemail-rules-bot cannot start',
    { problems },
    `voicemail-rules-bot cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  process.exit(1);
}

/** REDIS_TLS_* for a rediss:// URL, the CA read here (config.ts reads no files); an unreadable CA stops the start. */
function redisTls(c: {
  REDIS_URL: string;
  REDIS_TLS_CA_FILE?: string;
  REDIS_TLS_REJECT_UNAUTHORIZED: boolean;
}): RedisTls | undefined {
  if (!/^rediss:/i.test(c.REDIS_URL)) return undefined;
  let ca: string | undefined;
  if (c.REDIS_TLS_CA_FILE) {
    try {
      ca = readFileSync(c.REDIS_TLS_CA_FILE, 'utf8');
    } catch (err) {
      fail([`REDIS_TLS_CA_FILE: cannot read ${c.REDIS_TLS_CA_FILE} (${redisFailureReason(err, '')})`]);
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----'))
      fail([`REDIS_TLS_CA_FILE: ${c.REDIS_TLS_CA_FILE} holds no PEM certificate`]);
  }
  return { ca, rejectUnauthorized: c.REDIS_TLS_REJECT_UNAUTHORIZED };
}

async function tokenCli(args: string[]): Promise<number> {
  const parsed = parseStoreConfig(process.env);
  if (!parsed.ok) fail(parsed.problems);
  const c = parsed.config;
  const tls = redisTls(c);
  if (tls && !tls.rejectUnauthorized) process.stderr.write(`warning: ${UNCHECKED_TLS_WARNING}\n`);
  const target = redisTarget(c);
  const redis = createRedis(target, { lazyConnect: true, reconnect: false, tls });
  // connect() itself may only say the connection closed; the error event carries the cause (a TLS refusal).
  let cause: unknown;
  redis.on('error', (err) => (cause ??= err));
  try {
    await redis.connect();
  } catch (err) {
    process.stderr.write(
      `cannot reach Redis ${whereRedis(target)}: ${redisFailureReason(cause ?? err, target)}\n`,
    );
    return 1;
  }
  try {
    const kv = createRedisKeyValueStore(redis, c.REDIS_KEY_PREFIX);
    const key = (v: string | undefined) => (v ? Buffer.from(v, 'base64') : undefined);
    const current = key(c.TOKEN_ENCRYPTION_KEY);
    const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
    return await runTokenCommand(args, {
      index: createTokenIndex(kv),
      // A partner's org choice must not outlive their sign-in (a new sign-in would act on the old customer).
      forgetPerson: (personId) => createOrgSelection(kv).clear(personId),
      tokens: current
        ? createTokenStore(kv, createTokenCipher(current, key(c.TOKEN_ENCRYPTION_KEY_PREVIOUS)))
        : undefined,
      people: createPeopleClient(createWebexClient({ apiBase: c.WEBEX_API_URL, fetch: webexFetch() })),
      io: {
        stdin: process.stdin,
        out: (l) => process.stdout.write(l + '\n'),
        err: (l) => process.stderr.write(l + '\n'),
        interactive,
        async ask(question) {
          // The question goes to stderr so `--json` output on stdout stays one document.
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return await rl.question(question);
          } finally {
            rl.close();
          }
        },
      },
    });
  } finally {
    await redis.quit().catch(() => undefined);
  }
}

/** Known secret values; scrubbed from every log line and from a start-up failure message. */
const secrets = createSecretRegistry();

async function webhooksCli(args: string[]): Promise<number> {
  const parsed = parseWebhooksConfig(process.env);
  if (!parsed.ok) fail(parsed.problems);
  const c = parsed.config;
  const target = redisTarget(c);
  for (const s of [c.WEBEX_BOT_TOKEN, c.WEBHOOK_SECRET, ...redisPasswords(target)]) secrets.add(s);
  const redis = createRedis(target, { lazyConnect: true, reconnect: false });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch {
    process.stderr.write(`cannot reach Redis ${whereRedis(target)}\n`);
    return 1;
  }
  try {
    // stdout is the command's answer; the registrar's own log lines go to stderr.
    const log = createLogger({ level: c.LOG_LEVEL, secrets, destination: process.stderr });
    const registrar = createWebhookRegistrar({
      webex: createWebexClient({ apiBase: c.WEBEX_API_URL, fetch: webexFetch() }),
      token: c.WEBEX_BOT_TOKEN,
      targetUrl: `${c.PUBLIC_URL}/webhook`,
      secret: c.WEBHOOK_SECRET,
      kv: createRedisKeyValueStore(redis, c.REDIS_KEY_PREFIX),
      log,
    });
    return await runWebhooksCommand(args, {
      registrar,
      io: {
        out: (l) => process.stdout.write(secrets.scrub(l) + '\n'),
        err: (l) => process.stderr.write(secrets.scrub(l) + '\n'),
      },
    });
  } finally {
    await redis.quit().catch(() => undefined);
  }
}

async function sandbox(config: SandboxConfig): Promise<void> {
  for (const p of urlPasswords(config.REDIS_URL)) secrets.add(p);
  const log = createLogger({ level: config.LOG_LEVEL, pretty: process.stdout.isTTY, secrets });
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection (kept running)'));
  log.info(
    'No WEBEX_BOT_TOKEN: starting the local sandbox (the Webex emulator and a demo org in this process). ' +
      'For live mode set WEBEX_BOT_TOKEN, PUBLIC_URL, WEBHOOK_SECRET and TOKEN_ENCRYPTION_KEY.',
  );
  const redisTlsOptions = redisTls(config);
  if (redisTlsOptions && !redisTlsOptions.rejectUnauthorized) log.warn(UNCHECKED_TLS_WARNING);
  const running = await startSandbox(config, { log, redisTls: redisTlsOptions });
  log.info({ url: running.url, persistent: running.persistent }, `sandbox ready: open ${running.url}`);
  const stop = () =>
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

async function bot(): Promise<void> {
  const parsed = parseConfig(process.env, { readFile: (path) => readFileSync(path, 'utf8') });
  if (!parsed.ok) fail(parsed.problems);
  const config = parsed.config;
  if (config.mode === 'sandbox') return sandbox(config);
  for (const s of [
    config.WEBEX_BOT_TOKEN,
    config.WEBHOOK_SECRET,
    config.WEBHOOK_SECRET_PREVIOUS,
    config.TOKEN_ENCRYPTION_KEY,
    config.TOKEN_ENCRYPTION_KEY_PREVIOUS,
    config.WEBEX_CLIENT_SECRET,
    config.METRICS_TOKEN,
    ...redisPasswords(redisTarget(config)),
  ])
    secrets.add(s);
  const log = createLogger({ level: config.LOG_LEVEL, secrets, base: serviceInfo() });
  // The webex SDK can reject from a timer (e.g. a people batch it cannot match); one bad event must not
  // take the bot down with it.
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection (kept running)'));
  const proxied = webexFetch();
  if (proxied) {
    log.info(
      "outbound proxy: the bot's own Webex calls go through HTTPS_PROXY/HTTP_PROXY (NO_PROXY honoured)",
    );
    const ranges = unsupportedNoProxy();
    if (ranges.length)
      log.warn(
        { entries: ranges },
        'NO_PROXY: address ranges (CIDR) are not supported by the bot or the Webex SDK and are ignored: list host names, host:port, .suffix or *',
      );
  }
  // A platform may stop the process before it serves (a deploy replaced at once): say so, rather than vanish.
  const stopEarly = (signal: string) => {
    log.info({ signal }, 'stopped during start-up, before serving anything');
    process.exit(0);
  };
  const onEarlyTerm = () => stopEarly('SIGTERM');
  const onEarlyInt = () => stopEarly('SIGINT');
  process.once('SIGTERM', onEarlyTerm);
  process.once('SIGINT', onEarlyInt);
  const running = await startBot(config, { log, redisTls: redisTls(config), webexFetch: proxied });
  process.off('SIGTERM', onEarlyTerm);
  process.off('SIGINT', onEarlyInt);
  log.info(
    { url: running.url, publicUrl: config.PUBLIC_URL, role: config.PROCESS_ROLE },
    'voicemail-rules-bot listening',
  );
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    // Every Webex call is cut to fit this budget (replies get the last part of it), so running commands
    // still end with an answer to the admin before the platform's kill.
    const budgetMs = config.SHUTDOWN_TIMEOUT_S * 1000;
    const until = Date.now() + budgetMs - 1000;
    running.beginShutdown(until, replyReserveMs(budgetMs));
    log.info({ signal, budgetS: config.SHUTDOWN_TIMEOUT_S }, 'shutting down: finishing running work');
    const force = setTimeout(() => {
      log.error('shutdown budget exceeded: exiting with work still running');
      process.exit(1);
    }, budgetMs);
    force.unref();
    running.close().then(
      () => {
        log.info('shut down cleanly');
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

// `… | head` closes the pipe early: the operator got what they asked for, not a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const [cmd, ...rest] = process.argv.slice(2);
if (cmd === 'token') {
  tokenCli(rest).then((code) => process.exit(code));
} else if (cmd === 'webhooks') {
  webhooksCli(rest).then((code) => process.exit(code));
} else {
  bot().catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    reportStartFailure(
      `voicemail-rules-bot failed to start: ${message}`,
      { err: serializeError(err) },
      `voicemail-rules-bot failed to start: ${message}\n`,
    );
    process.exit(1);
  });
}
