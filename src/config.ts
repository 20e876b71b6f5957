import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * One schema for the whole environment, parsed once at start. Live mode is chosen by WEBEX_BOT_TOKEN;
 * every problem is reported at once, each naming its variable, so an operator fixes them in one go.
 */
const base64Key = z
  .string()
  .trim()
  .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, {
    message: 'must be base64 of exactly 32 random bytes (try: openssl rand -base64 32)',
  });

/** The Redis client decodes the user name and password; a stray % would fail later as "URI malformed". */
function percentEscapesValid(url: URL): boolean {
  try {
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
    return true;
  } catch {
    return false;
  }
}

const httpUrl = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), {
    message: 'must be an http:// or https:// URL',
  })
  .transform((v) => v.replace(/\/+$/, ''));

/**
 * A whole number in a range, written as plain decimal digits: "300s", "0x10" or "1e1" are refused with the
 * range, rather than half-understood or answered with "expected number, received NaN".
 */
const wholeNumber = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, {
      message: `must be a whole number from ${min} to ${max}`,
    })
    .transform(Number)
    .default(fallback);

const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const webhookSecret = z.string().refine((v) => v.trim().length >= 16 && v === v.trim(), {
  message: 'must be at least 16 characters, without spaces around it (try: openssl rand -hex 24)',
});

/** Express's `trust proxy` names every form this accepts; `true` is refused (see the message). */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const isProxyAddress = (v: string): boolean => {
  if (PROXY_NAMES.has(v)) return true;
  const [ip, bits, extra] = v.split('/');
  if (extra !== undefined || !ip) return false;
  const family = isIP(ip);
  if (!family) return false;
  if (bits === undefined) return true;
  const max = family === 4 ? 32 : 128;
  return /^\d+$/.test(bits) && Number(bits) <= max;
};

/**
 * How many reverse proxies sit in front (Heroku's router: 1), or which addresses are proxies. Off by
 * default: with nothing in front, X-Forwarded-For comes from the client, who could then pick the address
 * the rate limit counts by.
 */
export const trustProxySchema = z
  .string()
  .trim()
  .default('false')
  .transform((v, ctx): false | number | string[] => {
    const lower = v.toLowerCase();
    if (lower === 'false' || lower === '0' || lower === 'off') return false;
    if (/^\d+$/.test(v) && Number(v) <= 10) return Number(v);
    const list = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (list.length && list.every(isProxyAddress)) return list;
    ctx.addIssue({
      code: 'custom',
      message:
        lower === 'true'
          ? 'true would trust every hop, so any client could choose its own address: give the number of proxies in front (Heroku: 1)'
          : 'must be false, a number of proxies in front (0-10; Heroku: 1), or a comma-separated list of proxy addresses (IP, CIDR, loopback, linklocal, uniquelocal)',
    });
    return z.NEVER;
  });

/** A Sentinel's address: REDIS_SENTINELS lists them as host:port, an IPv6 address in brackets. */
export interface SentinelAddress {
  host: string;
  port: number;
}

/** Sentinel's own default port, for an entry written without one. */
const SENTINEL_PORT = 26379;

/** One REDIS_SENTINELS entry, or why it is not one. */
function sentinelAddress(entry: string): SentinelAddress | string {
  // A pasted credential (user:password@host) must not be echoed back into a log: show the host part only.
  if (entry.includes('@'))
    return `an entry holds a user name or password (user:password@…): list host:port only; a sentinel's password goes in REDIS_SENTINEL_PASSWORD`;
  const shown = JSON.stringify(entry.length > 60 ? `${entry.slice(0, 60)}…` : entry);
  if (entry.includes('://')) return `${shown}: give host:port, not a URL`;
  if (/[;\s]/.test(entry)) return `${shown}: separate the sentinels with commas`;
  if (!entry.startsWith('[') && entry.split(':').length > 2)
    return `${shown}: an IPv6 address goes in brackets, e.g. [::1]:26379`;
  const m = /^\[([^\]]+)\](?::(.*))?$/.exec(entry) ?? /^([^:[\]]+)(?::(.*))?$/.exec(entry);
  if (!m?.[1]) return `${shown} is not host:port`;
  const host = m[1];
  const bracketed = entry.startsWith('[');
  // Underscores: Docker's DNS resolves service names such as redis_sentinel_1.
  if (bracketed ? isIP(host) !== 6 : !/^[A-Za-z0-9._-]+$/.test(host))
    return `${shown}: ${bracketed ? 'only an IPv6 address goes in brackets' : 'is not a host name or IPv4 address'}`;
  const port = m[2] === undefined ? SENTINEL_PORT : /^\d{1,5}$/.test(m[2]) ? Number(m[2]) : NaN;
  if (!(port >= 1 && port <= 65535)) return `${shown}: the port must be a number from 1 to 65535`;
  return { host, port };
}

const sentinelList = z
  .string()
  .transform((v, ctx): SentinelAddress[] => {
    const entries = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!entries.length) {
      ctx.addIssue({ code: 'custom', message: 'must list at least one sentinel as host:port' });
      return z.NEVER;
    }
    const out: SentinelAddress[] = [];
    const seen = new Set<string>();
    for (const e of entries) {
      const a = sentinelAddress(e);
      if (typeof a === 'string') {
        ctx.addIssue({ code: 'custom', message: a });
        continue;
      }
      // The same sentinel twice would be counted as two, hiding that a quorum is one short.
      const id = `${a.host.toLowerCase()}:${a.port}`;
      if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `${id} is listed more than once` });
      seen.add(id);
      out.push(a);
    }
    return out;
  })
  .optional();

const liveSchema = z.object({
  PORT: wholeNumber(0, 65535, 3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    )
    .default('info'),
  WEBEX_BOT_TOKEN: z.string().trim().min(20, 'looks too short to be a Webex bot access token'),
  WEBEX_API_URL: httpUrl.default('https://webexapis.com/v1'),
  // The base the bot is reached at: it adds /webhook and /oauth/callback itself.
  PUBLIC_URL: httpUrl.refine((v) => !/[?#]/.test(v) && !/\/(webhook|oauth\/callback)$/.test(v), {
    message: 'must be the base URL only (no /webhook, query or #): the bot adds /webhook and /oauth/callback',
  }),
  WEBHOOK_SECRET: webhookSecret,
  // During a rotation: deliveries signed with this one are accepted too, while the registrar moves the
  // webhooks to WEBHOOK_SECRET.
  WEBHOOK_SECRET_PREVIOUS: webhookSecret.optional(),
  REDIS_URL: z
    .string()
    .trim()
    .refine((v) => /^rediss?:\/\//.test(v) && URL.canParse(v), {
      message: 'must be a redis:// or rediss:// URL',
    })
    .refine((v) => !URL.canParse(v) || percentEscapesValid(new URL(v)), {
      message: 'its user name or password has a % not followed by two hex digits: write a % as %25',
    })
    .default('redis://127.0.0.1:6379'),
  // Instead of REDIS_URL: the sentinels that know which node is the primary (ioredis asks them, and again
  // after a failover). Both or neither; the data nodes' password is REDIS_PASSWORD.
  REDIS_SENTINELS: sentinelList,
  REDIS_SENTINEL_NAME: z
    .string()
    .trim()
    .regex(/^\S+$/, { message: 'must be the name the sentinels monitor the primary under, without spaces' })
    .optional(),
  REDIS_PASSWORD: z.string().optional(),
  REDIS_SENTINEL_PASSWORD: z.string().optional(),
  // A file rather than the PEM itself: a multi-line value does not survive most environment editors.
  REDIS_TLS_CA_FILE: z.string().trim().min(1).optional(),
  REDIS_TLS_REJECT_UNAUTHORIZED: z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => v === 'true' || v === 'false', { message: 'must be true or false' })
    .transform((v) => v === 'true')
    .default(true),
  REDIS_KEY_PREFIX: z
    .string()
    .default('vmbot:')
    .refine((v) => !v.startsWith('vmbot-sandbox:'), {
      message: 'must not start with vmbot-sandbox: (the local sandbox keeps its own keys there)',
    }),
  TOKEN_ENCRYPTION_KEY: base64Key,
  // The key being rotated away from: opens old values only; each is re-sealed with the current key on use.
  TOKEN_ENCRYPTION_KEY_PREVIOUS: base64Key.optional(),
  FORM_TTL_MINUTES: wholeNumber(1, 1440, 30),
  // Entries kept per org in its change history (a Redis stream); the oldest go first.
  HISTORY_MAX_ENTRIES: wholeNumber(1, 100_000, 1000),
  // Heroku and Kubernetes kill a process 30 s after SIGTERM by default: finish (and answer) before that.
  SHUTDOWN_TIMEOUT_S: wholeNumber(3, 600, 25),
  // How often the bot checks that Webex has not disabled its webhooks (one check per interval across all
  // instances). Below 10 s it would spend Webex's rate limit on little.
  WEBHOOK_CHECK_INTERVAL_S: wholeNumber(10, 86_400, 300),
  // How often a drift watch re-reads each watched org's rules (spread across the interval per org). Below a
  // minute a partner's fleet would spend the admin's Webex rate limit on little.
  DRIFT_CHECK_INTERVAL_S: wholeNumber(60, 86_400, 900),
  // Fleet runs (one policy across a partner's customer orgs): jobs each instance works on at once, Webex
  // calls per second per admin token across all instances, and how often the progress message is edited
  // (Webex limits edits per message, so not after every org).
  // What this process runs: `all` (one process: the webhook route and the event worker), `web` (the HTTP side:
  // signature check, durable enqueue, sign-in, health) or `worker` (events, fleet, drift and webhook checks).
  PROCESS_ROLE: z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => v === 'all' || v === 'web' || v === 'worker', { message: 'must be all, web or worker' })
    .transform((v) => v as 'all' | 'web' | 'worker')
    .default('all'),
  // Webex events one worker process handles at once (taken from the durable queue in Redis).
  EVENT_CONCURRENCY: wholeNumber(1, 100, 10),
  FLEET_CONCURRENCY: wholeNumber(1, 50, 4),
  FLEET_CALLS_PER_SECOND: wholeNumber(1, 100, 2),
  FLEET_PROGRESS_INTERVAL_MS: wholeNumber(0, 600_000, 3000),
  WEBEX_CLIENT_ID: z.string().trim().min(1).optional(),
  WEBEX_CLIENT_SECRET: z.string().trim().min(1).optional(),
  // Serves GET /metrics to a scraper that sends it as a bearer token; unset: no /metrics at all.
  METRICS_TOKEN: z
    .string()
    .refine((v) => v.length >= 16 && /^[\x21-\x7e]+$/.test(v), {
      message:
        'must be at least 16 characters, printable, without spaces (try: openssl rand -hex 24), or unset to turn /metrics off',
    })
    .optional(),
  ALLOWED_EMAIL_DOMAINS: csv,
  ALLOWED_ORG_IDS: csv.superRefine((ids, ctx) => {
    for (const id of ids) {
      const problem = orgIdProblem(id);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    }
  }),
  // Hundreds of partner org ids pass no environment size limit: a file of them (read by main.ts).
  ALLOWED_ORG_IDS_FILE: z
    .string()
    .trim()
    .min(1, { message: 'is empty: give the path of a file that lists org ids, or leave it unset' })
    .optional(),
  TRUST_PROXY: trustProxySchema,
});

const REDIS_SENTINEL_PICK = {
  REDIS_SENTINELS: true,
  REDIS_SENTINEL_NAME: true,
  REDIS_PASSWORD: true,
  REDIS_SENTINEL_PASSWORD: true,
} as const;

/** What the operator CLI needs: the store and the API, not the bot's identity or webhooks. */
const storeSchema = liveSchema
  .pick({
    LOG_LEVEL: true,
    WEBEX_API_URL: true,
    REDIS_URL: true,
    ...REDIS_SENTINEL_PICK,
    REDIS_TLS_CA_FILE: true,
    REDIS_TLS_REJECT_UNAUTHORIZED: true,
    REDIS_KEY_PREFIX: true,
    TOKEN_ENCRYPTION_KEY_PREVIOUS: true,
  })
  // Optional here: `list`, `delete` and `purge` read only the metadata, kept in clear; the commands that
  // open tokens say when it is missing.
  .extend({ TOKEN_ENCRYPTION_KEY: base64Key.optional() });
export type StoreConfig = z.output<typeof storeSchema>;

export function parseStoreConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: StoreConfig } | { ok: false; problems: string[] } {
  const cleaned = cleanEnv(env);
  const parsed = storeSchema.safeParse(cleaned);
  const problems = [
    ...(parsed.success ? [] : problemsOf(parsed.error, cleaned)),
    ...redisTlsProblems(cleaned),
    ...redisSentinelProblems(cleaned),
  ];
  if (!parsed.success || problems.length) return { ok: false, problems };
  return { ok: true, config: parsed.data };
}

/** What `webhooks status|repair` needs: the bot's identity and webhook settings, and Redis for the lock. */
const webhooksSchema = liveSchema.pick({
  LOG_LEVEL: true,
  WEBEX_BOT_TOKEN: true,
  WEBEX_API_URL: true,
  PUBLIC_URL: true,
  WEBHOOK_SECRET: true,
  REDIS_URL: true,
  ...REDIS_SENTINEL_PICK,
  REDIS_KEY_PREFIX: true,
});
export type WebhooksConfig = z.output<typeof webhooksSchema>;

export function parseWebhooksConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: WebhooksConfig } | { ok: false; problems: string[] } {
  const cleaned = cleanEnv(env);
  const parsed = webhooksSchema.safeParse(cleaned);
  const problems = [
    ...(parsed.success ? [] : problemsOf(parsed.error, cleaned)),
    ...redisSentinelProblems(cleaned),
  ];
  if (!parsed.success || problems.length) return { ok: false, problems };
  return { ok: true, config: parsed.data };
}

/** No bot token: a local sandbox with the Webex emulator in-process. Only local knobs apply. */
const sandboxSchema = z.object({
  PORT: wholeNumber(0, 65535, 3000),
  // Loopback by default: the sandbox has demo identities and no secrets worth the name.
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: liveSchema.shape.LOG_LEVEL,
  REDIS_URL: liveSchema.shape.REDIS_URL,
  REDIS_TLS_CA_FILE: liveSchema.shape.REDIS_TLS_CA_FILE,
  REDIS_TLS_REJECT_UNAUTHORIZED: liveSchema.shape.REDIS_TLS_REJECT_UNAUTHORIZED,
});

/** TLS settings only mean something for rediss://: on redis:// they would be silently ignored. */
function redisTlsProblems(env: Record<string, string>): string[] {
  if (/^rediss:\/\//.test((env.REDIS_URL ?? '').trim()) && !env.REDIS_SENTINELS) return [];
  return ['REDIS_TLS_CA_FILE', 'REDIS_TLS_REJECT_UNAUTHORIZED']
    .filter((k) => env[k] !== undefined)
    .map((k) =>
      env.REDIS_SENTINELS
        ? `${k}: TLS is not supported with REDIS_SENTINELS (only with a rediss:// REDIS_URL)`
        : `${k}: only applies to a rediss:// REDIS_URL (TLS)`,
    );
}

/**
 * Sentinel or URL, never a mix: with REDIS_SENTINELS the sentinels say where the primary is, so a REDIS_URL
 * beside them would be a second answer to the same question (which one holds the data?).
 */
function redisSentinelProblems(env: Record<string, string>): string[] {
  const problems: string[] = [];
  if (env.REDIS_SENTINELS !== undefined) {
    if (env.REDIS_SENTINEL_NAME === undefined)
      problems.push(
        'REDIS_SENTINEL_NAME: is required when REDIS_SENTINELS is set (the name the sentinels monitor the primary under, e.g. mymaster)',
      );
    if (env.REDIS_URL !== undefined)
      problems.push(
        'REDIS_URL: leave it unset when REDIS_SENTINELS is set: the sentinels say where the primary is (its password goes in REDIS_PASSWORD)',
      );
  } else {
    if (env.REDIS_SENTINEL_NAME !== undefined)
      problems.push(
        'REDIS_SENTINELS: is required when REDIS_SENTINEL_NAME is set (host:port of each sentinel, comma-separated)',
      );
    for (const k of ['REDIS_PASSWORD', 'REDIS_SENTINEL_PASSWORD'])
      if (env[k] !== undefined)
        problems.push(
          `${k}: only applies with REDIS_SENTINELS${k === 'REDIS_PASSWORD' ? ' (with REDIS_URL the password goes in the URL)' : ''}`,
        );
  }
  return problems;
}

/**
 * The only keys the sandbox ever reads, writes or clears. Fixed, never configurable: a sandbox started
 * against a live Redis by mistake cannot reach the live bot's keys (live prefixes may not start with it).
 */
export const SANDBOX_KEY_PREFIX = 'vmbot-sandbox:';

export type LiveConfig = z.output<typeof liveSchema> & {
  mode: 'live';
  /** The deployed commit, from the first of COMMIT_VARIABLES that is set; absent when none is. */
  commit?: string;
};
export type SandboxConfig = z.output<typeof sandboxSchema> & {
  mode: 'sandbox';
  REDIS_KEY_PREFIX: typeof SANDBOX_KEY_PREFIX;
};
export type Config = LiveConfig | SandboxConfig;

/**
 * Variables that only mean something to a live bot. Any of them set without WEBEX_BOT_TOKEN is a live
 * deployment that lost its token, not a newcomer: start nothing rather than a sandbox there.
 */
export const LIVE_MODE_VARIABLES: readonly string[] = Object.keys(liveSchema.shape).filter(
  (k) => k !== 'WEBEX_BOT_TOKEN' && !(k in sandboxSchema.shape),
);

function problemsOf(error: z.ZodError, env: Record<string, string>): string[] {
  return error.issues.map((i) => {
    const name = i.path.join('.') || '(environment)';
    // zod's own words for a missing value ("expected string, received undefined") read as a type error.
    const missing = i.code === 'invalid_type' && i.path.length === 1 && env[String(i.path[0])] === undefined;
    return `${name}: ${missing ? 'is required' : i.message}`;
  });
}

/**
 * Where platforms put the deployed commit: set by hand or by CI, by Heroku at build time, by Heroku's
 * dyno metadata at run time. Only shown by GET /version; not live-mode variables (a CI machine sets them
 * for the sandbox too).
 */
export const COMMIT_VARIABLES = ['GIT_COMMIT', 'SOURCE_VERSION', 'HEROKU_SLUG_COMMIT'] as const;

function commitOf(env: Record<string, string>, problems: string[]): string | undefined {
  for (const name of COMMIT_VARIABLES) {
    const value = env[name]?.trim();
    if (!value) continue;
    if (/^[\w./-]{1,100}$/.test(value)) return value;
    problems.push(`${name}: must be a commit id or tag (letters, digits, . _ / -; at most 100)`);
    return undefined;
  }
  return undefined;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

const cleanEnv = (env: Record<string, string | undefined>): Record<string, string> =>
  // Empty strings in .env files mean "not set", not "set to nothing".
  Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );

/** How config parsing reads a file the environment names; main.ts gives it the file system. */
export interface ConfigFiles {
  readFile(path: string): string;
}

/** Org ids from a file: one a line or comma-separated; `#` starts a comment. */
export function parseOrgIdList(text: string): string[] {
  return orgIdLines(text).map((e) => e.id);
}

/** Each id of an org id list (one or more per line, commas between, `#` comments) with its line number. */
function orgIdLines(text: string): { id: string; line: number }[] {
  return text
    .split(/\r?\n/)
    .flatMap((line, i) =>
      line
        .replace(/#.*/, '')
        .split(',')
        .map((s) => ({ id: s.trim(), line: i + 1 })),
    )
    .filter((e) => e.id !== '');
}

/**
 * Webex org ids are base64url-like (`Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8…`) or bare UUIDs. A value with
 * quotes, spaces or other characters cannot match any org, so it is a typo that would silently shut that
 * org out: refused, with the value cut short (it is not a secret, but may be long).
 */
export function orgIdProblem(id: string): string | null {
  if (/^[A-Za-z0-9_\-+/=]+$/.test(id)) return null;
  const shown = JSON.stringify(id.length > 40 ? `${id.slice(0, 40)}…` : id);
  return `${shown} is not an org id (org ids have only letters, digits and - _ + / =; no quotes or spaces)`;
}

function orgIdsFromFile(path: string, files: ConfigFiles | undefined, problems: string[]): string[] {
  if (!files) {
    problems.push('ALLOWED_ORG_IDS_FILE: files cannot be read here');
    return [];
  }
  let text: string;
  try {
    text = files.readFile(path);
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : 'unreadable';
    problems.push(`ALLOWED_ORG_IDS_FILE: cannot read ${path} (${code})`);
    return [];
  }
  const entries = orgIdLines(text);
  // An empty allow-list lets every org in: a file that lost its contents must not do that.
  if (entries.length === 0) problems.push(`ALLOWED_ORG_IDS_FILE: ${path} lists no org ids`);
  const bad = entries.flatMap((e) => {
    const problem = orgIdProblem(e.id);
    return problem ? [`ALLOWED_ORG_IDS_FILE: ${path} line ${e.line}: ${problem}`] : [];
  });
  // A file of thousands of bad lines (the wrong file) must not flood the start-up message.
  problems.push(...bad.slice(0, 5));
  if (bad.length > 5) problems.push(`ALLOWED_ORG_IDS_FILE: ${path}: ${bad.length - 5} more lines like these`);
  return entries.map((e) => e.id);
}

export function parseConfig(env: Record<string, string | undefined>, files?: ConfigFiles): ConfigResult {
  const cleaned = cleanEnv(env);
  if (!cleaned.WEBEX_BOT_TOKEN) {
    const live = LIVE_MODE_VARIABLES.filter((k) => cleaned[k] !== undefined);
    const production = cleaned.NODE_ENV === 'production';
    if (live.length || production) {
      const why = [
        ...(live.length ? [`live-mode variables are set (${live.join(', ')})`] : []),
        ...(production ? ['NODE_ENV is production'] : []),
      ].join(' and ');
      // Everything else the live bot would miss too, so the operator fixes it in one go.
      const rest = liveSchema.safeParse(cleaned);
      const others = rest.success
        ? []
        : problemsOf(rest.error, cleaned).filter((p) => !p.startsWith('WEBEX_BOT_TOKEN:'));
      return {
        ok: false,
        problems: [
          `WEBEX_BOT_TOKEN: is required: ${why}, so this is a live deployment and the local sandbox will not start`,
          ...others,
        ],
      };
    }
    const parsed = sandboxSchema.safeParse(cleaned);
    const problems = [
      ...(parsed.success ? [] : problemsOf(parsed.error, cleaned)),
      ...redisTlsProblems(cleaned),
    ];
    if (!parsed.success || problems.length) return { ok: false, problems };
    return {
      ok: true,
      config: { ...parsed.data, mode: 'sandbox', REDIS_KEY_PREFIX: SANDBOX_KEY_PREFIX },
    };
  }
  const parsed = liveSchema.safeParse(cleaned);
  const problems = [
    ...(parsed.success ? [] : problemsOf(parsed.error, cleaned)),
    ...redisTlsProblems(cleaned),
    ...redisSentinelProblems(cleaned),
  ];
  // Sign-in needs both halves of the integration; one alone is a typo, not a choice.
  for (const [have, missing] of [
    ['WEBEX_CLIENT_ID', 'WEBEX_CLIENT_SECRET'],
    ['WEBEX_CLIENT_SECRET', 'WEBEX_CLIENT_ID'],
  ] as const) {
    if (cleaned[have] && !cleaned[missing]) problems.push(`${missing}: is required when ${have} is set`);
  }
  const commit = commitOf(cleaned, problems);
  const fileOrgIds = cleaned.ALLOWED_ORG_IDS_FILE?.trim()
    ? orgIdsFromFile(cleaned.ALLOWED_ORG_IDS_FILE.trim(), files, problems)
    : [];
  if (!parsed.success || problems.length) return { ok: false, problems };
  return {
    ok: true,
    config: {
      ...parsed.data,
      ALLOWED_ORG_IDS: [...new Set([...parsed.data.ALLOWED_ORG_IDS, ...fileOrgIds])],
      mode: 'live',
      ...(commit ? { commit } : {}),
    },
  };
}

/**
 * The outbound proxy, from the variables every tool reads (either case). Not part of the live schema: a
 * developer's shell may well set them, and that must not count as a live-mode variable for the sandbox.
 */
export function parseProxy(
  env: Record<string, string | undefined>,
):
  | { ok: true; proxy?: { httpsProxy?: string; httpProxy?: string; noProxy?: string } }
  | { ok: false; problems: string[] } {
  const pick = (name: string) => env[name] || env[name.toLowerCase()] || undefined;
  const httpsProxy = pick('HTTPS_PROXY');
  const httpProxy = pick('HTTP_PROXY');
  const noProxy = pick('NO_PROXY');
  const problems = (
    [
      ['HTTPS_PROXY', httpsProxy],
      ['HTTP_PROXY', httpProxy],
    ] as const
  )
    .filter(([, v]) => v !== undefined && !(/^https?:\/\//.test(v) && URL.canParse(v)))
    .map(([k]) => `${k}: must be an http:// or https:// URL`);
  if (problems.length) return { ok: false, problems };
  if (!httpsProxy && !httpProxy) return { ok: true };
  return { ok: true, proxy: { httpsProxy, httpProxy, noProxy } };
}
