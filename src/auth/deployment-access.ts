import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { preparedOnce } from '../db/prepared.ts';
import type { AccessCache } from './access-cache.ts';
import { deploymentMembers, deployments, rolePermissions } from '../db/schema.ts';
import { notFound } from '../lib/errors.ts';
import { isUuid } from '../lib/ids.ts';
import type { Actor, DeploymentAccess } from './actor.ts';
import { isDeploymentPermission, type DeploymentPermission } from './permissions.ts';

/**
 * The one place that decides whether an actor may see a deployment, and with which
 * permissions. Another workspace's deployment, a missing one, and one the actor is
 * not a member of (without deployment.read_all) all answer 404: existence never leaks.
 */
const accessQuery = preparedOnce((db) =>
  db
    .select({
      id: deployments.id,
      revision: deployments.revision,
      role: deploymentMembers.roleKey,
      permissions: sql<string[] | null>`(select array_agg(rp.permission) from ${rolePermissions} rp
        where rp.workspace_id = ${deployments.workspaceId} and rp.role_key = ${deploymentMembers.roleKey})`,
    })
    .from(deployments)
    .leftJoin(
      deploymentMembers,
      and(eq(deploymentMembers.deploymentId, deployments.id), eq(deploymentMembers.userId, sql.placeholder('userId'))),
    )
    .where(and(eq(deployments.id, sql.placeholder('deploymentId')), eq(deployments.workspaceId, sql.placeholder('workspaceId'))))
    .limit(1)
    .prepare('deployment_access'),
);

export async function resolveDeploymentAccess(db: DbOrTx, actor: Actor, deploymentId: string, cache?: AccessCache): Promise<DeploymentAccess> {
  if (!isUuid(deploymentId)) throw notFound('The deployment');
  // The workspace filter is in the query and a user belongs to one workspace, so a cached entry is this tenant's.
  const load = async (): Promise<DeploymentAccess | undefined> => {
    const [row] = await accessQuery(db).execute({ userId: actor.userId, deploymentId, workspaceId: actor.workspaceId });
    const seesAll = actor.permissions.has('deployment.read_all');
    if (!row || (!row.role && !seesAll)) return undefined;
    const permissions = new Set<DeploymentPermission>((row.permissions ?? []).filter(isDeploymentPermission));
    if (seesAll) for (const p of actor.permissions) if (isDeploymentPermission(p)) permissions.add(p);
    return { deploymentId: row.id, workspaceId: actor.workspaceId, role: row.role, permissions, revision: row.revision, fingerprint: `${row.role}:${[...permissions].sort().join(',')}` };
  };
  const access = cache ? await cache.access(deploymentId, actor.userId, load) : await load();
  if (!access) throw notFound('The deployment');
  return access;
}

/** The condition a list of deployments is filtered by, so lists never leak. */
export function visibleDeploymentFilter(actor: Actor) {
  return actor.permissions.has('deployment.read_all')
    ? eq(deployments.workspaceId, actor.workspaceId)
    : and(
        eq(deployments.workspaceId, actor.workspaceId),
        sql`exists (select 1 from ${deploymentMembers} m where m.deployment_id = ${deployments.id} and m.user_id = ${actor.userId})`,
      );
}
