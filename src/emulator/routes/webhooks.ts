import { Router } from 'express';
import { badRequest, notFound } from '../errors.js';
import { ah, bodyOf, authOf, paginate, type AuthContext } from '../http-util.js';
import { newId } from '../ids.js';
import { nowIso, type EmulatorState } from '../state.js';
import type { WebhookRecord } from '../types.js';
import { webhookView } from '../views.js';

/** Events and filter keys Webex accepts per resource (the ones this emulator can also deliver, and more). */
const RESOURCES: Record<string, { events: string[]; filters: string[] }> = {
  all: { events: ['all'], filters: ['roomId', 'roomType'] },
  messages: {
    events: ['all', 'created', 'updated', 'deleted'],
    filters: [
      'roomId',
      'roomType',
      'personId',
      'personEmail',
      'mentionedPeople',
      'hasFiles',
      'mentionedGroups',
    ],
  },
  memberships: {
    events: ['all', 'created', 'updated', 'deleted'],
    filters: ['roomId', 'personId', 'personEmail', 'isModerator'],
  },
  rooms: { events: ['all', 'created', 'updated'], filters: ['type', 'isLocked'] },
  attachmentActions: { events: ['created'], filters: ['roomId', 'personId', 'personEmail', 'messageId'] },
  meetings: { events: ['all', 'created', 'updated', 'deleted', 'started', 'ended'], filters: [] },
  recordings: { events: ['all', 'created', 'deleted'], filters: [] },
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function checkTargetUrl(v: unknown): string {
  if (typeof v !== 'string') throw badRequest('targetUrl is required.');
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw badRequest('targetUrl must be a valid URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw badRequest('targetUrl must be an http(s) URL.');
  return v;
}

function checkName(v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') throw badRequest('name is required.');
  if (v.length > 128) throw badRequest('name must be at most 128 characters.');
  return v;
}

function checkFilter(resource: string, v: unknown): string | undefined {
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw badRequest('filter must be a string.');
  const allowed = RESOURCES[resource]?.filters ?? [];
  for (const part of v.split('&')) {
    const [key, value] = part.split('=');
    if (!key || value === undefined || value === '') throw badRequest(`Invalid filter "${part}".`);
    if (!allowed.includes(key))
      throw badRequest(`Filter "${key}" is not supported for resource ${resource}.`);
  }
  return v;
}

export function webhookRoutes(state: EmulatorState): Router {
  const r = Router();

  // Webhooks belong to the person and the application that created them.
  const owns = (w: WebhookRecord, auth: AuthContext): boolean =>
    w.createdBy === auth.person.id && w.appId === auth.token.appId;

  const owned = (id: string | undefined, auth: AuthContext): WebhookRecord => {
    const w = id ? state.webhooks.get(id) : undefined;
    if (!w || !owns(w, auth)) throw notFound('Could not find a webhook with provided ID.');
    return w;
  };

  r.get(
    '/webhooks',
    ah((req, res) => {
      const auth = authOf(res);
      const list = [...state.webhooks.values()].filter((w) => owns(w, auth));
      res.json({ items: paginate(req, res, list).map(webhookView) });
    }),
  );

  r.post(
    '/webhooks',
    ah((req, res) => {
      const auth = authOf(res);
      const body: unknown = bodyOf(req);
      if (!isObject(body)) throw badRequest('The request body must be a JSON object.');
      const name = checkName(body.name);
      const targetUrl = checkTargetUrl(body.targetUrl);
      const resource = body.resource;
      if (typeof resource !== 'string' || !RESOURCES[resource])
        throw badRequest(`Unsupported resource "${String(resource)}".`);
      const event = body.event;
      if (typeof event !== 'string' || !RESOURCES[resource].events.includes(event)) {
        throw badRequest(`Unsupported event "${String(event)}" for resource ${resource}.`);
      }
      const filter = checkFilter(resource, body.filter);
      if (body.secret !== undefined && typeof body.secret !== 'string')
        throw badRequest('secret must be a string.');
      if (body.ownedBy !== undefined && body.ownedBy !== 'creator') {
        throw badRequest('Only ownedBy "creator" is supported.');
      }
      const { id } = newId('WEBHOOK');
      const w: WebhookRecord = {
        id,
        name,
        targetUrl,
        resource,
        event,
        status: 'active',
        created: nowIso(),
        orgId: auth.person.orgId,
        createdBy: auth.person.id,
        appId: auth.token.appId,
        ownedBy: 'creator',
        failureTimes: [],
      };
      if (filter) w.filter = filter;
      if (typeof body.secret === 'string' && body.secret !== '') w.secret = body.secret;
      state.webhooks.set(id, w);
      res.json(webhookView(w));
    }),
  );

  r.get(
    '/webhooks/:webhookId',
    ah((req, res) => {
      res.json(webhookView(owned(req.params.webhookId, authOf(res))));
    }),
  );

  r.put(
    '/webhooks/:webhookId',
    ah((req, res) => {
      const w = owned(req.params.webhookId, authOf(res));
      const body: unknown = bodyOf(req);
      if (!isObject(body)) throw badRequest('The request body must be a JSON object.');
      const name = checkName(body.name);
      const targetUrl = checkTargetUrl(body.targetUrl);
      if (body.secret !== undefined && typeof body.secret !== 'string')
        throw badRequest('secret must be a string.');
      // Webex re-enables a webhook it disabled, but a client cannot disable one: only `active` is accepted.
      if (body.status !== undefined && body.status !== 'active') {
        throw badRequest('status can only be set to active.');
      }
      w.name = name;
      w.targetUrl = targetUrl;
      if (typeof body.secret === 'string') {
        if (body.secret === '') delete w.secret;
        else w.secret = body.secret;
      }
      if (body.status === 'active' && w.status !== 'active') {
        w.status = 'active';
        w.failureTimes = [];
      }
      res.json(webhookView(w));
    }),
  );

  r.delete(
    '/webhooks/:webhookId',
    ah((req, res) => {
      const w = owned(req.params.webhookId, authOf(res));
      state.webhooks.delete(w.id);
      res.status(204).end();
    }),
  );

  return r;
}
