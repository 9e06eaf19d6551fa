import type { Config } from './config/config.ts';
import type { Database } from './db/client.ts';
import { createAccessService } from './modules/access/access.service.ts';
import { createTemplatesService } from './modules/templates/templates.service.ts';
import { createDeploymentsService } from './modules/deployments/deployments.service.ts';
import { createItemsService } from './modules/items/items.service.ts';
import { createEvidenceService } from './modules/evidence/evidence.service.ts';
import { createBlobStore } from './modules/evidence/blob-store.ts';
import { createAccessCache } from './auth/access-cache.ts';
import { createAuditService } from './modules/audit/audit.service.ts';

/** Every service, each given only what it uses. Built once by the composition root. */
export function createServices(config: Config, database: Database, opts: { today?: () => string } = {}) {
  const { db } = database;
  const templates = createTemplatesService({ db });
  const accessCache = createAccessCache();
  return {
    config,
    database,
    accessCache,
    access: createAccessService({ db, cache: accessCache, sessionTtlHours: config.sessionTtlHours }),
    templates,
    deployments: createDeploymentsService({ db, templates, cache: accessCache, today: opts.today }),
    items: createItemsService({ db, templates, cache: accessCache, today: opts.today }),
    audit: createAuditService({ db }),
    evidence: createEvidenceService({ db, cache: accessCache, blobs: createBlobStore(config.dataDir, config.maxUploadBytes) }),
  };
}

export type Services = ReturnType<typeof createServices>;
