import type { Response } from 'express';

/** Default texts Webex puts in `message` for each status it documents. */
const STATUS_TEXT: Record<number, string> = {
  400: 'The request was invalid or cannot be otherwise served.',
  401: 'The request requires a valid access token set in the Authorization request header.',
  403: 'The request is understood, but it has been refused or access is not allowed.',
  404: 'The requested resource could not be found.',
  405: 'The request was made to a resource using an HTTP request method that is not supported.',
  409: 'The request could not be processed because it conflicts with some established rule of the system.',
  410: 'The requested resource is no longer available.',
  415: 'The request was made to a resource without specifying a media type or used a media type that is not supported.',
  423: 'The requested resource is temporarily unavailable.',
  429: 'Too many requests have been sent in a given amount of time and the request has been rate limited.',
  500: 'Something went wrong on the server.',
  502: 'The server received an invalid response from an upstream server while processing the request.',
  503: 'Server is overloaded with requests. Try again later.',
  504: 'An upstream server failed to respond on time.',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? 'Request failed.';
}

/**
 * An error a route throws to answer with Webex's error body. It carries no error code: Webex's codes for
 * the emulated failures are undocumented, and a made-up number could match a real code with another meaning.
 */
export class WebexError extends Error {
  constructor(
    readonly status: number,
    readonly description: string = statusText(status),
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = 'WebexError';
  }
}

export const badRequest = (description: string): WebexError => new WebexError(400, description);
export const forbidden = (description = statusText(403)): WebexError => new WebexError(403, description);
export const notFound = (description = statusText(404)): WebexError => new WebexError(404, description);

/** Webex's error body: `message`, `errors[].description` and the `trackingId`. */
export interface WebexErrorBody {
  message: string;
  errors: { description: string }[];
  trackingId: string;
}

export function webexErrorBody(
  trackingId: string,
  description: string,
  message = description,
): WebexErrorBody {
  return { message, errors: [{ description }], trackingId };
}

export function sendWebexError(res: Response, err: WebexError): void {
  const trackingId = String(res.locals.trackingId ?? '');
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  res.status(err.status).json(webexErrorBody(trackingId, err.description));
}
