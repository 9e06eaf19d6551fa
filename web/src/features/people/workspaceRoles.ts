import type { Organization, OrganizationKind, WorkspaceRole } from '../../api/types.ts';

/** Least privilege first, so the default choice is the narrowest role. */
const VENDOR_ROLES: readonly WorkspaceRole[] = ['vendor_staff', 'admin', 'owner'];
const CLIENT_ROLES: readonly WorkspaceRole[] = ['client_user'];

/**
 * The workspace roles a person of this organisation can get: vendor staff, admins and owners
 * work for the vendor, client users for a client. Only an owner may make another owner.
 */
export function roleChoices(kind: OrganizationKind | undefined, myRole: WorkspaceRole): readonly WorkspaceRole[] {
  if (!kind) return [];
  if (kind === 'client') return CLIENT_ROLES;
  return myRole === 'owner' ? VENDOR_ROLES : VENDOR_ROLES.filter((r) => r !== 'owner');
}

/** The vendor first, then clients by name. */
export const sortOrganizations = (orgs: readonly Organization[]) =>
  [...orgs].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'vendor' ? -1 : 1));
