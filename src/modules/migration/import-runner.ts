import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type PgBoss from 'pg-boss';
import type { Db } from '../../db/client.ts';
import type { AccessCache } from '../../auth/access-cache.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { insertBlob } from '../evidence/evidence.repo.ts';
import type { BlobStore } from '../evidence/blob-store.ts';
import { bumpRevision } from '../deployments/deployments.repo.ts';
import { isFinished } from '../deployments/status.ts';
import type { TargetGuard } from '../checks/target-guard.ts';
import type { Mapping } from './engine/mapping.ts';
import { runImport, type ImportOptions, type ImportProgress, type ImportResult } from './engine/import.ts';
import { assertTargetAllowed, openTargetUrl, redactTarget } from './import-target.ts';
import { isUserProblem } from './user-problems.ts';
import { recordImportEvidence } from './migration-evidence.ts';
import type { ImportJobData } from './migration-queue.ts';
import * as repo from './migration.repo.ts';
import type { ImportRunRow } from './migration.repo.ts';

/**
 * What a worker does with one `migration.import` job: take the run's lease, run the engine on
 * the uploaded file into the environment's target, write progress about once a second (which
 * also renews the lease and hears a request to stop), then record the result, the rejects file
 * and the evidence in one transaction.
 *
 * Exactly once: job delivery is at least once, and only the worker holding the run's lease
 * imports it. A worker that dies leaves the lease to lapse; the next attempt (a pg-boss retry or
 * the sweep) takes the run and the engine resumes from its checkpoint, which it writes in the
 * same transaction as each batch — so every valid row is loaded once.
 */
export type ImportRunner = ReturnType<typeof createImportRunner>;

const LEASE_SECONDS = 60;
const RENEW_MS = 10_000;
const PROGRESS_MS = 1_000;
/** A file that kills its worker every time stops being retried. */
const MAX_ATTEMPTS = 5;


export function createImportRunner(deps: { db: Db; box: SecretBox; blobs: BlobStore; guard: TargetGuard; cache: AccessCache; workDir: string; log?: Logger | undefined }) {
  const { db, box, blobs, guard, cache, log } = deps;
  /** Imports in flight in this process, to stop at shutdown (between batches: the checkpoint holds). */
  const inFlight = new Set<() => void>();

  /** Fails a run this worker holds, with a message for people. */
  async function fail(run: ImportRunRow, owner: string, message: string) {
    await db.transaction(async (tx) => {
      if (!(await repo.lockHeldRun(tx, run.id, owner))) return;
      await repo.updateRun(tx, run.id, { status: 'failed', error: message.slice(0, 2000), finishedAt: new Date(), leaseOwner: null, leaseUntil: null });
      await recordAudit(tx, { workspaceId: run.workspaceId, userId: null }, { action: 'migration.import.fail', subjectType: 'import_run', subjectId: run.id, deploymentId: run.deploymentId, data: { error: message.slice(0, 500) } });
    });
  }

  /** The rejects CSV into the blob store (none when the engine wrote nothing). */
  async function storeRejects(file: string) {
    const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
    if (!size) return null;
    return blobs.save(fs.createReadStream(file));
  }

  async function finish(run: ImportRunRow, owner: string, result: ImportResult, rejectsPath: string, stoppedBy: 'cancel' | null) {
    const rejects = await storeRejects(rejectsPath);
    const status = stoppedBy || result.status === 'stopped_max_rejects' ? 'stopped' : 'completed';
    const error =
      stoppedBy === 'cancel'
        ? 'Stopped on request; the rows loaded so far stay, and a new import of the same file adds only the rest.'
        : result.status === 'stopped_max_rejects'
          ? `Stopped after ${result.rowsRejected} rejects (the limit was ${describeLimit(run.maxRejects)}). Fix the file or the mapping and import it again: rows already loaded are not loaded twice.`
          : null;
    let itemsChanged = false;
    await db.transaction(async (tx) => {
      if (!(await repo.lockHeldRun(tx, run.id, owner))) return; // another worker took over meanwhile: its record wins
      if (rejects) await insertBlob(tx, rejects);
      const { runId: _engineRun, ...progress } = result;
      await repo.updateRun(tx, run.id, {
        status,
        error,
        result,
        progress: progressOf(progress),
        rejectsByReason: result.rejectsByReason as Record<string, number>,
        rejectsSha256: rejects?.sha256 ?? null,
        rejectsSize: rejects?.size ?? null,
        finishedAt: new Date(),
        leaseOwner: null,
        leaseUntil: null,
      });
      await recordAudit(tx, { workspaceId: run.workspaceId, userId: null }, { action: `migration.import.${status === 'completed' ? 'complete' : 'stop'}`, subjectType: 'import_run', subjectId: run.id, deploymentId: run.deploymentId, data: { rowsRead: result.rowsRead, rowsLoaded: result.rowsLoaded, rowsRejected: result.rowsRejected, durationMs: result.durationMs } });
      const context = await repo.runContext(tx, run.workspaceId, run.deploymentId);
      if (status === 'completed' && context && !isFinished(context.deploymentStatus)) itemsChanged = await recordImportEvidence(tx, run, result);
      if (itemsChanged) await bumpRevision(tx, run.deploymentId);
    });
    if (itemsChanged) cache.forgetDeployment(run.deploymentId);
  }

  /** Runs the engine while renewing the lease; writes progress at most once a second and stops when asked. */
  async function importWithLease(run: ImportRunRow, owner: string, target: ImportOptions['target'], rejectsPath: string, resume: boolean) {
    const abort = new AbortController();
    // Set from the lease writes (closures), read after the engine returns.
    const stop: { by: 'cancel' | 'lease' | 'shutdown' | null } = { by: null };
    const shutdown = () => {
      stop.by ??= 'shutdown';
      abort.abort();
    };
    inFlight.add(shutdown);
    let pending: ImportProgress | null = null;
    let lastWrite = 0;
    let writing: Promise<void> = Promise.resolve();
    const renew = (progress?: ImportProgress) => {
      writing = writing.then(async () => {
        const held = await repo.renewLease(db, run.id, owner, LEASE_SECONDS, progress ? progressOf(progress) : undefined).catch((e: unknown) => {
          log?.warn({ err: e, run: run.id }, 'could not renew an import lease');
          return { cancelRequested: false }; // a blip: the lease has 60 s to spare
        });
        if (!held) stop.by ??= 'lease';
        else if (held.cancelRequested) stop.by ??= 'cancel';
        if (stop.by) abort.abort();
      });
    };
    const timer = setInterval(() => renew(pending ?? undefined), RENEW_MS);
    try {
      const result = await runImport({
        file: blobs.pathOf(run.fileSha256),
        mapping: run.mapping as Mapping,
        target,
        environment: run.environment,
        deploymentId: run.deploymentId,
        maxRejects: run.maxRejects as { count: number } | { percent: number } | null,
        resume,
        rejectsPath,
        signal: abort.signal,
        onProgress: (p) => {
          pending = p;
          if (Date.now() - lastWrite < PROGRESS_MS) return;
          lastWrite = Date.now();
          renew(p);
        },
      });
      return { result, stoppedBy: stop.by };
    } catch (e) {
      if (stop.by) return { result: null, stoppedBy: stop.by };
      throw e;
    } finally {
      inFlight.delete(shutdown);
      clearInterval(timer);
      await writing;
    }
  }

  return {
    /** Stops the imports in flight in this process; they resume elsewhere from their checkpoint. */
    shutdown() {
      for (const stop of inFlight) stop();
    },

    async handle(job: PgBoss.JobWithMetadata<ImportJobData>): Promise<void> {
      const owner = randomBytes(12).toString('hex');
      const before = await repo.findRunById(db, job.data.runId);
      if (!before || (before.status !== 'queued' && before.status !== 'running')) return; // finished, or gone
      if (before.cancelRequested && before.status === 'queued') return;
      const run = await repo.acquireRun(db, before.id, owner, LEASE_SECONDS);
      if (!run) return; // another worker holds it: this delivery is a duplicate
      if (run.attempts > MAX_ATTEMPTS) return fail(run, owner, `The import stopped ${run.attempts - 1} times without finishing (the worker ran out of memory or was stopped each time). Check the workers' logs, then import the file again.`);

      const rejectsPath = path.join(deps.workDir, run.id, 'rejects.csv');
      let url = '';
      try {
        const target = await repo.findTarget(db, run.deploymentId, run.environment);
        if (!target || target.version !== run.targetVersion) throw new AppError('conflict', `The ${run.environment} import target changed after this import was started. Start the import again to load into the new target.`);
        url = openTargetUrl(box, target);
        const context = await repo.runContext(db, run.workspaceId, run.deploymentId);
        const address = target.restricted && !context?.allowPrivateTargets ? await assertTargetAllowed(guard, url) : undefined;
        fs.mkdirSync(path.dirname(rejectsPath), { recursive: true });
        // A run that was started before resumes from the engine's checkpoint (and appends to its rejects file).
        const { result, stoppedBy } = await importWithLease(run, owner, { url, schema: target.schema, address }, rejectsPath, run.attempts > 1);
        if (stoppedBy === 'lease') return; // another worker has the run now
        // This process is stopping: let the run go at once, so the sweep queues it for another worker to resume.
        if (stoppedBy === 'shutdown') return void (await repo.releaseLease(db, run.id, owner));
        if (result) await finish(run, owner, result, rejectsPath, stoppedBy);
        else await stopWithoutResult(run, owner);
        fs.rmSync(path.dirname(rejectsPath), { recursive: true, force: true });
      } catch (e) {
        const message = redactTarget(e instanceof Error ? e.message : String(e), url);
        if (isUserProblem(e)) return fail(run, owner, message);
        if (job.retryCount >= job.retryLimit) return fail(run, owner, `The import failed after ${run.attempts} attempts: ${message}`);
        log?.warn({ run: run.id, attempt: run.attempts, err: message }, 'import attempt failed; it will be retried and resume');
        await repo.releaseLease(db, run.id, owner).catch(() => {});
        throw new Error(message);
      }
    },
  };

  /** Asked to stop and the engine ended without a result: the run is stopped with what it loaded. */
  async function stopWithoutResult(run: ImportRunRow, owner: string) {
    await db.transaction(async (tx) => {
      if (!(await repo.lockHeldRun(tx, run.id, owner))) return;
      await repo.updateRun(tx, run.id, { status: 'stopped', error: 'Stopped on request; the rows loaded so far stay, and a new import of the same file adds only the rest.', finishedAt: new Date(), leaseOwner: null, leaseUntil: null });
      await recordAudit(tx, { workspaceId: run.workspaceId, userId: null }, { action: 'migration.import.stop', subjectType: 'import_run', subjectId: run.id, deploymentId: run.deploymentId, data: {} });
    });
  }
}

const progressOf = (p: ImportProgress) => ({
  bytesRead: p.bytesRead,
  bytesTotal: p.bytesTotal,
  rowsRead: p.rowsRead,
  rowsLoaded: p.rowsLoaded,
  rowsRejected: p.rowsRejected,
  rowsSkipped: p.rowsSkipped,
  rowsAlreadyLoaded: p.rowsAlreadyLoaded,
  rowsPerSecond: p.rowsPerSecond,
  etaSeconds: p.etaSeconds,
  fraction: p.fraction,
});

const describeLimit = (limit: unknown) => {
  const l = limit as { count?: number; percent?: number } | null;
  return l?.percent !== undefined ? `${l.percent}% of the rows read` : l?.count !== undefined ? `${l.count} rejects` : 'none';
};
