import { TELEPHONY_READ, TELEPHONY_WRITE } from '../../auth/scopes.js';
import { escapeMarkdown, md } from '../../markdown.js';
import type { Access } from '../access-provider.js';

/** What a person who pressed someone else's form may do, as far as their stored sign-in tells. */
export type SubmitterKind = 'full-admin' | 'read-only-admin' | 'not-admin' | 'unknown';

/**
 * Read from the scopes the sign-in granted: Webex grants the admin scopes a person's role allows, so a
 * read-only administrator has no write scope and a non-administrator no admin scope at all. A token
 * stored with the CLI has no scopes on record: it may try (Webex decides). No stored sign-in: unknown.
 */
export function submitterKind(access: Access | null): SubmitterKind {
  if (!access) return 'unknown';
  if (access.scopes.length === 0 || access.scopes.includes(TELEPHONY_WRITE)) return 'full-admin';
  if (access.scopes.includes(TELEPHONY_READ)) return 'read-only-admin';
  return 'not-admin';
}

const ADVICE: Record<SubmitterKind, string> = {
  'full-admin': 'Say `/voicemail` to get a form of your own.',
  // Not "get your own form": theirs could not save either.
  'read-only-admin':
    'Only a full administrator can change these rules; you can view them with `/voicemail show`.',
  'not-admin': 'This bot is for Webex Calling administrators.',
  unknown:
    'This bot is for Webex Calling administrators: if you are one, say `/voicemail` to get a form of your own.',
};

/**
 * The reply to a press on a form someone else asked for: whose form it is, that nothing changed, and
 * what this person can do instead.
 */
export function notYoursReply(submitter: string, owner: string | undefined, kind: SubmitterKind): string {
  const whose = owner === undefined ? 'the admin who asked for it' : escapeMarkdown(owner);
  return (
    md`${submitter}, that form belongs to ` +
    `${whose}: only they can save it, so nothing was changed. ${ADVICE[kind]}`
  );
}
