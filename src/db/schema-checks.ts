import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, deployments, users, workspaces } from './schema.ts';

/**
 * Checks in the product (issue 4): a probe bound to a deployment (and usually one of its items),
 * run on demand or on an interval (then it is also a monitor), its runs, the up/down segments
 * uptime is measured from, maintenance windows, hourly roll-ups and alert webhooks.
 */

export const checks = pgTable(
  'checks',
  {
    id: uuid('id').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    deploymentId: uuid('deployment_id')
      .notNull()
      .references(() => deployments.id),
    /** The checklist item (or criterion) this check proves; null for a plain monitor. */
    itemKey: text('item_key'),
    /** What a passing run does to the bound item: only evidence, evidence and a suggestion to complete, or complete it. */
    onPass: text('on_pass', { enum: ['evidence', 'suggest', 'complete'] }).notNull().default('evidence'),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    /** The kind's config; secrets appear only as ${NAME} references into `secrets`. */
    config: jsonb('config').notNull(),
    /** NAME → AES-256-GCM ciphertext (lib/secret-box.ts); never leaves the server. */
    secrets: jsonb('secrets').$type<Record<string, string>>().notNull().default({}),
    /** sha256 of kind, config, timeout and secretsVersion: which configuration a piece of evidence proves. */
    configHash: text('config_hash').notNull(),
    secretsVersion: integer('secrets_version').notNull().default(0),
    timeoutMs: integer('timeout_ms'),
    /** Run every this many seconds (10 s – 24 h): a monitor. Null: on demand only. */
    intervalSeconds: integer('interval_seconds'),
    enabled: boolean('enabled').notNull().default(true),
    /** Availability objective in percent (e.g. 99.9) for monitors. */
    sloTarget: doublePrecision('slo_target').notNull().default(99.9),
    /**
     * For a monitor bound to a success criterion: what is measured over the criterion's window
     * (e.g. the 30 days after go-live) against `criterionThreshold` — uptime percent, mean latency
     * in ms, or hours a failure may last while the check passes at the end.
     */
    criterionMeasure: text('criterion_measure', { enum: ['uptime', 'mean_latency', 'passing'] }),
    criterionThreshold: doublePrecision('criterion_threshold'),
    /** The end of the criterion window last judged; judged again if the window moves later. */
    criterionJudgedUntil: timestamp('criterion_judged_until', { withTimezone: true }),
    /** Set up or last changed by a client user: its targets may not be loopback, link-local or metadata addresses. */
    restricted: boolean('restricted').notNull().default(false),
    /** Bumped whenever the schedule changes, so jobs of an older schedule drop out. */
    scheduleEpoch: integer('schedule_epoch').notNull().default(0),
    /** The slot the schedule has queued next (the chain's head), for the sweep that repairs a broken chain. */
    nextRunAt: timestamp('next_run_at', { withTimezone: true }),
    lastRunAt: timestamp('last_run_at', { withTimezone: true }),
    lastSlotAt: timestamp('last_slot_at', { withTimezone: true }),
    lastStatus: text('last_status', { enum: ['pass', 'warn', 'fail', 'error'] }),
    lastMessage: text('last_message'),
    lastLatencyMs: integer('last_latency_ms'),
    /** The state of the monitor's open segment (null: none open), so a run that changes nothing writes no segment. */
    segmentState: text('segment_state', { enum: ['up', 'down', 'unknown'] }),
    /** When a pass last became evidence; a later pass becomes evidence again only after a change or a failure. */
    evidencedAt: timestamp('evidenced_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('checks_deployment').on(t.deploymentId, t.createdAt),
    // No index on next_run_at: it changes with every run (an index would make each of those updates
    // a new row version in every index), and the one query on it, the minutely sweep, reads all monitors.
    unique('checks_deployment_name').on(t.deploymentId, t.name),
  ],
);

/** One run of a check, scheduled (slot = the planned time) or on demand (slot = when asked). */
export const checkRuns = pgTable(
  'check_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    checkId: uuid('check_id')
      .notNull()
      .references(() => checks.id, { onDelete: 'cascade' }),
    slotAt: timestamp('slot_at', { withTimezone: true }).notNull(),
    trigger: text('trigger', { enum: ['schedule', 'manual'] }).notNull(),
    /** Null while a manual run waits for a worker. */
    status: text('status', { enum: ['pass', 'warn', 'fail', 'error'] }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
    /** The latency a kind measured (latencyMs or similar), else the run's duration. */
    latencyMs: integer('latency_ms'),
    message: text('message'),
    /** Kept for manual runs and for runs whose status differs from a pass; scheduled passes keep only the latency. */
    measurements: jsonb('measurements'),
    requestedBy: uuid('requested_by').references(() => users.id),
  },
  (t) => [unique('check_runs_slot').on(t.checkId, t.slotAt)],
);

/**
 * The state of a monitor over time: a new segment starts at every up/down transition (an event)
 * and after a gap with no results. Uptime over any window is the overlap of these with it.
 */
export const checkSegments = pgTable(
  'check_segments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    checkId: uuid('check_id')
      .notNull()
      .references(() => checks.id, { onDelete: 'cascade' }),
    /** up: pass or warn; down: fail; unknown: the probe could not tell (error). */
    state: text('state', { enum: ['up', 'down', 'unknown'] }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    /** Null while open; the open segment lasts until the check's last run (plus one interval at most). */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    message: text('message'),
  },
  (t) => [index('check_segments_check').on(t.checkId, t.startedAt)],
);

/** Planned work: time inside a window counts neither as up nor down, and raises no alert. */
export const maintenanceWindows = pgTable(
  'maintenance_windows',
  {
    id: uuid('id').primaryKey(),
    deploymentId: uuid('deployment_id')
      .notNull()
      .references(() => deployments.id),
    /** One check, or every check of the deployment when null. */
    checkId: uuid('check_id').references(() => checks.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('maintenance_windows_deployment').on(t.deploymentId, t.startsAt)],
);

/** Raw runs older than the retention period, rolled up per hour (latency as a histogram). */
export const checkHours = pgTable(
  'check_hours',
  {
    checkId: uuid('check_id')
      .notNull()
      .references(() => checks.id, { onDelete: 'cascade' }),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    runs: integer('runs').notNull(),
    pass: integer('pass').notNull(),
    warn: integer('warn').notNull(),
    fail: integer('fail').notNull(),
    error: integer('error').notNull(),
    latencySum: bigint('latency_sum', { mode: 'number' }).notNull(),
    /** Counts per latency bucket (boundaries in modules/checks/latency.ts). */
    latencyHistogram: integer('latency_histogram').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.checkId, t.hour] })],
);

/** Where a deployment's monitor transitions are posted (signed with HMAC-SHA256). */
export const alertWebhooks = pgTable(
  'alert_webhooks',
  {
    id: uuid('id').primaryKey(),
    deploymentId: uuid('deployment_id')
      .notNull()
      .references(() => deployments.id),
    url: text('url').notNull(),
    /** The signing secret, encrypted like check secrets. */
    secret: text('secret').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    restricted: boolean('restricted').notNull().default(false),
    lastDeliveryAt: timestamp('last_delivery_at', { withTimezone: true }),
    lastDeliveryStatus: text('last_delivery_status'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('alert_webhooks_deployment').on(t.deploymentId)],
);
