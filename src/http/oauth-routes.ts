import express, { type Response, type Router } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import type { SignInService } from '../auth/sign-in-service.js';
import { isAppError } from '../errors.js';

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function page(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escape(title)} · voicemail-rules-bot</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}</style>
</head><body><h1>${escape(title)}</h1><p>${escape(message)}</p></body></html>`;
}

/** Storage is down: the link may be fine, so say to retry it rather than that it expired. */
function sendUnavailable(res: Response): void {
  res
    .status(503)
    .set('Retry-After', '30')
    .type('html')
    .send(
      page(
        'Try again in a minute',
        'The bot cannot reach its storage right now, so nothing was done. Open the same link again in a minute.',
      ),
    );
}

/** The browser side of sign-in: a short link that forwards to Webex, and the callback Webex returns to. */
export function createOAuthRoutes(
  signIn: SignInService,
  opts: {
    perMinute?: number;
    /** Shared counters (Redis) so the limit holds across instances; in memory, per process, without. */
    limiterStore?: Store;
  } = {},
): Router {
  const router = express.Router();
  // The only routes anyone on the internet can reach without a signature; a person needs a handful.
  router.use(
    '/oauth',
    rateLimit({
      windowMs: 60_000,
      limit: opts.perMinute ?? 30,
      store: opts.limiterStore,
      // Counted by the socket's address unless TRUST_PROXY says a proxy in front names the client; an
      // X-Forwarded-For the app does not trust is ignored on purpose, not a misconfiguration to report.
      validate: { xForwardedForHeader: false },
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: (_req, res) => {
        res
          .status(429)
          .type('html')
          .send(page('Slow down', 'Too many sign-in attempts from here. Wait a minute and try again.'));
      },
    }),
  );
  router.use('/oauth', (_req, res, next) => {
    // The callback URL carries a one-time code: keep it out of caches and referrers.
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    next();
  });
  router.get('/oauth/login', async (req, res, next) => {
    try {
      const state = typeof req.query.state === 'string' ? req.query.state : '';
      const url = await signIn.authorizeUrlFor(state);
      if (!url) {
        res
          .status(400)
          .type('html')
          .send(
            page(
              'Link expired',
              'This sign-in link has expired or was already used. Ask the bot for a new one with /login.',
            ),
          );
        return;
      }
      res.redirect(302, url);
    } catch (e) {
      if (isAppError(e) && e.code === 'STORE_UNAVAILABLE') {
        sendUnavailable(res);
        return;
      }
      next(e);
    }
  });
  router.get('/oauth/callback', async (req, res) => {
    try {
      const out = await signIn.callback(req.query as Record<string, unknown>);
      res.status(out.status).type('html').send(page(out.title, out.message));
    } catch (e) {
      if (isAppError(e) && e.code === 'STORE_UNAVAILABLE') {
        sendUnavailable(res);
        return;
      }
      res
        .status(500)
        .type('html')
        .send(
          page(
            'Sign-in failed',
            'Something went wrong on our side. Nothing was stored; please try /login again.',
          ),
        );
    }
  });
  return router;
}
