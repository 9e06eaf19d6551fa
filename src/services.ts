import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config/config.ts';
import type { Database } from './db/client.ts';
import type { JobQueue } from './jobs/queue.ts';
import { loadSecretKey } from './config/secret-key.ts';
import { createSecretBox } from './lib/secret-box.ts';
import { createAccessService } from './modules/access/access.service.ts';
import { createTemplatesService } from './modules/templates/templates.service.ts';
import { createDeploymentsService } from './modules/deployments/deployments.service.ts';
import { createItemsService } from './modules/items/items.service.ts';
import { createEvidenceService } from './modules/evidence/evidence.service.ts';
import { createBlobStore } from './modules/evidence/blob-store.ts';
import { createAccessCache } from './auth/access-cache.ts';
import { createAuditService } from './modules/audit/audit.service.ts';
import { createChecksService } from './modules/checks/checks.service.ts';
import { createMonitorsService } from './modules/checks/monitors.service.ts';
import { createCheckScheduler } from './modules/checks/check-scheduler.ts';
import { createMonitorReadings } from './modules/checks/monitor-readings.ts';
import { createCheckRunner } from './modules/checks/check-runner.ts';
import { createAlerts } from './modules/checks/alerts.ts';
import { createTargetGuard } from './modules/checks/target-guard.ts';
import { createMigrationService } from './modules/migration/migration.service.ts';
import { createImportRunner } from './modules/migration/import-runner.ts';
import { createReconcileRunner } from './modules/migration/reconcile-runner.ts';

export interface ServiceOptions {
  today?: () => string;
  log?: Logger | undefined;
}

/** Every service, each given only what it uses. Built once by the composition root. */
export function createServices(config: Config, database: Database, queue: JobQueue, opts: ServiceOptions = {}) {
  const { db } = database;
  const templates = createTemplatesService({ db });
  const accessCache = createAccessCache();
  const box = createSecretBox(loadSecretKey(config));
  const guard = createTargetGuard();
  const scheduler = createCheckScheduler({ db, queue });
  const readings = createMonitorReadings({ db });
  const alerts = createAlerts({ db, queue, box, guard, log: opts.log });
  const checks = createChecksService({ db, box, cache: accessCache, scheduler, readings });
  // POS exports run to gigabytes: the same content-addressed store, with the import size limit.
  const importBlobs = createBlobStore(config.dataDir, config.maxImportBytes);
  return {
    config,
    database,
    queue,
    accessCache,
    access: createAccessService({ db, cache: accessCache, sessionTtlHours: config.sessionTtlHours }),
    templates,
    deployments: createDeploymentsService({ db, templates, cache: accessCache, today: opts.today }),
    items: createItemsService({ db, templates, cache: accessCache, today: opts.today }),
    audit: createAuditService({ db }),
    evidence: createEvidenceService({ db, cache: accessCache, blobs: createBlobStore(config.dataDir, config.maxUploadBytes) }),
    checks,
    monitors: createMonitorsService({ db, box, checks, readings, alerts }),
    // The worker side of checks: what runs a queued check, and where its alerts go.
    checkRunner: createCheckRunner({ db, box, cache: accessCache, scheduler, alerts, guard, log: opts.log }),
    checkScheduler: scheduler,
    monitorReadings: readings,
    alerts,
    migration: createMigrationService({ db, box, guard, queue, blobs: importBlobs }),
    // The worker side of migration: imports (resumable) and reconciliations.
    importRunner: createImportRunner({ db, box, blobs: importBlobs, guard, cache: accessCache, workDir: path.join(config.dataDir, 'migration'), log: opts.log }),
    reconcileRunner: createReconcileRunner({ db, box, blobs: importBlobs, guard, cache: accessCache, workDir: path.join(config.dataDir, 'migration', 'reconcile'), log: opts.log }),
  };
}

export type Services = ReturnType<typeof createServices>;
