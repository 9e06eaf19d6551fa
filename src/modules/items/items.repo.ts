import { and, asc, desc, eq, gt, inArray, isNull, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { deploymentItems, evidence, itemComments, itemHistory, users } from '../../db/schema.ts';

export type ItemRow = typeof deploymentItems.$inferSelect;
export type ItemState = ItemRow['state'];

export interface ItemFilter {
  phaseKey?: string | undefined;
  sectionKey?: string | undefined;
  state?: ItemState[] | undefined;
  /** Assigned to this user, or unassigned and owned by their role in the deployment. */
  mineFor?: { userId: string; role: string | null } | undefined;
  ownerRole?: string | undefined;
  overdueBefore?: string | undefined;
  kind?: 'item' | 'criterion' | undefined;
  afterOrdinal?: number | undefined;
}

const itemColumns = {
  item: deploymentItems,
  assigneeName: users.displayName,
  evidenceCount: sql<number>`(select count(*)::int from ${evidence} e where e.item_id = ${deploymentItems.id})`,
  commentCount: sql<number>`(select count(*)::int from ${itemComments} c where c.item_id = ${deploymentItems.id})`,
};

export function listItems(tx: DbOrTx, deploymentId: string, f: ItemFilter, limit: number) {
  const where: (SQL | undefined)[] = [eq(deploymentItems.deploymentId, deploymentId)];
  if (f.phaseKey) where.push(eq(deploymentItems.phaseKey, f.phaseKey));
  if (f.sectionKey) where.push(eq(deploymentItems.sectionKey, f.sectionKey));
  if (f.state?.length) where.push(inArray(deploymentItems.state, f.state));
  if (f.mineFor) {
    const { userId, role } = f.mineFor;
    where.push(
      role
        ? or(eq(deploymentItems.assigneeId, userId), and(isNull(deploymentItems.assigneeId), eq(deploymentItems.ownerRole, role)))
        : eq(deploymentItems.assigneeId, userId),
    );
  }
  if (f.ownerRole) where.push(eq(deploymentItems.ownerRole, f.ownerRole));
  if (f.kind) where.push(eq(deploymentItems.kind, f.kind));
  if (f.overdueBefore) {
    where.push(lt(deploymentItems.dueEnd, f.overdueBefore), notInArray(deploymentItems.state, ['done', 'not_applicable']));
  }
  if (f.afterOrdinal !== undefined) where.push(gt(deploymentItems.ordinal, f.afterOrdinal));
  return tx
    .select(itemColumns)
    .from(deploymentItems)
    .leftJoin(users, eq(users.id, deploymentItems.assigneeId))
    .where(and(...where))
    .orderBy(asc(deploymentItems.ordinal))
    .limit(limit + 1);
}

export async function findItem(tx: DbOrTx, deploymentId: string, key: string) {
  const [row] = await tx
    .select(itemColumns)
    .from(deploymentItems)
    .leftJoin(users, eq(users.id, deploymentItems.assigneeId))
    .where(and(eq(deploymentItems.deploymentId, deploymentId), eq(deploymentItems.key, key)))
    .limit(1);
  return row;
}

/** The item, locked for the rest of the transaction so concurrent changes queue up. */
export async function lockItem(tx: DbOrTx, deploymentId: string, key: string) {
  const [row] = await tx
    .select()
    .from(deploymentItems)
    .where(and(eq(deploymentItems.deploymentId, deploymentId), eq(deploymentItems.key, key)))
    .for('update');
  return row;
}

export async function updateItem(tx: DbOrTx, id: string, set: Partial<typeof deploymentItems.$inferInsert>) {
  await tx
    .update(deploymentItems)
    .set({ ...set, version: sql`${deploymentItems.version} + 1`, updatedAt: new Date() })
    .where(eq(deploymentItems.id, id));
}

export function itemsByKeys(tx: DbOrTx, deploymentId: string, keys: string[]) {
  if (!keys.length) return Promise.resolve([]);
  return tx
    .select({ key: deploymentItems.key, title: deploymentItems.title, state: deploymentItems.state })
    .from(deploymentItems)
    .where(and(eq(deploymentItems.deploymentId, deploymentId), inArray(deploymentItems.key, keys)));
}

export async function evidenceKindsOf(tx: DbOrTx, itemId: string): Promise<string[]> {
  const rows = await tx.selectDistinct({ kind: evidence.kind }).from(evidence).where(eq(evidence.itemId, itemId));
  return rows.map((r) => r.kind);
}

export async function appendHistory(tx: DbOrTx, row: typeof itemHistory.$inferInsert) {
  await tx.insert(itemHistory).values(row);
}

export function listHistory(tx: DbOrTx, itemId: string, opts: { beforeId?: number | undefined; limit: number }) {
  const where = [eq(itemHistory.itemId, itemId)];
  if (opts.beforeId) where.push(lt(itemHistory.id, opts.beforeId));
  return tx
    .select({ entry: itemHistory, actorName: users.displayName })
    .from(itemHistory)
    .leftJoin(users, eq(users.id, itemHistory.actorId))
    .where(and(...where))
    .orderBy(desc(itemHistory.id))
    .limit(opts.limit + 1);
}

export async function insertComment(tx: DbOrTx, row: typeof itemComments.$inferInsert) {
  await tx.insert(itemComments).values(row);
}

export function listComments(tx: DbOrTx, itemId: string, opts: { after?: { t: Date; id: string } | undefined; limit: number }) {
  const where: (SQL | undefined)[] = [eq(itemComments.itemId, itemId)];
  if (opts.after) {
    where.push(or(gt(itemComments.createdAt, opts.after.t), and(eq(itemComments.createdAt, opts.after.t), gt(itemComments.id, opts.after.id))));
  }
  return tx
    .select({ comment: itemComments, authorName: users.displayName })
    .from(itemComments)
    .innerJoin(users, eq(users.id, itemComments.authorId))
    .where(and(...where))
    .orderBy(asc(itemComments.createdAt), asc(itemComments.id))
    .limit(opts.limit + 1);
}
