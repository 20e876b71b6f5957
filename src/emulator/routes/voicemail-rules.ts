import { Router } from 'express';
import { ah, bodyOf, authOf, q, requireScope } from '../http-util.js';
import { requireAdmin, targetOrg } from '../org-access.js';
import { SCOPE } from '../scopes.js';
import type { EmulatorState } from '../state.js';
import { applyVoicemailRulesPut, voicemailRulesView } from '../voicemail-rules.js';

const PATH = '/telephony/config/voicemail/rules';

export function voicemailRulesRoutes(state: EmulatorState): Router {
  const r = Router();

  r.get(
    PATH,
    ah((req, res) => {
      const auth = authOf(res);
      requireScope(auth, SCOPE.telephonyRead);
      const orgId = targetOrg(state, auth, q(req, 'orgId'));
      requireAdmin(auth, 'read');
      res.json(voicemailRulesView(state.voicemailOf(orgId)));
    }),
  );

  r.put(
    PATH,
    ah((req, res) => {
      const auth = authOf(res);
      requireScope(auth, SCOPE.telephonyWrite);
      const orgId = targetOrg(state, auth, q(req, 'orgId'));
      requireAdmin(auth, 'write');
      state.voicemail.set(orgId, applyVoicemailRulesPut(state.voicemailOf(orgId), bodyOf(req)));
      res.status(204).end();
    }),
  );

  return r;
}
