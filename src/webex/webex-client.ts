import { randomUUID } from 'node:crypto';
import pRetry, { AbortError } from 'p-retry';
import { WebexApiError, type WebexErrorBody } from './webex-api-error.js';

export interface WebexRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the API base, e.g. `/people/me`. */
  path: string;
  token: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Form-encoded body (OAuth token endpoint). */
  form?: Record<string, string>;
  /** Safe to send again after a 5xx or a timeout. GET, PUT and DELETE are; POST is not unless said so. */
  idempotent?: boolean;
  trackingId?: string;
  /** Skip the Authorization header (OAuth token endpoint). */
  anonymous?: boolean;
  /**
   * The reply that tells a person how their request ended. While draining it may use the time held back
   * from every other call, so an outcome is always reported before the process exits.
   */
  lastWord?: boolean;
  /**
   * One attempt only, every failure (429 with its Retry-After included) handed straight back: a fleet job
   * retries on its own schedule, and a 429 must pause that admin's queued work, not hold a worker slot.
   */
  singleTry?: boolean;
}

export interface WebexResponse<T> {
  status: number;
  body: T;
  trackingId: string;
}

/**
 * What the client needs of fetch: the global one, or undici's own with a proxy agent (webex/proxy-fetch),
 * which is a different implementation with the same shape.
 */
export type FetchLike = (
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<{
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export interface WebexClientOptions {
  apiBase: string;
  fetch?: FetchLike;
  /** Per attempt. */
  timeoutMs?: number;
  /** Total tries, the first included. */
  maxAttempts?: number;
  /** Longest Retry-After we are willing to sit through; a longer one ends the tries at once. */
  maxRetryAfterMs?: number;
  /** First back-off for 5xx and timeouts; doubles each try. */
  baseDelayMs?: number;
  onAttempt?: (e: {
    method: string;
    path: string;
    status: number;
    attempt: number;
    trackingId: string;
    /** Status 0 only: why there was no answer (refused, timed out, the proxy's refusal…). */
    failure?: string;
    /** From sending the request to its status line (or to giving up on it). */
    ms: number;
  }) => void;
  /** A failed attempt is about to be tried again after `waitMs` (Webex's Retry-After, or our back-off). */
  onRetry?: (e: {
    method: string;
    path: string;
    status: number;
    waitMs: number;
    retryAfter: boolean;
  }) => void;
}

/**
 * Why a fetch got no answer, in a few words: fetch itself says only "fetch failed"; the cause (a refused
 * connection, a proxy's 403/407, a TLS error) is one level down. Never a URL, so no credentials.
 */
export function fetchFailure(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, 200);
  if (err.name === 'TimeoutError') return 'timed out';
  if (err.name === 'AbortError') return 'cut short: the bot is shutting down';
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (e.message === 'fetch failed') continue;
    const code = 'code' in e && typeof e.code === 'string' ? e.code : undefined;
    parts.push(code && !e.message.includes(code) ? `${e.message} (${code})` : e.message);
  }
  return (parts.join(': ') || err.message).slice(0, 200);
}

export interface WebexClient {
  readonly apiBase: string;
  request<T = unknown>(req: WebexRequest): Promise<WebexResponse<T>>;
  /**
   * Shutdown: from now on every call (its attempts, timeouts and waits) ends by `until - reserveMs`, and a
   * `lastWord` call by `until`; calls already in flight are cut at that point too.
   */
  drain(until: number, reserveMs: number): void;
}

/** Below this, an attempt cannot do anything useful: fail at once rather than start it. */
const MIN_ATTEMPT_MS = 200;

const RETRY_5XX = new Set([500, 502, 503, 504]);

function parseRetryAfter(v: string | null): number | undefined {
  if (!v) return undefined;
  const n = Number(v);
  if (Number.isFinite(n) && n >= 0) return n;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The one way the bot talks to Webex REST. It honours 429/423 + Retry-After (capped, bounded tries) for
 * every method, because Webex did not act on a rate-limited request; it retries 5xx and timeouts only for
 * idempotent requests, because a POST that timed out may have landed.
 */
export function createWebexClient(opts: WebexClientOptions): WebexClient {
  const doFetch: FetchLike = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxAttempts = opts.maxAttempts ?? 4;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 30_000;
  const baseDelayMs = opts.baseDelayMs ?? 500;
  const apiBase = opts.apiBase.replace(/\/+$/, '');

  let drain: { until: number; reserveMs: number } | undefined;
  // Made up front so that attempts already in flight when draining starts are cut too.
  const cut = { calls: new AbortController(), lastWords: new AbortController() };
  /** When this request must be done by (Infinity unless draining). */
  const endOf = (req: WebexRequest): number =>
    drain ? drain.until - (req.lastWord ? 0 : drain.reserveMs) : Number.POSITIVE_INFINITY;
  const shuttingDown = (req: WebexRequest, trackingId: string) =>
    new WebexApiError({
      status: 0,
      method: req.method,
      path: req.path,
      trackingId,
      cause: new Error('not sent: the bot is shutting down and no time is left for this call'),
    });

  async function attempt<T>(req: WebexRequest, trackingId: string, n: number): Promise<WebexResponse<T>> {
    const left = endOf(req) - Date.now();
    if (left < MIN_ATTEMPT_MS) throw shuttingDown(req, trackingId);
    const url = new URL(apiBase + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const headers: Record<string, string> = { Accept: 'application/json', TrackingID: trackingId };
    if (!req.anonymous) headers.Authorization = `Bearer ${req.token}`;
    let body: string | undefined;
    if (req.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    } else if (req.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(req.body);
    }
    let res: Awaited<ReturnType<FetchLike>>;
    const sent = performance.now();
    const ms = () => Math.round((performance.now() - sent) * 10) / 10;
    try {
      const signal = AbortSignal.any([
        AbortSignal.timeout(Math.min(timeoutMs, left)),
        (req.lastWord ? cut.lastWords : cut.calls).signal,
      ]);
      res = await doFetch(url, { method: req.method, headers, body, signal });
    } catch (cause) {
      const failure = fetchFailure(cause);
      opts.onAttempt?.({
        method: req.method,
        path: req.path,
        status: 0,
        attempt: n,
        trackingId,
        failure,
        ms: ms(),
      });
      throw new WebexApiError({ status: 0, method: req.method, path: req.path, trackingId, cause, failure });
    }
    opts.onAttempt?.({
      method: req.method,
      path: req.path,
      status: res.status,
      attempt: n,
      trackingId,
      ms: ms(),
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    const answeredTrackingId = res.headers.get('trackingid') ?? trackingId;
    if (!res.ok) {
      throw new WebexApiError({
        status: res.status,
        method: req.method,
        path: req.path,
        trackingId: answeredTrackingId,
        body: (parsed ?? {}) as WebexErrorBody,
        retryAfterSec: parseRetryAfter(res.headers.get('retry-after')),
      });
    }
    return { status: res.status, body: parsed as T, trackingId: answeredTrackingId };
  }

  return {
    apiBase,
    drain(until, reserveMs) {
      if (drain) return;
      drain = { until, reserveMs };
      setTimeout(() => cut.calls.abort(), Math.max(0, until - reserveMs - Date.now())).unref();
      setTimeout(() => cut.lastWords.abort(), Math.max(0, until - Date.now())).unref();
    },
    async request<T>(req: WebexRequest) {
      const trackingId = req.trackingId ?? `VMBOT_${randomUUID()}`;
      const idempotent = req.idempotent ?? req.method !== 'POST';
      let n = 0;
      return pRetry(
        async () => {
          n += 1;
          try {
            return await attempt<T>(req, trackingId, n);
          } catch (err) {
            if (!(err instanceof WebexApiError) || req.singleTry) throw new AbortError(err as Error);
            const rateLimited = err.status === 429 || err.status === 423;
            const transient = RETRY_5XX.has(err.status) || err.status === 0;
            if (!rateLimited && !(transient && idempotent)) throw new AbortError(err);
            if (rateLimited && (err.retryAfterSec ?? 0) * 1000 > maxRetryAfterMs) throw new AbortError(err);
            throw err;
          }
        },
        {
          retries: maxAttempts - 1,
          // Delays are ours (Retry-After or back-off), not p-retry's.
          minTimeout: 0,
          maxTimeout: 0,
          randomize: false,
          onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
            if (retriesLeft <= 0) return;
            const e = error as WebexApiError;
            const wait =
              e.retryAfterSec !== undefined
                ? Math.min(e.retryAfterSec * 1000, maxRetryAfterMs)
                : baseDelayMs * 2 ** (attemptNumber - 1) * (0.75 + Math.random() * 0.5);
            // Draining: a wait that leaves no time for the next try only delays the person's answer.
            if (Date.now() + wait + MIN_ATTEMPT_MS > endOf(req)) throw e;
            opts.onRetry?.({
              method: req.method,
              path: req.path,
              status: e.status,
              waitMs: wait,
              retryAfter: e.retryAfterSec !== undefined,
            });
            await sleep(wait);
          },
        },
      );
    },
  };
}
