import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../db/client.ts';
import { deployments, users, workspaces } from '../../db/schema.ts';
import { alertWebhooks, checkRuns, checkSegments, checks, maintenanceWindows } from '../../db/schema-checks.ts';

export type CheckRow = typeof checks.$inferSelect;
export type CheckRunRow = typeof checkRuns.$inferSelect;
export type SegmentRow = typeof checkSegments.$inferSelect;
export type MaintenanceRow = typeof maintenanceWindows.$inferSelect;
export type WebhookRow = typeof alertWebhooks.$inferSelect;

export async function insertCheck(tx: DbOrTx, row: typeof checks.$inferInsert) {
  await tx.insert(checks).values(row);
}

export async function updateCheck(tx: DbOrTx, id: string, set: Partial<typeof checks.$inferInsert>) {
  await tx.update(checks).set({ ...set, updatedAt: new Date() }).where(eq(checks.id, id));
}

export async function deleteCheck(tx: DbOrTx, id: string) {
  await tx.delete(checks).where(eq(checks.id, id));
}

export async function findCheck(tx: DbOrTx, deploymentId: string, id: string) {
  const [row] = await tx.select().from(checks).where(and(eq(checks.id, id), eq(checks.deploymentId, deploymentId))).limit(1);
  return row;
}

export async function findCheckByName(tx: DbOrTx, deploymentId: string, name: string) {
  const [row] = await tx.select({ id: checks.id }).from(checks).where(and(eq(checks.deploymentId, deploymentId), eq(checks.name, name))).limit(1);
  return row;
}

export async function lockCheck(tx: DbOrTx, deploymentId: string, id: string) {
  const [row] = await tx.select().from(checks).where(and(eq(checks.id, id), eq(checks.deploymentId, deploymentId))).for('update');
  return row;
}

export function listChecks(tx: DbOrTx, deploymentId: string, itemKey?: string) {
  const where = [eq(checks.deploymentId, deploymentId)];
  if (itemKey) where.push(eq(checks.itemKey, itemKey));
  return tx.select().from(checks).where(and(...where)).orderBy(asc(checks.createdAt), asc(checks.id));
}

export type CheckForRun = Awaited<ReturnType<typeof findChecksForRuns>>[number];

/** What workers need to run checks: each check, its tenant's target policy, its deployment. */
export function findChecksForRuns(tx: DbOrTx, ids: string[]) {
  return tx
    .select({ check: checks, allowPrivateTargets: workspaces.allowPrivateCheckTargets, deploymentName: deployments.name, deploymentStatus: deployments.status })
    .from(checks)
    .innerJoin(workspaces, eq(workspaces.id, checks.workspaceId))
    .innerJoin(deployments, eq(deployments.id, checks.deploymentId))
    .where(inArray(checks.id, ids));
}

/** Of these (check, slot) pairs, the ones that already have a result: a retried job must not run them again. */
export async function slotsDone(tx: DbOrTx, pairs: { checkId: string; slot: Date }[]): Promise<Set<string>> {
  if (!pairs.length) return new Set();
  const rows = await tx
    .select({ checkId: checkRuns.checkId, slotAt: checkRuns.slotAt })
    .from(checkRuns)
    .where(and(sql`(${checkRuns.checkId}, ${checkRuns.slotAt}) in (${sql.join(pairs.map((p) => sql`(${p.checkId}::uuid, ${p.slot.toISOString()}::timestamptz)`), sql`, `)})`, isNotNull(checkRuns.status)));
  return new Set(rows.map((r) => slotKey(r.checkId, r.slotAt)));
}

export const slotKey = (checkId: string, slot: Date) => `${checkId}|${slot.getTime()}`;

export interface QuietRun {
  checkId: string;
  slot: Date;
  status: CheckStatusValue;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  latencyMs: number;
  /** The result's message, kept on the check; on the run only with `detail`. */
  message: string;
  measurements: Record<string, unknown>;
  detail: boolean;
  /** The chain's new head, queued by this run (null: none). */
  nextRunAt: Date | null;
  /** What the decision that this run is quiet was based on: the check's last slot, status and segment. */
  seen: { lastSlotAt: Date | null; lastStatus: CheckStatusValue | null; segmentState: string | null };
}
type CheckStatusValue = NonNullable<CheckRow['lastStatus']>;

/**
 * Writes many quiet runs (see record-run.ts isQuiet) in one statement: the check's last result,
 * and the run row — only where the check is still as the decision saw it (no other result came in
 * between). Returns the ids of the checks written; the others go through the full path.
 */
export async function recordQuietRuns(tx: DbOrTx, runs: QuietRun[]): Promise<Set<string>> {
  if (!runs.length) return new Set();
  const values = sql.join(
    runs.map(
      (r) =>
        sql`(${r.checkId}::uuid, ${r.slot.toISOString()}::timestamptz, ${r.status}, ${r.startedAt.toISOString()}::timestamptz, ${r.finishedAt.toISOString()}::timestamptz, ${r.durationMs}::int, ${r.latencyMs}::int, ${r.message}, ${r.detail ? JSON.stringify(r.measurements) : null}::jsonb, ${r.detail}::boolean, ${r.nextRunAt?.toISOString() ?? null}::timestamptz, ${r.seen.lastSlotAt?.toISOString() ?? null}::timestamptz, ${r.seen.lastStatus}, ${r.seen.segmentState})`,
    ),
    sql`, `,
  );
  const rows = await queryRows<{ id: string }>(tx, sql`
    with v (id, slot, status, started, finished, duration, latency, message, measurements, detail, next, seen_slot, seen_status, seen_segment) as (values ${values}),
    upd as (
      update checks c set last_run_at = v.finished, last_slot_at = v.slot, last_status = v.status, last_message = v.message, last_latency_ms = v.latency,
        next_run_at = case when v.next > coalesce(c.next_run_at, '-infinity') then v.next else c.next_run_at end
      from v
      where c.id = v.id and v.slot > coalesce(c.last_slot_at, '-infinity')
        and c.last_slot_at is not distinct from v.seen_slot and c.last_status is not distinct from v.seen_status and c.segment_state is not distinct from v.seen_segment
      returning c.id
    ), ins as (
      insert into check_runs (check_id, slot_at, trigger, status, started_at, finished_at, duration_ms, latency_ms, message, measurements)
      select v.id, v.slot, 'schedule', v.status, v.started, v.finished, v.duration, v.latency, case when v.detail then v.message end, v.measurements
      from v join upd on upd.id = v.id
      on conflict (check_id, slot_at) do nothing
    )
    select id from upd`);
  return new Set(rows.map((r) => r.id));
}

export async function lockCheckById(tx: DbOrTx, id: string) {
  const [row] = await tx.select().from(checks).where(eq(checks.id, id)).for('update');
  return row;
}

// ---- runs

export async function insertQueuedRun(tx: DbOrTx, row: { checkId: string; slotAt: Date; requestedBy: string }) {
  const [r] = await tx.insert(checkRuns).values({ ...row, trigger: 'manual' }).returning();
  return r!;
}

/** A queued manual run was taken by a worker: it shows as running until its result is stored. */
export async function markRunStarted(tx: DbOrTx, checkId: string, slotAt: Date, at: Date) {
  await tx
    .update(checkRuns)
    .set({ startedAt: at })
    .where(and(eq(checkRuns.checkId, checkId), eq(checkRuns.slotAt, slotAt), isNull(checkRuns.status)));
}

/**
 * Stores a result for its slot: a new row for a scheduled run, or the queued row of a manual one.
 * Returns the run id, or undefined when the slot already had a result (a duplicate delivery).
 */
export async function storeRunResult(tx: DbOrTx, row: Omit<typeof checkRuns.$inferInsert, 'id'>): Promise<number | undefined> {
  const [r] = await tx
    .insert(checkRuns)
    .values(row)
    .onConflictDoUpdate({
      target: [checkRuns.checkId, checkRuns.slotAt],
      set: {
        status: row.status,
        startedAt: row.startedAt,
        finishedAt: row.finishedAt,
        durationMs: row.durationMs,
        latencyMs: row.latencyMs,
        message: row.message,
        measurements: row.measurements,
      },
      setWhere: isNull(checkRuns.status),
    })
    .returning({ id: checkRuns.id });
  return r?.id;
}

export async function findRun(tx: DbOrTx, checkId: string, runId: number) {
  const [row] = await tx
    .select({ run: checkRuns, requestedByName: users.displayName })
    .from(checkRuns)
    .leftJoin(users, eq(users.id, checkRuns.requestedBy))
    .where(and(eq(checkRuns.checkId, checkId), eq(checkRuns.id, runId)))
    .limit(1);
  return row;
}

export function listRuns(tx: DbOrTx, checkId: string, opts: { beforeId?: number | undefined; limit: number; failuresOnly?: boolean | undefined }) {
  const where = [eq(checkRuns.checkId, checkId)];
  if (opts.beforeId) where.push(lt(checkRuns.id, opts.beforeId));
  if (opts.failuresOnly) where.push(sql`${checkRuns.status} in ('fail', 'error')`);
  return tx
    .select({ run: checkRuns, requestedByName: users.displayName })
    .from(checkRuns)
    .leftJoin(users, eq(users.id, checkRuns.requestedBy))
    .where(and(...where))
    .orderBy(desc(checkRuns.id))
    .limit(opts.limit + 1);
}

// ---- segments (state over time)

export async function closeSegments(tx: DbOrTx, checkId: string, at: Date) {
  await tx.update(checkSegments).set({ endedAt: at }).where(and(eq(checkSegments.checkId, checkId), isNull(checkSegments.endedAt)));
}

export async function insertSegment(tx: DbOrTx, row: typeof checkSegments.$inferInsert) {
  await tx.insert(checkSegments).values(row);
}

/** Segments of these checks that overlap [from, to). */
export function segmentsBetween(tx: DbOrTx, checkIds: string[], from: Date, to: Date) {
  if (!checkIds.length) return Promise.resolve([]);
  return tx
    .select()
    .from(checkSegments)
    .where(
      and(
        sql`${checkSegments.checkId} in ${checkIds}`,
        lt(checkSegments.startedAt, to),
        or(isNull(checkSegments.endedAt), gt(checkSegments.endedAt, from)),
      ),
    )
    .orderBy(asc(checkSegments.startedAt));
}

// ---- maintenance windows

export async function insertMaintenance(tx: DbOrTx, row: typeof maintenanceWindows.$inferInsert) {
  await tx.insert(maintenanceWindows).values(row);
}

export async function deleteMaintenance(tx: DbOrTx, deploymentId: string, id: string): Promise<MaintenanceRow | undefined> {
  const [row] = await tx.delete(maintenanceWindows).where(and(eq(maintenanceWindows.id, id), eq(maintenanceWindows.deploymentId, deploymentId))).returning();
  return row;
}

/** Windows of the deployment overlapping [from, to): for one check (its own and the deployment-wide ones) or all. */
export function maintenanceBetween(tx: DbOrTx, deploymentId: string, from: Date, to: Date, checkId?: string) {
  const where = [eq(maintenanceWindows.deploymentId, deploymentId), lt(maintenanceWindows.startsAt, to), gt(maintenanceWindows.endsAt, from)];
  if (checkId) where.push(or(isNull(maintenanceWindows.checkId), eq(maintenanceWindows.checkId, checkId))!);
  return tx.select().from(maintenanceWindows).where(and(...where)).orderBy(asc(maintenanceWindows.startsAt));
}

export function listMaintenance(tx: DbOrTx, deploymentId: string, endsAfter: Date) {
  return tx
    .select()
    .from(maintenanceWindows)
    .where(and(eq(maintenanceWindows.deploymentId, deploymentId), gt(maintenanceWindows.endsAt, endsAfter)))
    .orderBy(asc(maintenanceWindows.startsAt));
}

// ---- alert webhooks

export async function insertWebhook(tx: DbOrTx, row: typeof alertWebhooks.$inferInsert) {
  await tx.insert(alertWebhooks).values(row);
}

export async function deleteWebhook(tx: DbOrTx, deploymentId: string, id: string): Promise<boolean> {
  const rows = await tx.delete(alertWebhooks).where(and(eq(alertWebhooks.id, id), eq(alertWebhooks.deploymentId, deploymentId))).returning({ id: alertWebhooks.id });
  return rows.length > 0;
}

export function listWebhooks(tx: DbOrTx, deploymentId: string) {
  return tx.select().from(alertWebhooks).where(eq(alertWebhooks.deploymentId, deploymentId)).orderBy(asc(alertWebhooks.createdAt));
}

export async function findWebhook(tx: DbOrTx, id: string) {
  const [row] = await tx
    .select({ webhook: alertWebhooks, allowPrivateTargets: workspaces.allowPrivateCheckTargets })
    .from(alertWebhooks)
    .innerJoin(deployments, eq(deployments.id, alertWebhooks.deploymentId))
    .innerJoin(workspaces, eq(workspaces.id, deployments.workspaceId))
    .where(eq(alertWebhooks.id, id))
    .limit(1);
  return row;
}

export async function recordDelivery(tx: DbOrTx, id: string, status: string) {
  await tx.update(alertWebhooks).set({ lastDeliveryAt: new Date(), lastDeliveryStatus: status }).where(eq(alertWebhooks.id, id));
}

// ---- schedule upkeep

/**
 * Enabled monitors whose chain has stalled: the slot they queued is long past without a result
 * (its job failed for good, or was never queued because a process died between commit and send).
 */
export function stalledMonitors(tx: DbOrTx, now: Date, limit: number) {
  return tx
    .select({ id: checks.id, scheduleEpoch: checks.scheduleEpoch, nextRunAt: checks.nextRunAt, intervalSeconds: checks.intervalSeconds, timeoutMs: checks.timeoutMs, kind: checks.kind })
    .from(checks)
    .where(
      and(
        eq(checks.enabled, true),
        isNotNull(checks.intervalSeconds),
        or(
          isNull(checks.nextRunAt),
          sql`${checks.nextRunAt} < ${now}::timestamptz - make_interval(secs => ${checks.intervalSeconds} + coalesce(${checks.timeoutMs}, 600000) / 1000.0 + 120)`,
        ),
      ),
    )
    .limit(limit);
}

/** Monitors that measure a success criterion (judged when the criterion's window ends). */
export function criterionMonitors(tx: DbOrTx) {
  return tx
    .select()
    .from(checks)
    .where(and(isNotNull(checks.criterionMeasure), isNotNull(checks.itemKey), isNotNull(checks.intervalSeconds)));
}

/** Per item key: how many checks, how many pass now, how many fail, and whether one suggests completing it. */
export function itemCheckSummaries(tx: DbOrTx, deploymentId: string) {
  return tx
    .select({
      itemKey: checks.itemKey,
      total: sql<number>`count(*)::int`,
      passing: sql<number>`count(*) filter (where ${checks.lastStatus} in ('pass', 'warn'))::int`,
      failing: sql<number>`count(*) filter (where ${checks.lastStatus} in ('fail', 'error'))::int`,
      suggestsDone: sql<boolean>`bool_or(${checks.onPass} = 'suggest' and ${checks.lastStatus} in ('pass', 'warn'))`,
    })
    .from(checks)
    .where(and(eq(checks.deploymentId, deploymentId), isNotNull(checks.itemKey)))
    .groupBy(checks.itemKey);
}
