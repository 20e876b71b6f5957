import { AppError, type ErrorCode } from '../errors.js';

export interface WebexErrorBody {
  message?: string;
  errors?: { description?: string; errorCode?: number }[];
  trackingId?: string;
}

function codeFor(status: number): ErrorCode {
  if (status === 400) return 'BAD_REQUEST';
  if (status === 401) return 'TOKEN_EXPIRED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429 || status === 423) return 'RATE_LIMITED';
  if (status >= 500 || status === 0) return 'WEBEX_UNAVAILABLE';
  return 'WEBEX_ERROR';
}

function defaultUserMessage(status: number, description: string | undefined, method: string): string {
  switch (codeFor(status)) {
    case 'BAD_REQUEST':
      return `Webex rejected the request: ${description ?? 'bad request'}.`;
    case 'TOKEN_EXPIRED':
      return 'Your Webex access has expired or was revoked. Sign in again with /login.';
    case 'FORBIDDEN':
      return method === 'GET'
        ? 'Webex refused to show this: reading the voicemail rules needs an administrator of the organization and the spark-admin:telephony_config_read scope.'
        : 'Webex refused: changing the voicemail rules needs a full administrator of the organization and the spark-admin:telephony_config_write scope.';
    case 'NOT_FOUND':
      return 'Webex could not find that organization or setting (404). Check the organization with /org.';
    case 'RATE_LIMITED':
      return 'Webex is rate-limiting requests right now. Nothing was changed; please try again in a minute.';
    case 'WEBEX_UNAVAILABLE':
      return 'Webex is not answering properly right now. Nothing was changed; please try again later.';
    default:
      return `Webex answered with an unexpected error (HTTP ${status}).`;
  }
}

/** A non-2xx answer from Webex (status 0: no answer at all: network error or timeout). */
export class WebexApiError extends AppError {
  readonly status: number;
  readonly description: string | undefined;
  readonly retryAfterSec: number | undefined;
  readonly method: string;
  readonly path: string;

  constructor(opts: {
    status: number;
    method: string;
    path: string;
    trackingId: string;
    body?: WebexErrorBody;
    retryAfterSec?: number;
    cause?: unknown;
    /** Status 0: why there was no answer, for the operator (never shown to an admin). */
    failure?: string;
  }) {
    const description = opts.body?.errors?.[0]?.description ?? opts.body?.message;
    super(codeFor(opts.status), defaultUserMessage(opts.status, description, opts.method), {
      trackingId: opts.body?.trackingId ?? opts.trackingId,
      cause: opts.cause,
      message: `Webex ${opts.method} ${opts.path} -> ${opts.status || 'no answer'}${description ? `: ${description}` : ''}${opts.failure ? ` (${opts.failure})` : ''}`,
    });
    this.name = 'WebexApiError';
    this.status = opts.status;
    this.description = description;
    this.retryAfterSec = opts.retryAfterSec;
    this.method = opts.method;
    this.path = opts.path;
  }
}
