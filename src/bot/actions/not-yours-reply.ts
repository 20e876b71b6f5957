import { capabilityOf, type Capability } from '../../auth/capability.js';
import { shortName } from '../../short-name.js';
import { escapeMarkdown, md } from '../../markdown.js';
import type { Access } from '../access-provider.js';

/** What a person who pressed someone else's form may do: their sign-in's capability, or none stored. */
export type SubmitterKind = Capability | 'signed-out';

/** From their stored sign-in (scopes and roles, `capabilityOf`); no sign-in stored: signed out. */
export const submitterKind = (access: Access | null): SubmitterKind =>
  access ? capabilityOf(access) : 'signed-out';

const OWN_FORM = 'Say `/voicemail` to get a form of your own.';

const ADVICE: Record<SubmitterKind, string> = {
  'full-admin': OWN_FORM,
  // A CLI-stored token with no scopes or roles on record may try (Webex decides), like a full admin.
  unknown: OWN_FORM,
  // Not "get your own form": theirs could not save either.
  'read-only-admin':
    'Only a full administrator can change these rules; you can view them with `/voicemail show`.',
  'not-admin': 'This bot is for Webex Calling administrators.',
  'signed-out':
    'This bot is for Webex Calling administrators: if you are one, say `/voicemail` to get a form of your own.',
};

/**
 * The reply to a press on a form someone else asked for: whose form it is, that nothing changed, and
 * what this person can do instead.
 */
export function notYoursReply(submitter: string, owner: string | undefined, kind: SubmitterKind): string {
  const whose = owner === undefined ? 'the admin who asked for it' : escapeMarkdown(shortName(owner));
  return (
    md`${shortName(submitter)}, that form belongs to ` +
    `${whose}: only they can save it, so nothing was changed. ${ADVICE[kind]}`
  );
}
