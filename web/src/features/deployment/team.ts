import type { Member, TemplateRole, User } from '../../api/types.ts';

export type Side = TemplateRole['side'];

/** Client users work on the client side of a deployment; owners, admins and vendor staff on the vendor side. */
export const sideOf = (u: Pick<User, 'workspaceRole'>): Side => (u.workspaceRole === 'client_user' ? 'client' : 'vendor');

/**
 * Who can join: active people not on the team yet. A client user only joins a deployment of
 * their own organisation (the server refuses anyone else with 422).
 */
export function candidates(users: readonly User[], members: readonly Member[], clientOrgId: string): Record<Side, User[]> {
  const onTeam = new Set(members.map((m) => m.userId));
  const open = users.filter((u) => !u.disabled && !onTeam.has(u.id));
  return {
    vendor: open.filter((u) => sideOf(u) === 'vendor'),
    client: open.filter((u) => sideOf(u) === 'client' && u.organizationId === clientOrgId),
  };
}

/** The template roles a person can hold: those of their side. */
export const rolesFor = (roles: readonly TemplateRole[], user: Pick<User, 'workspaceRole'> | undefined) =>
  user ? roles.filter((r) => r.side === sideOf(user)) : [];

/** The team in the template's role order (vendor roles first, then the client's), then by name. */
export function sortTeam(members: readonly Member[], roles: readonly TemplateRole[]): Member[] {
  const rank = new Map<string, number>(roles.map((r, i) => [r.key, i]));
  const at = (m: Member) => rank.get(m.role) ?? roles.length;
  return [...members].sort((a, b) => at(a) - at(b) || a.displayName.localeCompare(b.displayName));
}
