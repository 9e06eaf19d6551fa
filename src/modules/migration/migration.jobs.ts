import type { Logger } from 'pino';
import type { Db } from '../../db/client.ts';
import { QUEUES, type JobQueue } from '../../jobs/queue.ts';
import { startJobPool, type JobPool } from '../../jobs/pool.ts';
import type { ImportRunner } from './import-runner.ts';
import type { ReconcileRunner } from './reconcile-runner.ts';
import { queueImport, type ImportJobData, type ReconcileJobData } from './migration-queue.ts';
import { strandedRuns } from './migration.repo.ts';

/**
 * The migration module's workers: imports and reconciliations (one of each at a time per
 * process: both stream whole files and keep a database connection busy), and a sweep every
 * minute that queues again the imports no worker is on (a lapsed lease, or a send lost between
 * commit and queue), which then resume from their checkpoint.
 */
export interface MigrationWorkerDeps {
  db: Db;
  queue: JobQueue;
  importer: ImportRunner;
  reconciler: ReconcileRunner;
  log?: Logger | undefined;
  now?: () => Date;
}

/** A queued import this old with no worker on it lost its job (a crash between commit and send). */
const QUEUED_GRACE_MS = 10 * 60_000;

export async function sweepImports(db: Db, queue: JobQueue, now: Date): Promise<number> {
  const stranded = await strandedRuns(db, new Date(now.getTime() - QUEUED_GRACE_MS), 100);
  for (const r of stranded) await queueImport(queue, r.id);
  return stranded.length;
}

export async function startMigrationWorkers(d: MigrationWorkerDeps): Promise<{ stop(): Promise<void> }> {
  const now = d.now ?? (() => new Date());
  const pools: JobPool[] = [
    startJobPool<ImportJobData>(d.queue, QUEUES.migrationImport, { concurrency: 1, pollMs: 500, log: d.log }, (job) => d.importer.handle(job)),
    startJobPool<ReconcileJobData>(d.queue, QUEUES.migrationReconcile, { concurrency: 1, pollMs: 500, log: d.log }, (job) => d.reconciler.handle(job)),
  ];
  await d.queue.schedule(QUEUES.migrationSweep, '* * * * *');
  const sweeper = await d.queue.work(QUEUES.migrationSweep, async () => {
    const requeued = await sweepImports(d.db, d.queue, now());
    if (requeued) d.log?.warn({ requeued }, 'queued imports that no worker was on again; they resume from their checkpoint');
  });
  // Imports left by workers that stopped (a released or lapsed lease) resume now, not in a minute.
  await sweepImports(d.db, d.queue, now());
  return {
    async stop() {
      await d.queue.offWork({ id: sweeper });
      // An import in flight stops after its current batch and lets go of its run, which another worker resumes.
      d.importer.shutdown();
      await Promise.all(pools.map((p) => p.stop()));
    },
  };
}
