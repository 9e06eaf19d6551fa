/**
 * Sets up the fleet on the bench database (DATABASE_URL), before any worker runs, then exits:
 *
 *  1. Create: the app migrates the database; one workspace and deployment through the API;
 *     the first `apiCount` monitors through POST /api/v1/deployments/:id/checks (timed, so the
 *     result says what creating a fleet through the API costs); the rest in bulk, as the rows
 *     checks.service.create writes (a copy of an API-made row with its own id, name, URL and
 *     config hash, an audit event each, the deployment's revision bumped), in transactions of 500.
 *  2. Schedule, with the first slots spread evenly over one minute from firstSlotAt (= now +
 *     `leadMs`): monitor n's first slot at firstSlotAt + n × 60 s / N — a fleet created over time,
 *     not a burst of N jobs in one instant. The API-made monitors are restarted through the app's
 *     scheduler (createCheckScheduler(...).restart, what create calls) with its clock set to their
 *     slot; the rest get the same in bulk — the same UPDATE of checks (schedule_epoch + 1,
 *     next_run_at = the slot) for 1000 rows at a time and the same job per monitor through
 *     pg-boss's insert() (id, data, startAfter, expiry and retries as sendSlot and queueNext give
 *     them), because restart() one by one took 30–45 s for 10,000 here (a drizzle update and a
 *     pg-boss send each), while the first slots come due. A job of each kind is then compared
 *     column by column: any difference fails the setup.
 *
 * Prints one JSON line after each step.
 */
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config/config.ts';
import { startApp } from '../../src/main.ts';
import { checks } from '../../src/db/schema-checks.ts';
import { auditEvents } from '../../src/db/schema.ts';
import { canonicalHash } from '../../src/lib/canonical-hash.ts';
import { newId } from '../../src/lib/ids.ts';
import { bumpRevision } from '../../src/modules/deployments/deployments.repo.ts';
import { createCheckScheduler, timeoutOf } from '../../src/modules/checks/check-scheduler.ts';
import { QUEUES } from '../../src/jobs/queue.ts';
import { jobExpirySeconds, runJobId, type RunJobData } from '../../src/modules/checks/schedule.ts';

const [monitors, apiCount, intervalSeconds, targetPort, leadMs] = process.argv.slice(2).map(Number) as [number, number, number, number, number];
const config = loadConfig({ GOLIVE_SECRET_KEY: randomBytes(32).toString('hex'), ...process.env, LOG_LEVEL: 'warn', PORT: '0', GOLIVE_WORKERS: 'false' });
const emit = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

const { app, services, database, close } = await startApp(config);
const { db } = database;
const json = async (method: string, url: string, token?: string, body?: unknown) => {
  const res = await app.inject({ method: method as 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {}, payload: body as object });
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
};

try {
  const { token } = await json('POST', '/api/v1/setup', undefined, { workspaceName: 'PWBI', email: 'bench@pwbi.test', password: 'bench-password-1', displayName: 'Bench' });
  const deployment = await json('POST', '/api/v1/deployments', token, { name: 'Outlet fleet', clientName: 'Bench Outlets', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-02' });
  const urlOf = (n: number) => `http://127.0.0.1:${targetPort}/outlet/${n}`;
  const nameOf = (n: number) => `outlet ${String(n).padStart(5, '0')}`;

  // Through the API, 8 at a time (the deployment's revision row serialises them anyway).
  const apiStarted = performance.now();
  let taken = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (taken < apiCount) {
        const n = taken++;
        await json('POST', `/api/v1/deployments/${deployment.id}/checks`, token, { name: nameOf(n), kind: 'http', config: { url: urlOf(n) }, intervalSeconds });
      }
    }),
  );
  const apiMs = performance.now() - apiStarted;

  // The rest in bulk: the same columns create writes (see checks.service.ts create).
  const bulkStarted = performance.now();
  const [template] = await db.select().from(checks).where(eq(checks.deploymentId, deployment.id)).limit(1);
  if (!template) throw new Error('the API made no monitor');
  for (let from = apiCount; from < monitors; from += 500) {
    const rows: (typeof checks.$inferInsert)[] = [];
    for (let n = from; n < Math.min(monitors, from + 500); n++) {
      const row = {
        id: newId(),
        workspaceId: template.workspaceId,
        deploymentId: template.deploymentId,
        itemKey: null,
        onPass: 'evidence' as const,
        name: nameOf(n),
        kind: 'http',
        config: { url: urlOf(n) },
        secrets: {},
        secretsVersion: 0,
        timeoutMs: null,
        intervalSeconds,
        enabled: true,
        sloTarget: 99.9,
        restricted: false,
        createdBy: template.createdBy,
      };
      rows.push({ ...row, configHash: canonicalHash({ kind: row.kind, config: row.config, timeoutMs: row.timeoutMs, secretsVersion: row.secretsVersion }) });
    }
    await db.transaction(async (tx) => {
      await tx.insert(checks).values(rows);
      await bumpRevision(tx, template.deploymentId);
      await tx.insert(auditEvents).values(
        rows.map((r) => ({
          workspaceId: r.workspaceId,
          actorId: r.createdBy,
          action: 'check.create',
          subjectType: 'check',
          subjectId: r.id!,
          deploymentId: r.deploymentId,
          data: { name: r.name, kind: r.kind, itemKey: null, intervalSeconds: r.intervalSeconds, secretNames: [] },
        })),
      );
    });
  }
  const bulkMs = performance.now() - bulkStarted;
  const all = await db.select({ id: checks.id, name: checks.name }).from(checks).where(eq(checks.deploymentId, deployment.id));
  all.sort((a, b) => a.name.localeCompare(b.name));
  emit({ step: 'created', deploymentId: deployment.id, monitors: all.length, api: { count: apiCount, ms: Math.round(apiMs), msEach: Math.round((apiMs / Math.max(1, apiCount)) * 100) / 100 }, bulkMs: Math.round(bulkMs) });

  const firstSlotAt = Date.now() + leadMs;
  const spreadMs = (intervalSeconds * 1000) / all.length;
  const slotOf = (n: number) => new Date(firstSlotAt + Math.round(n * spreadMs));
  const scheduleStarted = performance.now();
  // The API-made ones through the app's scheduler, its clock set to each one's slot (restart reads it first thing).
  let clock = 0;
  const scheduler = createCheckScheduler({ db, queue: services.queue, now: () => new Date(clock) });
  for (let n = 0; n < apiCount; n++) {
    clock = slotOf(n).getTime();
    await scheduler.restart(all[n]!.id);
  }
  // The rest in bulk: what restart() writes, 1000 monitors a statement.
  for (let from = apiCount; from < all.length; from += 1000) {
    const part = all.slice(from, from + 1000).map((c, i) => ({ id: c.id, slot: slotOf(from + i) }));
    const updated = await db.execute(sql`
      update checks c set schedule_epoch = c.schedule_epoch + 1, next_run_at = v.slot
        from unnest(${`{${part.map((p) => p.id).join(',')}}`}::uuid[], ${`{${part.map((p) => p.slot.toISOString()).join(',')}}`}::timestamptz[]) as v(id, slot)
       where c.id = v.id and c.enabled and c.interval_seconds is not null
      returning c.id, c.kind, c.timeout_ms, c.schedule_epoch, c.next_run_at`);
    const rows = (updated as unknown as { rows: { id: string; kind: string; timeout_ms: number | null; schedule_epoch: number; next_run_at: Date | string }[] }).rows;
    if (rows.length !== part.length) throw new Error(`scheduled ${rows.length} of ${part.length} monitors`);
    await services.queue.insert(
      rows.map((r) => {
        const slot = new Date(r.next_run_at);
        const data: RunJobData = { checkId: r.id, slot: slot.toISOString(), trigger: 'schedule', epoch: r.schedule_epoch };
        return { id: runJobId(r.id, r.schedule_epoch, slot), name: QUEUES.checkRun, data, startAfter: slot.toISOString(), expireInSeconds: jobExpirySeconds(timeoutOf({ kind: r.kind, timeoutMs: r.timeout_ms })), retryLimit: 3, retryDelay: 1 };
      }),
    );
  }
  const scheduleMs = performance.now() - scheduleStarted;
  // A job restart() queued and one queued in bulk must not differ but in their check and slot.
  const jobs = (
    (await db.execute(sql`
      select j.data->>'checkId' as check_id, (j.data - 'checkId' - 'slot' - 'epoch') as data, j.priority, j.policy, j.retry_limit, j.retry_delay, j.retry_backoff,
             extract(epoch from j.expire_in) as expire_s, extract(epoch from j.keep_until - j.start_after) as keep_s, j.start_after = (j.data->>'slot')::timestamptz as starts_at_slot, j.singleton_key, j.dead_letter
        from pgboss.job j join checks c on c.id = (j.data->>'checkId')::uuid and c.schedule_epoch = (j.data->>'epoch')::int
       where j.name = 'check.run' and j.state = 'created' and c.id in (${all[0]!.id}, ${all.at(-1)!.id})`)) as unknown as { rows: Record<string, unknown>[] }
  ).rows;
  const [x, y] = jobs.map(({ check_id: _, ...rest }) => JSON.stringify(rest));
  if (jobs.length !== 2 || x !== y) throw new Error(`a bulk-queued job differs from one restart() queued:\n${x}\n${y}`);
  const [heads] = (await db.execute(sql`select count(*)::int as n, count(distinct next_run_at)::int as slots, min(schedule_epoch)::int as min_epoch from checks where next_run_at >= ${new Date(firstSlotAt)}`) as unknown as { rows: { n: number; slots: number; min_epoch: number }[] }).rows;
  if (heads!.n !== all.length) throw new Error(`${heads!.n} of ${all.length} monitors have their first slot set`);
  emit({ step: 'scheduled', firstSlotAt: new Date(firstSlotAt).toISOString(), spreadMs, scheduleMs: Math.round(scheduleMs), viaRestart: apiCount, inBulk: all.length - apiCount, jobsCompared: jobs.length });
} finally {
  await close();
}
process.exit(0);
