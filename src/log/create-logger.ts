import { pino, type Logger, type DestinationStream } from 'pino';
import { PinoPretty } from 'pino-pretty';

export type { Logger };

/**
 * Key paths whose values never reach a log line. Redaction is the default because a token or PIN that
 * slips into an object we log (an error's request options, a submitted card's inputs) is a leak.
 */
const REDACT_PATHS = [
  'token',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'authorization',
  'Authorization',
  'secret',
  'pin',
  'defaultVoicemailPin',
  'inputs',
  'headers.authorization',
  'headers["x-spark-signature"]',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token',
  '*.refresh_token',
  '*.authorization',
  '*.Authorization',
  '*.secret',
  '*.pin',
  '*.defaultVoicemailPin',
  '*.inputs',
  '*.headers.authorization',
  '*.headers.Authorization',
];

export interface LoggerOptions {
  level?: string;
  /** Where lines go; tests pass a stream that captures them. Defaults to stdout. */
  destination?: DestinationStream;
  /**
   * Known secret values (bot token, webhook secret, encryption key). Any line containing one has it
   * replaced, whatever key or message it came in under: the last line of defence behind path redaction.
   */
  secrets?: SecretRegistry;
  /** Human-readable lines (the sandbox on a terminal); JSON otherwise, for log pipelines. */
  pretty?: boolean;
  /** On every line, so a log platform can tell services, releases and instances apart. */
  base?: { service: string; version: string; instance: string };
}

/**
 * One error shape everywhere: `err` is always an object with type, message and code (our stable error code,
 * a Node/system code, or the Webex HTTP status), and a stack only for errors we did not expect.
 */
export function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: 'Error', message: String(err), code: 'UNEXPECTED' };
  const e = err as Error & { code?: unknown; status?: unknown; trackingId?: unknown };
  // Typed errors (AppError and kin) and system errors carry a code; anything else is unexpected.
  const expected = e.code !== undefined;
  const out: Record<string, unknown> = {
    type: e.name || e.constructor.name,
    message: e.message,
    code: expected ? e.code : 'UNEXPECTED',
  };
  if (typeof e.status === 'number') out.status = e.status;
  if (typeof e.trackingId === 'string') out.trackingId = e.trackingId;
  // The expected are explained by their code; only the unexpected need their stack.
  if (!expected && e.stack) out.stack = e.stack;
  return out;
}

export interface SecretRegistry {
  add(value: string | undefined): void;
  scrub(line: string): string;
}

export function createSecretRegistry(): SecretRegistry {
  const values = new Set<string>();
  return {
    add(value) {
      // Short values would scrub ordinary words out of log lines; real secrets are long.
      if (value && value.length >= 8) values.add(value);
    },
    scrub(line) {
      let out = line;
      for (const v of values) if (out.includes(v)) out = out.split(v).join('[REDACTED]');
      return out;
    },
  };
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const secrets = opts.secrets;
  return pino(
    {
      level: opts.level ?? 'info',
      base: opts.base ?? undefined,
      // A level name and an ISO time read the same in every log platform; numbers and epoch ms do not.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      ...(secrets ? { hooks: { streamWrite: (s: string) => secrets.scrub(s) } } : {}),
    },
    opts.destination ??
      (opts.pretty
        ? PinoPretty({ colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' })
        : pino.destination({ dest: 1, sync: false })),
  );
}
