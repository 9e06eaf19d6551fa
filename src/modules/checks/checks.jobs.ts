import type { Logger } from 'pino';
import type { Db } from '../../db/client.ts';
import { QUEUES, type JobQueue } from '../../jobs/queue.ts';
import { startJobPool, type JobPool } from '../../jobs/pool.ts';
import type { CheckRunner } from './check-runner.ts';
import type { CheckScheduler } from './check-scheduler.ts';
import type { AlertJob, Alerts } from './alerts.ts';
import { rollUpRuns } from './latency.repo.ts';
import { judgeEndedCriteria } from './criteria.ts';
import type { MonitorReadings } from './monitor-readings.ts';
import type { RunJobData } from './schedule.ts';

/**
 * The checks module's workers: runs (manual and monitor slots), alert deliveries, and cron
 * jobs — the sweep that restarts stalled monitor chains, the hourly roll-up of raw runs past
 * their retention, and the judging of success criteria whose window ended. Any number of
 * processes may run these at once.
 */
export interface CheckWorkerDeps {
  db: Db;
  queue: JobQueue;
  runner: CheckRunner;
  scheduler: CheckScheduler;
  alerts: Alerts;
  readings: MonitorReadings;
  concurrency: number;
  retentionDays: number;
  log?: Logger | undefined;
  now?: () => Date;
}

export async function startCheckWorkers(d: CheckWorkerDeps): Promise<{ stop(): Promise<void> }> {
  const now = d.now ?? (() => new Date());
  const pools: JobPool[] = [
    // Asks for due slots every 200 ms when idle: lag stays low and each poll starts a small burst.
    startJobPool<RunJobData>(d.queue, QUEUES.checkRun, { concurrency: d.concurrency, pollMs: 200, log: d.log }, (job) => d.runner.handle(job.data)),
    startJobPool<AlertJob>(d.queue, QUEUES.checkAlert, { concurrency: 10, pollMs: 1000, log: d.log }, (job) => d.alerts.deliver(job.data)),
  ];
  await d.queue.schedule(QUEUES.checkSweep, '* * * * *');
  await d.queue.schedule(QUEUES.checkRollup, '7 * * * *');
  await d.queue.schedule(QUEUES.checkCriteria, '*/10 * * * *');
  const cronWorkers = [
    await d.queue.work(QUEUES.checkSweep, async () => {
      const restarted = await d.scheduler.sweep();
      if (restarted) d.log?.warn({ restarted }, 'restarted stalled monitor schedules');
    }),
    await d.queue.work(QUEUES.checkRollup, async () => {
      const cutoff = new Date(Math.floor((now().getTime() - d.retentionDays * 86_400_000) / 3_600_000) * 3_600_000);
      const moved = await rollUpRuns(d.db, cutoff);
      if (moved) d.log?.info({ moved, cutoff }, 'rolled up check runs');
    }),
    await d.queue.work(QUEUES.checkCriteria, async () => {
      const judged = await judgeEndedCriteria(d.db, d.readings, now());
      if (judged) d.log?.info({ judged }, 'judged success criteria measured by monitors');
    }),
  ];
  // A chain that stalled while no worker ran (everything was down) resumes now, not in a minute.
  await d.scheduler.sweep();
  return {
    async stop() {
      for (const id of cronWorkers) await d.queue.offWork({ id });
      await Promise.all(pools.map((p) => p.stop()));
    },
  };
}
