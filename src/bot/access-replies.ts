import type { Need } from '../auth/capability.js';
import { FOR_ADMINS } from '../auth/sign-in-service.js';
import type { CarryOn } from '../store/sign-in-states.js';

export { FOR_ADMINS };

/** The line a read-only administrator's rules card ends with (the sandbox's browser test reads it too). */
export const READ_ONLY_LINE = 'Only a full administrator can change these rules.';

/** A change asked for by a read-only administrator, refused before anything is sent to Webex. */
export const READ_ONLY_REFUSAL = `Not changed. ${READ_ONLY_LINE} You can view them with \`/voicemail show\`.`;

/** A signed-in person without an admin role (a token the operator stored, or one from before roles were kept). */
export const NOT_ADMIN =
  `${FOR_ADMINS} Your Webex account has no administrator role, so I can’t show or change voicemail rules ` +
  'for you. Your organization’s Webex administrators can.';

/** What a carried-on command is called in a reply: its syntax, never what was typed after it. */
export const CARRY_ON_SYNTAX: Record<Exclude<CarryOn['kind'], 'card.submit' | 'retype'>, string> = {
  'voicemail.form': '/voicemail',
  'voicemail.show': '/voicemail show',
  'voicemail.set': '/voicemail set',
  'voicemail.history': '/voicemail history',
  'voicemail.reset': '/voicemail reset',
  'voicemail.undo': '/voicemail undo',
  whoami: '/whoami',
  'org.show': '/org',
  'org.list': '/org list',
  'org.find': '/org find',
  'org.use': '/org use',
};

export function carryOnSyntax(then: CarryOn): string {
  if (then.kind === 'card.submit') return 'Save';
  return CARRY_ON_SYNTAX[then.kind === 'retype' ? then.command : then.kind];
}

/** What the carried-on command needs from a sign-in: the consent asks for that much. */
export function needOf(then: CarryOn | undefined): Need {
  switch (then?.kind) {
    case undefined:
    case 'whoami':
      // A plain /login (or /whoami while signed out): everything the bot could do for them.
      return 'all';
    case 'voicemail.form':
    case 'voicemail.set':
    case 'voicemail.undo':
    case 'card.submit':
      return 'change';
    case 'voicemail.show':
    case 'voicemail.history':
      return 'view';
    case 'voicemail.reset':
      // A PIN made up is set with the telephony write scope; a reset to the default takes people_write.
      return then.pin === 'random' ? 'change' : 'reset';
    case 'retype':
      if (then.command === 'voicemail.reset') return 'reset';
      return then.command === 'voicemail.set' ? 'change' : 'orgs';
    default:
      return 'orgs';
  }
}

/**
 * The sentence under a sign-in link that says what happens after it; `where` names the place when the
 * link is read elsewhere (a link sent privately for a request made in a group space).
 */
export function carryOnLine(then: CarryOn | undefined, where = ''): string {
  if (!then) return '';
  const at = where ? ` ${where}` : '';
  if (then.kind === 'card.submit') return `Once you are signed in I’ll save the form you sent${at}.`;
  if (then.kind === 'retype') {
    return (
      `Once you are signed in, send \`${carryOnSyntax(then)}\` again${at}: while you sign in I don’t keep a PIN, ` +
      'or digits that could be one.'
    );
  }
  return `Once you are signed in I’ll carry on with \`${carryOnSyntax(then)}\`${at}.`;
}
