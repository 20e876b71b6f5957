import { forbidden, notFound } from './errors.js';
import type { AuthContext } from './http-util.js';
import type { EmulatorState } from './state.js';

/**
 * The org an administrator's call acts on: its own by default; with `?orgId=` its own or one it manages as a
 * partner administrator. Another existing org is 403, an unknown one 404.
 */
export function targetOrg(state: EmulatorState, auth: AuthContext, orgId: string | undefined): string {
  if (orgId === undefined || orgId === auth.person.orgId) return auth.person.orgId;
  if (state.orgsOf(auth.person).includes(orgId) && state.orgs.has(orgId)) return orgId;
  if (!state.orgs.has(orgId)) throw notFound('Organization not found.');
  throw forbidden('The caller is not an administrator of this organization.');
}

export function requireAdmin(auth: AuthContext, level: 'read' | 'write'): void {
  const role = auth.person.role;
  if (role === 'full_admin') return;
  if (level === 'read' && role === 'read_only_admin') return;
  throw forbidden(
    level === 'write'
      ? 'This request requires a full administrator.'
      : 'This request requires a full or read-only administrator.',
  );
}
