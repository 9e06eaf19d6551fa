import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/client.ts';

/**
 * Background work goes through pg-boss in the same PostgreSQL (or PGlite) as everything else:
 * a service enqueues after its transaction commits, any number of worker processes take jobs
 * with SKIP LOCKED, and a job whose worker died is retried once it expires (ADR 0007).
 * pg-boss shares the application's connections through `executeSql`.
 */
export type JobQueue = PgBoss;

export interface JobQueueOptions {
  /** How often expired jobs (their worker died) are failed into a retry, and other upkeep runs. */
  maintenanceSeconds: number;
  log?: Logger | undefined;
}

/** The queues Golive uses, made at start so a send never races the first worker. */
export const QUEUES = {
  checkRun: 'check.run',
  checkAlert: 'check.alert',
  checkSweep: 'check.sweep',
  checkRollup: 'check.rollup',
  checkCriteria: 'check.criteria',
} as const;

export async function openJobQueue(database: Database, opts: JobQueueOptions): Promise<JobQueue> {
  const boss = new PgBoss({
    db: { executeSql: (text, values) => database.executeSql(text, values) },
    maintenanceIntervalSeconds: opts.maintenanceSeconds,
    monitorStateIntervalSeconds: Math.max(opts.maintenanceSeconds, 10),
    // Completed jobs are history we keep elsewhere (check_runs); the queue stays small.
    archiveCompletedAfterSeconds: 3600,
    deleteAfterDays: 2,
  });
  boss.on('error', (e) => opts.log?.error({ err: e }, 'job queue error'));
  await boss.start();
  for (const name of Object.values(QUEUES)) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, policy: 'standard' });
  }
  return boss;
}
