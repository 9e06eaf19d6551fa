import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../../../tests/helpers/app.ts';
import { multipart } from '../../../tests/helpers/multipart.ts';
import { createTargetDatabase, type TargetDatabase } from '../../../tests/helpers/target-db.ts';
import { writeExportFile } from '../../../tests/fixtures/pos/generate.ts';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/golive.js');

/** A generated Moka export of `rows` rows over 30 days (the chain's mapping), with 30 rejects. */
async function mokaExport(dir: string, rows: number, seed: number) {
  const file = path.join(dir, `moka-${seed}.csv`);
  const { mapping, expected } = await writeExportFile(file, { profile: 'moka', seed, rows, defects: { unknown_payment_method: 30 } });
  return { csv: fs.readFileSync(file), mapping: JSON.stringify(mapping), valid: expected.validRows, rejected: expected.rejects.length, rows: expected.rows };
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

  async function upload(environment: string, name: string, file: { csv: Buffer; mapping: string }) {
    const body = multipart({ environment, mapping: file.mapping }, { name, content: file.csv, type: 'text/csv' });
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

  // Generous waits: a worker process starts in seconds, but minutes on a loaded CI machine.
  it('resumes an import whose worker was killed, loading every valid row once, and reconciles', { timeout: 600_000 }, async () => {
    const file = await mokaExport(t.dataDir, 300_000, 21);
    const victim = startWorker();
    const importId = await upload('production', 'moka-mei-besar.csv', file);

    // Kill the worker once it has committed some batches but not all.
    const midway = await t.until(async () => {
      const run = await runOf(importId);
      expect(run.status, run.error ?? '').not.toMatch(/completed|failed/); // the file is big enough to be caught midway
      return run.status === 'running' && run.progress?.rowsLoaded > 0 ? run : undefined;
    }, 240_000);
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
    expect(run.progress).toMatchObject({ rowsRead: file.rows, rowsLoaded: file.valid, rowsRejected: file.rejected, rowsAlreadyLoaded: 0 });
    expect(await loadedRows('pos')).toBe(file.valid);

    // Every reject once in the rejects file, though two workers wrote it.
    const rejects = await api('GET', `/imports/${importId}/rejects/file`);
    const rows = parse(rejects.body, { columns: true }) as { source_row: string; reason: string }[];
    expect(rows).toHaveLength(file.rejected);
    expect(new Set(rows.map((r) => r.source_row)).size).toBe(file.rejected);
    expect(new Set(rows.map((r) => r.reason))).toEqual(new Set(['unknown_payment_method']));

    const rec = (await api('POST', '/reconciliations', { environment: 'production' })).json();
    const done = await t.until(async () => {
      const r = (await api('GET', `/reconciliations/${rec.id}`)).json();
      return r.status === 'queued' || r.status === 'running' ? undefined : r;
    }, 120_000);
    expect(done).toMatchObject({ status: 'completed', ok: true, summary: { read: file.rows, loaded: file.valid, rejected: file.rejected, daysDiffering: 0 } });
  });

  it('stops a running import when asked; the rows loaded so far stay', { timeout: 400_000 }, async () => {
    if (workers.every((w) => w.exitCode !== null || w.signalCode !== null)) startWorker();
    // Large enough that the import is still running when the cancel reaches it (it learns of it
    // with its next progress write, about a second on): 300,000 rows now load in ~2 s.
    const file = await mokaExport(t.dataDir, 1_000_000, 22);
    const importId = await upload('staging', 'moka-juni.csv', file);
    await t.until(async () => {
      const run = await runOf(importId);
      return run.status === 'running' && run.progress?.rowsLoaded > 0 ? run : undefined;
    }, 240_000);
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
