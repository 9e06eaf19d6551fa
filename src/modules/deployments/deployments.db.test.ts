import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../../../tests/helpers/app.ts';

const TODAY = '2026-11-20';

describe('deployments', () => {
  let t: TestApp;
  let owner: string;
  let id: string;
  const h = () => ({ headers: auth(owner) });

  beforeAll(async () => {
    t = await createTestApp({ today: TODAY });
    owner = await t.setupOwner();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/deployments',
      ...h(),
      payload: { name: 'Kopi Nusantara go-live', clientName: 'Kopi Nusantara', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-02' },
    });
    expect(res.statusCode).toBe(201);
    id = res.json().id;
  });
  afterAll(() => t.close());

  it('creates 98 items and 8 criteria, scheduled from the kickoff, with go-live on a Saturday', async () => {
    const d = (await t.app.inject({ url: `/api/v1/deployments/${id}`, ...h() })).json();
    expect(d).toMatchObject({ name: 'Kopi Nusantara go-live', clientName: 'Kopi Nusantara', status: 'planning', kickoffOn: '2026-11-02', templateKey: 'enterprise-deployment', templateVersion: 1 });
    expect(new Date(`${d.goLiveOn}T00:00:00Z`).getUTCDay()).toBe(6);
    expect(d.progress).toMatchObject({ total: 98, done: 0, notApplicable: 0, blocked: 0, percent: 0 });
    expect(d.progress.phases).toHaveLength(7);
    expect(d.progress.criteria.total).toBe(8);
    expect(d.phases.map((p: { key: string }) => p.key)).toEqual(['pre-deployment', 'deployment', 'integration', 'testing', 'training', 'go-live', 'post-deployment']);
    expect(d.phases[0]).toMatchObject({ start: '2026-11-02', end: '2026-11-15', label: '2-4 Weeks Before' });
    // Pre-deployment items were due 2026-11-15; on 2026-11-20 they are overdue and the deployment is late.
    expect(d.progress.overdue).toBe(15);
    expect(d.health).toBe('late');
    const items = (await t.app.inject({ url: `/api/v1/deployments/${id}/items`, ...h() })).json().items;
    expect(items).toHaveLength(106);
    expect(items.filter((i: { kind: string }) => i.kind === 'criterion')).toHaveLength(8);
  });

  it('lists the portfolio with progress and health, paginated by cursor', async () => {
    for (const n of [2, 3]) {
      await t.app.inject({ method: 'POST', url: '/api/v1/deployments', ...h(), payload: { name: `Chain ${n}`, clientName: `Chain ${n}`, templateKey: 'enterprise-deployment', kickoffOn: '2026-12-07' } });
    }
    const first = (await t.app.inject({ url: '/api/v1/deployments?limit=2', ...h() })).json();
    expect(first.items.map((d: { name: string }) => d.name)).toEqual(['Chain 3', 'Chain 2']);
    expect(first.items[0].health).toBe('on_track');
    const second = (await t.app.inject({ url: `/api/v1/deployments?limit=2&cursor=${first.nextCursor}`, ...h() })).json();
    expect(second.items.map((d: { name: string }) => d.name)).toEqual(['Kopi Nusantara go-live']);
    expect(second.nextCursor).toBeNull();
    const bad = await t.app.inject({ url: '/api/v1/deployments?cursor=garbage', ...h() });
    expect(bad.statusCode).toBe(400);
  });

  it('moving the kickoff reschedules items and go-live', async () => {
    const before = (await t.app.inject({ url: `/api/v1/deployments/${id}/items/environment-setup.1`, ...h() })).json();
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/deployments/${id}`, ...h(), payload: { kickoffOn: '2026-11-16' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().kickoffOn).toBe('2026-11-16');
    const after = (await t.app.inject({ url: `/api/v1/deployments/${id}/items/environment-setup.1`, ...h() })).json();
    expect(after.dueStart).toBe('2026-11-30');
    expect(before.dueStart).toBe('2026-11-16');
    const history = await t.app.inject({ url: `/api/v1/deployments/${id}`, ...h() });
    expect(history.json().progress.overdue).toBe(0);
  });

  it('enforces status rules: no going live with open items, cancelling needs a reason', async () => {
    const live = await t.app.inject({ method: 'PATCH', url: `/api/v1/deployments/${id}`, ...h(), payload: { status: 'live' } });
    expect(live.statusCode).toBe(422);
    expect(live.json().error).toBe('invalid_transition');
    const toProgress = await t.app.inject({ method: 'PATCH', url: `/api/v1/deployments/${id}`, ...h(), payload: { status: 'in_progress' } });
    expect(toProgress.json().status).toBe('in_progress');
    const goLive = await t.app.inject({ method: 'PATCH', url: `/api/v1/deployments/${id}`, ...h(), payload: { status: 'live' } });
    expect(goLive.json().details.openItems).toContain('pre-launch.2');
    const cancel = await t.app.inject({ method: 'PATCH', url: `/api/v1/deployments/${id}`, ...h(), payload: { status: 'cancelled' } });
    expect(cancel.statusCode).toBe(400);
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/v1/deployments/${id}`, ...h(), payload: { name: 'x', version: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toBe('version_conflict');
  });

  it('has a calendar with weekends and Indonesian public holidays', async () => {
    const cal = (await t.app.inject({ url: `/api/v1/deployments/${id}/calendar`, ...h() })).json();
    const christmas = cal.days.find((d: { date: string }) => d.date === '2026-12-25');
    expect(christmas.holiday.name).toMatch(/Christmas/);
    expect(christmas.holiday.nameId).toMatch(/Natal/);
    expect(cal.days.find((d: { date: string }) => d.date === '2026-11-21').weekend).toBe(true);
    expect(cal.phases).toHaveLength(7);
  });

  it('answers 404 for an unknown or malformed id and 400 for a bad date', async () => {
    expect((await t.app.inject({ url: '/api/v1/deployments/00000000-0000-0000-0000-000000000000', ...h() })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/deployments/not-a-uuid', ...h() })).statusCode).toBe(404);
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/deployments', ...h(), payload: { name: 'x', clientName: 'y', templateKey: 'enterprise-deployment', kickoffOn: '2026-02-30' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/kickoffOn/);
    const noTemplate = await t.app.inject({ method: 'POST', url: '/api/v1/deployments', ...h(), payload: { name: 'x', clientName: 'y', templateKey: 'nope', kickoffOn: '2026-02-27' } });
    expect(noTemplate.statusCode).toBe(422);
  });
});

describe('deployment team', () => {
  it('changes a member’s role on a second add, and unassigns their open items on removal', async () => {
    const t = await createTestApp();
    try {
      const owner = await t.setupOwner();
      const h = { headers: auth(owner) };
      const d = (await t.app.inject({ method: 'POST', url: '/api/v1/deployments', ...h, payload: { name: 'D', clientName: 'Bakmi', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-16' } })).json();
      expect(d.roles.map((r: { key: string }) => r.key)).toContain('it_director');
      const orgs = (await t.app.inject({ url: '/api/v1/organizations', ...h })).json().items;
      const vendor = orgs.find((o: { kind: string }) => o.kind === 'vendor');
      const { id: userId } = await t.addUser(owner, { email: 'ie@pwbi.test', workspaceRole: 'vendor_staff', organizationId: vendor.id });
      const add = (role: string) => t.app.inject({ method: 'POST', url: `/api/v1/deployments/${d.id}/members`, ...h, payload: { userId, role } });
      expect((await add('implementation_engineer')).statusCode).toBe(200);
      const client = await add('it_director');
      expect(client.statusCode).toBe(422); // vendor staff cannot take a client-side role
      const members = (await add('support_engineer')).json().items;
      expect(members.find((m: { userId: string }) => m.userId === userId).role).toBe('support_engineer');
      await t.app.inject({ method: 'PATCH', url: `/api/v1/deployments/${d.id}/items/environment-setup.2`, ...h, payload: { assigneeId: userId } });
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/deployments/${d.id}/members/${userId}`, ...h })).statusCode).toBe(204);
      const item = (await t.app.inject({ url: `/api/v1/deployments/${d.id}/items/environment-setup.2`, ...h })).json();
      expect(item.assignee).toBeNull();
      const audit = (await t.app.inject({ url: `/api/v1/audit?deploymentId=${d.id}`, ...h })).json().items;
      expect(audit.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['deployment.member.role', 'deployment.member.remove']));
    } finally {
      await t.close();
    }
  });
});
