import { orgBannerMarkdown } from '../../cards/org-banner.js';
import { code, md, raw } from '../../markdown.js';
import { shortName } from '../../short-name.js';
import type { CarryOn } from '../../store/sign-in-states.js';
import { hasPinLikeDigits, withoutPinLikeDigits } from '../../voicemail/pin-like-digits.js';
import type { Change } from '../../voicemail/plan-update.js';
import type { PersonQuery, WebexPerson } from '../../webex/people-client.js';
import type { Access } from '../access-provider.js';
import { askToConfirm } from '../ask-to-confirm.js';
import type { BotContext } from '../bot-context.js';
import type { BotDeps, PendingReset } from '../bot-deps.js';
import { loadRules, type LoadedRules } from '../load-rules.js';
import { personPinProblem } from '../../voicemail/generate-pin.js';
import { requireAccess, withAccess } from '../require-access.js';
import type { CommandOf, CommandSpec, Usage } from './command-spec.js';
import { usageLines } from './usage-lines.js';

const USAGE: Usage = {
  syntax: '/voicemail reset <email or name>',
  about:
    'a person’s voicemail PIN back to the org’s default PIN (they change it at next use), once you confirm',
  more: 'add `pin=random` to set a new PIN that passes the org’s rules instead: I show it only to you, in our 1:1 space',
};

/** At most this many people in a pick list: past it, typing more of the name is quicker than reading. */
export const PICK_MAX = 8;
/** One page of the search: enough to say how many more there are. */
const SEARCH_MAX = 100;

const looksLikeEmail = (text: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);

/** What was searched for, as a reply may quote it: never a run of digits that could be a PIN. */
const quoted = (who: string) => shortName(withoutPinLikeDigits(who));

/** The command that picks one person, to type as it is. */
const commandFor = (email: string, random: boolean) =>
  `/voicemail reset ${email}${random ? ' pin=random' : ''}`;

const personLine = (p: PendingReset['person']) =>
  p.email ? md`${shortName(p.displayName)} (${shortName(p.email)})` : md`${shortName(p.displayName)}`;

/**
 * The people Webex finds for what was typed, in the org acted on only (a partner's email search can reach
 * its customers' people too), and people only: a bot has no voicemail PIN.
 */
async function findPeople(
  deps: BotDeps,
  ctx: BotContext,
  access: Access,
  org: LoadedRules,
  query: PersonQuery,
): Promise<WebexPerson[]> {
  // `orgId` only for a customer org: Webex keeps it for partners, and one's own org is the default.
  const orgId = org.customer ? org.orgId : undefined;
  const inOrg = org.orgId ?? access.orgId;
  const found = await withAccess(deps, ctx, access, (a) =>
    deps.people.find(a.token, query, { orgId, max: SEARCH_MAX }),
  );
  return found.filter((p) => p.type === 'person' && (inOrg === undefined || p.orgId === inOrg));
}

const asPending = (p: WebexPerson, random: boolean): PendingReset => ({
  kind: 'reset',
  person: { id: p.id, displayName: p.displayName, email: p.emails[0] ?? '' },
  pin: random ? 'random' : 'default',
});

/** Several people matched: a short list, each with the exact command that picks them. */
function pickList(
  org: LoadedRules,
  who: string,
  query: PersonQuery,
  people: WebexPerson[],
  random: boolean,
): string {
  const shown = people.slice(0, PICK_MAX).map((p) => {
    const person = asPending(p, random).person;
    const pick = person.email
      ? md`: say ${code(commandFor(shortName(person.email), random))}`
      : ' (no email listed: ask for them by a longer part of the name)';
    return `- ${personLine(person)}${pick}`;
  });
  const more = people.length - PICK_MAX;
  const rest =
    more > 0
      ? `\n\n…and ${more}${people.length >= SEARCH_MAX ? ' or more' : ''} more: type more of the name, or the email.`
      : '';
  return (
    `${orgBannerMarkdown(org)}\n\n` +
    md`Several people in ${shortName(org.orgName)} have ${'email' in query ? 'the email' : 'a name that starts with'} “${quoted(who)}”. Which one?` +
    `\n\n${shown.join('\n')}${rest}`
  );
}

function noOne(org: LoadedRules, who: string, query: PersonQuery): string {
  const what =
    'email' in query
      ? md`No one in ${shortName(org.orgName)} has the email “${quoted(who)}”, so nothing was changed.`
      : md`No one in ${shortName(org.orgName)} has a name that starts with “${quoted(who)}”, so nothing was changed. ` +
        'Webex matches the start of the display name as it is written (accents count): try the first name, or the email.';
  return `${orgBannerMarkdown(org)}\n\n${what}`;
}

/**
 * The org has no default PIN to go back to: Webex refuses the reset, and a Confirm that cannot work is not
 * offered. A PIN made up for the person works without one.
 */
function noDefaultPin(org: LoadedRules, person: PendingReset['person']): string {
  const name = shortName(person.displayName);
  const random = person.email
    ? md`say ${code(commandFor(shortName(person.email), true))}`
    : md`ask again with ${code('pin=random')} at the end`;
  return (
    `${orgBannerMarkdown(org)}\n\n` +
    md`Not changed: ${shortName(org.orgName)} has no default voicemail PIN enabled, so there is no PIN to reset ${name}’s to. ` +
    'Webex refuses such a reset, and they would have no PIN to go back to.' +
    md`\n\nTo give ${name} a new PIN that passes the org’s rules instead, ${raw(random)}: I show it only to you, in our 1:1 space. ` +
    'Or turn on a default PIN for the org first (`/voicemail` opens the form).'
  );
}

/** The card: who, what Confirm does, and what to know first. */
function confirmWords(rules: LoadedRules, pending: PendingReset) {
  const who: Change = { setting: 'Person', after: personLine(pending.person) };
  if (pending.pin === 'random') {
    return {
      title: 'Set a new voicemail PIN',
      intro: 'Nothing changes until you press Set new PIN.',
      changes: [
        who,
        { setting: 'Voicemail PIN', after: 'a new PIN I make up at Confirm that passes the org’s PIN rules' },
      ],
      notes: ['I show the new PIN only to you, in our 1:1 space with me, and keep no copy of it.'],
      confirmTitle: 'Set new PIN',
    };
  }
  const flag = rules.settings.defaultVoicemailPinEnabled;
  return {
    title: 'Reset a voicemail PIN',
    intro: 'Nothing changes until you press Reset PIN.',
    changes: [
      who,
      {
        setting: 'Voicemail PIN',
        after: 'back to the org’s default PIN; they must change it the next time they use voicemail',
      },
    ],
    notes:
      flag === undefined
        ? [
            'Webex did not report whether this org has a default PIN enabled: without one, Webex refuses the reset.',
          ]
        : [],
    confirmTitle: 'Reset PIN',
  };
}

const GROUP_PIN_REFUSAL =
  'Not changed: a PIN typed in a group space is visible to everyone in it, and `/voicemail reset` never ' +
  'takes one. Leave `pin=` out to go back to the org’s default PIN, or say `pin=random` for a new PIN that ' +
  'I show only to you. If that PIN was meant to stay secret, choose a different one.';

const TYPED_PIN_REFUSAL =
  'Not changed: `/voicemail reset` takes no PIN you type. Leave `pin=` out to go back to the org’s default ' +
  'PIN, or say `pin=random` for a new PIN that passes the org’s rules, which I show only to you.';

async function voicemailReset(
  deps: BotDeps,
  ctx: BotContext,
  cmd: CommandOf<'voicemail.reset'>,
): Promise<void> {
  if (cmd.pin === 'typed') {
    await ctx.say(ctx.room.type === 'group' ? GROUP_PIN_REFUSAL : TYPED_PIN_REFUSAL);
    return;
  }
  // Webex compares names as written: composed the way most directories store them.
  const who = cmd.who.normalize('NFC').trim();
  if (!who) {
    await ctx.say(`Usage:\n${usageLines([USAGE])}`);
    return;
  }
  const random = cmd.pin === 'random';
  // Digits that could be a PIN are never kept while the person signs in.
  const then: CarryOn = hasPinLikeDigits(who)
    ? { kind: 'retype', command: 'voicemail.reset' }
    : { kind: 'voicemail.reset', who, ...(random ? { pin: 'random' as const } : {}) };
  // A made-up PIN is set with the telephony write scope; a reset to the default takes people_write.
  const access = await requireAccess(deps, ctx, { need: random ? 'change' : 'reset', then });
  if (!access) return;
  // The rules name the org for every reply and say whether there is a default PIN to go back to.
  const rules = await loadRules(deps, ctx, access);
  const query: PersonQuery = looksLikeEmail(who) ? { email: who } : { displayName: who };
  const people = await findPeople(deps, ctx, access, rules, query);
  const [person] = people;
  if (!person) {
    await ctx.say(noOne(rules, who, query));
    return;
  }
  if (people.length > 1) {
    await ctx.say(pickList(rules, who, query, people, random));
    return;
  }
  const pending = asPending(person, random);
  // Said before the card: a Confirm that can only fail is not offered.
  const noPin = random ? personPinProblem(rules.pinRules) : undefined;
  if (noPin) {
    await ctx.say(`${orgBannerMarkdown(rules)}\n\nNot changed. ${noPin}`);
    return;
  }
  if (!random && rules.settings.defaultVoicemailPinEnabled === false) {
    await ctx.say(noDefaultPin(rules, pending.person));
    return;
  }
  // A reset stands on its own: another card of this person's for the org stays good.
  await askToConfirm(deps, ctx, rules, pending, confirmWords(rules, pending), { newest: false });
}

export const voicemailResetCommand: CommandSpec<'voicemail.reset'> = {
  audience: 'full-admin',
  usage: USAGE,
  run: (cmd, ctx, deps) => voicemailReset(deps, ctx, cmd),
};
