import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { SecretBox } from '../../lib/secret-box.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { isUuid, newId } from '../../lib/ids.ts';
import { iso, isoNow } from '../../lib/present.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { findDeployment } from '../deployments/deployments.repo.ts';
import type { Scope } from '../items/items.service.ts';
import type { ChecksService } from './checks.service.ts';
import * as repo from './checks.repo.ts';
import * as latencyRepo from './latency.repo.ts';
import { addHistograms, emptyHistogram, histogramQuantile } from './latency.ts';
import { availabilityOf, type MonitorReadings } from './monitor-readings.ts';
import { webhookSecretContext, type Alerts } from './alerts.ts';
import type * as s from './checks.schemas.ts';

export type MonitorsService = ReturnType<typeof createMonitorsService>;

const HOUR = 3_600_000;

/**
 * What monitors measured: availability and error budget over any window, latency series for
 * charts, up/down events; and what shapes the measuring: maintenance windows, alert webhooks.
 */
export function createMonitorsService(deps: { db: Db; box: SecretBox; checks: ChecksService; readings: MonitorReadings; alerts: Alerts; now?: () => Date }) {
  const { db, box, checks, readings, alerts } = deps;
  const now = deps.now ?? (() => new Date());

  function windowOf(q: z.infer<typeof s.windowQuery>) {
    const to = q.to ? new Date(q.to) : now();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - (q.hours ?? 24) * HOUR);
    if (from >= to) throw new AppError('validation_failed', 'The window is empty: "from" must be before "to".');
    if (to.getTime() - from.getTime() > 400 * 24 * HOUR) throw new AppError('validation_failed', 'A window spans at most 400 days. Narrow "from" and "to".');
    return { from, to };
  }

  /**
   * Latency over a window: exact from raw runs; with hours that were rolled up (the window
   * reaches past the raw retention) an estimate from the combined histogram.
   */
  async function latency(checkId: string, from: Date, to: Date) {
    const [raw, hours] = await Promise.all([latencyRepo.rawLatency(db, checkId, from, to), latencyRepo.hourlyLatency(db, checkId, from, to)]);
    if (!hours.runs) return { p50: raw.p50, p95: raw.p95, avg: raw.avg, runs: raw.runs, approximate: false };
    const h = addHistograms(addHistograms(emptyHistogram(), raw.histogram), hours.histogram);
    const runs = raw.runs + hours.runs;
    const sum = (raw.avg ?? 0) * raw.runs + hours.latencySum;
    return { p50: histogramQuantile(h, 0.5), p95: histogramQuantile(h, 0.95), avg: runs ? Math.round(sum / runs) : null, runs, approximate: true };
  }

  return {
    async availability(scope: Scope, checkId: string, q: z.infer<typeof s.windowQuery>) {
      const c = await checks.findOrThrow(scope, checkId);
      if (!c.intervalSeconds) throw new AppError('unprocessable', `"${c.name}" runs only on demand; availability is measured for monitors. Give it an interval first.`);
      const { from, to } = windowOf(q);
      const r = await readings.load(c.deploymentId, [c], { start: from.getTime(), end: to.getTime() });
      const a = availabilityOf(r, c, { start: from.getTime(), end: to.getTime() });
      return { from: isoNow(from), to: isoNow(to), ...a, latency: await latency(c.id, from, to) };
    },

    async series(scope: Scope, checkId: string, q: z.infer<typeof s.seriesQuery>) {
      const c = await checks.findOrThrow(scope, checkId);
      const { from, to } = windowOf(q);
      const stepSeconds = Math.max(10, Math.ceil((to.getTime() - from.getTime()) / q.points / 1000));
      const rows = await latencyRepo.series(db, c.id, from, to, stepSeconds);
      const points = rows.map((r) => ({
        at: isoNow(r.bucket),
        runs: r.runs,
        pass: r.pass,
        warn: r.warn,
        fail: r.fail,
        error: r.error,
        p50: r.exact ? roundOrNull(r.p50) : histogramQuantile(r.histogram, 0.5),
        p95: r.exact ? roundOrNull(r.p95) : histogramQuantile(r.histogram, 0.95),
      }));
      return { from: isoNow(from), to: isoNow(to), stepSeconds, points };
    },

    /** Up/down periods in the window, newest first. */
    async events(scope: Scope, checkId: string, q: z.infer<typeof s.windowQuery>) {
      const c = await checks.findOrThrow(scope, checkId);
      const { from, to } = windowOf({ hours: 24 * 30, ...q });
      const rows = await repo.segmentsBetween(db, [c.id], from, to);
      return {
        items: rows
          .reverse()
          .slice(0, 500)
          .map((r) => ({ state: r.state, startedAt: isoNow(r.startedAt), endedAt: iso(r.endedAt), message: r.message })),
      };
    },

    async listMaintenance(scope: Scope) {
      const rows = await repo.listMaintenance(db, scope.access.deploymentId, new Date(now().getTime() - 30 * 24 * HOUR));
      return rows.map(presentWindow);
    },

    async addMaintenance(scope: Scope, input: z.infer<typeof s.createMaintenanceBody>) {
      if (input.checkId) await checks.findOrThrow(scope, input.checkId);
      const id = newId();
      const row = { id, deploymentId: scope.access.deploymentId, checkId: input.checkId ?? null, startsAt: new Date(input.startsAt), endsAt: new Date(input.endsAt), reason: input.reason, createdBy: scope.actor.userId };
      await db.transaction(async (tx) => {
        await repo.insertMaintenance(tx, row);
        await recordAudit(tx, scope.actor, { action: 'maintenance.create', subjectType: 'maintenance_window', subjectId: id, deploymentId: row.deploymentId, data: { checkId: row.checkId, startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason } });
      });
      return presentWindow({ ...row, createdAt: now() });
    },

    async removeMaintenance(scope: Scope, id: string) {
      if (!isUuid(id)) throw notFound('The maintenance window');
      await db.transaction(async (tx) => {
        const row = await repo.deleteMaintenance(tx, scope.access.deploymentId, id);
        if (!row) throw notFound('The maintenance window');
        await recordAudit(tx, scope.actor, { action: 'maintenance.delete', subjectType: 'maintenance_window', subjectId: id, deploymentId: row.deploymentId, data: { reason: row.reason } });
      });
    },

    async listWebhooks(scope: Scope) {
      return (await repo.listWebhooks(db, scope.access.deploymentId)).map(presentWebhook);
    },

    /** Adds a webhook; the signing secret is returned this once. */
    async addWebhook(scope: Scope, input: z.infer<typeof s.createWebhookBody>) {
      const id = newId();
      const secret = input.secret ?? `whsec_${randomBytes(24).toString('base64url')}`;
      const row = { id, deploymentId: scope.access.deploymentId, url: input.url, secret: box.seal(secret, webhookSecretContext(id)), restricted: scope.actor.workspaceRole === 'client_user', createdBy: scope.actor.userId };
      await db.transaction(async (tx) => {
        if ((await repo.listWebhooks(tx, row.deploymentId)).length >= 10) throw new AppError('conflict', 'A deployment has at most 10 alert webhooks. Remove one first.');
        await repo.insertWebhook(tx, row);
        await recordAudit(tx, scope.actor, { action: 'webhook.create', subjectType: 'alert_webhook', subjectId: id, deploymentId: row.deploymentId, data: { url: input.url } });
      });
      return { ...presentWebhook({ ...row, enabled: true, lastDeliveryAt: null, lastDeliveryStatus: null, createdAt: now() }), secret };
    },

    async removeWebhook(scope: Scope, id: string) {
      if (!isUuid(id)) throw notFound('The webhook');
      await db.transaction(async (tx) => {
        if (!(await repo.deleteWebhook(tx, scope.access.deploymentId, id))) throw notFound('The webhook');
        await recordAudit(tx, scope.actor, { action: 'webhook.delete', subjectType: 'alert_webhook', subjectId: id, deploymentId: scope.access.deploymentId });
      });
    },

    /** Posts a signed test event now and says what the receiver answered. */
    async testWebhook(scope: Scope, id: string) {
      if (!isUuid(id)) throw notFound('The webhook');
      const hook = (await repo.listWebhooks(db, scope.access.deploymentId)).find((h) => h.id === id);
      if (!hook) throw notFound('The webhook');
      const deployment = await findDeployment(db, scope.actor.workspaceId, scope.access.deploymentId);
      const event = {
        event: 'monitor.test' as const,
        deployment: { id: scope.access.deploymentId, name: deployment?.deployment.name ?? '' },
        check: { id: '00000000-0000-0000-0000-000000000000', name: 'Test event', kind: 'http', itemKey: null },
        state: 'up',
        previousState: null,
        at: now().toISOString(),
        message: 'A test event sent from Golive. No monitor changed state.',
      };
      try {
        await alerts.deliver({ webhookId: id, event });
      } catch {
        // The receiver's answer is recorded on the webhook either way.
      }
      const status = (await repo.findWebhook(db, id))?.webhook.lastDeliveryStatus ?? null;
      return { delivered: !!status && /^HTTP 2\d\d$/.test(status), status };
    },
  };
}

const roundOrNull = (v: number | null) => (v === null ? null : Math.round(Number(v)));

function presentWindow(w: repo.MaintenanceRow) {
  return { id: w.id, checkId: w.checkId, startsAt: isoNow(w.startsAt), endsAt: isoNow(w.endsAt), reason: w.reason, createdAt: isoNow(w.createdAt) };
}

function presentWebhook(h: Pick<repo.WebhookRow, 'id' | 'url' | 'enabled' | 'lastDeliveryAt' | 'lastDeliveryStatus' | 'createdAt'>) {
  return { id: h.id, url: h.url, enabled: h.enabled, lastDeliveryAt: iso(h.lastDeliveryAt), lastDeliveryStatus: h.lastDeliveryStatus, createdAt: isoNow(h.createdAt) };
}
