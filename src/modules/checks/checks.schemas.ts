import { z } from 'zod';
import { deploymentParams, isoDateTime, uuidParam } from '../../server/schemas.ts';
import { itemKey } from '../templates/template.schema.ts';
import { MAX_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS } from './schedule.ts';

export const CHECK_STATUSES = ['pass', 'warn', 'fail', 'error'] as const;
export const ON_PASS = ['evidence', 'suggest', 'complete'] as const;

export const checkParams = deploymentParams.extend({ checkId: uuidParam });
export const runParams = checkParams.extend({ runId: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

const secretName = z.string().regex(/^[A-Z_][A-Z0-9_]{0,63}$/, 'secret names are capital letters, digits and _ (as used in ${NAME})');
const secretValue = z.string().min(1).max(8192);

const checkFields = {
  name: z.string().trim().min(1).max(200),
  itemKey: itemKey.nullable().optional().describe('The checklist item or criterion this check proves'),
  onPass: z.enum(ON_PASS).optional().describe('What a pass does to the item: add evidence (default), also suggest completing it, or complete it'),
  config: z.record(z.string(), z.unknown()).describe("The kind's config (docs/checks.md); credentials only as ${NAME} references to secrets"),
  timeoutMs: z.number().int().min(100).max(30 * 60_000).nullable().optional(),
  intervalSeconds: z
    .number()
    .int()
    .min(MIN_INTERVAL_SECONDS)
    .max(MAX_INTERVAL_SECONDS)
    .nullable()
    .optional()
    .describe(`Run every this many seconds (${MIN_INTERVAL_SECONDS} s – 24 h): a monitor with uptime. Null: on demand only`),
  enabled: z.boolean().optional(),
  sloTarget: z.number().min(50).max(99.999).optional().describe('Availability objective in percent, e.g. 99.9'),
  criterion: z
    .object({
      measure: z.enum(['uptime', 'mean_latency', 'passing']),
      threshold: z.number().positive().max(1_000_000).optional().describe('uptime: percent (default the SLO); mean_latency: ms (required); passing: hours a failure may last (default 24)'),
    })
    .nullable()
    .optional()
    .describe("For a monitor bound to a success criterion: what it measures over the criterion's window"),
};

export const createCheckBody = z.object({
  ...checkFields,
  kind: z.string().min(1).max(40),
  secrets: z
    .record(secretName, secretValue)
    .refine((s) => Object.keys(s).length <= 20, 'at most 20 secrets')
    .optional()
    .describe('NAME → value; stored encrypted, never returned'),
});

export const updateCheckBody = z
  .object({
    name: checkFields.name.optional(),
    itemKey: checkFields.itemKey,
    onPass: checkFields.onPass,
    config: checkFields.config.optional(),
    timeoutMs: checkFields.timeoutMs,
    intervalSeconds: checkFields.intervalSeconds,
    enabled: checkFields.enabled,
    sloTarget: checkFields.sloTarget,
    criterion: checkFields.criterion,
    secrets: z
      .record(secretName, secretValue.nullable())
      .refine((s) => Object.keys(s).length <= 20, 'at most 20 secrets')
      .optional()
      .describe('NAME → new value, or null to remove it; names left out keep their value'),
    version: z.number().int().min(1).optional().describe('The version you loaded; a stale one is refused with 409'),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'version'), 'send at least one change');

const lastRun = z.object({ status: z.enum(CHECK_STATUSES), at: isoDateTime, message: z.string(), latencyMs: z.number().nullable() });

export const check = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    itemKey: z.string().nullable(),
    onPass: z.enum(ON_PASS),
    config: z.record(z.string(), z.unknown()),
    secretNames: z.array(z.string()).describe('Names of the stored secrets; values are never returned'),
    timeoutMs: z.number().nullable(),
    intervalSeconds: z.number().nullable(),
    enabled: z.boolean(),
    sloTarget: z.number(),
    criterion: z.object({ measure: z.enum(['uptime', 'mean_latency', 'passing']), threshold: z.number() }).nullable(),
    restricted: z.boolean().describe('Set up by a client user: may not reach loopback, link-local or metadata addresses unless the workspace allows it'),
    configHash: z.string(),
    lastRun: lastRun.nullable(),
    state: z.object({ state: z.enum(['up', 'down', 'unknown']), since: isoDateTime }).nullable().describe('For monitors: the current state and since when'),
    uptime: z
      .object({ day: z.number().nullable(), week: z.number().nullable(), month: z.number().nullable() })
      .nullable()
      .describe('For monitors: uptime in percent over the last 24 h, 7 and 30 days'),
    nextRunAt: isoDateTime.nullable(),
    version: z.number(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'Check' });

export const checkList = z.object({
  items: z.array(check),
  summary: z.object({ total: z.number(), monitors: z.number(), up: z.number(), down: z.number(), unknown: z.number(), failing: z.number() }),
});

export const listChecksQuery = z.object({ item: itemKey.optional() });

export const run = z
  .object({
    id: z.number(),
    trigger: z.enum(['schedule', 'manual']),
    slotAt: isoDateTime,
    status: z.enum(CHECK_STATUSES).nullable().describe('Null until the run has a result: queued while startedAt is null, running after'),
    startedAt: isoDateTime.nullable(),
    finishedAt: isoDateTime.nullable(),
    durationMs: z.number().nullable(),
    latencyMs: z.number().nullable(),
    message: z.string().nullable(),
    measurements: z.record(z.string(), z.unknown()).nullable(),
    requestedBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  })
  .meta({ id: 'CheckRun' });

export const runsQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  failures: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** A window of time: from/to as ISO instants, or the last `days`/`hours`. */
export const windowQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  hours: z.coerce.number().int().min(1).max(24 * 400).optional().describe('The last N hours (default 24) when from is not given'),
});

export const availability = z
  .object({
    from: isoDateTime,
    to: isoDateTime,
    windowMs: z.number(),
    upMs: z.number(),
    downMs: z.number(),
    unknownMs: z.number(),
    maintenanceMs: z.number(),
    uptimePercent: z.number().nullable(),
    incidents: z.number(),
    slo: z.object({ targetPercent: z.number(), budgetMs: z.number(), budgetUsedMs: z.number(), budgetLeftPercent: z.number().nullable() }),
    latency: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), avg: z.number().nullable(), runs: z.number(), approximate: z.boolean() }),
  })
  .meta({ id: 'Availability' });

export const seriesQuery = windowQuery.extend({ points: z.coerce.number().int().min(2).max(500).default(96) });

export const series = z.object({
  from: isoDateTime,
  to: isoDateTime,
  stepSeconds: z.number(),
  points: z.array(
    z.object({
      at: isoDateTime,
      runs: z.number(),
      pass: z.number(),
      warn: z.number(),
      fail: z.number(),
      error: z.number(),
      p50: z.number().nullable(),
      p95: z.number().nullable(),
    }),
  ),
});

export const event = z.object({ state: z.enum(['up', 'down', 'unknown']), startedAt: isoDateTime, endedAt: isoDateTime.nullable(), message: z.string().nullable() });

export const maintenanceWindow = z
  .object({ id: z.string(), checkId: z.string().nullable(), startsAt: isoDateTime, endsAt: isoDateTime, reason: z.string(), createdAt: isoDateTime })
  .meta({ id: 'MaintenanceWindow' });

export const createMaintenanceBody = z
  .object({
    checkId: z.string().uuid().nullable().optional().describe('One check, or every check of the deployment when left out'),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    reason: z.string().trim().min(1).max(500),
  })
  .refine((b) => Date.parse(b.endsAt) > Date.parse(b.startsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] })
  .refine((b) => Date.parse(b.endsAt) - Date.parse(b.startsAt) <= 31 * 86_400_000, { message: 'a window lasts at most 31 days', path: ['endsAt'] });

export const maintenanceParams = deploymentParams.extend({ windowId: uuidParam });

export const webhook = z
  .object({ id: z.string(), url: z.string(), enabled: z.boolean(), lastDeliveryAt: isoDateTime.nullable(), lastDeliveryStatus: z.string().nullable(), createdAt: isoDateTime })
  .meta({ id: 'AlertWebhook' });

export const createWebhookBody = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(2048),
  secret: z.string().min(16).max(256).optional().describe('The HMAC-SHA256 signing secret; one is generated when left out'),
});

export const webhookParams = deploymentParams.extend({ webhookId: uuidParam });

export const criterionMeasurement = z
  .object({
    measure: z.enum(['uptime', 'mean_latency', 'passing']),
    window: z.object({ from: isoDateTime, to: isoDateTime }),
    value: z.number().nullable().describe('uptime: percent; mean_latency: ms; passing: the longest failure in hours'),
    threshold: z.number(),
    met: z.boolean().nullable(),
    final: z.boolean().describe('The window has ended: the result, not a measurement so far'),
    summary: z.string(),
  })
  .meta({ id: 'CriterionMeasurement' });

export const checkKind = z
  .object({
    kind: z.string(),
    description: z.string(),
    defaultTimeoutMs: z.number(),
    config: z.record(z.string(), z.unknown()).describe("The kind's config as JSON Schema (input form: defaults may be left out)"),
  })
  .meta({ id: 'CheckKind' });
