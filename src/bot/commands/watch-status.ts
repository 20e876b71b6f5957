import type { Watch } from '../../drift/watch-store.js';
import { md } from '../../markdown.js';
import { shortName } from '../../short-name.js';
import { utcText } from '../describe-time.js';
import type { CommandDeps } from './command-spec.js';

/** Said by both watch commands when the bot runs without Redis (the sandbox's in-memory store). */
export const WATCH_NEEDS_REDIS =
  'A drift watch needs Redis: it runs as scheduled jobs every instance shares. This bot runs on memory ' +
  '(the sandbox without Redis), so there is no watch here.';

/** "every 15 minutes", "every 2 seconds". */
export function everyText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 60 !== 0 || s < 60) return `every ${s} second${s === 1 ? '' : 's'}`;
  const m = s / 60;
  return `every ${m} minute${m === 1 ? '' : 's'}`;
}

function watchLine(w: Watch): string {
  const what =
    w.orgs.kind === 'customers'
      ? 'all customer orgs'
      : md`**${shortName(w.orgs.orgName)}**${w.orgs.customer ? ' (customer org)' : ''}`;
  const whose = md`with the sign-in of ${shortName(w.personName)}, since ${utcText(Date.parse(w.createdAt))}`;
  const paused = w.paused
    ? `: **paused** since ${utcText(Date.parse(w.paused.at))}, the sign-in no longer works (\`/login\`, then \`${w.orgs.kind === 'customers' ? '/fleet watch on' : '/voicemail watch on'}\`)`
    : '';
  return `- ${what}, ${whose}${paused}`;
}

/** `watch` alone: whether a watch is on in this space, and for what. */
export async function watchStatus(deps: CommandDeps, roomId: string): Promise<string> {
  if (!deps.drift.available) return WATCH_NEEDS_REDIS;
  const watches = await deps.drift.watches.inRoom(roomId);
  if (watches.length === 0)
    return (
      'No drift watch is on in this space. `/voicemail watch on` watches the org your commands act on; ' +
      'partner admins: `/fleet watch on` watches all their customer orgs.'
    );
  return [
    `**Drift watches in this space** (rules read ${everyText(deps.drift.intervalMs)}; changes made outside me are posted here):`,
    ...watches.map(watchLine),
    '',
    'Stop one with `/voicemail watch off` (the org your commands act on) or `/fleet watch off`.',
  ].join('\n');
}
