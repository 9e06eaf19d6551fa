import type { z } from 'zod';
import type { Db, Tx } from '../../db/client.ts';
import type { AccessCache } from '../../auth/access-cache.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { requireDeploymentPermission } from '../../auth/require.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { isUuid, newId } from '../../lib/ids.ts';
import { canonicalHash } from '../../lib/canonical-hash.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { iso, isoNow } from '../../lib/present.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { findItem } from '../items/items.repo.ts';
import { bumpRevision } from '../deployments/deployments.repo.ts';
import type { Scope } from '../items/items.service.ts';
import { parseCheckConfig } from './run-check.ts';
import { describeKinds } from './registry.ts';
import { assertNoLiteralSecrets, assertNoLocalResources, assertSecretsReferenced, fillSecrets, openSecrets, sealSecrets } from './check-secrets.ts';
import { timeoutOf, type CheckScheduler } from './check-scheduler.ts';
import { availabilityOf, type MonitorReadings } from './monitor-readings.ts';
import type * as s from './checks.schemas.ts';
import { measureCriterion, thresholdOf } from './criteria.ts';
import * as repo from './checks.repo.ts';
import type { CheckRow, CheckRunRow } from './checks.repo.ts';

export type ChecksService = ReturnType<typeof createChecksService>;
type CreateInput = z.infer<typeof s.createCheckBody>;
type UpdateInput = z.infer<typeof s.updateCheckBody>;
type Criterion = NonNullable<CreateInput['criterion']>;

const DAY = 86_400_000;

export function presentRun(r: { run: CheckRunRow; requestedByName: string | null }) {
  const run = r.run;
  return {
    id: run.id,
    trigger: run.trigger,
    slotAt: isoNow(run.slotAt),
    status: run.status,
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    durationMs: run.durationMs,
    latencyMs: run.latencyMs,
    message: run.message,
    measurements: run.measurements as Record<string, unknown> | null,
    requestedBy: run.requestedBy ? { id: run.requestedBy, displayName: r.requestedByName ?? '' } : null,
  };
}

/**
 * Checks bound to a deployment's items: set up, changed, run now, and their runs. Monitoring
 * (uptime, series, maintenance, alerts) reads what the runs record; see monitor-readings.ts.
 */
export function createChecksService(deps: { db: Db; box: SecretBox; cache: AccessCache; scheduler: CheckScheduler; readings: MonitorReadings; now?: () => Date }) {
  const { db, box, cache, scheduler, readings } = deps;
  const now = deps.now ?? (() => new Date());

  function present(c: CheckRow, uptime: { day: number | null; week: number | null; month: number | null } | null, state: { state: 'up' | 'down' | 'unknown'; since: string } | null) {
    return {
      id: c.id,
      name: c.name,
      kind: c.kind,
      itemKey: c.itemKey,
      onPass: c.onPass,
      config: c.config as Record<string, unknown>,
      secretNames: Object.keys(c.secrets).sort(),
      timeoutMs: c.timeoutMs,
      intervalSeconds: c.intervalSeconds,
      enabled: c.enabled,
      sloTarget: c.sloTarget,
      criterion: c.criterionMeasure ? { measure: c.criterionMeasure, threshold: thresholdOf(c) } : null,
      restricted: c.restricted,
      configHash: c.configHash,
      lastRun: c.lastStatus && c.lastRunAt ? { status: c.lastStatus, at: isoNow(c.lastRunAt), message: c.lastMessage ?? '', latencyMs: c.lastLatencyMs } : null,
      state,
      uptime,
      nextRunAt: c.enabled && c.intervalSeconds ? iso(c.nextRunAt) : null,
      version: c.version,
      createdAt: isoNow(c.createdAt),
      updatedAt: isoNow(c.updatedAt),
    };
  }

  /** Checks with their state and 24 h / 7 d / 30 d uptime, from one read of their segments. */
  async function presentMany(scope: Scope, rows: CheckRow[]) {
    const t = now().getTime();
    const monitors = rows.filter((c) => c.intervalSeconds);
    const month = await readings.load(scope.access.deploymentId, monitors, { start: t - 30 * DAY, end: t });
    return rows.map((c) => {
      if (!c.intervalSeconds) return present(c, null, null);
      const up = (days: number) => availabilityOf(month, c, { start: t - days * DAY, end: t }).uptimePercent;
      return present(c, { day: up(1), week: up(7), month: up(30) }, month.currentState(c));
    });
  }

  async function findOrThrow(scope: Scope, id: string) {
    if (!isUuid(id)) throw notFound('The check');
    const c = await repo.findCheck(db, scope.access.deploymentId, id);
    if (!c) throw notFound('The check');
    return c;
  }

  /** The bound item (or criterion), which must exist in the deployment. */
  async function boundItem(tx: Tx | Db, deploymentId: string, key: string | null | undefined) {
    if (!key) return null;
    const row = await findItem(tx, deploymentId, key);
    if (!row) throw new AppError('validation_failed', `This deployment has no item ${key}. Bind the check to one of its item keys (e.g. application-deployment.4).`);
    return row.item;
  }

  /** A criterion measure needs a monitor bound to a success criterion, and a latency target in ms. */
  function assertCriterion(criterion: Criterion | null, item: { kind: string } | null, intervalSeconds: number | null) {
    if (!criterion) return;
    if (item?.kind !== 'criterion') throw new AppError('validation_failed', 'A criterion measure needs the check bound to a success criterion (success-technical.<n> or success-business.<n>).');
    if (!intervalSeconds) throw new AppError('validation_failed', 'A criterion is measured over weeks: make the check a monitor (intervalSeconds) to measure it.');
    if (criterion.measure === 'mean_latency' && criterion.threshold === undefined) throw new AppError('validation_failed', 'mean_latency needs a threshold: the mean latency in ms to stay under (e.g. 500).');
    if (criterion.measure === 'uptime' && criterion.threshold !== undefined && criterion.threshold > 100) throw new AppError('validation_failed', 'An uptime threshold is a percentage, at most 100.');
  }

  /** Validates the config as the kind will see it (secrets filled in) and refuses credentials stored in the clear. */
  function validate(kind: string, config: Record<string, unknown>, secrets: Record<string, string>, schedule: { intervalSeconds: number | null; timeoutMs: number | null }, restricted: boolean) {
    assertNoLiteralSecrets(config);
    assertSecretsReferenced(config, Object.keys(secrets));
    const filled = fillSecrets(config, secrets);
    if (restricted) assertNoLocalResources(filled);
    parseCheckConfig(kind, filled);
    const deadline = timeoutOf({ kind, timeoutMs: schedule.timeoutMs });
    if (schedule.intervalSeconds && schedule.intervalSeconds * 1000 <= deadline) {
      throw new AppError('validation_failed', `A monitor must run less often than its deadline: every ${schedule.intervalSeconds} s with a deadline of ${deadline / 1000} s would overlap runs. Lengthen the interval or shorten timeoutMs.`);
    }
  }

  const hashOf = (c: Pick<CheckRow, 'kind' | 'config' | 'timeoutMs' | 'secretsVersion'>) =>
    canonicalHash({ kind: c.kind, config: c.config, timeoutMs: c.timeoutMs, secretsVersion: c.secretsVersion });

  return {
    kinds: describeKinds,

    async list(scope: Scope, filter: { item?: string | undefined }) {
      const rows = await repo.listChecks(db, scope.access.deploymentId, filter.item);
      const items = await presentMany(scope, rows);
      return {
        items,
        summary: {
          total: items.length,
          monitors: items.filter((c) => c.intervalSeconds).length,
          up: items.filter((c) => c.state?.state === 'up').length,
          down: items.filter((c) => c.state?.state === 'down').length,
          unknown: items.filter((c) => c.intervalSeconds && c.state?.state !== 'up' && c.state?.state !== 'down').length,
          failing: items.filter((c) => c.lastRun && (c.lastRun.status === 'fail' || c.lastRun.status === 'error')).length,
        },
      };
    },

    async get(scope: Scope, id: string) {
      return (await presentMany(scope, [await findOrThrow(scope, id)]))[0]!;
    },

    async create(scope: Scope, input: CreateInput) {
      const secrets = input.secrets ?? {};
      validate(input.kind, input.config, secrets, { intervalSeconds: input.intervalSeconds ?? null, timeoutMs: input.timeoutMs ?? null }, isClientUser(scope));
      assertCriterion(input.criterion ?? null, await boundItem(db, scope.access.deploymentId, input.itemKey), input.intervalSeconds ?? null);
      const id = newId();
      const row = {
        id,
        workspaceId: scope.actor.workspaceId,
        deploymentId: scope.access.deploymentId,
        itemKey: input.itemKey ?? null,
        onPass: input.onPass ?? 'evidence',
        name: input.name,
        kind: input.kind,
        config: input.config,
        secrets: sealSecrets(box, id, secrets),
        secretsVersion: 0,
        timeoutMs: input.timeoutMs ?? null,
        intervalSeconds: input.intervalSeconds ?? null,
        enabled: input.enabled ?? true,
        sloTarget: input.sloTarget ?? 99.9,
        criterionMeasure: input.criterion?.measure ?? null,
        criterionThreshold: input.criterion?.threshold ?? null,
        restricted: isClientUser(scope),
        createdBy: scope.actor.userId,
      };
      await db.transaction(async (tx) => {
        if (await nameTaken(tx, scope.access.deploymentId, input.name)) throw duplicateName(input.name);
        await repo.insertCheck(tx, { ...row, configHash: hashOf(row) });
        // Item lists show each item's checks: they are cached by the deployment's revision.
        await bumpRevision(tx, row.deploymentId);
        await recordAudit(tx, scope.actor, { action: 'check.create', subjectType: 'check', subjectId: id, deploymentId: row.deploymentId, data: { name: row.name, kind: row.kind, itemKey: row.itemKey, intervalSeconds: row.intervalSeconds, secretNames: Object.keys(secrets) } });
      });
      cache.forgetDeployment(scope.access.deploymentId);
      if (row.enabled && row.intervalSeconds) await scheduler.restart(id);
      return this.get(scope, id);
    },

    async update(scope: Scope, id: string, patch: UpdateInput) {
      let rescheduled = false;
      await db.transaction(async (tx) => {
        const c = await repo.lockCheck(tx, scope.access.deploymentId, id);
        if (!c) throw notFound('The check');
        if (patch.version !== undefined && patch.version !== c.version) {
          throw new AppError('version_conflict', `Someone changed the check "${c.name}" since you loaded it (now version ${c.version}). Reload and try again.`, { currentVersion: c.version });
        }
        const current = openSecrets(box, c.id, c.secrets);
        const secrets = { ...current };
        for (const [name, value] of Object.entries(patch.secrets ?? {})) {
          if (value === null) delete secrets[name];
          else secrets[name] = value;
        }
        const secretsChanged = JSON.stringify(Object.entries(secrets).sort()) !== JSON.stringify(Object.entries(current).sort());
        const config = patch.config ?? (c.config as Record<string, unknown>);
        validate(c.kind, config, secrets, {
          intervalSeconds: patch.intervalSeconds === undefined ? c.intervalSeconds : patch.intervalSeconds,
          timeoutMs: patch.timeoutMs === undefined ? c.timeoutMs : patch.timeoutMs,
        }, c.restricted || isClientUser(scope));
        const itemKey = patch.itemKey === undefined ? c.itemKey : patch.itemKey;
        const criterion = patch.criterion === undefined ? (c.criterionMeasure ? { measure: c.criterionMeasure, threshold: c.criterionThreshold ?? undefined } : null) : patch.criterion;
        assertCriterion(criterion, await boundItem(tx, c.deploymentId, itemKey), patch.intervalSeconds === undefined ? c.intervalSeconds : patch.intervalSeconds);
        if (patch.name !== undefined && patch.name !== c.name && (await nameTaken(tx, c.deploymentId, patch.name))) throw duplicateName(patch.name);
        const next = {
          name: patch.name ?? c.name,
          itemKey,
          onPass: patch.onPass ?? c.onPass,
          config,
          secrets: secretsChanged ? sealSecrets(box, c.id, secrets) : c.secrets,
          secretsVersion: secretsChanged ? c.secretsVersion + 1 : c.secretsVersion,
          timeoutMs: patch.timeoutMs === undefined ? c.timeoutMs : patch.timeoutMs,
          intervalSeconds: patch.intervalSeconds === undefined ? c.intervalSeconds : patch.intervalSeconds,
          enabled: patch.enabled ?? c.enabled,
          sloTarget: patch.sloTarget ?? c.sloTarget,
          criterionMeasure: criterion?.measure ?? null,
          criterionThreshold: criterion?.threshold ?? null,
        };
        const configHash = hashOf({ kind: c.kind, ...next });
        rescheduled = next.intervalSeconds !== c.intervalSeconds || next.enabled !== c.enabled || (configHash !== c.configHash && !!next.intervalSeconds);
        await repo.updateCheck(tx, c.id, {
          ...next,
          configHash,
          // A change by a client user keeps the check under the private-target restriction.
          restricted: c.restricted || isClientUser(scope),
          // A new configuration must prove itself again before its pass is evidence.
          evidencedAt: configHash === c.configHash ? c.evidencedAt : null,
          version: c.version + 1,
        });
        await bumpRevision(tx, c.deploymentId);
        const changed = Object.keys(patch).filter((k) => k !== 'version' && k !== 'secrets');
        await recordAudit(tx, scope.actor, { action: 'check.update', subjectType: 'check', subjectId: c.id, deploymentId: c.deploymentId, data: { name: next.name, changed, secretsChanged: secretsChanged ? Object.keys(patch.secrets ?? {}) : [] } });
      });
      cache.forgetDeployment(scope.access.deploymentId);
      if (rescheduled) await scheduler.restart(id);
      return this.get(scope, id);
    },

    async remove(scope: Scope, id: string) {
      await db.transaction(async (tx) => {
        const c = await repo.lockCheck(tx, scope.access.deploymentId, id);
        if (!c) throw notFound('The check');
        await repo.deleteCheck(tx, c.id);
        await bumpRevision(tx, c.deploymentId);
        await recordAudit(tx, scope.actor, { action: 'check.delete', subjectType: 'check', subjectId: c.id, deploymentId: c.deploymentId, data: { name: c.name, kind: c.kind, itemKey: c.itemKey } });
      });
      // Its queued jobs find no check and drop out; the item's check summary changed.
      cache.forgetDeployment(scope.access.deploymentId);
    },

    /** Queues a run now; the answer is the queued run, which a worker fills in (poll GET …/runs/:runId). */
    async runNow(scope: Scope, id: string) {
      requireDeploymentPermission(scope.access, 'check.run');
      const c = await findOrThrow(scope, id);
      const slotAt = now();
      const run = await db.transaction(async (tx) => {
        const r = await repo.insertQueuedRun(tx, { checkId: c.id, slotAt, requestedBy: scope.actor.userId });
        await recordAudit(tx, scope.actor, { action: 'check.run', subjectType: 'check', subjectId: c.id, deploymentId: c.deploymentId, data: { runId: r.id } });
        return r;
      });
      await scheduler.queueManual(c, slotAt);
      return presentRun({ run, requestedByName: scope.actor.displayName });
    },

    async runs(scope: Scope, id: string, opts: { cursor?: string | undefined; limit: number; failures?: boolean | undefined }) {
      const c = await findOrThrow(scope, id);
      const before = opts.cursor ? decodeCursor<{ id: number }>(opts.cursor).id : undefined;
      const rows = await repo.listRuns(db, c.id, { beforeId: typeof before === 'number' ? before : undefined, limit: opts.limit, failuresOnly: opts.failures });
      const page = rows.slice(0, opts.limit);
      const last = page.at(-1);
      return { items: page.map(presentRun), nextCursor: rows.length > opts.limit && last ? encodeCursor({ id: last.run.id }) : null };
    },

    async run(scope: Scope, id: string, runId: number) {
      const c = await findOrThrow(scope, id);
      const r = await repo.findRun(db, c.id, runId);
      if (!r) throw notFound('The run');
      return presentRun(r);
    },

    /** The criterion a monitor measures: so far while its window runs, the result once it has ended. */
    async criterion(scope: Scope, id: string) {
      const c = await findOrThrow(scope, id);
      const item = c.criterionMeasure ? await boundItem(db, c.deploymentId, c.itemKey) : null;
      if (!item) throw new AppError('unprocessable', `"${c.name}" does not measure a success criterion. Bind it to one with a criterion measure.`);
      return measureCriterion(db, readings, c, item, now());
    },

    findOrThrow,
  };
}

async function nameTaken(tx: Tx, deploymentId: string, name: string) {
  return !!(await repo.findCheckByName(tx, deploymentId, name));
}

/** Client users' checks run on the vendor's workers under restrictions (no private targets, no local files). */
const isClientUser = (scope: Scope) => scope.actor.workspaceRole === 'client_user';

const duplicateName = (name: string) => new AppError('conflict', `This deployment already has a check named "${name}". Choose another name.`);
