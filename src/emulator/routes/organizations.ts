import { Router } from 'express';
import { notFound } from '../errors.js';
import { withScope } from '../http-util.js';
import { requireAdmin } from '../org-access.js';
import { SCOPE } from '../scopes.js';
import type { EmulatorState } from '../state.js';
import { orgView } from '../views.js';

/**
 * An administrator sees its own org, and a partner administrator also the orgs it manages. The list is not
 * paged: Webex answers with every org at once and ignores `max`.
 */
export function organizationRoutes(state: EmulatorState): Router {
  const r = Router();

  r.get(
    '/organizations',
    withScope(SCOPE.orgsRead, (_req, res, auth) => {
      requireAdmin(auth, 'read');
      const orgs = state.orgsOf(auth.person).flatMap((id) => {
        const o = state.orgs.get(id);
        return o ? [o] : [];
      });
      res.json({ items: orgs.map(orgView) });
    }),
  );

  r.get(
    '/organizations/:orgId',
    withScope(SCOPE.orgsRead, (req, res, auth) => {
      requireAdmin(auth, 'read');
      const id = req.params.orgId ?? '';
      const o = state.orgs.get(id);
      if (!o || !state.orgsOf(auth.person).includes(id)) throw notFound('Organization not found.');
      res.json(orgView(o));
    }),
  );

  return r;
}
