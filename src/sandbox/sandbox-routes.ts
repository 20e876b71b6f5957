import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { DemoWorld, Emulator } from '../emulator/index.js';
import type { Logger } from '../log/create-logger.js';
import { pageAssets, type PageAsset } from './page-assets.js';
import { botApiCalls, lastOrgTouched, pageMessages, rulesView } from './sandbox-snapshot.js';
import { describeWorld, personByKey, roomOf, type SandboxPerson, type SpaceKind } from './sandbox-world.js';
import type { SandboxRooms } from './start-sandbox.js';
import { createWebexClientStandIn } from './webex-client-stand-in.js';

export interface SandboxRoutesDeps {
  em: Emulator;
  demo: DemoWorld;
  rooms: SandboxRooms;
  log: Logger;
  /** Whether the bot's store is Redis (shown on the page). */
  persistent: boolean;
}

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

class BadRequest extends Error {}

const asyncRoute =
  (fn: (req: Request, res: Response) => Promise<void> | void) =>
  (req: Request, res: Response, next: NextFunction): void => {
    Promise.resolve()
      .then(() => fn(req, res))
      .catch(next);
  };

const spaceOf = (v: unknown): SpaceKind => (v === 'group' ? 'group' : 'direct');

/**
 * The sandbox page (/sandbox) and its small JSON API (/sandbox/api/...). Mounted only by startSandbox:
 * the page plays the Webex app for the demo people, so it must never exist next to a live bot.
 */
export function createSandboxRoutes(deps: SandboxRoutesDeps): Router {
  const { em, rooms, log } = deps;
  const assets = pageAssets();
  const world = describeWorld({ em, demo: deps.demo, rooms, persistent: deps.persistent });
  const client = createWebexClientStandIn(em);
  const router = express.Router();

  const personOf = (v: unknown): SandboxPerson => {
    const p = personByKey(world, v);
    if (!p) throw new BadRequest(`unknown person ${JSON.stringify(v)}: one of alice, bob, carol, pat`);
    return p;
  };

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

  const api = express.Router();
  api.use(express.json({ limit: '64kb' }));
  // JSON bodies only: another site cannot send one without a CORS preflight this API never answers.
  api.use((req, _res, next) => {
    if (req.method === 'POST' && !req.is('application/json')) next(new BadRequest('send JSON'));
    else next();
  });
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  api.get('/world', (_req, res) => {
    res.json(world);
  });

  api.get('/snapshot', (req, res) => {
    const person = personOf(req.query.person);
    const space = spaceOf(req.query.space);
    const roomId = roomOf(rooms, person, space);
    const asked = typeof req.query.org === 'string' ? req.query.org : '';
    const own = deps.demo.people[person.key].orgId;
    const touched = lastOrgTouched(em, person.id, own);
    const orgId = [asked, touched].find((o) => o && person.orgIds.includes(o)) ?? person.orgIds[0] ?? own;
    res.json({
      space,
      roomId,
      messages: pageMessages(em, world, roomId),
      rules: rulesView(em, orgId),
      calls: botApiCalls(em, world),
    });
  });

  api.post(
    '/say',
    asyncRoute(async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const person = personOf(body.person);
      const space = spaceOf(body.space);
      let text = typeof body.text === 'string' ? body.text.trim() : '';
      if (space === 'group') {
        // The composer always mentions the bot in the group: drop a typed "@VoicemailBot" so it is not doubled.
        const name = world.bot.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        text = text.replace(new RegExp(`^@?${name}[\\s,:]*`, 'i'), '').trim();
      }
      if (!text || text.length > 2000) throw new BadRequest('type a message (up to 2000 characters)');
      const sent = await client.say(
        person.id,
        roomOf(rooms, person, space),
        text,
        space === 'group' ? world.bot.id : undefined,
      );
      res.status(201).json(sent);
    }),
  );

  api.post(
    '/submit',
    asyncRoute(async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const person = personOf(body.person);
      const messageId = typeof body.messageId === 'string' ? body.messageId : '';
      const raw = body.inputs;
      if (!messageId || typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new BadRequest('send messageId and inputs');
      }
      // A Webex client submits every value as a string.
      const inputs = Object.fromEntries(
        Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k, v == null ? '' : String(v)]),
      );
      const result = await client.submitCard(person.id, messageId, inputs);
      res.status(result.ok ? 200 : 422).json(result);
    }),
  );

  api.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  api.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof BadRequest || (err as { type?: string }).type === 'entity.parse.failed') {
      res.status(400).json({ error: (err as Error).message });
      return;
    }
    log.error({ err }, 'sandbox API error');
    res.status(500).json({ error: err instanceof Error ? err.message : 'sandbox error' });
  });
  router.use('/sandbox/api', api);
  return router;
}
