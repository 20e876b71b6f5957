import { Router } from 'express';
import { badRequest, notFound } from '../errors.js';
import { paginate, q, withScope } from '../http-util.js';
import { SCOPE } from '../scopes.js';
import type { EmulatorState } from '../state.js';
import { personView } from '../views.js';

/** Webex caps a batched `?id=` look-up at 85 ids. */
const MAX_IDS = 85;

export function peopleRoutes(state: EmulatorState): Router {
  const r = Router();

  r.get(
    '/people/me',
    withScope(SCOPE.peopleRead, (_req, res, auth) => {
      res.json(personView(auth.person, auth.person));
    }),
  );

  r.get(
    '/people/:personId',
    withScope(SCOPE.peopleRead, (req, res, auth) => {
      const p = state.people.get(req.params.personId ?? '');
      if (!p) throw notFound('Person not found.');
      res.json(personView(p, auth.person));
    }),
  );

  r.get(
    '/people',
    withScope(SCOPE.peopleRead, (req, res, auth) => {
      const ids = q(req, 'id');
      const email = q(req, 'email');
      const displayName = q(req, 'displayName');
      const orgId = q(req, 'orgId');
      let people = [...state.people.values()];
      const notFoundIds: string[] = [];
      if (ids !== undefined) {
        const wanted = ids.split(',').filter((s) => s.length > 0);
        if (wanted.length > MAX_IDS) throw badRequest(`At most ${MAX_IDS} ids can be looked up at once.`);
        // The SDK's batcher pairs each item with its pending request by id: answer with the ids as asked.
        people = [];
        for (const id of wanted) {
          const p = state.people.get(id);
          if (p) people.push(p);
          else notFoundIds.push(id);
        }
      } else if (email !== undefined) {
        const p = state.personByEmail(email);
        people = p ? [p] : [];
      } else if (displayName !== undefined) {
        const prefix = displayName.toLowerCase();
        people = people.filter((p) => p.displayName.toLowerCase().startsWith(prefix));
      } else if (auth.person.role !== 'none') {
        people = people.filter((p) => p.orgId === (orgId ?? auth.person.orgId));
      } else {
        throw badRequest('Email, displayName, or id list should be specified.');
      }
      if (orgId !== undefined) people = people.filter((p) => p.orgId === orgId);
      const body: Record<string, unknown> = {
        items: paginate(req, res, people).map((p) => personView(p, auth.person)),
      };
      if (notFoundIds.length > 0) body.notFoundIds = notFoundIds;
      res.json(body);
    }),
  );

  return r;
}
