import type { Role } from './types.js';

/** What a bot's token may do: every user-level scope, no administrator scope. */
export const BOT_SCOPES: readonly string[] = [
  'spark:all',
  'spark:kms',
  'spark:people_read',
  'spark:rooms_read',
  'spark:rooms_write',
  'spark:memberships_read',
  'spark:memberships_write',
  'spark:messages_read',
  'spark:messages_write',
  'spark:teams_read',
  'spark:teams_write',
  'spark:team_memberships_read',
  'spark:team_memberships_write',
];

export const SCOPE = {
  peopleRead: 'spark:people_read',
  /** Reset Voicemail PIN (a person's call settings) needs this administrator scope. */
  peopleWriteAdmin: 'spark-admin:people_write',
  roomsRead: 'spark:rooms_read',
  roomsWrite: 'spark:rooms_write',
  membershipsRead: 'spark:memberships_read',
  membershipsWrite: 'spark:memberships_write',
  messagesRead: 'spark:messages_read',
  messagesWrite: 'spark:messages_write',
  orgsRead: 'spark-admin:organizations_read',
  telephonyRead: 'spark-admin:telephony_config_read',
  telephonyWrite: 'spark-admin:telephony_config_write',
} as const;

/** `spark:all` stands for every user-level (`spark:`) scope; administrator scopes are always explicit. */
export function hasScope(scopes: readonly string[], needed: string): boolean {
  if (scopes.includes(needed)) return true;
  return needed.startsWith('spark:') && scopes.includes('spark:all');
}

const isAdminScope = (s: string): boolean => s.startsWith('spark-admin:') || s.startsWith('identity:');
const isWriteScope = (s: string): boolean => /_write$|:write/.test(s);

/**
 * What the person's role lets a grant keep: administrator scopes only for administrators, and their write
 * scopes only for full administrators (a read-only administrator gets telephony read, not write).
 */
export function scopesAllowedForRole(role: Role, scopes: readonly string[]): string[] {
  return scopes.filter((s) => {
    if (!isAdminScope(s)) return true;
    if (role === 'full_admin') return true;
    if (role === 'read_only_admin') return !isWriteScope(s);
    return false;
  });
}

/** Plain words for the consent page. */
export function describeScope(scope: string): string {
  const known: Record<string, string> = {
    'spark:all': 'Use Webex on your behalf',
    'spark:people_read': 'Read your profile and look up people',
    'spark:rooms_read': 'List the spaces you are in',
    'spark:messages_read': 'Read the messages in your spaces',
    'spark:messages_write': 'Post and delete messages on your behalf',
    'spark:kms': 'Access your encryption keys',
    'spark-admin:organizations_read': "Read your organization's and your customers' organization details",
    'spark-admin:telephony_config_read':
      "Read your organization's calling settings, including voicemail rules",
    'spark-admin:telephony_config_write':
      "Change your organization's calling settings, including voicemail rules",
    'spark-admin:people_read': 'Read the people in your organization',
    'spark-admin:people_write': 'Change the people in your organization and their calling settings',
  };
  return known[scope] ?? scope;
}
