import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { DemoWorld, Emulator } from '../emulator/index.js';
import type { Logger } from '../log/create-logger.js';
import type { ChangeHistory } from '../store/change-history.js';
import type { OrgSelection } from '../store/org-selection.js';
import type { SandboxRooms } from './sandbox-rooms.js';
import { botApiCalls, historyView, pageMessages, peopleView, rulesView } from './sandbox-snapshot.js';
import {
  personByKey,
  roomOf,
  type SandboxPerson,
  type SandboxWorld,
  type SpaceKind,
} from './sandbox-world.js';
import { createWebexClientStandIn } from './webex-client-stand-in.js';

export interface SandboxApiDeps {
  em: Emulator;
  demo: DemoWorld;
  rooms: SandboxRooms;
  world: SandboxWorld;
  log: Logger;
  /** The bot's own record of the org each person chose with /org use, read-only (see read-only-store.ts). */
  orgChoices: Pick<OrgSelection, 'get'>;
  /** The bot's own change history (the one it appends to), read for the rules panel. */
  history: Pick<ChangeHistory, 'newest'>;
}

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
 * The small JSON API the sandbox page calls (/sandbox/api/...): the demo world, a snapshot of a space,
 * and typing or submitting a card as one of the demo people. Mounted only by startSandbox.
 */
export function createSandboxApi(deps: SandboxApiDeps): Router {
  const { em, rooms, world, log } = deps;
  const client = createWebexClientStandIn(em);

  const personOf = (v: unknown): SandboxPerson => {
    const p = personByKey(world, v);
    if (!p) throw new BadRequest(`unknown person ${JSON.stringify(v)}: one of alice, bob, carol, pat`);
    return p;
  };

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

  api.get(
    '/snapshot',
    asyncRoute(async (req, res) => {
      const person = personOf(req.query.person);
      const space = spaceOf(req.query.space);
      const roomId = roomOf(rooms, person, space);
      // The rules panel shows the org the bot acts on for this person: the one chosen with /org use, else
      // their own (as the bot decides it: start-bot.ts, `orgSelection.get(...) ?? access.orgId`). When the
      // store does not answer (undefined; the bot logs its own store failures), no org is shown, not a guess.
      const choice = await deps.orgChoices.get(person.id).catch(() => undefined);
      const own = deps.demo.people[person.key].orgId;
      const orgId = choice === undefined ? undefined : (choice?.orgId ?? own);
      const rules = orgId === undefined ? null : { ...rulesView(em, orgId), chosen: choice !== null };
      res.json({
        space,
        roomId,
        messages: pageMessages(em, world, roomId),
        rules,
        // The panel's org: its changes through the bot, and its demo people's PINs as Webex holds them.
        history: orgId === undefined ? null : await historyView(deps.history, orgId),
        people: orgId === undefined ? null : peopleView(em, deps.demo, orgId),
        calls: botApiCalls(em, world),
      });
    }),
  );

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
  return express.Router().use('/sandbox/api', api);
}
