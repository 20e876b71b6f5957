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

const httpUrl = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^\s/]+/.test(v) && URL.canParse(v), {
    message: 'must be an http:// or https:// URL',
  })
  .transform((v) => v.replace(/\/+$/, ''));

const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const liveSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEBEX_BOT_TOKEN: z.string().trim().min(20, 'looks too short to be a Webex bot access token'),
  WEBEX_API_URL: httpUrl.default('https://webexapis.com/v1'),
  PUBLIC_URL: httpUrl,
  WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters (try: openssl rand -hex 24)'),
  REDIS_URL: z
    .string()
    .trim()
    .refine((v) => /^rediss?:\/\//.test(v), { message: 'must be a redis:// or rediss:// URL' })
    .default('redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: z.string().default('vmbot:'),
  TOKEN_ENCRYPTION_KEY: base64Key,
  FORM_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  // How often the bot checks that Webex has not disabled its webhooks (one check per interval across all
  // instances). Below 10 s it would spend Webex's rate limit on little.
  WEBHOOK_CHECK_INTERVAL_S: z.coerce.number().int().min(10).max(86_400).default(300),
  WEBEX_CLIENT_ID: z.string().trim().min(1).optional(),
  WEBEX_CLIENT_SECRET: z.string().trim().min(1).optional(),
  ALLOWED_EMAIL_DOMAINS: csv,
  ALLOWED_ORG_IDS: csv,
});

/** What the operator CLI needs: the store and the API, not the bot's identity or webhooks. */
const storeSchema = liveSchema.pick({
  LOG_LEVEL: true,
  WEBEX_API_URL: true,
  REDIS_URL: true,
  REDIS_KEY_PREFIX: true,
  TOKEN_ENCRYPTION_KEY: true,
});
export type StoreConfig = z.output<typeof storeSchema>;

export function parseStoreConfig(
  env: Record<string, string | undefined>,
): { ok: true; config: StoreConfig } | { ok: false; problems: string[] } {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = storeSchema.safeParse(cleaned);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  return { ok: true, config: parsed.data };
}

/** No bot token: a local sandbox with the Webex emulator in-process. Only local knobs apply. */
const sandboxSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Loopback by default: the sandbox has demo identities and no secrets worth the name.
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: liveSchema.shape.LOG_LEVEL,
  REDIS_URL: liveSchema.shape.REDIS_URL,
  REDIS_KEY_PREFIX: z.string().default('vmbot-sandbox:'),
});

export type LiveConfig = z.output<typeof liveSchema> & { mode: 'live' };
export type SandboxConfig = z.output<typeof sandboxSchema> & {
  mode: 'sandbox';
  /** Live-mode variables that were set anyway: worth a warning, since they are ignored. */
  ignored: string[];
};
export type Config = LiveConfig | SandboxConfig;

const LIVE_ONLY = [
  'PUBLIC_URL',
  'WEBHOOK_SECRET',
  'TOKEN_ENCRYPTION_KEY',
  'WEBEX_API_URL',
  'WEBEX_CLIENT_ID',
  'WEBEX_CLIENT_SECRET',
];

function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`);
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  // Empty strings in .env files mean "not set", not "set to nothing".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  if (!cleaned.WEBEX_BOT_TOKEN) {
    const parsed = sandboxSchema.safeParse(cleaned);
    if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
    return {
      ok: true,
      config: { ...parsed.data, mode: 'sandbox', ignored: LIVE_ONLY.filter((k) => cleaned[k]) },
    };
  }
  const parsed = liveSchema.safeParse(cleaned);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  return { ok: true, config: { ...parsed.data, mode: 'live' } };
}
