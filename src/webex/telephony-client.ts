import type { WebexClient } from './webex-client.js';

const RULES_PATH = '/telephony/config/voicemail/rules';

export interface TelephonyClient {
  /** Raw GET body; the domain layer parses it. */
  /** `forOutcome`: a read-back that tells how a change ended, which may use the time kept for replies. */
  getVoicemailRules(
    token: string,
    orgId?: string,
    opts?: { forOutcome?: boolean; singleTry?: boolean },
  ): Promise<{ body: unknown; trackingId: string }>;
  /** The PUT is idempotent (the same body twice leaves the same state), so the client may retry it. */
  putVoicemailRules(
    token: string,
    update: object,
    orgId?: string,
    opts?: { singleTry?: boolean },
  ): Promise<{ trackingId: string }>;
  /**
   * Modify a person's voicemail passcode. Never sent twice: with "block previous passcodes" on, a second PUT
   * of a PIN that landed is refused as a reused passcode, which would hide that the first one landed. The
   * passcode is in the body only, never in a path, query or log line.
   */
  putPersonPasscode(
    token: string,
    personId: string,
    passcode: string,
    orgId?: string,
  ): Promise<{ trackingId: string }>;
}

export function createTelephonyClient(webex: WebexClient): TelephonyClient {
  return {
    async getVoicemailRules(token, orgId, opts = {}) {
      const res = await webex.request({
        method: 'GET',
        path: RULES_PATH,
        token,
        query: { orgId },
        lastWord: opts.forOutcome,
        singleTry: opts.singleTry,
      });
      return { body: res.body, trackingId: res.trackingId };
    },
    async putVoicemailRules(token, update, orgId, opts = {}) {
      const res = await webex.request({
        method: 'PUT',
        path: RULES_PATH,
        token,
        query: { orgId },
        body: update,
        idempotent: true,
        singleTry: opts.singleTry,
      });
      return { trackingId: res.trackingId };
    },
    async putPersonPasscode(token, personId, passcode, orgId) {
      const res = await webex.request({
        method: 'PUT',
        path: `/telephony/config/people/${encodeURIComponent(personId)}/voicemail/passcode`,
        token,
        query: { orgId },
        body: { passcode },
        idempotent: false,
      });
      return { trackingId: res.trackingId };
    },
  };
}
