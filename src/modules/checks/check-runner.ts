import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { AccessCache } from '../../auth/access-cache.ts';
import type { CheckResult } from './check.ts';
import { isFinished } from '../deployments/status.ts';
import { parseCheckConfig, runCheck } from './run-check.ts';
import { fillSecrets, openSecrets, redactResult } from './check-secrets.ts';
import * as repo from './checks.repo.ts';
import type { CheckForRun, CheckRow } from './checks.repo.ts';
import { isQuiet, keepsDetail, latencyOf, recordRun, type FinishedRun } from './record-run.ts';
import type { CheckScheduler } from './check-scheduler.ts';
import type { Alerts } from './alerts.ts';
import type { RunJobData } from './schedule.ts';
import type { TargetGuard } from './target-guard.ts';
import { checkRunDuration, checkRunsInFlight, checkRunsTotal, checkScheduleLag } from './check-metrics.ts';

/**
 * What a worker does with one `check.run` job: queue the monitor's next slot, run the check it
 * names for its slot (once), record the result, and queue alerts for a transition.
 * Whatever the target does, the run ends as a result; only a database failure throws (and the
 * queue retries the job, which then finds its slot's result if it had been stored).
 *
 * The database work of jobs that run at the same time is gathered into a few statements
 * (DataLoader batches what arrives within a few milliseconds): loading their checks, queueing
 * their next slots, and writing the runs that change nothing but the check's last result. At
 * thousands of monitors a minute that, not the probes, is what the workers would spend on.
 */
export type CheckRunner = ReturnType<typeof createCheckRunner>;

interface Loaded {
  found: CheckForRun;
  slotDone: boolean;
}

const BATCH = { cache: false, maxBatchSize: 200, batchScheduleFn: (run: () => void) => setTimeout(run, 5) } as const;

export function createCheckRunner(deps: { db: Db; box: SecretBox; cache: AccessCache; scheduler: CheckScheduler; alerts: Alerts; guard: TargetGuard; now?: () => Date; log?: Logger | undefined }) {
  const { db, box, cache, scheduler, alerts, guard } = deps;
  const now = deps.now ?? (() => new Date());

  const loads = new DataLoader<{ checkId: string; slot: Date }, Loaded | null>(async (keys) => {
    const [rows, done] = await Promise.all([repo.findChecksForRuns(db, [...new Set(keys.map((k) => k.checkId))]), repo.slotsDone(db, [...keys])]);
    const byId = new Map(rows.map((r) => [r.check.id, r]));
    return keys.map((k) => {
      const found = byId.get(k.checkId);
      return found ? { found, slotDone: done.has(repo.slotKey(k.checkId, k.slot)) } : null;
    });
  }, BATCH);

  const chainSteps = new DataLoader<{ check: CheckRow; slot: Date }, Date | null>((steps) => scheduler.queueNext([...steps]), BATCH);

  /** Quiet runs, written together; false: the check changed meanwhile, take the full path. */
  const quietRuns = new DataLoader<{ check: CheckRow; run: FinishedRun }, boolean>(async (items) => {
    // One run per check per statement: a second one of the same check takes the full path.
    const first = new Map<string, number>();
    items.forEach((it, i) => first.has(it.check.id) || first.set(it.check.id, i));
    const batch = [...first.values()].map((i) => items[i]!);
    const written = await repo.recordQuietRuns(
      db,
      batch.map(({ check: c, run }) => ({
        checkId: c.id,
        slot: run.slot,
        status: run.result.status,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        durationMs: run.result.durationMs,
        latencyMs: latencyOf(run.result),
        message: run.result.message,
        measurements: run.result.measurements,
        detail: keepsDetail(run.trigger, run.result.status),
        nextRunAt: run.nextRunAt ?? null,
        seen: { lastSlotAt: c.lastSlotAt, lastStatus: c.lastStatus, segmentState: c.segmentState },
      })),
    );
    return items.map((it, i) => first.get(it.check.id) === i && written.has(it.check.id));
  }, BATCH);

  async function probe(c: CheckRow, restricted: boolean): Promise<{ result: CheckResult; secrets: Record<string, string> }> {
    let secrets: Record<string, string> = {};
    checkRunsInFlight.inc();
    try {
      secrets = openSecrets(box, c.id, c.secrets);
      const { def, config } = parseCheckConfig(c.kind, fillSecrets(c.config, secrets));
      return { result: await runCheck(def, config, { timeoutMs: c.timeoutMs ?? undefined, guard: restricted ? guard : undefined }), secrets };
    } catch (e) {
      return { result: { status: 'error', message: `The check cannot run: ${(e as Error).message}`.slice(0, 500), measurements: {}, durationMs: 0 }, secrets };
    } finally {
      checkRunsInFlight.dec();
    }
  }

  return {
    async handle(job: RunJobData): Promise<void> {
      const slot = new Date(job.slot);
      const loaded = await loads.load({ checkId: job.checkId, slot });
      if (!loaded) return; // deleted since it was queued
      const { found, slotDone } = loaded;
      const c = found.check;
      let nextRunAt: Date | null = null;
      if (job.trigger === 'schedule') {
        if (job.epoch !== c.scheduleEpoch || !c.enabled || !c.intervalSeconds) return; // an older schedule
        if (found.deploymentStatus === 'cancelled') return; // a cancelled deployment's monitors stop
        // The next slot is queued before this one runs, so a worker dying mid-run delays only this slot.
        nextRunAt = await chainSteps.load({ check: c, slot });
      }
      if (slotDone) return; // a retried delivery of a run that was stored
      const startedAt = now();
      if (job.trigger === 'manual') await repo.markRunStarted(db, c.id, slot, startedAt);
      else checkScheduleLag.observe(Math.max(0, startedAt.getTime() - slot.getTime()) / 1000);

      const { result, secrets } = await probe(c, c.restricted && !found.allowPrivateTargets);
      checkRunsTotal.inc({ kind: c.kind, trigger: job.trigger, status: result.status });
      checkRunDuration.observe({ kind: c.kind }, result.durationMs / 1000);

      const run: FinishedRun = { checkId: c.id, slot, trigger: job.trigger, startedAt, finishedAt: now(), result: redactResult(result, secrets), itemsFrozen: isFinished(found.deploymentStatus), nextRunAt };
      if (isQuiet(c, run) && (await quietRuns.load({ check: c, run }))) return;
      const outcome = await recordRun(db, run);
      if (outcome.deploymentChanged) cache.forgetDeployment(c.deploymentId);
      if (outcome.alert) await alerts.queue(outcome.alert, found.deploymentName);
    },
  };
}
