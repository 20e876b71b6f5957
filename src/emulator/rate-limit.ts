import type { NextFunction, Request, Response } from 'express';
import { sendWebexError, WebexError } from './errors.js';
import { routeMatches, type RouteMatch } from './faults.js';
import type { AuthContext } from './http-util.js';

/**
 * Webex's limits are per application and organization, unpublished and dynamic. The emulator models the
 * part a client can plan for: a token bucket per access token, over every authenticated call (or only the
 * calls matching `method`/`path`/`orgId` when given). Off by default.
 */
export interface RateLimitConfig extends RouteMatch {
  /** Calls per second the bucket refills with. */
  perSecond: number;
  /** The bucket's size: how many calls may come at once after a quiet spell (default `perSecond`, at least 1). */
  burst?: number;
  /**
   * `Retry-After` in seconds on a 429. Until it has passed, every call of that token is refused again, even
   * when the bucket has refilled: a client that does not wait is held back. Default: the time until the
   * bucket has a call again, rounded up to whole seconds (at least 1).
   */
  retryAfterS?: number;
}

interface Bucket {
  tokens: number;
  at: number;
  /** Epoch ms until which the token is refused whatever the bucket holds (the Retry-After it was given). */
  blockedUntil: number;
}

/** Per-token buckets and the 429s they answered, for tests to count. */
export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  /** 429s answered, by access token; `personOf` keeps whose token it was. */
  readonly limited = new Map<string, number>();
  readonly personOf = new Map<string, string>();

  clear(): void {
    this.buckets.clear();
    this.limited.clear();
    this.personOf.clear();
  }

  /** Takes one call from the token's bucket: undefined when allowed, else the Retry-After in seconds. */
  take(cfg: RateLimitConfig, token: string, now = Date.now()): number | undefined {
    const burst = Math.max(1, cfg.burst ?? Math.ceil(cfg.perSecond));
    let b = this.buckets.get(token);
    if (!b) {
      b = { tokens: burst, at: now, blockedUntil: 0 };
      this.buckets.set(token, b);
    }
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * cfg.perSecond);
    b.at = now;
    if (now < b.blockedUntil) return Math.max(1, Math.ceil((b.blockedUntil - now) / 1000));
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    const refill = cfg.perSecond > 0 ? (1 - b.tokens) / cfg.perSecond : 3600;
    const retryAfter = cfg.retryAfterS ?? Math.max(1, Math.ceil(refill));
    b.blockedUntil = now + retryAfter * 1000;
    return retryAfter;
  }

  count(opts: { token?: string; personId?: string } = {}): number {
    let n = 0;
    for (const [token, c] of this.limited) {
      if (opts.token !== undefined && token !== opts.token) continue;
      if (opts.personId !== undefined && this.personOf.get(token) !== opts.personId) continue;
      n += c;
    }
    return n;
  }
}

/** After bearer auth: answers 429 + Retry-After (Webex's error body, with trackingId) when over the limit. */
export function rateLimitMiddleware(limiter: RateLimiter, config: () => RateLimitConfig | null) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const cfg = config();
    const auth = res.locals.auth as AuthContext | undefined;
    if (!cfg || !auth) return next();
    if (!routeMatches(cfg, req.method, req.baseUrl + req.path, req.query as Record<string, unknown>)) {
      return next();
    }
    const token = auth.token.token;
    const retryAfter = limiter.take(cfg, token);
    if (retryAfter === undefined) return next();
    limiter.limited.set(token, (limiter.limited.get(token) ?? 0) + 1);
    limiter.personOf.set(token, auth.person.id);
    sendWebexError(
      res,
      new WebexError(
        429,
        'Too many requests have been sent in a given amount of time and the request has been rate limited.',
        { 'Retry-After': String(retryAfter) },
      ),
    );
  };
}
