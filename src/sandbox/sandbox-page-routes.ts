import express, { type Response, type Router } from 'express';
import { pageAssets, type PageAsset } from './page-assets.js';
import { personByKey, type SandboxWorld } from './sandbox-world.js';

/** The emulator's consent page preselects the person this cookie names (src/emulator/routes/oauth.ts). */
const PERSON_COOKIE = 'wx_person';

/** The page is the product's first impression and its inputs are untrusted: nothing but itself runs. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Adaptive Cards sets inline style attributes on what it renders.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: http: https:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The sandbox page (/sandbox), its files and the sign-in hop. Mounted only by startSandbox, before the
 * JSON API (sandbox-api.ts): the page plays the Webex app for the demo people, so it must never exist
 * next to a live bot, and its security headers cover everything under /sandbox, the API included.
 */
export function createSandboxPageRoutes(deps: { world: SandboxWorld }): Router {
  const { world } = deps;
  const assets = pageAssets();
  const router = express.Router();

  const send = (res: Response, asset: PageAsset | undefined): void => {
    if (!asset) {
      res.status(404).type('text').send('not found');
      return;
    }
    res.set({
      'Content-Type': asset.contentType,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    res.sendFile(asset.file);
  };

  router.use('/sandbox', (_req, res, next) => {
    res.set({ 'Content-Security-Policy': CSP, 'Referrer-Policy': 'no-referrer' });
    next();
  });

  router.get('/sandbox', (_req, res) => send(res, assets.get('index.html')));
  router.get('/sandbox/assets/:name', (req, res) => {
    const name = req.params.name ?? '';
    send(res, name === 'index.html' ? undefined : assets.get(name));
  });

  /**
   * Sign-in links open here first: the emulator's consent page preselects the person named by the
   * wx_person cookie, and cookies are per host, not per port, so setting it on this host reaches the
   * emulator (also on 127.0.0.1). Only the bot's own /oauth/login may follow: no open redirect.
   */
  router.get('/sandbox/sign-in', (req, res) => {
    const person = personByKey(world, req.query.person);
    const next = typeof req.query.next === 'string' ? req.query.next : '';
    if (!person || !/^\/oauth\/login\?[\w=&%.~-]*$/.test(next)) {
      res.status(400).type('text').send('This is not a sign-in link of this sandbox.');
      return;
    }
    res.cookie(PERSON_COOKIE, person.id, { httpOnly: true, sameSite: 'lax', path: '/' });
    res.redirect(302, next);
  });

  return router;
}
