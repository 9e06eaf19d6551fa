import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { checks } from '../../db/schema-checks.ts';
import { QUEUES, type JobQueue } from '../../jobs/queue.ts';
import { checkKinds } from './registry.ts';
import * as repo from './checks.repo.ts';
import { jobExpirySeconds, nextSlot, phaseFrom, runJobId, type RunJobData } from './schedule.ts';

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
    /**
     * A new schedule (created, interval changed, enabled, reconfigured, or a stalled chain): older
     * slots drop out. The first slot is now, or with an `anchor` the next slot of that phase, so a
     * stalled fleet resumes spread over its interval as it ran before.
     */
    async restart(checkId: string, anchor?: Date) {
      const t = now();
      const [c] = await db
        .update(checks)
        .set({ scheduleEpoch: sql`${checks.scheduleEpoch} + 1` })
        .where(eq(checks.id, checkId))
        .returning();
      if (!c?.enabled || !c.intervalSeconds) return void (await db.update(checks).set({ nextRunAt: null }).where(eq(checks.id, checkId)));
      const slot = anchor ? phaseFrom(anchor, c.intervalSeconds, t) : t;
      await db.update(checks).set({ nextRunAt: slot }).where(sql`${checks.id} = ${checkId} and ${checks.scheduleEpoch} = ${c.scheduleEpoch}`);
      await sendSlot(c, c.scheduleEpoch, slot);
    },

    async queueManual(c: Schedulable, slot: Date) {
      const data: RunJobData = { checkId: c.id, slot: slot.toISOString(), trigger: 'manual' };
      await queue.send(QUEUES.checkRun, data, { priority: 10, expireInSeconds: jobExpirySeconds(timeoutOf(c)), retryLimit: 2, retryDelay: 1 });
    },

    /**
     * Queues, for each monitor, the slot after `slot` (idempotent; many at a time, one insert) and
     * returns it — the chain's new head, which the run's record writes as `next_run_at`. A slot the
     * chain has already moved past (its retried run comes late) queues nothing: its successor exists.
     */
    async queueNext(steps: { check: Chained; slot: Date }[]): Promise<(Date | null)[]> {
      const t = now();
      const next = steps.map(({ check: c, slot }) => (c.intervalSeconds && !(c.nextRunAt && c.nextRunAt.getTime() > slot.getTime()) ? nextSlot(slot, c.intervalSeconds, t) : null));
      const jobs = steps.flatMap(({ check: c }, i) => {
        const at = next[i];
        if (!at) return [];
        const data: RunJobData = { checkId: c.id, slot: at.toISOString(), trigger: 'schedule', epoch: c.scheduleEpoch };
        return [{ id: runJobId(c.id, c.scheduleEpoch, at), name: QUEUES.checkRun, data, startAfter: at.toISOString(), expireInSeconds: jobExpirySeconds(timeoutOf(c)), retryLimit: 3, retryDelay: 1 }];
      });
      if (jobs.length) await queue.insert(jobs);
      return next;
    },

    /** Restarts the chains that stalled (see repo.stalledMonitors); returns how many. */
    async sweep(): Promise<number> {
      const stalled = await repo.stalledMonitors(db, now(), 1000);
      for (const c of stalled) await this.restart(c.id, c.nextRunAt ?? undefined);
      return stalled.length;
    },
  };
}
