import type { DeploymentPermission, Permission, WorkspaceRole } from './permissions.ts';

/** Who is acting: passed to every service call, never rebuilt from loose fields. */
export interface Actor {
  userId: string;
  workspaceId: string;
  organizationId: string;
  workspaceRole: WorkspaceRole;
  displayName: string;
  /** Permissions of the workspace role (workspace- and, for owners/admins, deployment-scoped). */
  permissions: ReadonlySet<Permission>;
  requestId?: string;
}

/** An actor's standing in one deployment, resolved once per request by the access helper. */
export interface DeploymentAccess {
  deploymentId: string;
  workspaceId: string;
  /** The seed role the actor holds in this deployment, or null (owner/admin without membership). */
  role: string | null;
  permissions: ReadonlySet<DeploymentPermission>;
  /** The deployment's revision when access was resolved (see deployments.revision). */
  revision: number;
  /** Role and permissions in one string, for cache keys of what this actor may see. */
  fingerprint: string;
}

export const can = (actor: Actor, p: Permission): boolean => actor.permissions.has(p);
