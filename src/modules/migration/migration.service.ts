import type { Readable } from 'node:stream';
import type { Db } from '../../db/client.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { isUuid, newId } from '../../lib/ids.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { insertBlob } from '../evidence/evidence.repo.ts';
import type { BlobStore } from '../evidence/blob-store.ts';
import type { TargetGuard } from '../checks/target-guard.ts';
import type { Scope } from '../items/items.service.ts';
import { MIGRATION_ENVIRONMENTS } from '../../db/schema-migration.ts';
import { assertTargetAllowed, sealTargetUrl } from './import-target.ts';
import { parseMaxRejects, resolveMapping } from './import-input.ts';
import type { ProfileName } from './engine/profiles.ts';
import { queueImport, queueReconcile } from './migration-queue.ts';
import { presentReconciliation, presentReconciliationDetail, presentRun, presentRunDetail, presentTarget, rejectsByReason, rejectsFileName } from './migration.present.ts';
import * as repo from './migration.repo.ts';
import type { Environment, ReconciliationWithPerson } from './migration.repo.ts';

export type MigrationService = ReturnType<typeof createMigrationService>;

export interface UploadInput {
  environment: Environment;
  profile?: ProfileName | undefined;
  mapping?: string | undefined;
  maxRejects?: string | undefined;
  stream: Readable;
  fileName: string;
}

type Page = { cursor?: string | undefined; limit: number; environment?: Environment | undefined };

/**
 * Data migration in the product: an environment's import target, imports of uploaded exports
 * (queued for a worker, see import-runner.ts), their rejects, and reconciliations of what was
 * loaded (reconcile-runner.ts), whose results become the migration items' evidence.
 */
export function createMigrationService(deps: { db: Db; box: SecretBox; guard: TargetGuard; queue: JobQueue; blobs: BlobStore }) {
  const { db, box, guard, queue, blobs } = deps;

  async function runOrThrow(scope: Scope, id: string) {
    const r = isUuid(id) ? await repo.findRun(db, scope.access.deploymentId, id) : undefined;
    if (!r) throw notFound('The import');
    return r;
  }

  async function reconciliationOrThrow(scope: Scope, id: string) {
    const r = isUuid(id) ? await repo.findReconciliation(db, scope.access.deploymentId, id) : undefined;
    if (!r) throw notFound('The reconciliation');
    return r;
  }

  async function importsOf(recs: ReconciliationWithPerson[]) {
    const runs = await repo.runsByIds(db, [...new Set(recs.flatMap((r) => r.rec.importRunIds))]);
    const byId = new Map(runs.map((r) => [r.id, { id: r.id, fileName: r.fileName, sourceSystem: r.sourceSystem }]));
    return (rec: ReconciliationWithPerson) => rec.rec.importRunIds.flatMap((id) => byId.get(id) ?? []);
  }

  const after = (cursor: string | undefined) => {
    if (!cursor) return undefined;
    const c = decodeCursor(cursor);
    if (!isUuid(c.id)) throw new AppError('bad_request', 'The cursor is not valid. Use the nextCursor from the previous page, or omit it.');
    return { t: new Date(c.t), id: c.id };
  };
  const nextCursor = <T>(rows: T[], limit: number, key: (r: T) => { createdAt: Date; id: string }) => {
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return last ? encodeCursor({ t: key(last).createdAt.toISOString(), id: key(last).id }) : null;
  };

  return {
    async targets(scope: Scope) {
      const rows = await repo.listTargets(db, scope.access.deploymentId);
      return { items: MIGRATION_ENVIRONMENTS.map((env) => presentTarget(env, rows.find((r) => r.target.environment === env))) };
    },

    /** Sets where an environment's imports load; a client user's target is vetted like their checks' targets. */
    async setTarget(scope: Scope, environment: Environment, input: { url: string; schema: string }) {
      const restricted = scope.actor.workspaceRole === 'client_user';
      if (restricted && !(await repo.allowsPrivateTargets(db, scope.actor.workspaceId))) {
        try {
          await assertTargetAllowed(guard, input.url);
        } catch (e) {
          throw new AppError('validation_failed', `The import target is refused: ${(e as Error).message}`);
        }
      }
      const deploymentId = scope.access.deploymentId;
      await db.transaction(async (tx) => {
        const saved = await repo.upsertTarget(tx, { deploymentId, environment, workspaceId: scope.actor.workspaceId, urlSealed: sealTargetUrl(box, deploymentId, environment, input.url), schema: input.schema, restricted, updatedBy: scope.actor.userId });
        // The URL carries a password: the audit trail says that it changed, not what it is.
        await recordAudit(tx, scope.actor, { action: 'migration.target.set', subjectType: 'import_target', subjectId: `${deploymentId}:${environment}`, deploymentId, data: { environment, schema: input.schema, restricted, version: saved.version } });
      });
      return (await this.targets(scope)).items.find((t) => t.environment === environment)!;
    },

    /** Stores the uploaded export and queues its import: 202 with the queued run. */
    async startImport(scope: Scope, input: UploadInput) {
      const deploymentId = scope.access.deploymentId;
      const target = await repo.findTarget(db, deploymentId, input.environment);
      if (!target) throw new AppError('unprocessable', `Set the ${input.environment} import target (the PostgreSQL database and schema to load into) before uploading a file.`);
      const { mapping, profile } = resolveMapping(input);
      const maxRejects = parseMaxRejects(input.maxRejects);
      const blob = await blobs.save(input.stream);
      const id = newId();
      const run = await db.transaction(async (tx) => {
        await insertBlob(tx, blob);
        const row = await repo.insertRun(tx, {
          id,
          workspaceId: scope.actor.workspaceId,
          deploymentId,
          environment: input.environment,
          targetVersion: target.version,
          fileSha256: blob.sha256,
          fileName: input.fileName,
          fileSize: blob.size,
          profile,
          mapping,
          sourceSystem: mapping.sourceSystem,
          maxRejects,
          startedBy: scope.actor.userId,
        });
        await recordAudit(tx, scope.actor, { action: 'migration.import.start', subjectType: 'import_run', subjectId: id, deploymentId, data: { environment: input.environment, fileName: input.fileName, sha256: blob.sha256, size: blob.size, profile, sourceSystem: mapping.sourceSystem, maxRejects } });
        return row;
      });
      await queueImport(queue, id);
      return presentRun({ run, startedByName: scope.actor.displayName });
    },

    async imports(scope: Scope, q: Page) {
      const rows = await repo.listRuns(db, scope.access.deploymentId, { environment: q.environment, after: after(q.cursor), limit: q.limit });
      return { items: rows.slice(0, q.limit).map(presentRun), nextCursor: nextCursor(rows, q.limit, (r) => r.run) };
    },

    async getImport(scope: Scope, id: string) {
      return presentRunDetail(await runOrThrow(scope, id));
    },

    async rejects(scope: Scope, id: string) {
      const { run } = await runOrThrow(scope, id);
      const byReason = rejectsByReason(run.rejectsByReason ?? {});
      return {
        total: byReason.reduce((n, r) => n + r.count, 0),
        byReason,
        file: run.rejectsSha256 ? { name: rejectsFileName(run.fileName), size: run.rejectsSize ?? 0 } : null,
      };
    },

    async rejectsFile(scope: Scope, id: string) {
      const { run } = await runOrThrow(scope, id);
      if (!run.rejectsSha256) throw notFound('The rejects file of this import');
      return { stream: blobs.openRead(run.rejectsSha256), fileName: rejectsFileName(run.fileName), size: run.rejectsSize ?? 0 };
    },

    /** Stops an import: at once when it is still queued, else at the worker's next progress report. */
    async cancel(scope: Scope, id: string) {
      await db.transaction(async (tx) => {
        const run = isUuid(id) ? await repo.lockRun(tx, scope.access.deploymentId, id) : undefined;
        if (!run) throw notFound('The import');
        if (run.status !== 'queued' && run.status !== 'running') throw new AppError('conflict', `This import has already ${run.status === 'failed' ? 'failed' : run.status === 'stopped' ? 'stopped' : 'completed'}; there is nothing to stop.`);
        if (run.status === 'queued') await repo.updateRun(tx, run.id, { status: 'stopped', cancelRequested: true, error: `Stopped by ${scope.actor.displayName} before it started.`, finishedAt: new Date() });
        else await repo.updateRun(tx, run.id, { cancelRequested: true });
        await recordAudit(tx, scope.actor, { action: 'migration.import.cancel', subjectType: 'import_run', subjectId: run.id, deploymentId: run.deploymentId, data: { status: run.status } });
      });
      return presentRun(await runOrThrow(scope, id));
    },

    /**
     * Queues a reconciliation of the environment's completed imports into its current target
     * (a file imported twice counts once, with its latest run's mapping).
     */
    async reconcile(scope: Scope, environment: Environment) {
      const deploymentId = scope.access.deploymentId;
      const target = await repo.findTarget(db, deploymentId, environment);
      if (!target) throw new AppError('unprocessable', `Set the ${environment} import target and import files into it before reconciling.`);
      const seen = new Set<string>();
      const runs = (await repo.completedRuns(db, deploymentId, environment, target.version)).filter((r) => {
        const key = `${r.fileSha256}|${r.sourceSystem}`;
        return !seen.has(key) && !!seen.add(key);
      });
      if (!runs.length) throw new AppError('unprocessable', `No ${environment} import has completed into the current target yet. Import the exports first, then reconcile them.`);
      const id = newId();
      const rec = await db.transaction(async (tx) => {
        const row = await repo.insertReconciliation(tx, { id, workspaceId: scope.actor.workspaceId, deploymentId, environment, targetVersion: target.version, importRunIds: runs.map((r) => r.id), requestedBy: scope.actor.userId });
        await recordAudit(tx, scope.actor, { action: 'migration.reconcile', subjectType: 'reconciliation', subjectId: id, deploymentId, data: { environment, imports: runs.map((r) => r.id) } });
        return row;
      });
      await queueReconcile(queue, id);
      const r = { rec, requestedByName: scope.actor.displayName };
      return presentReconciliation(r, (await importsOf([r]))(r));
    },

    async reconciliations(scope: Scope, q: Page) {
      const rows = await repo.listReconciliations(db, scope.access.deploymentId, { environment: q.environment, after: after(q.cursor), limit: q.limit });
      const page = rows.slice(0, q.limit);
      const imports = await importsOf(page);
      return { items: page.map((r) => presentReconciliation(r, imports(r))), nextCursor: nextCursor(rows, q.limit, (r) => r.rec) };
    },

    async getReconciliation(scope: Scope, id: string) {
      const r = await reconciliationOrThrow(scope, id);
      return presentReconciliationDetail(r, (await importsOf([r]))(r));
    },
  };
}
