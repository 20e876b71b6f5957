import type { NextFunction, Request, Response } from 'express';
import { statusText, webexErrorBody } from './errors.js';

export interface RouteMatch {
  method?: string;
  /** A string matches as a path prefix, with or without the leading `/v1`; a RegExp is tested on the full path. */
  path?: string | RegExp;
  /**
   * The `orgId` query the call names (a partner acting on a customer org). A call without `orgId` never
   * matches: the emulator does not guess which org an unnamed call acts on before it knows the caller.
   */
  orgId?: string;
}

export interface FaultSpec extends RouteMatch {
  status: number;
  /** How many matching calls answer with the fault (default 1); `'always'` until `clearFaults()`. */
  count?: number | 'always';
  /** Seconds for `Retry-After`; 429 always carries one (default 1). */
  retryAfter?: number;
  body?: object;
  /**
   * Webex acts on the call first and only the answer is the fault: a change that landed though the caller
   * was told 5xx (a gateway that failed on the way back). Default false: the fault answers instead.
   */
  afterLanding?: boolean;
}

interface Fault extends FaultSpec {
  remaining: number;
}

interface Latency extends RouteMatch {
  ms: number;
}

export function routeMatches(
  m: RouteMatch,
  method: string,
  fullPath: string,
  query: Record<string, unknown> = {},
): boolean {
  if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return false;
  if (m.orgId !== undefined && query.orgId !== m.orgId) return false;
  if (m.path === undefined) return true;
  if (m.path instanceof RegExp) {
    m.path.lastIndex = 0;
    return m.path.test(fullPath);
  }
  const rel = fullPath.startsWith('/v1/') ? fullPath.slice(3) : fullPath;
  return fullPath.startsWith(m.path) || rel.startsWith(m.path);
}

/** Faults and latency that tests schedule: "the next N calls matching X answer S". */
export class FaultBook {
  private faults: Fault[] = [];
  private latencies: Latency[] = [];

  inject(f: FaultSpec): void {
    const count = f.count ?? 1;
    this.faults.push({ ...f, remaining: count === 'always' ? Infinity : count });
  }

  /** `ms` 0 removes the rule for that match; without a match the rule applies to every call. */
  setLatency(ms: number, match: RouteMatch = {}): void {
    const same = (l: Latency): boolean =>
      l.method === match.method && String(l.path) === String(match.path) && l.orgId === match.orgId;
    this.latencies = this.latencies.filter((l) => !same(l));
    if (ms > 0) this.latencies.push({ ...match, ms });
  }

  clear(): void {
    this.faults = [];
    this.latencies = [];
  }

  /** Consumes one use of the first fault matching this call. */
  take(method: string, fullPath: string, query: Record<string, unknown> = {}): FaultSpec | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && routeMatches(x, method, fullPath, query));
    if (!f) return undefined;
    f.remaining--;
    this.faults = this.faults.filter((x) => x.remaining > 0);
    return f;
  }

  latencyFor(method: string, fullPath: string, query: Record<string, unknown> = {}): number {
    return this.latencies
      .filter((l) => routeMatches(l, method, fullPath, query))
      .reduce((a, l) => Math.max(a, l.ms), 0);
  }
}

export function faultMiddleware(book: FaultBook) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const fullPath = req.baseUrl + req.path;
    const query = req.query as Record<string, unknown>;
    const delay = book.latencyFor(req.method, fullPath, query);
    const go = (): void => {
      const f = book.take(req.method, fullPath, query);
      if (!f) return next();
      const retryAfter = f.retryAfter ?? (f.status === 429 ? 1 : undefined);
      const trackingId = String(res.locals.trackingId ?? '');
      const body = JSON.stringify(f.body ?? webexErrorBody(trackingId, statusText(f.status)));
      if (f.afterLanding) {
        // The route runs and changes the state; whatever it answers is replaced by the fault on the way out.
        const end = res.end.bind(res) as (chunk?: unknown) => Response;
        res.end = ((): Response => {
          res.statusCode = f.status;
          res.removeHeader('Content-Length');
          res.removeHeader('ETag');
          res.setHeader('Content-Type', 'application/json; charset=utf-8');
          if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
          return end(body);
        }) as Response['end'];
        return next();
      }
      if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
      res.status(f.status).type('application/json').send(body);
    };
    if (delay > 0) setTimeout(go, delay);
    else go();
  };
}
