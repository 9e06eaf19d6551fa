import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../../../tests/helpers/app.ts';
import { listen, type Listening } from './kinds/test-peers.ts';
import { signature } from './alerts.ts';
import { rollUpRuns } from './latency.repo.ts';
import { runJobId } from './schedule.ts';
import { QUEUES } from '../../jobs/queue.ts';

interface Delivery {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * Monitors: the schedule as a chain of slot jobs, state segments and time-weighted availability,
 * maintenance windows, signed alert webhooks, duplicate deliveries, and the roll-up of old runs.
 */
describe('monitors', () => {
  let t: TestApp;
  let owner: string;
  let id: string;
  let target: Listening;
  let receiver: Listening;
  let up = true;
  const deliveries: Delivery[] = [];
  const base = () => `/api/v1/deployments/${id}`;
  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url: `${base()}${url}`, headers: auth(owner), ...(payload ? { payload } : {}) });

  async function runNow(checkId: string) {
    const queued = (await api('POST', `/checks/${checkId}/runs`)).json();
    return t.until(async () => {
      const run = (await api('GET', `/checks/${checkId}/runs/${queued.id}`)).json();
      return run.status ? run : undefined;
    });
  }

  beforeAll(async () => {
    t = await createTestApp({ workers: true });
    owner = await t.setupOwner();
    id = (await t.app.inject({ method: 'POST', url: '/api/v1/deployments', headers: auth(owner), payload: { name: 'Warung Sejahtera', clientName: 'Warung Sejahtera', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-16' } })).json().id;
    target = await listen(http.createServer((_req, res) => res.writeHead(up ? 200 : 500).end(up ? 'ok' : 'down')));
    receiver = await listen(
      http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          deliveries.push({ headers: req.headers, body });
          res.writeHead(204).end();
        });
      }),
    );
  });
  afterAll(async () => {
    await t.close();
    await target.close();
    await receiver.close();
  });

  let monitorId = '';

  it('runs a new monitor at once and queues its next slot one interval later', async () => {
    const res = await api('POST', '/checks', { name: 'Client app up', kind: 'http', itemKey: 'monitoring-logging.4', intervalSeconds: 60, config: { url: `http://127.0.0.1:${target.port}/` } });
    expect(res.statusCode).toBe(201);
    monitorId = res.json().id;
    const check = await t.until(async () => {
      const c = (await api('GET', `/checks/${monitorId}`)).json();
      return c.lastRun ? c : undefined;
    });
    expect(check).toMatchObject({ lastRun: { status: 'pass' }, state: { state: 'up' }, uptime: { day: 100, week: 100, month: 100 } });
    const first = (await api('GET', `/checks/${monitorId}/runs`)).json().items.at(-1);
    expect(first.trigger).toBe('schedule');
    const next = await t.until(async () => {
      const c = (await api('GET', `/checks/${monitorId}`)).json();
      return c.nextRunAt && c.nextRunAt > first.slotAt ? c.nextRunAt : undefined;
    });
    expect(Date.parse(next) - Date.parse(first.slotAt)).toBe(60_000);
    const epoch = (await t.services.database.executeSql('select schedule_epoch as e from checks where id = $1', [monitorId])).rows[0].e;
    const job = await t.services.queue.getJobById(QUEUES.checkRun, runJobId(monitorId, epoch, new Date(next)));
    expect(job).toMatchObject({ state: 'created', data: { checkId: monitorId, slot: next, trigger: 'schedule', epoch } });
  });

  it('runs a slot once however often its job is delivered, and drops jobs of an older schedule', async () => {
    const slot = new Date(Date.now() - 5_000).toISOString();
    const epoch = (await t.services.database.executeSql('select schedule_epoch as e from checks where id = $1', [monitorId])).rows[0].e;
    const job = { checkId: monitorId, slot, trigger: 'schedule' as const, epoch };
    await Promise.all([t.services.checkRunner.handle(job), t.services.checkRunner.handle(job)]);
    await t.services.checkRunner.handle(job);
    await t.services.checkRunner.handle({ ...job, slot: new Date(Date.now() - 4_000).toISOString(), epoch: epoch - 1 });
    const rows = await t.services.database.executeSql('select slot_at from check_runs where check_id = $1 and slot_at in ($2, $3)', [monitorId, slot, new Date(Date.now() - 4_000)]);
    expect(rows.rows).toHaveLength(1);
  });

  it('follows up and down, measures uptime by time, and posts signed alerts', async () => {
    const hook = await api('POST', '/webhooks', { url: `http://127.0.0.1:${receiver.port}/golive` });
    expect(hook.statusCode).toBe(201);
    const { secret } = hook.json();
    expect(secret).toMatch(/^whsec_/);
    expect((await api('GET', '/webhooks')).body).not.toContain(secret);

    up = false;
    expect((await runNow(monitorId)).status).toBe('fail');
    up = true;
    expect((await runNow(monitorId)).status).toBe('pass');

    const events = (await api('GET', `/checks/${monitorId}/events`)).json().items;
    expect(events.map((e: { state: string }) => e.state)).toEqual(['up', 'down', 'up']);
    const down = events[1];
    expect(down.message).toMatch(/500/);
    const a = (await api('GET', `/checks/${monitorId}/availability?hours=1`)).json();
    expect(a.downMs).toBe(Date.parse(down.endedAt) - Date.parse(down.startedAt));
    expect(a).toMatchObject({ incidents: 1, slo: { targetPercent: 99.9 }, latency: { runs: expect.any(Number), approximate: false } });
    // The hour asked for is clipped to the monitor's life: the time before it existed is not "unknown".
    expect(a.windowMs).toBeLessThan(10 * 60_000);
    expect(a.uptimePercent).toBeLessThan(100);

    // Each delivery is its own job: receivers order them by `at`.
    const alerts = (await t.until(async () => (deliveries.length >= 2 ? deliveries : undefined))).sort((a, b) => JSON.parse(a.body).at.localeCompare(JSON.parse(b.body).at));
    expect(alerts.map((d) => JSON.parse(d.body).event)).toEqual(['monitor.down', 'monitor.up']);
    for (const d of alerts) {
      const [, ts] = /^t=(\d+),/.exec(String(d.headers['x-golive-signature']))!;
      expect(d.headers['x-golive-signature']).toBe(signature(secret, Number(ts), d.body));
    }
    expect(JSON.parse(alerts[0]!.body)).toMatchObject({ deployment: { id, name: 'Warung Sejahtera' }, check: { id: monitorId, itemKey: 'monitoring-logging.4' }, state: 'down', previousState: 'up' });
  });

  it('excludes maintenance from uptime and raises no alert inside it', async () => {
    const downBefore = (await api('GET', `/checks/${monitorId}/availability?hours=1`)).json().downMs;
    // The window starts now, not a little before: the last test's outage may have ended less than
    // that ago, and the part of it inside the window would no longer count as down.
    const win = await api('POST', '/maintenance', { checkId: monitorId, startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), reason: 'Database failover drill' });
    expect(win.statusCode).toBe(201);
    const before = deliveries.length;
    up = false;
    expect((await runNow(monitorId)).status).toBe('fail');
    up = true;
    expect((await runNow(monitorId)).status).toBe('pass');
    const a = (await api('GET', `/checks/${monitorId}/availability?hours=1`)).json();
    expect(a).toMatchObject({ downMs: downBefore, incidents: 1 });
    expect(a.maintenanceMs).toBeGreaterThan(0);
    // Inside the window alone, nothing counts: neither up nor down.
    const inside = (await api('GET', `/checks/${monitorId}/availability?from=${encodeURIComponent(win.json().startsAt)}`)).json();
    expect(inside).toMatchObject({ upMs: 0, downMs: 0, uptimePercent: null });
    // A delivery queued for this change would have been posted by now, as the earlier ones were.
    await t.until(async () => ((await t.services.queue.getQueueSize(QUEUES.checkAlert)) === 0 ? true : undefined));
    expect(deliveries.length).toBe(before);
    expect((await api('DELETE', `/maintenance/${win.json().id}`)).statusCode).toBe(204);
  });

  it('rolls raw runs past retention into hourly histograms that still answer latency', async () => {
    const old = Date.now() - 3 * 86_400_000;
    const values = Array.from({ length: 120 }, (_, i) => `('${monitorId}', '${new Date(old + i * 60_000).toISOString()}', 'schedule', '${i % 40 === 0 ? 'fail' : 'pass'}', ${40 + (i % 10) * 10})`);
    await t.services.database.executeSql(`insert into check_runs (check_id, slot_at, trigger, status, latency_ms) values ${values.join(',')}`);
    const moved = await rollUpRuns(t.services.database.db, new Date(Date.now() - 2 * 86_400_000));
    expect(moved).toBe(120);
    const hours = await t.services.database.executeSql('select sum(runs)::int as runs, sum(fail)::int as fail from check_hours where check_id = $1', [monitorId]);
    expect(hours.rows[0]).toEqual({ runs: 120, fail: 3 });
    // Rolling up again moves nothing and counts nothing twice.
    expect(await rollUpRuns(t.services.database.db, new Date(Date.now() - 2 * 86_400_000))).toBe(0);

    const series = (await api('GET', `/checks/${monitorId}/series?hours=96&points=96`)).json();
    expect(series.points.reduce((n: number, p: { runs: number }) => n + p.runs, 0)).toBeGreaterThanOrEqual(120);
    expect(series.points.find((p: { fail: number }) => p.fail > 0)).toBeTruthy();
  });

  it('answers 422 for the availability of an on-demand check, and 404 for another deployment’s check', async () => {
    const once = (await api('POST', '/checks', { name: 'Once', kind: 'tcp', config: { host: '127.0.0.1', port: target.port } })).json();
    expect((await api('GET', `/checks/${once.id}/availability`)).statusCode).toBe(422);
    const other = (await t.app.inject({ method: 'POST', url: '/api/v1/deployments', headers: auth(owner), payload: { name: 'Other', clientName: 'Other Chain', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-16' } })).json().id;
    expect((await t.app.inject({ url: `/api/v1/deployments/${other}/checks/${monitorId}`, headers: auth(owner) })).statusCode).toBe(404);
  });
});
