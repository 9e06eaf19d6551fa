import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid, bigint } from 'drizzle-orm/pg-core';
import { blobs, createdAt, deployments, users, workspaces } from './schema.ts';

/**
 * Data migration in the product (issue 5): where a deployment's imports load (one target per
 * environment, its URL sealed), the import runs started from uploaded files and their live
 * progress, and the reconciliations of the loaded files against the target.
 */

export const MIGRATION_ENVIRONMENTS = ['staging', 'production'] as const;
export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'stopped', 'failed'] as const;
export const RECONCILIATION_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;

/** The PostgreSQL database and schema an environment's imports load into. */
export const importTargets = pgTable(
  'import_targets',
  {
    deploymentId: uuid('deployment_id')
      .notNull()
      .references(() => deployments.id),
    environment: text('environment', { enum: MIGRATION_ENVIRONMENTS }).notNull(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    /** The postgres:// URL, AES-256-GCM sealed (lib/secret-box.ts); never leaves the server. */
    urlSealed: text('url_sealed').notNull(),
    schema: text('schema').notNull(),
    /** Set by a client user: may not reach loopback, link-local or metadata addresses unless the workspace allows it. */
    restricted: boolean('restricted').notNull().default(false),
    /** Bumped on every change: runs record the version they loaded into, reconcile takes only the current one's. */
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.deploymentId, t.environment] })],
);

/** One import of an uploaded export ("import batch"): queued, run by a worker, resumable. */
export const importRuns = pgTable(
  'import_runs',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    deploymentId: uuid('deployment_id')
      .notNull()
      .references(() => deployments.id),
    environment: text('environment', { enum: MIGRATION_ENVIRONMENTS }).notNull(),
    targetVersion: integer('target_version').notNull(),
    fileSha256: text('file_sha256')
      .notNull()
      .references(() => blobs.sha256),
    fileName: text('file_name').notNull(),
    fileSize: bigint('file_size', { mode: 'number' }).notNull(),
    /** A built-in profile's name, or null for an uploaded mapping. */
    profile: text('profile'),
    /** The mapping as validated (engine/mapping.ts), kept so a resume and a reconcile read the file the same way. */
    mapping: jsonb('mapping').notNull(),
    sourceSystem: text('source_system').notNull(),
    /** `--max-rejects`: {count} or {percent}; null = no limit. */
    maxRejects: jsonb('max_rejects'),
    status: text('status', { enum: IMPORT_STATUSES }).notNull().default('queued'),
    /** A person asked to stop it; the worker stops at its next progress report. */
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    /** The engine's ImportProgress, written at most about once a second while running. */
    progress: jsonb('progress'),
    /** The engine's ImportResult once finished. */
    result: jsonb('result'),
    rejectsByReason: jsonb('rejects_by_reason').$type<Record<string, number>>(),
    rejectsSha256: text('rejects_sha256').references(() => blobs.sha256),
    rejectsSize: bigint('rejects_size', { mode: 'number' }),
    error: text('error'),
    /** Which worker holds the run and until when (renewed while it runs); a stale lease is resumed by another. */
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    startedBy: uuid('started_by').references(() => users.id),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('import_runs_deployment').on(t.deploymentId, t.createdAt)],
);

/** The loaded files of an environment compared with its target, per outlet and business day. */
export const reconciliations = pgTable(
  'reconciliations',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    deploymentId: uuid('deployment_id')
      .notNull()
      .references(() => deployments.id),
    environment: text('environment', { enum: MIGRATION_ENVIRONMENTS }).notNull(),
    targetVersion: integer('target_version').notNull(),
    /** The import runs whose files were compared. */
    importRunIds: uuid('import_run_ids').array().notNull(),
    status: text('status', { enum: RECONCILIATION_STATUSES }).notNull().default('queued'),
    ok: boolean('ok'),
    /** The engine's ReconcileReport. */
    result: jsonb('result'),
    error: text('error'),
    requestedBy: uuid('requested_by').references(() => users.id),
    createdAt: createdAt(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('reconciliations_deployment').on(t.deploymentId, t.createdAt)],
);
