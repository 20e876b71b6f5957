/**
 * Every failure the bot knows how to explain carries a stable `code`; the error boundary turns it into a
 * reply for the admin and one log line for the operator (with the Webex trackingId when there is one).
 */
export type ErrorCode =
  | 'TOKEN_EXPIRED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_REQUEST'
  | 'RATE_LIMITED'
  | 'WEBEX_UNAVAILABLE'
  | 'WEBEX_ERROR'
  | 'STORE_UNAVAILABLE'
  | 'CONFIG_INVALID'
  /** Another change to the same org is being applied: nothing was done. */
  | 'BUSY'
  | 'INTERNAL';

export class AppError extends Error {
  readonly code: ErrorCode;
  /** What the admin is told; never contains a secret. */
  readonly userMessage: string;
  /** What the operator is told in the log, e.g. which setting to check. */
  readonly hint: string | undefined;
  readonly trackingId: string | undefined;

  constructor(
    code: ErrorCode,
    userMessage: string,
    opts: { hint?: string; trackingId?: string; cause?: unknown; message?: string } = {},
  ) {
    super(opts.message ?? userMessage, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = userMessage;
    this.hint = opts.hint;
    this.trackingId = opts.trackingId;
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
