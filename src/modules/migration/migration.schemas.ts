import { z } from 'zod';
import { deploymentParams, isoDateTime, uuidParam } from '../../server/schemas.ts';
import { IMPORT_STATUSES, MIGRATION_ENVIRONMENTS, RECONCILIATION_STATUSES } from '../../db/schema-migration.ts';
import { REJECT_REASONS } from './engine/types.ts';
import { PROFILES } from './engine/profiles.ts';

export const environment = z.enum(MIGRATION_ENVIRONMENTS);
export const targetParams = deploymentParams.extend({ environment });
export const importParams = deploymentParams.extend({ importId: uuidParam });
export const reconciliationParams = deploymentParams.extend({ reconciliationId: uuidParam });

const person = z.object({ id: z.string(), displayName: z.string() });

export const setTargetBody = z.object({
  url: z
    .string()
    .max(2048)
    .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'must be a postgres:// URL')
    .describe('postgres://user:password@host:5432/database — stored encrypted, never returned'),
  schema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a schema name is lower-case letters, digits and _ (at most 63), not starting with a digit')
    .describe('The schema the importer creates (if missing) and loads into'),
});

export const importTarget = z
  .object({
    environment,
    set: z.boolean().describe('Whether a target is set; its URL is never returned'),
    schema: z.string().nullable(),
    restricted: z.boolean().describe('Set by a client user: may not reach loopback, link-local or metadata addresses unless the workspace allows it'),
    version: z.number().nullable(),
    updatedBy: person.nullable(),
    updatedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'ImportTarget' });

/** The fields of an upload (multipart, before the file part). */
export const uploadFields = z
  .object({
    environment,
    profile: z.enum(PROFILES).optional().describe('A built-in mapping'),
    mapping: z.string().min(2).max(256 * 1024).optional().describe('A mapping file (JSON, docs/schemas/import-mapping.schema.json), instead of a profile'),
    maxRejects: z
      .string()
      .regex(/^\d{1,9}%?$/, 'a number of rejects (e.g. 100) or a percentage of rows read (e.g. 5%)')
      .optional()
      .describe('Stop cleanly after this many rejects, or this percentage of the rows read'),
  })
  .refine((f) => !!f.profile !== !!f.mapping, { message: 'send either a profile (moka, pawoon, majoo) or a mapping, not both', path: ['profile'] });

const progress = z.object({
  bytesRead: z.number(),
  bytesTotal: z.number(),
  rowsRead: z.number(),
  rowsLoaded: z.number(),
  rowsRejected: z.number(),
  rowsSkipped: z.number(),
  rowsAlreadyLoaded: z.number(),
  rowsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  percent: z.number().nullable().describe('How far through the file, 0–100: bytes of a CSV, rows of an XLSX sheet by the size it declares or, when it declares none, by an estimate from the share of the sheet read; null while unknown'),
});

export const importRun = z
  .object({
    id: z.string(),
    environment,
    status: z.enum(IMPORT_STATUSES),
    file: z.object({ name: z.string(), size: z.number(), sha256: z.string() }),
    profile: z.string().nullable().describe('The built-in mapping used, or null for an uploaded one'),
    sourceSystem: z.string(),
    maxRejects: z.union([z.object({ count: z.number() }), z.object({ percent: z.number() })]).nullable(),
    progress: progress.nullable().describe('Live while running (updated about once a second); the final figures after'),
    rejectsByReason: z.record(z.string(), z.number()),
    rejectsFile: z.object({ size: z.number() }).nullable(),
    durationMs: z.number().nullable(),
    resumedFrom: z.object({ row: z.number(), end: z.number() }).nullable().describe('Where the last attempt resumed after a worker stopped'),
    attempts: z.number(),
    cancelRequested: z.boolean(),
    error: z.string().nullable(),
    startedBy: person.nullable(),
    createdAt: isoDateTime,
    startedAt: isoDateTime.nullable(),
    finishedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'ImportRun' });

export const importRunDetail = importRun.extend({ mapping: z.record(z.string(), z.unknown()) }).meta({ id: 'ImportRunDetail' });

export const listImportsQuery = z.object({
  environment: environment.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const rejectsSummary = z
  .object({
    total: z.number(),
    byReason: z.array(z.object({ reason: z.enum(REJECT_REASONS), count: z.number() })).describe('Most frequent first'),
    file: z.object({ name: z.string(), size: z.number() }).nullable().describe('The rejects CSV (source_row, reason, detail, raw), when there are rejects'),
  })
  .meta({ id: 'ImportRejects' });

export const reconcileBody = z.object({ environment: environment.default('production') });

const dayTotals = z.object({
  transactions: z.number(),
  lines: z.number(),
  grossSen: z.number(),
  discountSen: z.number(),
  taxSen: z.number(),
  serviceChargeSen: z.number(),
  netSen: z.number(),
  netByMethod: z.record(z.string(), z.number()),
});

export const reconciliation = z
  .object({
    id: z.string(),
    environment,
    status: z.enum(RECONCILIATION_STATUSES),
    ok: z.boolean().nullable(),
    imports: z.array(z.object({ id: z.string(), fileName: z.string(), sourceSystem: z.string() })),
    summary: z
      .object({ read: z.number(), loaded: z.number(), rejected: z.number(), daysCompared: z.number(), daysDiffering: z.number(), durationMs: z.number() })
      .nullable()
      .describe('Read = loaded + rejected, always'),
    error: z.string().nullable(),
    requestedBy: person.nullable(),
    createdAt: isoDateTime,
    startedAt: isoDateTime.nullable(),
    finishedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'Reconciliation' });

export const reconciliationDetail = reconciliation
  .extend({
    days: z
      .array(z.object({ outletCode: z.string(), businessDate: z.string(), source: dayTotals, target: dayTotals, differs: z.array(z.string()) }))
      .describe('Per outlet × business day, differing days first; at most 2,000 (daysTruncated says when more were compared)'),
    daysTruncated: z.boolean(),
    differences: z.array(z.object({ outletCode: z.string(), businessDate: z.string(), missing: z.array(z.string()), extra: z.array(z.string()), different: z.array(z.string()) })),
    differencesOmitted: z
      .object({ days: z.number().int(), transactions: z.number().int() })
      .describe('Differing days after those in differences, not compared transaction by transaction (too many differences: 50,000 transactions at most are), and the transactions on them'),
  })
  .meta({ id: 'ReconciliationDetail' });
