import fs from 'node:fs';
import type { Logger } from 'pino';
import type PgBoss from 'pg-boss';
import type { Db } from '../../db/client.ts';
import type { AccessCache } from '../../auth/access-cache.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { BlobStore } from '../evidence/blob-store.ts';
import { bumpRevision } from '../deployments/deployments.repo.ts';
import { isFinished } from '../deployments/status.ts';
import type { TargetGuard } from '../checks/target-guard.ts';
import type { Mapping } from './engine/mapping.ts';
import { reconcile } from './engine/reconcile/reconcile.ts';
import { assertTargetAllowed, openTargetUrl, redactTarget } from './import-target.ts';
import { isUserProblem } from './user-problems.ts';
import { applyReconciliation } from './migration-evidence.ts';
import type { ReconcileJobData } from './migration-queue.ts';
import * as repo from './migration.repo.ts';
import type { ReconciliationRow } from './migration.repo.ts';

/**
 * One `migration.reconcile` job: re-read the files of the reconciliation's imports and compare
 * them with the target (engine/reconcile), then record the report and what it means for the
 * migration items (migration-evidence.ts) in one transaction. It only reads the target, so a
 * retried delivery simply runs it again.
 */
export type ReconcileRunner = ReturnType<typeof createReconcileRunner>;


/** `workDir`: where large files' spill partitions go (engine/reconcile/spill.ts) — on the data disk, not a RAM-backed /tmp. */
export function createReconcileRunner(deps: { db: Db; box: SecretBox; blobs: BlobStore; guard: TargetGuard; cache: AccessCache; workDir: string; log?: Logger | undefined }) {
  const { db, box, blobs, guard, cache } = deps;

  async function fail(rec: ReconciliationRow, message: string) {
    await db.transaction(async (tx) => {
      const row = await repo.lockReconciliation(tx, rec.id);
      if (row?.status !== 'running') return;
      await repo.updateReconciliation(tx, rec.id, { status: 'failed', error: message.slice(0, 2000), finishedAt: new Date() });
      await recordAudit(tx, { workspaceId: rec.workspaceId, userId: null }, { action: 'migration.reconcile.fail', subjectType: 'reconciliation', subjectId: rec.id, deploymentId: rec.deploymentId, data: { error: message.slice(0, 500) } });
    });
  }

  return {
    async handle(job: PgBoss.JobWithMetadata<ReconcileJobData>): Promise<void> {
      const rec = await repo.startReconciliation(db, job.data.reconciliationId);
      if (!rec) return; // finished already (a duplicate delivery), or gone
      let url = '';
      try {
        const target = await repo.findTarget(db, rec.deploymentId, rec.environment);
        if (!target || target.version !== rec.targetVersion) throw new AppError('conflict', `The ${rec.environment} import target changed after this reconciliation was asked for. Import into the new target, then reconcile again.`);
        url = openTargetUrl(box, target);
        const context = await repo.runContext(db, rec.workspaceId, rec.deploymentId);
        const address = target.restricted && !context?.allowPrivateTargets ? await assertTargetAllowed(guard, url) : undefined;
        const runs = await repo.runsByIds(db, rec.importRunIds);
        const files = rec.importRunIds.flatMap((id) => runs.filter((r) => r.id === id));
        fs.mkdirSync(deps.workDir, { recursive: true });
        const report = await reconcile({
          files: files.map((r) => ({ path: blobs.pathOf(r.fileSha256), mapping: r.mapping as Mapping })),
          target: { url, schema: target.schema, address },
          tmpDir: deps.workDir,
        });

        let itemsChanged = false;
        await db.transaction(async (tx) => {
          const row = await repo.lockReconciliation(tx, rec.id);
          if (row?.status !== 'running') return;
          await repo.updateReconciliation(tx, rec.id, { status: 'completed', ok: report.ok, result: report, finishedAt: new Date() });
          await recordAudit(tx, { workspaceId: rec.workspaceId, userId: null }, { action: 'migration.reconcile.complete', subjectType: 'reconciliation', subjectId: rec.id, deploymentId: rec.deploymentId, data: { ok: report.ok, read: report.read, loaded: report.loaded, rejected: report.rejected, days: report.days.length } });
          if (context && !isFinished(context.deploymentStatus)) {
            const latestProduction = await repo.latestRun(tx, rec.deploymentId, 'production');
            itemsChanged = await applyReconciliation(tx, rec, report, { files: files.map((f) => f.fileName), latestProduction });
          }
          if (itemsChanged) await bumpRevision(tx, rec.deploymentId);
        });
        if (itemsChanged) cache.forgetDeployment(rec.deploymentId);
      } catch (e) {
        const message = redactTarget(e instanceof Error ? e.message : String(e), url);
        if (isUserProblem(e) || job.retryCount >= job.retryLimit) return fail(rec, message);
        deps.log?.warn({ reconciliation: rec.id, err: message }, 'reconciliation attempt failed; it will be retried');
        throw new Error(message);
      }
    },
  };
}
