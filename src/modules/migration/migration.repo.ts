import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { deployments, users, workspaces } from '../../db/schema.ts';
import { importRuns, importTargets, reconciliations } from '../../db/schema-migration.ts';

export type ImportTargetRow = typeof importTargets.$inferSelect;
export type ImportRunRow = typeof importRuns.$inferSelect;
export type ReconciliationRow = typeof reconciliations.$inferSelect;
export type Environment = ImportTargetRow['environment'];

// ---------------------------------------------------------------------------------------------
// Targets

export function listTargets(tx: DbOrTx, deploymentId: string) {
  return tx
    .select({ target: importTargets, updatedByName: users.displayName })
    .from(importTargets)
    .leftJoin(users, eq(users.id, importTargets.updatedBy))
    .where(eq(importTargets.deploymentId, deploymentId));
}

export async function findTarget(tx: DbOrTx, deploymentId: string, environment: Environment) {
  const [row] = await tx
    .select()
    .from(importTargets)
    .where(and(eq(importTargets.deploymentId, deploymentId), eq(importTargets.environment, environment)))
    .limit(1);
  return row;
}

/** Sets the target; a change bumps its version, so runs into the old one no longer count for reconcile. */
export async function upsertTarget(tx: DbOrTx, row: Pick<ImportTargetRow, 'deploymentId' | 'environment' | 'workspaceId' | 'urlSealed' | 'schema' | 'restricted' | 'updatedBy'>) {
  const [saved] = await tx
    .insert(importTargets)
    .values(row)
    .onConflictDoUpdate({
      target: [importTargets.deploymentId, importTargets.environment],
      set: { urlSealed: row.urlSealed, schema: row.schema, restricted: row.restricted, updatedBy: row.updatedBy, version: sql`${importTargets.version} + 1`, updatedAt: new Date() },
    })
    .returning();
  return saved!;
}

/** What a worker needs about the run's tenant and deployment: the private-target policy, the deployment's state. */
export async function runContext(tx: DbOrTx, workspaceId: string, deploymentId: string) {
  const [row] = await tx
    .select({ allowPrivateTargets: workspaces.allowPrivateCheckTargets, deploymentStatus: deployments.status })
    .from(deployments)
    .innerJoin(workspaces, eq(workspaces.id, deployments.workspaceId))
    .where(and(eq(deployments.id, deploymentId), eq(workspaces.id, workspaceId)))
    .limit(1);
  return row;
}

export async function allowsPrivateTargets(tx: DbOrTx, workspaceId: string): Promise<boolean> {
  const [row] = await tx.select({ allow: workspaces.allowPrivateCheckTargets }).from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1);
  return !!row?.allow;
}

// ---------------------------------------------------------------------------------------------
// Import runs

export async function insertRun(tx: DbOrTx, row: typeof importRuns.$inferInsert) {
  const [saved] = await tx.insert(importRuns).values(row).returning();
  return saved!;
}

const runWithPerson = { run: importRuns, startedByName: users.displayName };
export type RunWithPerson = { run: ImportRunRow; startedByName: string | null };

export async function findRun(tx: DbOrTx, deploymentId: string, id: string): Promise<RunWithPerson | undefined> {
  const [row] = await tx
    .select(runWithPerson)
    .from(importRuns)
    .leftJoin(users, eq(users.id, importRuns.startedBy))
    .where(and(eq(importRuns.id, id), eq(importRuns.deploymentId, deploymentId)))
    .limit(1);
  return row;
}

export async function findRunById(tx: DbOrTx, id: string) {
  const [row] = await tx.select().from(importRuns).where(eq(importRuns.id, id)).limit(1);
  return row;
}

export async function lockRun(tx: DbOrTx, deploymentId: string, id: string) {
  const [row] = await tx
    .select()
    .from(importRuns)
    .where(and(eq(importRuns.id, id), eq(importRuns.deploymentId, deploymentId)))
    .for('update');
  return row;
}

/** A page of a deployment's runs, newest first (keyset on created_at, id). */
export function listRuns(tx: DbOrTx, deploymentId: string, opts: { environment?: Environment | undefined; after?: { t: Date; id: string } | undefined; limit: number }) {
  const where = [eq(importRuns.deploymentId, deploymentId)];
  if (opts.environment) where.push(eq(importRuns.environment, opts.environment));
  if (opts.after) where.push(or(lt(importRuns.createdAt, opts.after.t), and(eq(importRuns.createdAt, opts.after.t), lt(importRuns.id, opts.after.id)))!);
  return tx
    .select(runWithPerson)
    .from(importRuns)
    .leftJoin(users, eq(users.id, importRuns.startedBy))
    .where(and(...where))
    .orderBy(desc(importRuns.createdAt), desc(importRuns.id))
    .limit(opts.limit + 1);
}

export function runsByIds(tx: DbOrTx, ids: string[]) {
  if (!ids.length) return Promise.resolve([] as ImportRunRow[]);
  return tx.select().from(importRuns).where(inArray(importRuns.id, ids));
}

/** The environment's completed runs into the target as it is now, newest first. */
export function completedRuns(tx: DbOrTx, deploymentId: string, environment: Environment, targetVersion: number) {
  return tx
    .select()
    .from(importRuns)
    .where(and(eq(importRuns.deploymentId, deploymentId), eq(importRuns.environment, environment), eq(importRuns.targetVersion, targetVersion), eq(importRuns.status, 'completed')))
    .orderBy(desc(importRuns.createdAt), desc(importRuns.id));
}

/** The environment's latest run, whatever its status. */
export async function latestRun(tx: DbOrTx, deploymentId: string, environment: Environment) {
  const [row] = await tx
    .select()
    .from(importRuns)
    .where(and(eq(importRuns.deploymentId, deploymentId), eq(importRuns.environment, environment)))
    .orderBy(desc(importRuns.createdAt), desc(importRuns.id))
    .limit(1);
  return row;
}

export async function updateRun(tx: DbOrTx, id: string, set: Partial<typeof importRuns.$inferInsert>) {
  await tx.update(importRuns).set({ ...set, updatedAt: new Date() }).where(eq(importRuns.id, id));
}

/**
 * Takes the run for one worker: a queued run, or a running one whose lease ran out (its worker
 * died). Returns the run with this attempt counted, or undefined when it is finished or another
 * worker holds it.
 */
export async function acquireRun(tx: DbOrTx, id: string, owner: string, leaseSeconds: number) {
  const [row] = await tx
    .update(importRuns)
    .set({
      status: 'running',
      leaseOwner: owner,
      leaseUntil: sql`now() + ${leaseSeconds}::int * interval '1 second'`,
      attempts: sql`${importRuns.attempts} + 1`,
      startedAt: sql`coalesce(${importRuns.startedAt}, now())`,
      updatedAt: new Date(),
    })
    .where(and(eq(importRuns.id, id), inArray(importRuns.status, ['queued', 'running']), or(isNull(importRuns.leaseUntil), lt(importRuns.leaseUntil, sql`now()`))))
    .returning();
  return row;
}

/**
 * Writes progress (when given) and renews the lease, if this worker still holds it. Returns
 * whether a person asked to stop the run, or undefined when the lease was lost.
 */
export async function renewLease(tx: DbOrTx, id: string, owner: string, leaseSeconds: number, progress?: unknown) {
  const [row] = await tx
    .update(importRuns)
    .set({ leaseUntil: sql`now() + ${leaseSeconds}::int * interval '1 second'`, ...(progress ? { progress, updatedAt: new Date() } : {}) })
    .where(and(eq(importRuns.id, id), eq(importRuns.leaseOwner, owner), eq(importRuns.status, 'running')))
    .returning({ cancelRequested: importRuns.cancelRequested });
  return row;
}

/** Ends this worker's hold on a run it could not finish, so a retry may take it at once. */
export async function releaseLease(tx: DbOrTx, id: string, owner: string) {
  await tx
    .update(importRuns)
    .set({ leaseUntil: null })
    .where(and(eq(importRuns.id, id), eq(importRuns.leaseOwner, owner)));
}

/** Locks the run for its final write if this worker still holds it. */
export async function lockHeldRun(tx: DbOrTx, id: string, owner: string) {
  const [row] = await tx
    .select()
    .from(importRuns)
    .where(and(eq(importRuns.id, id), eq(importRuns.leaseOwner, owner), eq(importRuns.status, 'running')))
    .for('update');
  return row;
}

/** Runs a worker should be on but is not: running with a lapsed lease, or queued for a while (a lost send). */
export function strandedRuns(tx: DbOrTx, queuedBefore: Date, limit: number) {
  return tx
    .select({ id: importRuns.id })
    .from(importRuns)
    .where(
      or(
        and(eq(importRuns.status, 'running'), or(isNull(importRuns.leaseUntil), lt(importRuns.leaseUntil, sql`now()`))),
        and(eq(importRuns.status, 'queued'), lt(importRuns.createdAt, queuedBefore)),
      ),
    )
    .limit(limit);
}

// ---------------------------------------------------------------------------------------------
// Reconciliations

export async function insertReconciliation(tx: DbOrTx, row: typeof reconciliations.$inferInsert) {
  const [saved] = await tx.insert(reconciliations).values(row).returning();
  return saved!;
}

const recWithPerson = { rec: reconciliations, requestedByName: users.displayName };
export type ReconciliationWithPerson = { rec: ReconciliationRow; requestedByName: string | null };

export async function findReconciliation(tx: DbOrTx, deploymentId: string, id: string): Promise<ReconciliationWithPerson | undefined> {
  const [row] = await tx
    .select(recWithPerson)
    .from(reconciliations)
    .leftJoin(users, eq(users.id, reconciliations.requestedBy))
    .where(and(eq(reconciliations.id, id), eq(reconciliations.deploymentId, deploymentId)))
    .limit(1);
  return row;
}

export function listReconciliations(tx: DbOrTx, deploymentId: string, opts: { environment?: Environment | undefined; after?: { t: Date; id: string } | undefined; limit: number }) {
  const where = [eq(reconciliations.deploymentId, deploymentId)];
  if (opts.environment) where.push(eq(reconciliations.environment, opts.environment));
  if (opts.after) where.push(or(lt(reconciliations.createdAt, opts.after.t), and(eq(reconciliations.createdAt, opts.after.t), lt(reconciliations.id, opts.after.id)))!);
  return tx
    .select(recWithPerson)
    .from(reconciliations)
    .leftJoin(users, eq(users.id, reconciliations.requestedBy))
    .where(and(...where))
    .orderBy(desc(reconciliations.createdAt), desc(reconciliations.id))
    .limit(opts.limit + 1);
}

/** Marks a reconciliation taken by a worker (again, after a worker died: it only reads). Undefined when it has finished. */
export async function startReconciliation(tx: DbOrTx, id: string) {
  const [row] = await tx
    .update(reconciliations)
    .set({ status: 'running', startedAt: sql`coalesce(${reconciliations.startedAt}, now())` })
    .where(and(eq(reconciliations.id, id), inArray(reconciliations.status, ['queued', 'running'])))
    .returning();
  return row;
}

export async function lockReconciliation(tx: DbOrTx, id: string) {
  const [row] = await tx.select().from(reconciliations).where(eq(reconciliations.id, id)).for('update');
  return row;
}

export async function updateReconciliation(tx: DbOrTx, id: string, set: Partial<typeof reconciliations.$inferInsert>) {
  await tx.update(reconciliations).set(set).where(eq(reconciliations.id, id));
}
