import {
  settingsFromRules,
  voicemailRulesSchema,
  type PinRules,
  type RulesSettings,
} from '../voicemail/rules.js';
import type { TelephonyClient } from '../webex/telephony-client.js';
import { WebexApiError } from '../webex/webex-api-error.js';
import type { TokenLimiter } from './token-limiter.js';

export interface FleetOrgRef {
  id: string;
  name: string;
}

/** One org's rules as read for `/fleet` and an apply preview, or why they could not be read. */
export type FleetOrgRead =
  | { org: FleetOrgRef; ok: true; settings: RulesSettings; pinRules: PinRules }
  | { org: FleetOrgRef; ok: false; reason: string; trackingId?: string };

export interface FleetRulesReader {
  /**
   * Reads every org's rules with the person's token, a few at a time, within the person's call budget;
   * results in the order given. A 401 is thrown (the caller renews the token once and reads again); any
   * other failure is that org's line.
   */
  read(personId: string, token: string, orgs: readonly FleetOrgRef[]): Promise<FleetOrgRead[]>;
  /** About how long reading `count` orgs takes at the call budget, in ms. */
  estimateMs(count: number): number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Why an org's rules could not be read, in plain words. */
function readFailure(err: unknown): string {
  if (!(err instanceof WebexApiError)) return 'the bot could not read them (internal error)';
  if (err.status === 403) return 'Webex refused (403): the sign-in may not read this org’s rules';
  if (err.status === 404) return 'Webex does not find this org or its calling settings (404)';
  if (err.status === 429 || err.status === 423) return 'Webex kept rate-limiting the reads; try again later';
  if (err.status === 0) return 'Webex did not answer';
  if (err.status >= 500) return `Webex kept failing (HTTP ${err.status})`;
  return `Webex refused (HTTP ${err.status})`;
}

/**
 * Reading hundreds of orgs' rules is one GET each. The reads go through the Webex client's own retries (a
 * GET is safe to repeat: 429 with its Retry-After, 5xx and timeouts, bounded), at most `concurrency` at a
 * time, and each takes a call from the same per-admin budget in Redis the fleet's jobs use: a `/fleet` typed
 * while that admin's run goes on shares the budget with it instead of making Webex push back on both. A
 * read Webex still rate-limits at the end pauses that admin's fleet jobs too.
 */
export function createFleetRulesReader(deps: {
  telephony: TelephonyClient;
  limiter: TokenLimiter;
  concurrency: number;
  callsPerSecond: number;
}): FleetRulesReader {
  async function budget(personId: string): Promise<void> {
    for (;;) {
      const wait = await deps.limiter.take(personId);
      if (wait === 0) return;
      await sleep(wait);
    }
  }

  return {
    async read(personId, token, orgs) {
      const out: FleetOrgRead[] = new Array<FleetOrgRead>(orgs.length);
      let next = 0;
      let stop: unknown;
      const worker = async () => {
        while (next < orgs.length && stop === undefined) {
          const i = next++;
          const org = orgs[i]!;
          try {
            await budget(personId);
            const got = await deps.telephony.getVoicemailRules(token, org.id);
            const parsed = voicemailRulesSchema.safeParse(got.body);
            out[i] = parsed.success
              ? {
                  org,
                  ok: true,
                  settings: settingsFromRules(parsed.data),
                  pinRules: parsed.data.defaultVoicemailPinRules,
                }
              : {
                  org,
                  ok: false,
                  reason: 'Webex answered with rules the bot could not read',
                  trackingId: got.trackingId,
                };
          } catch (err) {
            if (err instanceof WebexApiError && err.status === 401) {
              stop = err;
              return;
            }
            if (err instanceof WebexApiError && (err.status === 429 || err.status === 423))
              await deps.limiter.pause(personId, (err.retryAfterSec ?? 5) * 1000).catch(() => undefined);
            // A store failure (the budget lives in Redis) is no org's fault: the whole read fails.
            if (!(err instanceof WebexApiError)) {
              stop = err;
              return;
            }
            out[i] = { org, ok: false, reason: readFailure(err), trackingId: err.trackingId };
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.concurrency, orgs.length)) }, worker));
      if (stop !== undefined) throw stop;
      return out;
    },
    estimateMs: (count) => Math.round((count / Math.max(0.1, deps.callsPerSecond)) * 1000),
  };
}
