import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { deployments, templates } from '../../db/schema.ts';

export type TemplateRow = typeof templates.$inferSelect;

/** Built-ins (no workspace) and the workspace's own. */
const visibleTo = (workspaceId: string) => or(isNull(templates.workspaceId), eq(templates.workspaceId, workspaceId));

export function listVisible(tx: DbOrTx, workspaceId: string) {
  return tx
    .select({
      id: templates.id,
      workspaceId: templates.workspaceId,
      key: templates.key,
      version: templates.version,
      name: templates.name,
      status: templates.status,
      createdAt: templates.createdAt,
    })
    .from(templates)
    .where(visibleTo(workspaceId))
    .orderBy(templates.key, desc(templates.version));
}

export async function findVersion(tx: DbOrTx, workspaceId: string, key: string, version?: number, publishedOnly = false) {
  const where = [visibleTo(workspaceId), eq(templates.key, key)];
  if (version !== undefined) where.push(eq(templates.version, version));
  if (publishedOnly) where.push(eq(templates.status, 'published'));
  const [row] = await tx
    .select()
    .from(templates)
    .where(and(...where))
    .orderBy(desc(templates.version))
    .limit(1);
  return row;
}

export async function findById(tx: DbOrTx, id: string) {
  const [row] = await tx.select().from(templates).where(eq(templates.id, id)).limit(1);
  return row;
}

export async function findBuiltin(tx: DbOrTx, key: string, version: number) {
  const [row] = await tx
    .select()
    .from(templates)
    .where(and(isNull(templates.workspaceId), eq(templates.key, key), eq(templates.version, version)))
    .limit(1);
  return row;
}

export async function nextVersion(tx: DbOrTx, workspaceId: string, key: string): Promise<number> {
  const [row] = await tx
    .select({ v: sql<number>`coalesce(max(${templates.version}), 0)::int` })
    .from(templates)
    .where(and(visibleTo(workspaceId), eq(templates.key, key)));
  return (row?.v ?? 0) + 1;
}

export async function insert(tx: DbOrTx, row: typeof templates.$inferInsert) {
  await tx.insert(templates).values(row);
}

export async function update(tx: DbOrTx, id: string, set: Partial<typeof templates.$inferInsert>) {
  await tx.update(templates).set({ ...set, updatedAt: new Date() }).where(eq(templates.id, id));
}

export async function isUsed(tx: DbOrTx, id: string): Promise<boolean> {
  const [row] = await tx.select({ id: deployments.id }).from(deployments).where(eq(deployments.templateId, id)).limit(1);
  return !!row;
}
