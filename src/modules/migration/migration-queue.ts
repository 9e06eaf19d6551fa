import { QUEUES, type JobQueue } from '../../jobs/queue.ts';

/**
 * The migration module's jobs. An import can run for many minutes: its job expires only after
 * hours, and a worker that dies is noticed sooner by its lapsed lease on the run (the sweep
 * queues the run again, and the engine's checkpoint resumes it). Duplicate deliveries are
 * harmless: only the worker holding the lease runs an import, and at most one job of a run
 * waits at a time.
 */
export interface ImportJobData {
  runId: string;
}
export interface ReconcileJobData {
  reconciliationId: string;
}

export const IMPORT_JOB = { expireInSeconds: 6 * 3600, retryLimit: 3, retryDelay: 5, retryBackoff: true } as const;
export const RECONCILE_JOB = { expireInSeconds: 3600, retryLimit: 2, retryDelay: 5, retryBackoff: true } as const;

/** Queues the run's import; while a job of the run still waits for a worker, another adds nothing (the queue's `short` policy). */
export async function queueImport(queue: JobQueue, runId: string) {
  await queue.send(QUEUES.migrationImport, { runId } satisfies ImportJobData, { ...IMPORT_JOB, singletonKey: runId });
}

export async function queueReconcile(queue: JobQueue, reconciliationId: string) {
  await queue.send(QUEUES.migrationReconcile, { reconciliationId } satisfies ReconcileJobData, RECONCILE_JOB);
}
