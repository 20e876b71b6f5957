import { Router } from 'express';
import { badRequest, notFound } from '../errors.js';
import { paginate, q, withScope } from '../http-util.js';
import { targetOrg } from '../org-access.js';
import { SCOPE } from '../scopes.js';
import type { EmulatorState } from '../state.js';
import type { PersonRecord } from '../types.js';
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
      const orgIdAsked = q(req, 'orgId');
      // `orgId` names the caller's own org or one it manages as a partner: 403 for another, 404 unknown.
      const orgId = orgIdAsked === undefined ? undefined : targetOrg(state, auth, orgIdAsked);
      const all = [...state.people.values()];
      const inOrgs = (orgs: readonly string[]) => all.filter((p) => orgs.includes(p.orgId));
      let people: PersonRecord[];
      const notFoundIds: string[] = [];
      if (ids !== undefined) {
        const wanted = ids.split(',').filter((s) => s.length > 0);
        if (wanted.length > MAX_IDS) throw badRequest(`At most ${MAX_IDS} ids can be looked up at once.`);
        // The SDK's batcher pairs each item with its pending request by id: answer with the ids as asked.
        people = [];
        for (const id of wanted) {
          const p = state.people.get(id);
          if (p && (orgId === undefined || p.orgId === orgId)) people.push(p);
          else notFoundIds.push(id);
        }
      } else if (email !== undefined) {
        // Webex: lookup by email only within the caller's org, or an org it manages as a partner.
        const wanted = email.toLowerCase();
        const orgs = orgId !== undefined ? [orgId] : state.orgsOf(auth.person);
        people = inOrgs(orgs).filter((p) => p.emails.includes(wanted));
      } else if (displayName !== undefined) {
        // "List people whose name starts with this string", in the caller's org (or `orgId`).
        const prefix = displayName.toLowerCase();
        people = inOrgs([orgId ?? auth.person.orgId]).filter((p) =>
          p.displayName.toLowerCase().startsWith(prefix),
        );
      } else if (auth.person.role !== 'none') {
        people = inOrgs([orgId ?? auth.person.orgId]);
      } else {
        throw badRequest('Email, displayName, or id list should be specified.');
      }
      const body: Record<string, unknown> = {
        items: paginate(req, res, people).map((p) => personView(p, auth.person)),
      };
      if (notFoundIds.length > 0) body.notFoundIds = notFoundIds;
      res.json(body);
    }),
  );

  return r;
}
