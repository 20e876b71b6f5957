import { md } from '../markdown.js';
import { shortName } from '../short-name.js';
import { utcText } from '../bot/describe-time.js';
import { changedSince } from '../voicemail/changed-since.js';
import type { RulesSettings, RulesUpdate } from '../voicemail/rules.js';
import { formatChanges } from '../voicemail/summary.js';
import type { Watch } from './watch-store.js';

/** Every setting an admin can change: `changedSince` compares the ones an update names. */
const EVERY_SETTING: RulesUpdate = {
  defaultVoicemailPinEnabled: true,
  expirePasscode: { enabled: true },
  changePasscode: { enabled: true },
  blockPreviousPasscodes: { enabled: true },
};

/**
 * What `now` adds to `seen`: the settings Webex reported this time replace the seen ones; one it left out
 * keeps its last known value (a field missing from one answer is not a change anybody made).
 */
export function mergeSeen(seen: RulesSettings, now: RulesSettings): RulesSettings {
  const defined = Object.entries(now).filter(([, v]) => v !== undefined);
  return { ...seen, ...Object.fromEntries(defined) } as RulesSettings;
}

/** The settings whose words differ between the rules last seen and now, in the words `/voicemail show` uses. */
export const driftBetween = (seen: RulesSettings, now: RulesSettings) =>
  changedSince(EVERY_SETTING, seen, mergeSeen(seen, now)).map((d) => ({
    setting: d.setting,
    before: d.shown,
    after: d.now,
  }));

/** The announcement: which org, which settings (old → new), when it was noticed. */
export function driftMarkdown(
  orgName: string,
  changes: ReturnType<typeof driftBetween>,
  noticedAt: number,
): string {
  return (
    md`**Voicemail rules changed outside me** in **${shortName(orgName)}** (noticed ${utcText(noticedAt)}):` +
    `\n\n${formatChanges(changes)}\n\n` +
    '_Someone changed them in Control Hub or another tool; changes made through me are not reported here._'
  );
}

export const watchOnCommand = (watch: Pick<Watch, 'orgs'>): string =>
  watch.orgs.kind === 'customers' ? '/fleet watch on' : '/voicemail watch on';

/** Said once when the watcher's token stops working; the watch stays paused until `on` again. */
export function pausedMarkdown(watch: Watch): string {
  const what = watch.orgs.kind === 'customers' ? 'customer orgs' : md`**${shortName(watch.orgs.orgName)}**`;
  return (
    md`**Drift watch paused**: Webex no longer accepts the sign-in of ${shortName(watch.personName)}, so I ` +
    `can't read the voicemail rules of the watched ${what} any more. ` +
    md`To carry on, ${shortName(watch.personName)} signs in again with \`/login\` and then says ` +
    `\`${watchOnCommand(watch)}\` here.`
  );
}

/** One org that refuses the watcher (partner rights lost, org gone): one line, not an alarm each tick. */
export function deniedMarkdown(watch: Watch, orgName: string, status: number): string {
  const why =
    status === 404 ? 'Webex does not know that organization any more' : 'Webex refused access to it';
  return (
    md`**Drift watch**: I can't read the voicemail rules of **${shortName(orgName)}** with the sign-in of ` +
    md`${shortName(watch.personName)} (${why}). I keep trying quietly and will say so again only if it works ` +
    'and then fails once more.'
  );
}

/** A fleet watch whose sign-in can no longer list its customer orgs. */
export function listDeniedMarkdown(watch: Watch): string {
  return (
    md`**Drift watch**: Webex refused to list the customer orgs managed by ${shortName(watch.personName)}, ` +
    'so no customer org is being checked. Partner rights may have been removed. I keep trying quietly.'
  );
}
