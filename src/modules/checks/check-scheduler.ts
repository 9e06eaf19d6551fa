import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { checks } from '../../db/schema-checks.ts';
import { QUEUES, type JobQueue } from '../../jobs/queue.ts';
import { checkKinds } from './registry.ts';
import * as repo from './checks.repo.ts';
import { jobExpirySeconds, nextSlot, runJobId, type RunJobData } from './schedule.ts';

/**
 * Puts check runs on the job queue: manual runs at once, monitors as a chain of one job per slot
 * (schedule.ts). Every send happens after the transaction that decided it has committed.
 */
export type CheckScheduler = ReturnType<typeof createCheckScheduler>;

type Schedulable = Pick<repo.CheckRow, 'id' | 'kind' | 'timeoutMs'>;
type Chained = Schedulable & Pick<repo.CheckRow, 'intervalSeconds' | 'scheduleEpoch' | 'nextRunAt'>;

export const timeoutOf = (c: Pick<repo.CheckRow, 'kind' | 'timeoutMs'>): number => c.timeoutMs ?? checkKinds.get(c.kind)?.defaultTimeoutMs ?? 10_000;

export function createCheckScheduler({ db, queue, now = () => new Date() }: { db: Db; queue: JobQueue; now?: () => Date }) {
  async function sendSlot(c: Schedulable, epoch: number, slot: Date) {
    const data: RunJobData = { checkId: c.id, slot: slot.toISOString(), trigger: 'schedule', epoch };
    await queue.send(QUEUES.checkRun, data, {
      id: runJobId(c.id, epoch, slot),
      startAfter: slot,
      expireInSeconds: jobExpirySeconds(timeoutOf(c)),
      retryLimit: 3,
      retryDelay: 1,
    });
  }

  return {
    /** A new schedule (created, interval changed, enabled, reconfigured): older slots drop out, the first runs now. */
    async restart(checkId: string) {
      const slot = now();
      const [c] = await db
        .update(checks)
        .set({ scheduleEpoch: sql`${checks.scheduleEpoch} + 1`, nextRunAt: sql`case when ${checks.enabled} and ${checks.intervalSeconds} is not null then ${slot}::timestamptz end` })
        .where(eq(checks.id, checkId))
        .returning();
      if (c?.enabled && c.intervalSeconds) await sendSlot(c, c.scheduleEpoch, slot);
    },

    async queueManual(c: Schedulable, slot: Date) {
      const data: RunJobData = { checkId: c.id, slot: slot.toISOString(), trigger: 'manual' };
      await queue.send(QUEUES.checkRun, data, { priority: 10, expireInSeconds: jobExpirySeconds(timeoutOf(c)), retryLimit: 2, retryDelay: 1 });
    },

    /**
     * Queues, for each monitor, the slot after `slot` (idempotent) and remembers it as the chain's
     * head — many at a time: one insert of jobs, one update of the heads. A slot the chain has
     * already moved past (its retried run comes late) queues nothing: its successor exists.
     */
    async queueNext(steps: { check: Chained; slot: Date }[]) {
      const t = now();
      const next = steps
        .filter(({ check: c, slot }) => c.intervalSeconds && !(c.nextRunAt && c.nextRunAt.getTime() > slot.getTime()))
        .map(({ check: c, slot }) => ({ c, at: nextSlot(slot, c.intervalSeconds!, t) }));
      if (!next.length) return;
      await queue.insert(
        next.map(({ c, at }) => ({
          id: runJobId(c.id, c.scheduleEpoch, at),
          name: QUEUES.checkRun,
          data: { checkId: c.id, slot: at.toISOString(), trigger: 'schedule', epoch: c.scheduleEpoch } satisfies RunJobData,
          startAfter: at.toISOString(),
          expireInSeconds: jobExpirySeconds(timeoutOf(c)),
          retryLimit: 3,
          retryDelay: 1,
        })),
      );
      const values = sql.join(next.map(({ c, at }) => sql`(${c.id}::uuid, ${c.scheduleEpoch}::int, ${at.toISOString()}::timestamptz)`), sql`, `);
      await db.execute(sql`
        update checks set next_run_at = v.next
        from (values ${values}) as v (id, epoch, next)
        where checks.id = v.id and checks.schedule_epoch = v.epoch and (checks.next_run_at is null or checks.next_run_at < v.next)`);
    },

    /** Restarts the chains that stalled (see repo.stalledMonitors); returns how many. */
    async sweep(): Promise<number> {
      const stalled = await repo.stalledMonitors(db, now(), 1000);
      for (const c of stalled) await this.restart(c.id);
      return stalled.length;
    },
  };
}
