import type { Logger } from 'pino';
import type { Db } from '../../db/client.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import type { AccessCache } from '../../auth/access-cache.ts';
import type { CheckResult } from './check.ts';
import { isFinished } from '../deployments/status.ts';
import { parseCheckConfig, runCheck } from './run-check.ts';
import { fillSecrets, openSecrets, redactResult } from './check-secrets.ts';
import * as repo from './checks.repo.ts';
import { recordRun } from './record-run.ts';
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
 */
export type CheckRunner = ReturnType<typeof createCheckRunner>;

export function createCheckRunner(deps: { db: Db; box: SecretBox; cache: AccessCache; scheduler: CheckScheduler; alerts: Alerts; guard: TargetGuard; now?: () => Date; log?: Logger | undefined }) {
  const { db, box, cache, scheduler, alerts, guard } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async handle(job: RunJobData): Promise<void> {
      const slot = new Date(job.slot);
      const found = await repo.findCheckForRun(db, job.checkId);
      if (!found) return; // deleted since it was queued
      const c = found.check;
      if (job.trigger === 'schedule') {
        if (job.epoch !== c.scheduleEpoch || !c.enabled || !c.intervalSeconds) return; // an older schedule
        if (found.deploymentStatus === 'cancelled') return; // a cancelled deployment's monitors stop
        // The next slot is queued before this one runs, so a worker dying mid-run delays only this slot.
        await scheduler.queueNext(c, slot);
      }
      if (await repo.runIsDone(db, c.id, slot)) return; // a retried delivery of a run that was stored
      const startedAt = now();
      if (job.trigger === 'manual') await repo.markRunStarted(db, c.id, slot, startedAt);
      if (job.trigger === 'schedule') checkScheduleLag.observe(Math.max(0, startedAt.getTime() - slot.getTime()) / 1000);
      let secrets: Record<string, string> = {};
      let result: CheckResult;
      checkRunsInFlight.inc();
      try {
        secrets = openSecrets(box, c.id, c.secrets);
        const { def, config } = parseCheckConfig(c.kind, fillSecrets(c.config, secrets));
        result = await runCheck(def, config, { timeoutMs: c.timeoutMs ?? undefined, guard: c.restricted && !found.allowPrivateTargets ? guard : undefined });
      } catch (e) {
        result = { status: 'error', message: `The check cannot run: ${(e as Error).message}`.slice(0, 500), measurements: {}, durationMs: 0 };
      } finally {
        checkRunsInFlight.dec();
      }
      checkRunsTotal.inc({ kind: c.kind, trigger: job.trigger, status: result.status });
      checkRunDuration.observe({ kind: c.kind }, result.durationMs / 1000);
      const outcome = await recordRun(db, { checkId: c.id, slot, trigger: job.trigger, startedAt, finishedAt: now(), result: redactResult(result, secrets), itemsFrozen: isFinished(found.deploymentStatus) });
      if (outcome.deploymentChanged) cache.forgetDeployment(c.deploymentId);
      if (outcome.alert) await alerts.queue(outcome.alert, found.deploymentName);
    },
  };
}
