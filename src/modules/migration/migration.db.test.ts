import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../../../tests/helpers/app.ts';
import { multipart } from '../../../tests/helpers/multipart.ts';
import { createTargetDatabase, type TargetDatabase } from '../../../tests/helpers/target-db.ts';
import { MOKA_SMALL, MOKA_SMALL_EXPECTED } from '../../../tests/fixtures/moka-small.ts';
import { profileDocument } from './engine/profiles.ts';
import { generateExport } from '../../../tests/fixtures/pos/generate.ts';

/**
 * Data migration in the product, through the real server and workers on the test database
 * (PGlite, or PostgreSQL on that tier): import targets with sealed URLs, uploads validated before
 * they are stored, imports run by a worker into a real PostgreSQL target with live progress and
 * rejects, and reconciliations that become the migration items' evidence.
 *
 * The import target is always a real PostgreSQL database (TEST_DATABASE_URL); without it the
 * parts that load and reconcile are skipped (CI sets it).
 */
const PG = process.env.TEST_DATABASE_URL;

describe('data migration in the product', () => {
  let t: TestApp;
  let owner: string;
  let id: string;
  const base = () => `/api/v1/deployments/${id}`;
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, token = owner) =>
    t.app.inject({ method, url: `${base()}${url}`, headers: auth(token), ...(payload ? { payload } : {}) });
  const upload = (fields: Record<string, string>, file: { name: string; content: string | Buffer } | null = { name: 'moka-mei.csv', content: MOKA_SMALL }, token = owner) => {
    const body = multipart(fields, file ? { ...file, type: 'text/csv' } : null);
    return t.app.inject({ method: 'POST', url: `${base()}/imports`, headers: { ...auth(token), ...body.headers }, payload: body.payload });
  };
  const item = async (key: string) => (await t.app.inject({ url: `${base()}/items/${key}`, headers: auth(owner) })).json();
  const evidenceOf = async (key: string) => (await t.app.inject({ url: `${base()}/items/${key}/evidence`, headers: auth(owner) })).json().items;
  const historyOf = async (key: string) => (await t.app.inject({ url: `${base()}/items/${key}/history`, headers: auth(owner) })).json().items;

  beforeAll(async () => {
    t = await createTestApp({ workers: true });
    owner = await t.setupOwner();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/deployments', headers: auth(owner), payload: { name: 'Kopi Nusantara', clientName: 'Kopi Nusantara', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-16' } });
    id = res.json().id;
  });
  afterAll(() => t.close());

  describe('import targets', () => {
    const SECRET = 'n0t-in-any-answer';

    it('starts with neither environment set', async () => {
      const res = await api('GET', '/import-targets');
      expect(res.json().items).toEqual([
        expect.objectContaining({ environment: 'staging', set: false, schema: null }),
        expect.objectContaining({ environment: 'production', set: false, schema: null }),
      ]);
    });

    it('refuses what is not a postgres URL or a plain schema name', async () => {
      expect((await api('PUT', '/import-targets/production', { url: 'mysql://db/x', schema: 'pos' })).statusCode).toBe(400);
      expect((await api('PUT', '/import-targets/production', { url: 'postgres://db/x', schema: 'Pos; drop' })).statusCode).toBe(400);
      expect((await api('PUT', '/import-targets/uat', { url: 'postgres://db/x', schema: 'pos' })).statusCode).toBe(400);
    });

    it('stores the URL sealed, never returns or audits it, and versions each change', async () => {
      const url = `postgres://loader:${SECRET}@db.client.example:5432/pos`;
      const first = await api('PUT', '/import-targets/staging', { url, schema: 'legacy_pos' });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ environment: 'staging', set: true, schema: 'legacy_pos', restricted: false, version: 1, updatedBy: { displayName: 'Owner' } });
      expect(first.body).not.toContain(SECRET);
      const again = await api('PUT', '/import-targets/staging', { url, schema: 'legacy_pos2' });
      expect(again.json()).toMatchObject({ version: 2, schema: 'legacy_pos2' });
      const listed = await api('GET', '/import-targets');
      expect(listed.body).not.toContain(SECRET);
      const stored = await t.services.database.executeSql("select url_sealed from import_targets where environment = 'staging'");
      expect(stored.rows[0].url_sealed).toMatch(/^v1\./);
      expect(stored.rows[0].url_sealed).not.toContain(SECRET);
      const audit = await t.services.database.executeSql("select data::text as d from audit_events where action = 'migration.target.set'");
      expect(audit.rows).toHaveLength(2);
      for (const r of audit.rows) expect(r.d).not.toContain(SECRET);
    });

    it("holds a client user's target to the checks' target guard unless the workspace allows private targets", async () => {
      const orgs = (await t.app.inject({ url: '/api/v1/organizations', headers: auth(owner) })).json().items as { id: string; kind: string }[];
      const clientOrg = orgs.find((o) => o.kind === 'client')!.id; // made with the deployment
      const director = await t.addUser(owner, { email: 'it@kopi.test', workspaceRole: 'client_user', organizationId: clientOrg });
      await api('POST', '/members', { userId: director.id, role: 'it_director' });
      // The default map does not let client roles run migrations; this workspace grants it as data.
      const ws = (await t.services.database.executeSql('select id from workspaces limit 1')).rows[0].id;
      await t.services.database.executeSql("insert into role_permissions (workspace_id, role_key, permission) values ($1, 'it_director', 'migration.run')", [ws]);
      t.services.accessCache.forgetDeployment(id);

      const loopback = await api('PUT', '/import-targets/production', { url: 'postgres://x:y@127.0.0.1:5432/pos', schema: 'pos' }, director.token);
      expect(loopback.statusCode).toBe(400);
      expect(loopback.json().message).toMatch(/loopback/);
      const socket = await api('PUT', '/import-targets/production', { url: 'postgres://x:y@db.client.example/pos?host=/run/postgresql', schema: 'pos' }, director.token);
      expect(socket.json().message).toMatch(/\?host=/);
      const files = await api('PUT', '/import-targets/production', { url: 'postgres://x:y@db.client.example/pos?sslkey=/etc/golive/key', schema: 'pos' }, director.token);
      expect(files.json().message).toMatch(/sslkey/);

      await t.services.database.executeSql('update workspaces set allow_private_check_targets = true');
      const allowed = await api('PUT', '/import-targets/staging', { url: 'postgres://x:y@127.0.0.1:5432/pos', schema: 'pos' }, director.token);
      expect(allowed.statusCode).toBe(200);
      expect(allowed.json()).toMatchObject({ restricted: true });
      await t.services.database.executeSql('update workspaces set allow_private_check_targets = false');
    });
  });

  describe('uploads', () => {
    it('needs the environment target first, and says so', async () => {
      const res = await upload({ environment: 'production', profile: 'moka' });
      expect(res.statusCode).toBe(422);
      expect(res.json().message).toMatch(/Set the production import target/);
    });

    it('refuses a missing file, both or neither of profile and mapping, an unknown profile, a bad mapping — before storing anything', async () => {
      await api('PUT', '/import-targets/production', { url: 'postgres://loader:pw@db.client.example:5432/pos', schema: 'pos' });
      const noFile = await upload({ environment: 'production', profile: 'moka' }, null);
      expect(noFile.statusCode).toBe(400);
      expect(noFile.json().message).toMatch(/no file part/);
      expect((await upload({ environment: 'production' })).json().message).toMatch(/either a profile/);
      expect((await upload({ environment: 'production', profile: 'moka', mapping: '{}' })).json().message).toMatch(/either a profile/);
      expect((await upload({ environment: 'production', profile: 'loyverse' })).statusCode).toBe(400);
      expect((await upload({ environment: 'uat', profile: 'moka' })).statusCode).toBe(400);
      const notJson = await upload({ environment: 'production', mapping: '{"format": ' });
      expect(notJson.json()).toMatchObject({ error: 'validation_failed', message: expect.stringMatching(/not valid JSON/) });
      const wrong = await upload({ environment: 'production', mapping: JSON.stringify({ sourceSystem: 'pos', format: 'csv', dates: { format: 'dd/MM/yyyy' }, columns: { transaction_id: 'id' } }) });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().message).toMatch(/columns\.occurred_at/);
      expect((await upload({ environment: 'production', profile: 'moka', maxRejects: 'lots' })).statusCode).toBe(400);
      expect((await upload({ environment: 'production', profile: 'moka' }, { name: 'empty.csv', content: '' })).json().message).toMatch(/empty/);
      const runs = await t.services.database.executeSql('select count(*)::int as n from import_runs');
      expect(runs.rows[0].n).toBe(0);
    });

    it('gives 404 for an import of no such id, and no rejects file for one without', async () => {
      expect((await api('GET', '/imports/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
      expect((await api('GET', '/imports/not-a-uuid/rejects')).statusCode).toBe(404);
      expect((await api('POST', '/reconciliations', { environment: 'staging' })).json().message).toMatch(/No staging import has completed/);
    });
  });

  describe.skipIf(!PG)('imports and reconciliation against a real PostgreSQL target', () => {
    let target: TargetDatabase;

    beforeAll(async () => {
      target = await createTargetDatabase('golive_prod');
      await api('PUT', '/import-targets/production', { url: target.url, schema: 'pos_history' });
    });
    afterAll(() => target?.drop());

    async function finished(importId: string) {
      return t.until(async () => {
        const run = (await api('GET', `/imports/${importId}`)).json();
        return ['completed', 'stopped', 'failed'].includes(run.status) ? run : undefined;
      }, 60_000);
    }

    let importId: string;

    it('queues the upload (202), a worker imports it, and the run shows its figures and rejects', async () => {
      const res = await upload({ environment: 'production', profile: 'moka' });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toMatchObject({ status: 'queued', environment: 'production', profile: 'moka', sourceSystem: 'moka', file: { name: 'moka-mei.csv', size: MOKA_SMALL.length }, startedBy: { displayName: 'Owner' } });
      importId = res.json().id;

      const run = await finished(importId);
      expect(run).toMatchObject({
        status: 'completed',
        error: null,
        attempts: 1,
        progress: { rowsRead: MOKA_SMALL_EXPECTED.rowsRead, rowsLoaded: MOKA_SMALL_EXPECTED.rowsLoaded, rowsRejected: MOKA_SMALL_EXPECTED.rowsRejected, percent: 100 },
        rejectsByReason: MOKA_SMALL_EXPECTED.rejects,
        rejectsFile: { size: expect.any(Number) },
        mapping: expect.objectContaining({ sourceSystem: 'moka' }),
        startedAt: expect.any(String),
        finishedAt: expect.any(String),
      });
      const lines = await target.query<{ n: number }>('select count(*)::int as n from pos_history.lines');
      expect(lines[0]!.n).toBe(MOKA_SMALL_EXPECTED.rowsLoaded);

      const list = (await api('GET', '/imports?environment=production')).json();
      expect(list.items.map((r: { id: string }) => r.id)).toEqual([importId]);
      expect((await api('GET', '/imports?environment=staging')).json().items).toEqual([]);
    });

    it('gives the rejects by reason and the rejects file as a CSV download', async () => {
      const rejects = (await api('GET', `/imports/${importId}/rejects`)).json();
      expect(rejects).toEqual({ total: 2, byReason: [{ reason: 'bad_date', count: 1 }, { reason: 'unknown_payment_method', count: 1 }], file: { name: 'moka-mei.rejects.csv', size: expect.any(Number) } });
      const file = await api('GET', `/imports/${importId}/rejects/file`);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toMatch(/^text\/csv/);
      expect(file.headers['content-disposition']).toBe("attachment; filename*=UTF-8''moka-mei.rejects.csv");
      expect(file.body.split('\n')[0]).toMatch(/source_row.*reason.*detail.*raw/);
      expect(file.body).toMatch(/bad_date/);
      expect(file.body).toMatch(/Bitcoin/);
      expect(Number(file.headers['content-length'])).toBe(rejects.file.size);
    });

    it('attaches the completed production import to data-migration.4 as evidence, without completing it', async () => {
      const evidence = await evidenceOf('data-migration.4');
      expect(evidence[0]).toMatchObject({ kind: 'check', createdBy: null, result: { source: 'migration', importRunId: importId, environment: 'production', rowsRead: 8, rowsLoaded: 6, rowsRejected: 2 } });
      expect(evidence[0].note).toMatch(/8 rows read, 6 loaded, 2 rejected \(bad_date 1, unknown_payment_method 1\)/);
      expect((await item('data-migration.4')).state).toBe('todo');
    });

    it('reconciles: a pass is evidence on data-migration.5 and completes "All data migrated accurately"', async () => {
      const queued = await api('POST', '/reconciliations', { environment: 'production' });
      expect(queued.statusCode, queued.body).toBe(202);
      expect(queued.json()).toMatchObject({ status: 'queued', imports: [{ id: importId, fileName: 'moka-mei.csv', sourceSystem: 'moka' }] });
      const rec = await t.until(async () => {
        const r = (await api('GET', `/reconciliations/${queued.json().id}`)).json();
        return r.status === 'completed' || r.status === 'failed' ? r : undefined;
      }, 60_000);
      expect(rec).toMatchObject({ status: 'completed', ok: true, error: null, summary: { read: 8, loaded: 6, rejected: 2, daysCompared: 2, daysDiffering: 0 } });
      expect(rec.days).toHaveLength(2);
      expect(rec.days[0]).toMatchObject({ outletCode: expect.any(String), businessDate: '2025-05-05', differs: [] });

      const evidence = await evidenceOf('data-migration.5');
      expect(evidence[0]).toMatchObject({ kind: 'check', result: { source: 'migration', reconciliationId: rec.id, status: 'pass', read: 8, loaded: 6, rejected: 2 } });
      expect(evidence[0].note).toMatch(/passed: 2 outlet-days compared \(2025-05-05 – 2025-05-06\), none differ; 8 rows read = 6 loaded \+ 2 rejected/);
      expect((await item('data-migration.5')).state).toBe('todo'); // the client signs differences off: a person completes it
      const criterion = await item('success-business.4');
      expect(criterion.state).toBe('done');
      expect((await historyOf('success-business.4'))[0]).toMatchObject({ to: 'done', actor: null, note: expect.stringMatching(/^Completed by reconciliation/) });
    });

    it('a failing reconciliation names the difference and flags data-migration.5', async () => {
      await target.query("update pos_history.lines set net_sen = net_sen + 100000 where source_id = 'MK-0003'"); // its transaction, a view, follows
      const queued = (await api('POST', '/reconciliations', { environment: 'production' })).json();
      const rec = await t.until(async () => {
        const r = (await api('GET', `/reconciliations/${queued.id}`)).json();
        return r.status === 'completed' || r.status === 'failed' ? r : undefined;
      }, 60_000);
      expect(rec).toMatchObject({ status: 'completed', ok: false, summary: { daysDiffering: 1 } });
      expect(rec.days[0]).toMatchObject({ businessDate: '2025-05-06', differs: expect.arrayContaining(['netSen']) });
      expect(rec.differences[0]).toMatchObject({ businessDate: '2025-05-06', different: [expect.stringContaining('MK-0003')] });
      expect(rec.differencesOmitted).toEqual({ days: 0, transactions: 0 }); // every differing day compared receipt by receipt
      const history = await historyOf('data-migration.5');
      expect(history[0].note).toMatch(/failed: 1 of 2 outlet-days differ \(.* 2025-05-06: .*netSen/);
      expect((await evidenceOf('data-migration.5'))).toHaveLength(1); // a failure is not evidence
      const list = (await api('GET', '/reconciliations')).json();
      expect(list.items.map((r: { ok: boolean }) => r.ok)).toEqual([false, true]);
    });

    it('imports an export of each profile (Moka CSV, Pawoon CSV with BOM and TOTAL line, majoo XLSX) with its defects, and reconciles them as one chain', async () => {
      const chain = (await t.app.inject({ method: 'POST', url: '/api/v1/deployments', headers: auth(owner), payload: { name: 'Kopi Nusantara chain', clientName: 'Kopi Nusantara', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-16' } })).json().id;
      const at = (url: string) => `/api/v1/deployments/${chain}${url}`;
      const settle = (url: string) =>
        t.until(async () => {
          const r = (await t.app.inject({ url: at(url), headers: auth(owner) })).json();
          return ['queued', 'running'].includes(r.status) ? undefined : r;
        }, 60_000);
      await t.app.inject({ method: 'PUT', url: at('/import-targets/staging'), headers: auth(owner), payload: { url: target.url, schema: 'pos_chain' } });
      let read = 0;
      let valid = 0;
      for (const [profile, seed] of [['moka', 11], ['pawoon', 12], ['majoo', 13]] as const) {
        const g = await generateExport({ profile, seed, transactions: 60, days: 2, defects: { bad_number: 1, unknown_outlet: 1, ...(profile === 'moka' ? {} : { duplicate: 1 }) } });
        // The parsed mapping carries the csv defaults, which validateMapping refuses beside format xlsx: send it without.
        const { csv, ...rest } = g.mapping;
        const body = multipart({ environment: 'staging', mapping: JSON.stringify(g.mapping.format === 'xlsx' ? rest : { ...rest, csv }) }, { name: g.fileName, content: g.bytes, type: 'application/octet-stream' });
        const res = await t.app.inject({ method: 'POST', url: at('/imports'), headers: { ...auth(owner), ...body.headers }, payload: body.payload });
        expect(res.statusCode, res.body).toBe(202);
        const run = await settle(`/imports/${res.json().id}`);
        const byReason: Record<string, number> = {};
        for (const r of g.expected.rejects) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
        expect(run, profile).toMatchObject({ status: 'completed', sourceSystem: profile, rejectsByReason: byReason, progress: { rowsRead: g.expected.rows, rowsLoaded: g.expected.validRows } });
        read += g.expected.rows;
        valid += g.expected.validRows;
      }
      const rec = await settle(`/reconciliations/${(await t.app.inject({ method: 'POST', url: at('/reconciliations'), headers: auth(owner), payload: { environment: 'staging' } })).json().id}`);
      expect(rec).toMatchObject({ status: 'completed', ok: true, summary: { read, loaded: valid, rejected: read - valid, daysDiffering: 0 } });
      expect(rec.imports).toHaveLength(3);
      // A staging pass is evidence on data-migration.3 (reconciled on staging), with the three imports'.
      const evidence = (await t.app.inject({ url: at('/items/data-migration.3/evidence'), headers: auth(owner) })).json().items;
      expect(evidence.map((e: { result: { reconciliationId?: string; importRunId?: string } }) => (e.result.reconciliationId ? 'reconciliation' : 'import'))).toEqual(['reconciliation', 'import', 'import', 'import']);
    });

    it('leaves the criterion open while the latest production import did not complete, and says why an import failed', async () => {
      const other = (await t.app.inject({ method: 'POST', url: '/api/v1/deployments', headers: auth(owner), payload: { name: 'Kopi Nusantara wave 2', clientName: 'Kopi Nusantara', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-16' } })).json().id;
      const at = (url: string) => `/api/v1/deployments/${other}${url}`;
      const send = (fields: Record<string, string>) => {
        const body = multipart(fields, { name: 'moka-mei.csv', content: MOKA_SMALL, type: 'text/csv' });
        return t.app.inject({ method: 'POST', url: at('/imports'), headers: { ...auth(owner), ...body.headers }, payload: body.payload });
      };
      const settle = (url: string) =>
        t.until(async () => {
          const r = (await t.app.inject({ url: at(url), headers: auth(owner) })).json();
          return ['queued', 'running'].includes(r.status) ? undefined : r;
        }, 60_000);
      await t.app.inject({ method: 'PUT', url: at('/import-targets/production'), headers: auth(owner), payload: { url: target.url, schema: 'pos_wave2' } });
      expect((await settle(`/imports/${(await send({ environment: 'production', profile: 'moka' })).json().id}`)).status).toBe('completed');

      // A later production import with a mapping that reads the CSV as a workbook fails, with the engine's message.
      const wrong = JSON.stringify({ ...profileDocument('moka'), $schema: undefined, csv: undefined, format: 'xlsx' });
      const failed = await settle(`/imports/${(await send({ environment: 'production', mapping: wrong })).json().id}`);
      expect(failed).toMatchObject({ status: 'failed', error: expect.stringMatching(/not an XLSX workbook/), profile: null });
      expect(failed.error).not.toContain(target.url);

      const rec = await settle(`/reconciliations/${(await t.app.inject({ method: 'POST', url: at('/reconciliations'), headers: auth(owner), payload: { environment: 'production' } })).json().id}`);
      expect(rec).toMatchObject({ status: 'completed', ok: true, imports: [{ fileName: 'moka-mei.csv' }] });
      const criterion = (await t.app.inject({ url: at('/items/success-business.4'), headers: auth(owner) })).json();
      expect(criterion.state).toBe('todo'); // the pass is evidence, but the latest production import failed
      expect((await t.app.inject({ url: at('/items/success-business.4/evidence'), headers: auth(owner) })).json().items).toHaveLength(1);
    });
  });
});
