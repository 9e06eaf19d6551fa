import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../../../tests/helpers/app.ts';
import { multipart } from '../../../tests/helpers/multipart.ts';
import { createTargetDatabase, type TargetDatabase } from '../../../tests/helpers/target-db.ts';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/golive.js');

const HEADER =
  'Date,Time,Outlet,Receipt Number,Category,Items,Variant,SKU,Quantity,Modifier Applied,Discount Applied,Gross Sales,Discounts,Refunds,Net Sales,Gratuity,Tax,Sales Type,Collected By,Served By,Customer,Payment Method,Event Type,Reason of Refund,Brand';

/** A Moka export of `rows` rows over 28 days; every 1,000th row has an unknown payment method (a reject). */
function mokaExport(rows: number, receiptPrefix: string): { csv: Buffer; valid: number; rejected: number } {
  const lines = [HEADER];
  let rejected = 0;
  for (let i = 0; i < rows; i++) {
    const day = String(1 + (Math.floor(i / 200) % 28)).padStart(2, '0');
    const bad = i % 1000 === 999;
    if (bad) rejected++;
    const gross = 10_000 + (i % 17) * 1_000;
    lines.push(`${day}/05/2025,${String(8 + (i % 12)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},Senopati,${receiptPrefix}-${Math.floor(i / 2)},Minuman,Kopi ${i % 2 ? 'Susu' : 'Hitam'},,K-${i % 2},1,,,${gross},0,0,${gross},0,${gross / 10},Dine In,Ani,Budi,,${bad ? 'Bitcoin' : 'Cash'},Payment,,Kopi Nusantara`);
  }
  return { csv: Buffer.from(`${lines.join('\n')}\n`), valid: rows - rejected, rejected };
}

/**
 * Imports across worker processes (PostgreSQL tier: PGlite is one process's database): a
 * `golive worker` killed with SIGKILL in the middle of an import leaves its run to another,
 * which resumes it from the engine's checkpoint — every valid row loaded once, every reject
 * listed once, and the reconciliation passes. And a person can stop a running import.
 */
describe.runIf(process.env.GOLIVE_TEST_DB === 'postgres' && process.env.TEST_DATABASE_URL)('imports across worker processes', () => {
  let t: TestApp;
  let target: TargetDatabase;
  let owner: string;
  let id: string;
  const workers: ChildProcess[] = [];
  const key = randomBytes(32).toString('hex');
  const sql = (text: string, values: unknown[] = []) => t.services.database.executeSql(text, values);
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url: `/api/v1/deployments/${id}${url}`, headers: auth(owner), ...(payload ? { payload } : {}) });

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, [BIN, 'worker'], {
      env: { ...process.env, DATABASE_URL: t.databaseUrl, GOLIVE_DATA_DIR: t.dataDir, GOLIVE_SECRET_KEY: key, GOLIVE_JOBS_MAINTENANCE_SECONDS: '1', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push(child);
    return child;
  }
  const exited = (c: ChildProcess) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())));

  async function upload(environment: string, name: string, csv: Buffer) {
    const body = multipart({ environment, profile: 'moka' }, { name, content: csv, type: 'text/csv' });
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/deployments/${id}/imports`, headers: { ...auth(owner), ...body.headers }, payload: body.payload });
    expect(res.statusCode, res.body).toBe(202);
    return res.json().id as string;
  }
  const runOf = async (importId: string) => (await api('GET', `/imports/${importId}`)).json();
  const loadedRows = async (schema: string) => (await target.query<{ n: number }>(`select count(*)::int as n from ${schema}.lines`))[0]!.n;

  beforeAll(async () => {
    t = await createTestApp({ env: { GOLIVE_SECRET_KEY: key } });
    target = await createTargetDatabase('golive_resume');
    owner = await t.setupOwner();
    id = (await t.app.inject({ method: 'POST', url: '/api/v1/deployments', headers: auth(owner), payload: { name: 'Resume', clientName: 'Kopi Nusantara', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-16' } })).json().id;
    expect((await api('PUT', '/import-targets/production', { url: target.url, schema: 'pos' })).statusCode).toBe(200);
    expect((await api('PUT', '/import-targets/staging', { url: target.url, schema: 'pos_staging' })).statusCode).toBe(200);
  });
  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await Promise.all(workers.map(exited));
    await t?.close();
    await target?.drop();
  });

  it('resumes an import whose worker was killed, loading every valid row once, and reconciles', { timeout: 240_000 }, async () => {
    const file = mokaExport(300_000, 'R');
    const victim = startWorker();
    const importId = await upload('production', 'moka-mei-besar.csv', file.csv);

    // Kill the worker once it has committed some batches but not all.
    const midway = await t.until(async () => {
      const run = await runOf(importId);
      expect(run.status).not.toBe('completed'); // the file is big enough to be caught midway
      return run.status === 'running' && run.progress?.rowsLoaded > 0 ? run : undefined;
    }, 120_000);
    victim.kill('SIGKILL');
    await exited(victim);
    const loadedAtKill = await loadedRows('pos');
    expect(loadedAtKill).toBeGreaterThan(0);
    expect(loadedAtKill).toBeLessThan(file.valid);
    expect(midway.attempts).toBe(1);

    // Its lease would lapse within a minute; fast-forward that, and start another worker, which
    // finds the run (the sweep at start) and resumes it.
    await sql("update import_runs set lease_until = now() - interval '1 second' where id = $1", [importId]);
    startWorker();
    const run = await t.until(async () => {
      const r = await runOf(importId);
      return r.status === 'running' || r.status === 'queued' ? undefined : r;
    }, 180_000);
    expect(run).toMatchObject({ status: 'completed', attempts: 2, error: null, resumedFrom: { row: expect.any(Number) }, rejectsByReason: { unknown_payment_method: file.rejected } });
    expect(run.resumedFrom.row).toBeGreaterThan(1);
    expect(run.progress).toMatchObject({ rowsRead: 300_000, rowsLoaded: file.valid, rowsRejected: file.rejected, rowsAlreadyLoaded: 0 });
    expect(await loadedRows('pos')).toBe(file.valid);

    // Every reject once in the rejects file, though two workers wrote it.
    const rejects = await api('GET', `/imports/${importId}/rejects/file`);
    const rows = rejects.body.trim().split('\n').slice(1);
    expect(rows).toHaveLength(file.rejected);
    expect(new Set(rows).size).toBe(file.rejected);

    const rec = (await api('POST', '/reconciliations', { environment: 'production' })).json();
    const done = await t.until(async () => {
      const r = (await api('GET', `/reconciliations/${rec.id}`)).json();
      return r.status === 'queued' || r.status === 'running' ? undefined : r;
    }, 120_000);
    expect(done).toMatchObject({ status: 'completed', ok: true, summary: { read: 300_000, loaded: file.valid, rejected: file.rejected, daysDiffering: 0 } });
  });

  it('stops a running import when asked; the rows loaded so far stay', { timeout: 180_000 }, async () => {
    if (workers.every((w) => w.exitCode !== null || w.signalCode !== null)) startWorker();
    const file = mokaExport(300_000, 'S');
    const importId = await upload('staging', 'moka-juni.csv', file.csv);
    await t.until(async () => {
      const run = await runOf(importId);
      return run.status === 'running' && run.progress?.rowsLoaded > 0 ? run : undefined;
    }, 120_000);
    const asked = await api('POST', `/imports/${importId}/cancel`);
    expect(asked.statusCode).toBe(200);
    expect(asked.json()).toMatchObject({ cancelRequested: true });
    const run = await t.until(async () => {
      const r = await runOf(importId);
      return r.status === 'running' ? undefined : r;
    }, 60_000);
    expect(run).toMatchObject({ status: 'stopped', error: expect.stringMatching(/Stopped on request/) });
    const loaded = await loadedRows('pos_staging');
    expect(loaded).toBeGreaterThan(0);
    expect(loaded).toBeLessThan(file.valid);
    expect((await api('POST', `/imports/${importId}/cancel`)).statusCode).toBe(409);
  });
});
