import type { Db, Tx } from '../../db/client.ts';
import type { Actor, DeploymentAccess } from '../../auth/actor.ts';
import type { AccessCache } from '../../auth/access-cache.ts';
import { requireDeploymentPermission } from '../../auth/require.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { jakartaToday } from '../../lib/dates.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { iso, isoNow } from '../../lib/present.ts';
import { cachedJson, type CachedJson } from '../../lib/cached-json.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { TemplatesService } from '../templates/templates.service.ts';
import * as deploymentsRepo from '../deployments/deployments.repo.ts';
import { isFinished } from '../deployments/status.ts';
import { isClosed, isOverdue } from '../progress/progress.ts';
import { itemCheckSummaries } from '../checks/checks.repo.ts';
import { hasRequiredEvidence, openDependencies } from './completion.ts';
import { insertEvidence } from '../evidence/evidence.repo.ts';
import * as repo from './items.repo.ts';
import { moveDueDate } from './move-due.ts';
import type { ItemRow, ItemState } from './items.repo.ts';

export type Scope = { actor: Actor; access: DeploymentAccess };
type CheckSummary = Awaited<ReturnType<typeof itemCheckSummaries>>[number];
export type ItemsService = ReturnType<typeof createItemsService>;

export type ItemListFilter = Omit<repo.ItemFilter, 'afterOrdinal' | 'mineFor' | 'overdueBefore'> & {
  mine?: boolean | undefined;
  overdue?: boolean | undefined;
  cursor?: string | undefined;
  limit: number;
};

export interface ItemPatch {
  state?: ItemState | undefined;
  note?: string | undefined;
  reason?: string | undefined;
  assigneeId?: string | null | undefined;
  dueOn?: string | undefined;
  version?: number | undefined;
}

/** May this actor change this item? Any item with item.update; their own with item.update_own. */
export function canChangeItem(scope: Scope, item: Pick<ItemRow, 'assigneeId' | 'ownerRole'>): boolean {
  const p = scope.access.permissions;
  if (p.has('item.update')) return true;
  return p.has('item.update_own') && (item.assigneeId === scope.actor.userId || (scope.access.role !== null && item.ownerRole === scope.access.role));
}

// Rendered item lists, keyed by everything they depend on (see listJson). Insertion-ordered: oldest first out.
const LIST_CACHE_MAX = 500;

export function createItemsService({ db, templates, cache, today = () => jakartaToday() }: { db: Db; templates: TemplatesService; cache: AccessCache; today?: () => string }) {
  const listCache = new Map<string, CachedJson>();
  function present(row: { item: ItemRow; assigneeName: string | null; evidenceCount: number; commentCount: number }, scope: Scope, checks: Map<string | null, CheckSummary>) {
    const i = row.item;
    const c = checks.get(i.key);
    return {
      key: i.key,
      kind: i.kind,
      phaseKey: i.phaseKey,
      sectionKey: i.sectionKey,
      ordinal: i.ordinal,
      title: i.title,
      done: i.doneDefinition,
      ownerRole: i.ownerRole,
      optional: i.optional,
      evidenceKinds: i.evidenceKinds,
      dependsOn: i.dependsOn,
      target: i.target,
      dueStart: i.dueStart,
      dueEnd: i.dueEnd,
      overdue: isOverdue(i, today()),
      state: i.state,
      reason: i.stateReason,
      assignee: i.assigneeId ? { id: i.assigneeId, displayName: row.assigneeName ?? '' } : null,
      evidenceCount: row.evidenceCount,
      commentCount: row.commentCount,
      checks: c ? { total: c.total, passing: c.passing, failing: c.failing, suggestsDone: !!c.suggestsDone && !isClosed(i.state) } : null,
      version: i.version,
      completedAt: iso(i.completedAt),
      updatedAt: isoNow(i.updatedAt),
      canChange: canChangeItem(scope, i),
    };
  }

  async function checkSummaries(deploymentId: string): Promise<Map<string | null, CheckSummary>> {
    return new Map((await itemCheckSummaries(db, deploymentId)).map((r) => [r.itemKey, r]));
  }

  async function findOrThrow(scope: Scope, key: string) {
    const row = await repo.findItem(db, scope.access.deploymentId, key);
    if (!row) throw notFound(`Item ${key}`);
    return row;
  }

  /** Checks that make a move to `done` honest: dependencies closed, the evidence the template asks for. */
  async function assertCanComplete(tx: Tx, item: ItemRow, noteGiven: boolean) {
    const open = await openDependencies(tx, item);
    if (open.length) {
      throw new AppError(
        'dependencies_open',
        `${item.key} cannot be done while it waits on: ${open.map((d) => `${d.key} (${d.title}, ${d.state})`).join('; ')}.`,
        { openDependencies: open },
      );
    }
    if (!(await hasRequiredEvidence(tx, item, noteGiven ? ['note'] : []))) {
      throw new AppError(
        'evidence_required',
        `${item.key} needs evidence before it is done: add one of ${item.evidenceKinds.join(', ')}${item.evidenceKinds.includes('note') ? ' (a note with the change counts)' : ''}.`,
        { accepts: item.evidenceKinds },
      );
    }
  }

  return {
    async list(scope: Scope, f: ItemListFilter) {
      const after = f.cursor ? decodeCursor<{ o: number }>(f.cursor).o : undefined;
      const rows = await repo.listItems(db, scope.access.deploymentId, {
        ...f,
        mineFor: f.mine ? { userId: scope.actor.userId, role: scope.access.role } : undefined,
        overdueBefore: f.overdue ? today() : undefined,
        afterOrdinal: typeof after === 'number' ? after : undefined,
      }, f.limit);
      const page = rows.slice(0, f.limit);
      const last = page.at(-1);
      const checks = await checkSummaries(scope.access.deploymentId);
      return {
        items: page.map((r) => present(r, scope, checks)),
        nextCursor: rows.length > f.limit && last ? encodeCursor({ o: last.item.ordinal }) : null,
      };
    },

    /**
     * The item list, rendered once and served from memory while nothing under the deployment changed.
     * The key holds the deployment's revision (bumped in every writing transaction), the day
     * (overdue flags), and the actor's standing (canChange), so a hit is never stale; several
     * processes each keep their own cache against the same revision in the database.
     */
    async listCached(scope: Scope, f: ItemListFilter): Promise<CachedJson> {
      const key = `${scope.access.deploymentId}|${scope.access.revision}|${today()}|${scope.actor.userId}|${scope.access.fingerprint}|${JSON.stringify(f)}`;
      const hit = listCache.get(key);
      if (hit !== undefined) return hit;
      const body = cachedJson(await this.list(scope, f));
      listCache.set(key, body);
      if (listCache.size > LIST_CACHE_MAX) listCache.delete(listCache.keys().next().value!);
      return body;
    },

    async get(scope: Scope, key: string) {
      return present(await findOrThrow(scope, key), scope, await checkSummaries(scope.access.deploymentId));
    },

    /** One change of an item (state, assignee, due date), recorded in history and audit in one transaction. */
    async update(scope: Scope, key: string, patch: ItemPatch) {
      await db.transaction(async (tx) => {
        const deployment = await deploymentsRepo.lockDeployment(tx, scope.access.deploymentId);
        if (!deployment) throw notFound('The deployment');
        if (isFinished(deployment.status)) throw new AppError('conflict', `The deployment is ${deployment.status}; its items can no longer change.`);
        const item = await repo.lockItem(tx, deployment.id, key);
        if (!item) throw notFound(`Item ${key}`);
        if (!canChangeItem(scope, item)) {
          throw new AppError('forbidden', `Your role (${scope.access.role ?? 'none'}) can change only items assigned to you or owned by your role; ${key} is owned by ${item.ownerRole}.`);
        }
        if (patch.version !== undefined && patch.version !== item.version) {
          throw new AppError('version_conflict', `Someone changed ${key} since you loaded it (now version ${item.version}, state ${item.state}). Reload and try again.`, { currentVersion: item.version, currentState: item.state });
        }

        const set: Parameters<typeof repo.updateItem>[2] = {};
        const changes: Record<string, unknown> = {};
        const to = patch.state;
        if (to !== undefined && to !== item.state) {
          if ((to === 'blocked' || to === 'not_applicable') && !patch.reason) {
            throw new AppError('validation_failed', `Marking ${key} ${to === 'blocked' ? 'blocked' : 'not applicable'} needs a reason.`);
          }
          if (to === 'done') await assertCanComplete(tx, item, !!patch.note);
          set.state = to;
          set.stateReason = to === 'blocked' || to === 'not_applicable' ? patch.reason! : null;
          set.completedAt = to === 'done' ? new Date() : null;
          if (to === 'done' && patch.note && item.evidenceKinds.includes('note')) {
            await insertEvidence(tx, { id: newId(), deploymentId: deployment.id, itemId: item.id, kind: 'note', note: patch.note, createdBy: scope.actor.userId });
          }
          if (deployment.status === 'planning' && to !== 'todo') {
            await deploymentsRepo.updateDeployment(tx, deployment.id, { status: 'in_progress' });
            await recordAudit(tx, scope.actor, { action: 'deployment.update', subjectType: 'deployment', subjectId: deployment.id, deploymentId: deployment.id, data: { status: { from: 'planning', to: 'in_progress', reason: `first work on ${key}` } } });
          }
        }
        if (patch.assigneeId !== undefined && patch.assigneeId !== item.assigneeId) {
          if (patch.assigneeId !== null && !(await deploymentsRepo.findMember(tx, deployment.id, patch.assigneeId))) {
            throw new AppError('unprocessable', 'Only a member of this deployment can be assigned. Add them to the deployment first.');
          }
          set.assigneeId = patch.assigneeId;
          changes.assignee = { from: item.assigneeId, to: patch.assigneeId };
        }
        if (patch.dueOn !== undefined && patch.dueOn !== item.dueEnd) {
          const moved = await moveDueDate(tx, await templates.documentById(deployment.templateId), deployment, item, patch.dueOn);
          Object.assign(set, moved.window);
          changes.due = { from: item.dueEnd, to: moved.window.dueEnd, alsoMoved: moved.alsoMoved };
          if (moved.goLiveOn !== deployment.goLiveOn) {
            await deploymentsRepo.updateDeployment(tx, deployment.id, { goLiveOn: moved.goLiveOn });
            changes.goLiveOn = { from: deployment.goLiveOn, to: moved.goLiveOn };
          }
        }
        if (set.state === undefined && !Object.keys(changes).length) {
          if (!patch.note) return;
        } else {
          await repo.updateItem(tx, item.id, set);
        }
        await deploymentsRepo.bumpRevision(tx, deployment.id);
        await repo.appendHistory(tx, {
          deploymentId: deployment.id,
          itemId: item.id,
          actorId: scope.actor.userId,
          fromState: set.state ? item.state : null,
          toState: set.state ?? null,
          note: patch.note ?? patch.reason ?? null,
          changes: Object.keys(changes).length ? changes : null,
        });
        await recordAudit(tx, scope.actor, {
          action: set.state ? 'item.state' : 'item.update',
          subjectType: 'item',
          subjectId: item.id,
          deploymentId: deployment.id,
          data: { key, ...(set.state ? { from: item.state, to: set.state, reason: patch.reason } : {}), ...changes },
        });
      });
      cache.forgetDeployment(scope.access.deploymentId);
      return this.get(scope, key);
    },

    async history(scope: Scope, key: string, opts: { cursor?: string | undefined; limit: number }) {
      const item = await findOrThrow(scope, key);
      const before = opts.cursor ? decodeCursor<{ id: number }>(opts.cursor).id : undefined;
      const rows = await repo.listHistory(db, item.item.id, { beforeId: typeof before === 'number' ? before : undefined, limit: opts.limit });
      const page = rows.slice(0, opts.limit);
      const last = page.at(-1);
      return {
        items: page.map(({ entry, actorName }) => ({
          id: entry.id,
          at: isoNow(entry.at),
          actor: entry.actorId ? { id: entry.actorId, displayName: actorName ?? '' } : null,
          from: entry.fromState,
          to: entry.toState,
          note: entry.note,
          changes: entry.changes as Record<string, unknown> | null,
        })),
        nextCursor: rows.length > opts.limit && last ? encodeCursor({ id: last.entry.id }) : null,
      };
    },

    async comments(scope: Scope, key: string, opts: { cursor?: string | undefined; limit: number }) {
      const item = await findOrThrow(scope, key);
      const after = opts.cursor ? decodeCursor(opts.cursor) : undefined;
      const rows = await repo.listComments(db, item.item.id, { after: after ? { t: new Date(after.t), id: after.id } : undefined, limit: opts.limit });
      const page = rows.slice(0, opts.limit);
      const last = page.at(-1);
      return {
        items: page.map(({ comment, authorName }) => ({ id: comment.id, body: comment.body, author: { id: comment.authorId, displayName: authorName }, createdAt: isoNow(comment.createdAt) })),
        nextCursor: rows.length > opts.limit && last ? encodeCursor({ t: last.comment.createdAt.toISOString(), id: last.comment.id }) : null,
      };
    },

    async addComment(scope: Scope, key: string, body: string) {
      requireDeploymentPermission(scope.access, 'item.comment');
      const id = newId();
      await db.transaction(async (tx) => {
        const item = await repo.lockItem(tx, scope.access.deploymentId, key);
        if (!item) throw notFound(`Item ${key}`);
        await repo.insertComment(tx, { id, deploymentId: item.deploymentId, itemId: item.id, authorId: scope.actor.userId, body });
        await deploymentsRepo.bumpRevision(tx, item.deploymentId);
        await recordAudit(tx, scope.actor, { action: 'item.comment', subjectType: 'item', subjectId: item.id, deploymentId: item.deploymentId, data: { key, commentId: id } });
      });
      cache.forgetDeployment(scope.access.deploymentId);
      return { id, body, author: { id: scope.actor.userId, displayName: scope.actor.displayName }, createdAt: new Date().toISOString() };
    },
  };
}
