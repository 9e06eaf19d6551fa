import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../../../tests/helpers/app.ts';
import { multipart } from '../../../tests/helpers/multipart.ts';
import { sha256Hex } from '../../lib/ids.ts';

// A minimal valid PDF header is enough for the sniffer.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('items: states, rules, evidence, history', () => {
  let t: TestApp;
  let owner: string;
  let id: string;
  const url = (key: string, rest = '') => `/api/v1/deployments/${id}/items/${key}${rest}`;
  const patch = (key: string, payload: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'PATCH', url: url(key), headers: { ...auth(owner), ...headers }, payload });
  const get = (u: string) => t.app.inject({ url: u, headers: auth(owner) });

  beforeAll(async () => {
    t = await createTestApp({ today: '2026-11-20', maxUploadBytes: 64 * 1024 });
    owner = await t.setupOwner();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/deployments', headers: auth(owner), payload: { name: 'D', clientName: 'Client', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-16' } });
    id = res.json().id;
  });
  afterAll(() => t.close());

  it('needs a reason to block or mark not applicable', async () => {
    const res = await patch('security-setup.3', { state: 'not_applicable' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/needs a reason/);
    const ok = await patch('security-setup.3', { state: 'not_applicable', reason: 'Client has no VPN; access is over the public endpoint with IP allow-listing.' });
    expect(ok.json()).toMatchObject({ state: 'not_applicable', reason: expect.stringContaining('no VPN') });
    expect((await patch('environment-setup.5', { state: 'blocked' })).statusCode).toBe(400);
    expect((await patch('environment-setup.5', { state: 'blocked', reason: 'Waiting on AWS quota' })).json().state).toBe('blocked');
  });

  it('moves the deployment from planning to in progress on the first work', async () => {
    expect((await get(`/api/v1/deployments/${id}`)).json().status).toBe('in_progress');
  });

  it('refuses done without the evidence the template asks for (422, naming the kinds)', async () => {
    const res = await patch('business-requirements.1', { state: 'done' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: 'evidence_required', details: { accepts: ['file'] } });
  });

  it('stores a file content-addressed by sha256, with a sniffed type, and then allows done', async () => {
    const body = multipart({ note: 'Countersigned SOW' }, { name: 'sow.pdf', content: PDF, type: 'text/plain' });
    const res = await t.app.inject({ method: 'POST', url: url('business-requirements.1', '/evidence'), headers: { ...auth(owner), ...body.headers }, payload: body.payload });
    expect(res.statusCode).toBe(201);
    const ev = res.json();
    expect(ev.file).toMatchObject({ sha256: sha256Hex(PDF), name: 'sow.pdf', size: PDF.length, mediaType: 'application/pdf' });
    expect(fs.existsSync(path.join(t.dataDir, 'blobs', ev.file.sha256.slice(0, 2), ev.file.sha256))).toBe(true);
    const file = await get(`/api/v1/deployments/${id}/evidence/${ev.id}/file`);
    expect(file.rawPayload.equals(PDF)).toBe(true);
    expect(file.headers['content-type']).toBe('application/pdf');
    const done = await patch('business-requirements.1', { state: 'done', note: 'Signed 2026-11-17' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ state: 'done', evidenceCount: 1, completedAt: expect.any(String) });
    const progress = (await get(`/api/v1/deployments/${id}`)).json().progress;
    expect(progress).toMatchObject({ total: 98, done: 1, notApplicable: 1 });
    expect(progress.percent).toBeCloseTo(100 / 97, 1);
  });

  it('refuses an upload over the size limit with 413 and an executable with 415', async () => {
    const big = multipart({}, { name: 'big.bin', content: Buffer.alloc(65 * 1024, 1) });
    const res = await t.app.inject({ method: 'POST', url: url('business-requirements.2', '/evidence'), headers: { ...auth(owner), ...big.headers }, payload: big.payload });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toBe('payload_too_large');
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);
    const exe = multipart({}, { name: 'evil', content: elf });
    const res2 = await t.app.inject({ method: 'POST', url: url('business-requirements.2', '/evidence'), headers: { ...auth(owner), ...exe.headers }, payload: exe.payload });
    expect(res2.statusCode).toBe(415);
    // Nothing half-written is left in the store's temp folder.
    expect(fs.readdirSync(path.join(t.dataDir, 'blobs', 'tmp'))).toEqual([]);
  });

  it('refuses done while a dependency is open (409, listing them)', async () => {
    await t.app.inject({ method: 'POST', url: url('data-migration.4', '/evidence'), headers: auth(owner), payload: { kind: 'note', note: 'Imported 1.2M rows' } });
    const res = await patch('data-migration.4', { state: 'done' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('dependencies_open');
    const open = res.json().details.openDependencies.map((d: { key: string }) => d.key);
    expect(open).toEqual(expect.arrayContaining(['data-migration.3']));
  });

  it('refuses a stale write (If-Match or version) with 409 instead of overwriting', async () => {
    const item = await get(url('environment-setup.2'));
    const etag = item.headers.etag as string;
    expect((await patch('environment-setup.2', { state: 'in_progress' }, { 'if-match': etag })).statusCode).toBe(200);
    const stale = await patch('environment-setup.2', { state: 'todo' }, { 'if-match': etag });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'version_conflict', details: { currentState: 'in_progress' } });
    expect((await patch('environment-setup.2', { state: 'todo', version: 1 })).statusCode).toBe(409);
  });

  it('keeps an append-only history of who changed what', async () => {
    const h = (await get(url('business-requirements.1', '/history'))).json().items;
    expect(h[0]).toMatchObject({ from: 'todo', to: 'done', note: 'Signed 2026-11-17', actor: { displayName: 'Owner' } });
    expect(h[1].changes.evidenceAdded).toMatchObject({ kind: 'file', fileName: 'sow.pdf' });
    const page = (await get(url('business-requirements.1', '/history?limit=1'))).json();
    expect(page.items).toHaveLength(1);
    expect((await get(url('business-requirements.1', `/history?limit=1&cursor=${page.nextCursor}`))).json().items[0].id).toBe(h[1].id);
  });

  it('takes comments', async () => {
    const res = await t.app.inject({ method: 'POST', url: url('uat.1', '/comments'), headers: auth(owner), payload: { body: '12 pilot users confirmed across 3 outlets' } });
    expect(res.statusCode).toBe(201);
    const list = (await get(url('uat.1', '/comments'))).json().items;
    expect(list.map((c: { body: string }) => c.body)).toEqual(['12 pilot users confirmed across 3 outlets']);
  });

  it('moving a due date later moves what depends on it', async () => {
    const before = (await get(url('data-migration.4'))).json();
    const res = await patch('data-migration.3', { dueOn: '2026-12-25' });
    expect(res.statusCode).toBe(200);
    expect(res.json().dueEnd).toBe('2026-12-25');
    const after = (await get(url('data-migration.4'))).json();
    expect(after.dueEnd > before.dueEnd).toBe(true);
    const h = (await get(url('data-migration.3', '/history'))).json().items[0];
    expect(h.changes.due.alsoMoved).toContain('data-migration.4');
  });

  it('filters: overdue, blocked, phase, criteria; 404 for an unknown key', async () => {
    const blocked = (await get(`/api/v1/deployments/${id}/items?state=blocked`)).json().items;
    expect(blocked.map((i: { key: string }) => i.key)).toEqual(['environment-setup.5']);
    const criteria = (await get(`/api/v1/deployments/${id}/items?kind=criterion`)).json().items;
    expect(criteria).toHaveLength(8);
    const phase = (await get(`/api/v1/deployments/${id}/items?phase=testing`)).json().items;
    expect(phase).toHaveLength(17);
    const overdue = (await get(`/api/v1/deployments/${id}/items?overdue=true`)).json().items;
    expect(overdue.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
    // Mine: assigned to me, or unassigned and owned by my role (the creator is the solutions architect).
    const mine = (await get(`/api/v1/deployments/${id}/items?mine=true`)).json().items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i: { ownerRole: string; assignee: unknown }) => i.ownerRole === 'solutions_architect' && i.assignee === null)).toBe(true);
    expect((await get(url('no-such.1'))).statusCode).toBe(404);
    expect((await get(`/api/v1/deployments/${id}/items?state=bogus`)).statusCode).toBe(400);
  });
});

describe('audit trail', () => {
  it('records every state change with who and which request, readable by owners only', async () => {
    const t = await createTestApp();
    try {
      const owner = await t.setupOwner();
      const d = (await t.app.inject({ method: 'POST', url: '/api/v1/deployments', headers: auth(owner), payload: { name: 'D', clientName: 'C', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-16' } })).json();
      await t.app.inject({ method: 'PATCH', url: `/api/v1/deployments/${d.id}/items/uat.1`, headers: { ...auth(owner), 'x-request-id': 'req-uat-1' }, payload: { state: 'in_progress' } });
      const events = (await t.app.inject({ url: `/api/v1/audit?deploymentId=${d.id}`, headers: auth(owner) })).json().items;
      expect(events[0]).toMatchObject({ action: 'item.state', requestId: 'req-uat-1', data: { key: 'uat.1', from: 'todo', to: 'in_progress' } });
      expect(events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['deployment.create', 'deployment.update']));
    } finally {
      await t.close();
    }
  });
});

describe('due-date moves', () => {
  it('refuses a move that would push a dependent years away, instead of failing', async () => {
    const t = await createTestApp();
    try {
      const owner = await t.setupOwner();
      const d = (await t.app.inject({ method: 'POST', url: '/api/v1/deployments', headers: auth(owner), payload: { name: 'D', clientName: 'C', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-02' } })).json();
      const move = (dueOn: string) => t.app.inject({ method: 'PATCH', url: `/api/v1/deployments/${d.id}/items/environment-setup.1`, headers: auth(owner), payload: { dueOn } });
      expect((await move('2099-12-31')).statusCode).toBe(422);
      expect((await move('2027-01-15')).statusCode).toBe(200);
      expect((await move('2026-11-20')).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
