import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from './kinds/test-peers.ts';
import { auth, createTestApp, type TestApp } from '../../../tests/helpers/app.ts';
import { criterionWindow, judgeEndedCriteria } from './criteria.ts';

const MIN = 60_000;

/**
 * Success criteria measured by monitors over the criterion's window (the 30 days after go-live):
 * "99.9% uptime in first month", "<500ms average API response time", "All integrations functioning".
 * The month of monitoring is written as the workers would have recorded it.
 */
describe('success criteria measured by monitors', () => {
  let t: TestApp;
  let owner: string;
  let id: string;
  let window: { from: Date; to: Date };
  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1/deployments/${id}${url}`, headers: auth(owner), ...(payload ? { payload } : {}) });
  const sql = (text: string, values: unknown[] = []) => t.services.database.executeSql(text, values);
  const monitor = (name: string, itemKey: string, criterion: object, extra: object = {}) =>
    api('POST', '/checks', { name, kind: 'http', itemKey, intervalSeconds: 60, onPass: 'complete', criterion, config: { url: 'https://client.pwbifnb.com/healthz' }, ...extra });
  const item = async (key: string) => (await api('GET', `/items/${key}`)).json();

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.setupOwner();
    // Kicked off in August: go-live was in September, so the first month after it has ended.
    id = (await t.app.inject({ method: 'POST', url: '/api/v1/deployments', headers: auth(owner), payload: { name: 'Bakmi Jawa', clientName: 'Bakmi Jawa', templateKey: 'enterprise-deployment', kickoffOn: '2026-08-03' } })).json().id;
    window = criterionWindow(await item('success-technical.1'));
  });
  afterAll(() => t.close());

  it('takes a criterion measure only on a monitor bound to a success criterion', async () => {
    expect((await monitor('Wrong item', 'application-deployment.4', { measure: 'uptime' })).json().message).toMatch(/bound to a success criterion/);
    expect((await monitor('Not a monitor', 'success-technical.1', { measure: 'uptime' }, { intervalSeconds: null })).json().message).toMatch(/make the check a monitor/);
    expect((await monitor('No target', 'success-technical.2', { measure: 'mean_latency' })).json().message).toMatch(/needs a threshold/);
  });

  it('judges 99.9% uptime over the 30 days after go-live, once the window has ended, and completes the criterion', async () => {
    expect(window.to.getTime() - window.from.getTime()).toBe(30 * 24 * 60 * MIN);
    const created = await monitor('Custom domain up', 'success-technical.1', { measure: 'uptime' });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c.criterion).toEqual({ measure: 'uptime', threshold: 99.9 });
    // Set up before go-live, as monitors are; the month: up, 20 minutes down on day 12 (inside a 43-minute budget), up again.
    await sql('update checks set created_at = $2 where id = $1', [c.id, new Date(window.from.getTime() - 24 * 60 * MIN)]);
    const down = window.from.getTime() + 12 * 24 * 60 * MIN;
    await sql(
      `insert into check_segments (check_id, state, started_at, ended_at) values ($1, 'up', $2, $3), ($1, 'down', $3, $4), ($1, 'up', $4, $5)`,
      [c.id, window.from, new Date(down), new Date(down + 20 * MIN), window.to],
    );
    const measured = (await api('GET', `/checks/${c.id}/criterion`)).json();
    expect(measured).toMatchObject({ measure: 'uptime', threshold: 99.9, met: true, final: true, window: { from: window.from.toISOString(), to: window.to.toISOString() } });
    expect(measured.value).toBeCloseTo(100 - (20 / (30 * 24 * 60)) * 100, 6);

    expect(await judgeEndedCriteria(t.services.database.db, t.services.monitorReadings, new Date())).toBe(1);
    const criterion = await item('success-technical.1');
    expect(criterion).toMatchObject({ state: 'done', evidenceCount: 1 });
    const evidence = (await api('GET', '/items/success-technical.1/evidence')).json().items[0];
    expect(evidence).toMatchObject({ kind: 'check', result: { checkId: c.id, criterion: { measure: 'uptime', met: true, final: true } } });
    // Judged once per window.
    expect(await judgeEndedCriteria(t.services.database.db, t.services.monitorReadings, new Date())).toBe(0);
  });

  it('judges a mean latency over the window, and writes a miss on the criterion’s history', async () => {
    const c = (await monitor('API latency', 'success-technical.2', { measure: 'mean_latency', threshold: 500 })).json();
    const values = Array.from({ length: 60 }, (_, i) => `('${c.id}', '${new Date(window.from.getTime() + i * 12 * 60 * MIN).toISOString()}', 'schedule', 'pass', ${i % 2 ? 900 : 600})`);
    await sql(`insert into check_runs (check_id, slot_at, trigger, status, latency_ms) values ${values.join(',')}`);
    const measured = (await api('GET', `/checks/${c.id}/criterion`)).json();
    expect(measured).toMatchObject({ measure: 'mean_latency', value: 750, threshold: 500, met: false, final: true });

    await judgeEndedCriteria(t.services.database.db, t.services.monitorReadings, new Date());
    const criterion = await item('success-technical.2');
    expect(criterion).toMatchObject({ state: 'todo', evidenceCount: 0 });
    const history = (await api('GET', '/items/success-technical.2/history')).json().items;
    expect(history[0].note).toMatch(/API latency: not met\. Mean latency 750 ms over 60 runs \(target under 500 ms\)/);
  });

  it('does not let one pass of a criterion monitor stand for the whole window', async () => {
    const target = await listen(http.createServer((_req, res) => res.writeHead(200).end('ok')));
    try {
      const c = (await monitor('Integrations', 'success-technical.4', { measure: 'passing' }, { config: { url: `http://127.0.0.1:${target.port}/` } })).json();
      await t.services.checkRunner.handle({ checkId: c.id, slot: new Date().toISOString(), trigger: 'manual' });
      expect((await api('GET', `/checks/${c.id}`)).json().lastRun).toMatchObject({ status: 'pass' });
      expect(await item('success-technical.4')).toMatchObject({ state: 'todo', evidenceCount: 0 });
    } finally {
      await target.close();
    }
  });
});
