import { Router } from 'express';
import { notFound } from '../errors.js';
import { bodyOf, q, withScope } from '../http-util.js';
import { requireAdmin, targetOrg } from '../org-access.js';
import { resetPin, setPasscode } from '../person-voicemail.js';
import { SCOPE } from '../scopes.js';
import { nowIso, type EmulatorState } from '../state.js';
import type { PersonRecord } from '../types.js';

/**
 * The person the call names, in the org it acts on (the caller's, or `orgId` for a partner). Anyone else,
 * including a person of another org the caller may see, is 404: the call only looks in that one org.
 */
function personInOrg(state: EmulatorState, personId: string, orgId: string): PersonRecord {
  const p = state.people.get(personId);
  // A bot has no calling settings: no voicemail PIN to reset.
  if (!p || p.orgId !== orgId || p.type !== 'person') throw notFound('Person not found.');
  return p;
}

/** A person's own voicemail PIN: Reset Voicemail PIN and Modify a person's voicemail passcode. */
export function personVoicemailRoutes(state: EmulatorState): Router {
  const r = Router();

  r.post(
    '/people/:personId/features/voicemail/actions/resetPin/invoke',
    withScope(SCOPE.peopleWriteAdmin, (req, res, auth) => {
      const orgId = targetOrg(state, auth, q(req, 'orgId'));
      requireAdmin(auth, 'write');
      const person = personInOrg(state, req.params.personId ?? '', orgId);
      resetPin(
        state.voicemailOfPerson(person.id),
        state.voicemailOf(orgId),
        bodyOf(req),
        auth.person.id,
        nowIso(),
      );
      res.status(204).end();
    }),
  );

  r.put(
    '/telephony/config/people/:personId/voicemail/passcode',
    withScope(SCOPE.telephonyWrite, (req, res, auth) => {
      const orgId = targetOrg(state, auth, q(req, 'orgId'));
      requireAdmin(auth, 'write');
      const person = personInOrg(state, req.params.personId ?? '', orgId);
      setPasscode(
        state.voicemailOfPerson(person.id),
        state.voicemailOf(orgId),
        bodyOf(req),
        auth.person.id,
        nowIso(),
      );
      res.status(204).end();
    }),
  );

  return r;
}
