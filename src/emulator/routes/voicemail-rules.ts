import { Router } from 'express';
import { bodyOf, q, withScope } from '../http-util.js';
import { requireAdmin, targetOrg } from '../org-access.js';
import { SCOPE } from '../scopes.js';
import type { EmulatorState } from '../state.js';
import { applyVoicemailRulesPut, voicemailRulesView } from '../voicemail-rules.js';

const PATH = '/telephony/config/voicemail/rules';

/** Leaves out each dotted path, as a Webex answer that omits optional fields would. */
function omit(view: Record<string, unknown>, paths: readonly string[]): Record<string, unknown> {
  for (const path of paths) {
    const keys = path.split('.');
    const last = keys.pop() as string;
    let node: unknown = view;
    for (const k of keys) node = (node as Record<string, unknown> | undefined)?.[k];
    if (node && typeof node === 'object') delete (node as Record<string, unknown>)[last];
  }
  return view;
}

export function voicemailRulesRoutes(state: EmulatorState): Router {
  const r = Router();

  r.get(
    PATH,
    withScope(SCOPE.telephonyRead, (req, res, auth) => {
      const orgId = targetOrg(state, auth, q(req, 'orgId'));
      requireAdmin(auth, 'read');
      res.json(omit(voicemailRulesView(state.voicemailOf(orgId)), state.rulesOmitted));
    }),
  );

  r.put(
    PATH,
    withScope(SCOPE.telephonyWrite, (req, res, auth) => {
      const orgId = targetOrg(state, auth, q(req, 'orgId'));
      requireAdmin(auth, 'write');
      state.voicemail.set(orgId, applyVoicemailRulesPut(state.voicemailOf(orgId), bodyOf(req)));
      res.status(204).end();
    }),
  );

  return r;
}
