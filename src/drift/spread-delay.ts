import { createHash } from 'node:crypto';

/**
 * Where in the interval an org's check runs: fixed per org (so its checks stay one interval apart) and
 * spread evenly across orgs (so a fleet of hundreds does not hit Webex in one burst each tick).
 */
export function spreadDelay(orgId: string, intervalMs: number): number {
  if (intervalMs <= 1) return 0;
  return createHash('sha256').update(orgId).digest().readUInt32BE(0) % intervalMs;
}
