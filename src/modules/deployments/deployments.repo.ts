import { and, asc, desc, eq, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { deploymentItems, deploymentMembers, deployments, organizations, users } from '../../db/schema.ts';

export type DeploymentRow = typeof deployments.$inferSelect;
export type ItemRow = typeof deploymentItems.$inferSelect;

export async function insertDeployment(tx: DbOrTx, row: typeof deployments.$inferInsert) {
  await tx.insert(deployments).values(row);
}

export async function insertItems(tx: DbOrTx, rows: (typeof deploymentItems.$inferInsert)[]) {
  if (rows.length) await tx.insert(deploymentItems).values(rows);
}

export async function insertMember(tx: DbOrTx, row: typeof deploymentMembers.$inferInsert) {
  await tx
    .insert(deploymentMembers)
    .values(row)
    .onConflictDoUpdate({ target: [deploymentMembers.deploymentId, deploymentMembers.userId], set: { roleKey: row.roleKey } });
}

export async function deleteMember(tx: DbOrTx, deploymentId: string, userId: string): Promise<boolean> {
  const rows = await tx
    .delete(deploymentMembers)
    .where(and(eq(deploymentMembers.deploymentId, deploymentId), eq(deploymentMembers.userId, userId)))
    .returning({ userId: deploymentMembers.userId });
  return rows.length > 0;
}

/** Clears the assignee of the member's open items; answers their keys. */
export async function unassignOpenItems(tx: DbOrTx, deploymentId: string, userId: string): Promise<string[]> {
  const rows = await tx
    .update(deploymentItems)
    .set({ assigneeId: null, version: sql`${deploymentItems.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(deploymentItems.deploymentId, deploymentId),
        eq(deploymentItems.assigneeId, userId),
        notInArray(deploymentItems.state, ['done', 'not_applicable']),
      ),
    )
    .returning({ key: deploymentItems.key });
  return rows.map((r) => r.key);
}

export function listMembers(tx: DbOrTx, deploymentId: string) {
  return tx
    .select({
      userId: deploymentMembers.userId,
      role: deploymentMembers.roleKey,
      displayName: users.displayName,
      email: users.email,
      organizationId: users.organizationId,
      addedAt: deploymentMembers.createdAt,
    })
    .from(deploymentMembers)
    .innerJoin(users, eq(users.id, deploymentMembers.userId))
    .where(eq(deploymentMembers.deploymentId, deploymentId))
    .orderBy(asc(users.displayName));
}

export async function findMember(tx: DbOrTx, deploymentId: string, userId: string) {
  const [row] = await tx
    .select()
    .from(deploymentMembers)
    .where(and(eq(deploymentMembers.deploymentId, deploymentId), eq(deploymentMembers.userId, userId)))
    .limit(1);
  return row;
}

export async function findDeployment(tx: DbOrTx, workspaceId: string, id: string) {
  const [row] = await tx
    .select({ deployment: deployments, clientName: organizations.name })
    .from(deployments)
    .innerJoin(organizations, eq(organizations.id, deployments.clientOrgId))
    .where(and(eq(deployments.id, id), eq(deployments.workspaceId, workspaceId)))
    .limit(1);
  return row;
}

/** Locks the deployment row for the rest of the transaction (status and schedule changes). */
export async function lockDeployment(tx: DbOrTx, id: string) {
  const [row] = await tx.select().from(deployments).where(eq(deployments.id, id)).for('update');
  return row;
}

export async function updateDeployment(tx: DbOrTx, id: string, set: Partial<typeof deployments.$inferInsert>) {
  await tx
    .update(deployments)
    .set({ ...set, version: sql`${deployments.version} + 1`, revision: sql`${deployments.revision} + 1`, updatedAt: new Date() })
    .where(eq(deployments.id, id));
}

/** Marks that something under the deployment changed (items, evidence, comments, team). */
export async function bumpRevision(tx: DbOrTx, id: string) {
  await tx
    .update(deployments)
    .set({ revision: sql`${deployments.revision} + 1` })
    .where(eq(deployments.id, id));
}

/** A page of deployments, newest first, with the per-deployment item counts the portfolio shows. */
export function listDeployments(
  tx: DbOrTx,
  visible: SQL | undefined,
  opts: { limit: number; after?: { createdAt: Date; id: string } | undefined; status?: string | undefined; today: string },
) {
  const where = [visible];
  if (opts.status) where.push(eq(deployments.status, opts.status as DeploymentRow['status']));
  if (opts.after) {
    where.push(
      or(
        lt(deployments.createdAt, opts.after.createdAt),
        and(eq(deployments.createdAt, opts.after.createdAt), lt(deployments.id, opts.after.id)),
      ),
    );
  }
  const i = deploymentItems;
  return tx
    .select({
      deployment: deployments,
      clientName: organizations.name,
      items: sql<ItemStateRow[]>`coalesce((select json_agg(json_build_object(
          'key', ${i.key}, 'kind', ${i.kind}, 'phaseKey', ${i.phaseKey}, 'sectionKey', ${i.sectionKey}, 'state', ${i.state},
          'optional', ${i.optional}, 'dueEnd', ${i.dueEnd}))
        from ${i} where ${i.deploymentId} = ${deployments.id}), '[]'::json)`,
    })
    .from(deployments)
    .innerJoin(organizations, eq(organizations.id, deployments.clientOrgId))
    .where(and(...where))
    .orderBy(desc(deployments.createdAt), desc(deployments.id))
    .limit(opts.limit + 1);
}

export interface ItemStateRow {
  key: string;
  kind: 'item' | 'criterion';
  phaseKey: string;
  sectionKey: string;
  state: ItemRow['state'];
  optional: boolean;
  dueEnd: string;
}

export function itemStates(tx: DbOrTx, deploymentId: string): Promise<ItemStateRow[]> {
  return tx
    .select({
      key: deploymentItems.key,
      kind: deploymentItems.kind,
      phaseKey: deploymentItems.phaseKey,
      sectionKey: deploymentItems.sectionKey,
      state: deploymentItems.state,
      optional: deploymentItems.optional,
      dueEnd: deploymentItems.dueEnd,
    })
    .from(deploymentItems)
    .where(eq(deploymentItems.deploymentId, deploymentId))
    .orderBy(asc(deploymentItems.ordinal));
}

export function itemShifts(tx: DbOrTx, deploymentId: string) {
  return tx
    .select({ id: deploymentItems.id, key: deploymentItems.key, shiftDays: deploymentItems.shiftDays, state: deploymentItems.state, dueStart: deploymentItems.dueStart, dueEnd: deploymentItems.dueEnd })
    .from(deploymentItems)
    .where(eq(deploymentItems.deploymentId, deploymentId));
}

export async function setItemWindow(tx: DbOrTx, id: string, w: { dueStart: string; dueEnd: string; shiftDays: number }) {
  await tx.update(deploymentItems).set(w).where(eq(deploymentItems.id, id));
}
