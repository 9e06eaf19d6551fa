import type { Db } from '../../db/client.ts';
import type { Actor } from '../../auth/actor.ts';
import { requirePermission } from '../../auth/require.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { isUuid } from '../../lib/ids.ts';
import { isoNow } from '../../lib/present.ts';
import { listAudit } from './audit.repo.ts';

export type AuditService = ReturnType<typeof createAuditService>;

/** The workspace's audit trail, newest first: who changed what, when, from which request. */
export function createAuditService({ db }: { db: Db }) {
  return {
    async list(actor: Actor, opts: { deploymentId?: string | undefined; cursor?: string | undefined; limit: number }) {
      requirePermission(actor, 'audit.read');
      if (opts.deploymentId && !isUuid(opts.deploymentId)) return { items: [], nextCursor: null };
      const before = opts.cursor ? decodeCursor<{ id: number }>(opts.cursor).id : undefined;
      const rows = await listAudit(db, actor.workspaceId, { before: typeof before === 'number' ? before : undefined, limit: opts.limit + 1, deploymentId: opts.deploymentId });
      const page = rows.slice(0, opts.limit);
      const last = page.at(-1);
      return {
        items: page.map((e) => ({
          id: e.id,
          at: isoNow(e.at),
          actorId: e.actorId,
          action: e.action,
          subjectType: e.subjectType,
          subjectId: e.subjectId,
          deploymentId: e.deploymentId,
          requestId: e.requestId,
          data: e.data as Record<string, unknown>,
        })),
        nextCursor: rows.length > opts.limit && last ? encodeCursor({ id: last.id }) : null,
      };
    },
  };
}
