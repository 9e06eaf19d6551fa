import { and, desc, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { auditEvents } from '../../db/schema.ts';

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string;
  deploymentId?: string | null;
  data?: Record<string, unknown>;
}

export interface AuditActor {
  workspaceId: string | null;
  userId: string | null;
  requestId?: string | undefined;
}

/** Called by services inside the transaction that makes the change, never after it. */
export async function recordAudit(tx: DbOrTx, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({
    workspaceId: actor.workspaceId,
    actorId: actor.userId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    deploymentId: entry.deploymentId ?? null,
    requestId: actor.requestId ?? null,
    data: entry.data ?? {},
  });
}

export function listAudit(db: DbOrTx, workspaceId: string, opts: { before?: number | undefined; limit: number; deploymentId?: string | undefined }) {
  const where = [eq(auditEvents.workspaceId, workspaceId)];
  if (opts.before) where.push(lt(auditEvents.id, opts.before));
  if (opts.deploymentId) where.push(eq(auditEvents.deploymentId, opts.deploymentId));
  return db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.id))
    .limit(opts.limit);
}
