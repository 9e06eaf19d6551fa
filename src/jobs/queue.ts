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
  migrationImport: 'migration.import',
  migrationReconcile: 'migration.reconcile',
  migrationSweep: 'migration.sweep',
} as const;

/**
 * Queues that are not `standard`. An import's job carries its run id as singleton key, and a
 * `short` queue keeps at most one waiting job per key: the sweep that queues an import again
 * adds nothing while one is still waiting for a worker.
 */
const POLICIES: Partial<Record<string, PgBoss.QueuePolicy>> = { [QUEUES.migrationImport]: 'short' };

export async function openJobQueue(database: Database, opts: JobQueueOptions): Promise<JobQueue> {
  const boss = new PgBoss({
    db: { executeSql: (text, values) => database.executeSql(text, values) },
    maintenanceIntervalSeconds: opts.maintenanceSeconds,
    monitorStateIntervalSeconds: Math.max(opts.maintenanceSeconds, 10),
    // Completed jobs are history kept elsewhere (check_runs). Left in the job table they slow every
    // fetch (bench/monitors: 9 ms a fetch after 2.5 minutes at 10,000 runs a minute), so they move out
    // within minutes and the archive keeps hours, not days. Failed jobs stay a day for a look.
    archiveCompletedAfterSeconds: 300,
    archiveFailedAfterSeconds: 86_400,
    deleteAfterHours: 6,
  });
  boss.on('error', (e) => opts.log?.error({ err: e }, 'job queue error'));
  await boss.start();
  for (const name of Object.values(QUEUES)) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, policy: POLICIES[name] ?? 'standard' });
  }
  await vacuumOften(database, QUEUES.checkRun);
  return boss;
}

/**
 * Every run job is inserted, taken and completed within its minute: at thousands a minute the
 * fetch index fills with dead entries faster than the default autovacuum (20% of the table) clears
 * them. Vacuum the run queue's partition after 1% instead. PostgreSQL only: PGlite has no autovacuum.
 */
async function vacuumOften(database: Database, queue: string) {
  if (database.kind !== 'postgres') return;
  const { rows } = await database.executeSql('select partition_name from pgboss.queue where name = $1', [queue]);
  const table = rows[0]?.partition_name as string | undefined;
  if (!table || !/^j[0-9a-f]+$/.test(table)) return;
  await database.executeSql(`alter table pgboss.${table} set (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0)`);
}
