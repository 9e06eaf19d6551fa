import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../../../tests/helpers/app.ts';
import { freePort, listen, type Listening } from './kinds/test-peers.ts';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/golive.js');
const MONITORS = 20;
const INTERVAL_S = 10;
const PER_WORKER = 5;

/**
 * The schedule across worker processes: three `golive worker` processes share one PostgreSQL,
 * one is killed with SIGKILL while it holds runs in flight, and afterwards every monitor still
 * has every slot exactly once — the dead worker's runs expire and are retried by the others.
 * PostgreSQL tier only: PGlite is one process's database.
 */
describe.runIf(process.env.GOLIVE_TEST_DB === 'postgres')('monitors across worker processes', () => {
  let t: TestApp;
  let target: Listening;
  const workers: ChildProcess[] = [];
  let inFlight = 0;
  let peakWaiters: (() => void)[] = [];
  const key = randomBytes(32).toString('hex');

  function startWorker(metricsPort?: number): ChildProcess {
    const child = spawn(process.execPath, [BIN, 'worker', ...(metricsPort ? ['--metrics-port', String(metricsPort)] : [])], {
      env: {
        ...process.env,
        DATABASE_URL: t.databaseUrl,
        GOLIVE_SECRET_KEY: key,
        GOLIVE_JOBS_MAINTENANCE_SECONDS: '1',
        GOLIVE_CHECK_CONCURRENCY: String(PER_WORKER),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push(child);
    return child;
  }
  const exited = (c: ChildProcess) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())));

  beforeAll(async () => {
    t = await createTestApp({ env: { GOLIVE_SECRET_KEY: key } });
    // Every answer takes 1.5 s, so a worker holds its runs long enough to be killed holding them.
    target = await listen(
      http.createServer((_req, res) => {
        inFlight++;
        if (inFlight >= 3 * PER_WORKER) for (const w of peakWaiters.splice(0)) w();
        setTimeout(() => {
          inFlight--;
          res.writeHead(200).end('ok');
        }, 1500);
      }),
    );
  });
  afterAll(async () => {
    for (const w of workers) w.kill('SIGKILL');
    await Promise.all(workers.map(exited));
    await t?.close();
    await target?.close();
  });

  it('keeps every slot of every monitor, once, when a worker dies mid-run', { timeout: 180_000 }, async () => {
    const owner = await t.setupOwner();
    const id = (await t.app.inject({ method: 'POST', url: '/api/v1/deployments', headers: auth(owner), payload: { name: 'Scale', clientName: 'Scale Chain', templateKey: 'enterprise-deployment', kickoffOn: '2026-11-16' } })).json().id;
    const ports = [await freePort(), await freePort(), await freePort()];
    for (const port of ports) startWorker(port);
    const metricsPort = ports[1]!;
    // Every worker is up (its probe answers) before the first slot is due.
    await t.until(async () => ((await Promise.all(ports.map((p) => fetch(`http://127.0.0.1:${p}/healthz`).then((r) => r.ok, () => false)))).every(Boolean) ? true : undefined), 60_000);
    const reachedPeak = new Promise<void>((resolve) => peakWaiters.push(resolve));
    for (let i = 0; i < MONITORS; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/deployments/${id}/checks`,
        headers: auth(owner),
        payload: { name: `Outlet ${i}`, kind: 'http', intervalSeconds: INTERVAL_S, timeoutMs: 3000, config: { url: `http://127.0.0.1:${target.port}/outlet/${i}` } },
      });
      expect(res.statusCode).toBe(201);
    }
    // All three workers hold runs (each takes at most PER_WORKER): kill one of them now.
    await reachedPeak;
    const victim = workers[0]!;
    victim.kill('SIGKILL');
    await exited(victim);
    const killedAt = Date.now();

    // Let the survivors retry the dead worker's runs (they expire 13 s after it took them) and go on.
    const sql = (text: string, values: unknown[] = []) => t.services.database.executeSql(text, values);
    await t.until(async () => {
      const r = await sql(`select count(*)::int as n from checks where last_slot_at > $1`, [new Date(killedAt + 20_000)]);
      return r.rows[0].n === MONITORS ? true : undefined;
    }, 90_000);
    // A worker reports what it ran, for Prometheus.
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/golive_check_runs_total\{kind="http",trigger="schedule",status="pass"\} [1-9]/);
    expect(metrics).toMatch(/golive_check_schedule_lag_seconds_count [1-9]/);
    for (const w of workers.slice(1)) w.kill('SIGTERM');
    await Promise.all(workers.map(exited));

    const retried = await sql(`select count(*)::int as n from pgboss.job where name = 'check.run' and retry_count > 0`);
    expect(retried.rows[0].n).toBeGreaterThan(0);

    const runs = await sql(`select check_id, slot_at, status from check_runs order by check_id, slot_at`);
    const byCheck = new Map<string, number[]>();
    for (const r of runs.rows as { check_id: string; slot_at: Date; status: string | null }[]) {
      expect(r.status).not.toBeNull();
      byCheck.set(r.check_id, [...(byCheck.get(r.check_id) ?? []), new Date(r.slot_at).getTime()]);
    }
    expect(byCheck.size).toBe(MONITORS);
    for (const [, slots] of byCheck) {
      // Every slot from the first to the last, one interval apart: none lost, none twice.
      expect(new Set(slots).size).toBe(slots.length);
      const gaps = slots.slice(1).map((s, i) => s - slots[i]!);
      expect(gaps.every((g) => g === INTERVAL_S * 1000), `gaps ${gaps.join(',')}`).toBe(true);
      expect(slots.at(-1)!).toBeGreaterThan(killedAt);
    }
  });
});
