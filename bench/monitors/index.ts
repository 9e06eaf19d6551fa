/**
 * bench/monitors: 10,000 HTTP monitors every 60 s run by `golive worker` processes against a
 * local target (node:http in a child process), on a fresh PostgreSQL database; beside it, in the
 * same run, a plain loop of the same requests with undici at the same rate and concurrency.
 *
 * Targets: every monitor runs in every minute of the measured window, scheduling lag
 * (started_at − slot_at of each run) p99 < 5 s; reported beside them: checks per minute, the
 * workers' CPU per check against the plain loop's CPU per request (the ratio), worker RSS, and
 * database growth per day.
 *
 * Order: target up → plain loop, paced (for reference) → plain loop A (half the requests, 30 s)
 * → setup (fleet created, its first slots spread over one minute from T0 = now + lead; see
 * setup.ts) → workers started → warm-up (the first minute of slots) → measured window (3 min)
 * → workers stopped → plain loop B (the other half, 30 s) → database dropped. The baseline is
 * the mean of A and B, which send the requests that came due every 200 ms together, as a
 * worker's pool takes its due jobs (src/jobs/pool.ts); the paced run sends each at its own time.
 *
 *   npm run bench -- monitors [--monitors 10000] [--workers 1] [--concurrency 100]
 *                             [--warmup 60] [--window 180] [--lead 15] [--pool 20] [--diagnose]
 * --diagnose also writes a CPU profile of each worker and counts its SQL statements
 * (count-queries.mjs) into $TMPDIR/golive-bench-monitors-diagnose-<pid>/ with a summary (and writes
 * its result there, not to bench/results: profiling slows the workers).
 * PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres;
 * a fresh database golive_bench_monitors_<pid> is created there and dropped at the end.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { writeResult, type BenchResult } from '../lib/results.ts';
import { summarize } from './profile-summary.ts';
import { CpuLedger, cpuTimes, machineCpu, rssMiB } from './proc.ts';

const { values } = parseArgs({
  options: {
    monitors: { type: 'string', default: '10000' },
    workers: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '60' },
    window: { type: 'string', default: '180' },
    interval: { type: 'string', default: '60' },
    api: { type: 'string', default: '100' },
    lead: { type: 'string', default: '15' },
    pool: { type: 'string', default: '20' },
    diagnose: { type: 'boolean', default: false },
  },
});
const N = Number(values.monitors);
const workerCount = Number(values.workers);
const concurrency = Number(values.concurrency);
const warmupS = Number(values.warmup);
const windowS = Number(values.window);
const intervalS = Number(values.interval);
const apiCount = Math.min(N, Number(values.api));
const leadS = Number(values.lead);
const poolSize = Number(values.pool);
const diagnose = values.diagnose;
const LAG_TARGET_MS = 5000;
/** How often a worker looks for due runs when it has none (pollMs of the check.run pool, src/modules/checks/checks.jobs.ts). */
const POLL_MS = 200;

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `golive_bench_monitors_${process.pid}`;
const dbUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const dataDir = `/tmp/golive-bench-monitors-${process.pid}`;
const diagDir = path.join(os.tmpdir(), `golive-bench-monitors-diagnose-${process.pid}`);
const secretKey = randomBytes(32).toString('hex');
const t = () => new Date().toISOString().slice(11, 19);
const say = (s: string) => process.stdout.write(`[${t()}] ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

// ---- children: every one is killed on the way out, whatever happens
const children = new Set<ChildProcess>();
function child(args: string[], env: NodeJS.ProcessEnv = {}, ipc = false): ChildProcess {
  const c = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit', ...(ipc ? (['ipc'] as const) : [])] });
  children.add(c);
  c.once('exit', () => children.delete(c));
  return c;
}
function killAll() {
  for (const c of children) c.kill('SIGKILL');
}
process.once('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    say(`${sig}: stopping`);
    killAll();
    void admin(`drop database if exists ${dbName} with (force)`).finally(() => process.exit(130));
  });
}
const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r())));
async function stop(c: ChildProcess, graceMs = 20_000) {
  if (c.exitCode !== null || c.signalCode !== null) return;
  c.kill('SIGTERM');
  const timer = setTimeout(() => c.kill('SIGKILL'), graceMs);
  await exited(c);
  clearTimeout(timer);
}
/** The child's stdout lines, one at a time, in order; rejects if it exits first. */
function lines(c: ChildProcess) {
  const queue: string[] = [];
  const waiting: { resolve: (s: string) => void; reject: (e: Error) => void }[] = [];
  readline.createInterface({ input: c.stdout! }).on('line', (l) => (waiting.length ? waiting.shift()!.resolve(l) : queue.push(l)));
  c.once('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${c.spawnargs.slice(-3).join(' ')} exited with ${code}`));
  });
  return () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise<string>((resolve, reject) => waiting.push({ resolve, reject })));
}

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

// ---- the plain loop
interface PlainRun { requests: number; errors: number; elapsedMs: number; cpuMs: number; cpuUserMs: number; cpuSystemMs: number; p50Ms: number; p99Ms: number; peakInFlight: number; waitedForSlot: number; peakRssMiB: number }
async function plainLoop(port: number, count: number, seconds: number, first: number, tickMs: number): Promise<PlainRun> {
  const c = child(['--import', 'tsx', path.join(here, 'baseline.ts'), String(port), String(count), String(seconds), String(workerCount * concurrency), String(first), String(tickMs)]);
  const next = lines(c);
  const out = JSON.parse(await next()) as PlainRun;
  await exited(c);
  return out;
}

// ---- percentiles
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : 0);
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 0.5), p95: pct(s, 0.95), p99: pct(s, 0.99), max: s.at(-1) ?? 0 };
};

/** --diagnose: SQL statements per run (from count-queries.mjs dumps at the window's edges) and the CPU profiles. */
function diagnosis(from: number, to: number, runs: number) {
  const totals = new Map<string, { n: number; ms: number }>();
  for (const f of fs.readdirSync(diagDir).filter((x) => x.startsWith('queries-'))) {
    const dumps = fs
      .readFileSync(path.join(diagDir, f), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { at: number; queries: Record<string, { n: number; ms: number }> });
    const before = dumps.filter((d) => d.at <= from).at(-1);
    const after = dumps.filter((d) => d.at <= to).at(-1);
    if (!after) continue;
    for (const [sql, v] of Object.entries(after.queries)) {
      const b = before?.queries[sql] ?? { n: 0, ms: 0 };
      const tot = totals.get(sql) ?? { n: 0, ms: 0 };
      totals.set(sql, { n: tot.n + v.n - b.n, ms: tot.ms + v.ms - b.ms });
    }
  }
  const all = [...totals].filter(([, v]) => v.n > 0);
  const n = all.reduce((a, [, v]) => a + v.n, 0);
  const ms = all.reduce((a, [, v]) => a + v.ms, 0);
  const top = all.sort((a, b) => b[1].n - a[1].n).map(([sql, v]) => ({ perRun: round(v.n / runs, 3), msPerCall: round(v.ms / v.n), sql }));
  const profiles = fs.readdirSync(diagDir).filter((x) => x.endsWith('.cpuprofile')).map((f) => summarize(path.join(diagDir, f)));
  const out = { runs, queries: { perRun: round(n / runs), waitMsPerRun: round(ms / runs), top }, profiles };
  fs.writeFileSync(path.join(diagDir, 'summary.json'), `${JSON.stringify(out, null, 2)}\n`);
  return out;
}

/**
 * PostgreSQL's cumulative statistics of the bench database (and server-wide WAL statistics).
 * A busy backend reports its counts only now and then (PostgreSQL 15 flushes them when it has
 * been idle, or when it exits), so these are read before the workers start and after they have
 * stopped (their connections closed), and divided by every run stored in between.
 */
async function statsSnapshot(c: pg.Client) {
  const stats = (
    await c.query(`select xact_commit::float8, xact_rollback::float8, tup_returned::float8, tup_fetched::float8, tup_inserted::float8, tup_updated::float8, tup_deleted::float8, blks_hit::float8, blks_read::float8
      from pg_stat_database where datname = current_database()`)
  ).rows[0] as Record<string, number>;
  const wal = (await c.query(`select wal_records::float8 as records, wal_fpi::float8 as fpi, wal_sync::float8 as syncs, wal_write::float8 as writes from pg_stat_wal`)).rows[0];
  Object.assign(stats, { walRecords: wal.records, walFpi: wal.fpi, walSyncs: wal.syncs, walWrites: wal.writes });
  const tables: Record<string, Record<string, number>> = Object.fromEntries(
    (
      await c.query(`select schemaname || '.' || relname as t, n_tup_ins::float8 as ins, n_tup_upd::float8 as upd, n_tup_hot_upd::float8 as hot, n_tup_del::float8 as del,
          coalesce(seq_scan, 0)::float8 as seq, coalesce(seq_tup_read, 0)::float8 as seqrows, coalesce(idx_scan, 0)::float8 as idx, coalesce(idx_tup_fetch, 0)::float8 as idxrows
        from pg_stat_user_tables where schemaname in ('public', 'pgboss')`)
    ).rows.map((r) => [r.t, { ins: r.ins, upd: r.upd, hot: r.hot, del: r.del, seq: r.seq, seqrows: r.seqrows, idx: r.idx, idxrows: r.idxrows }]),
  );
  return { stats, tables };
}

/** The code measured: HEAD, and whether src/ differs from it (others work in this tree). */
function codeVersion() {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  return { commit: git('rev-parse', 'HEAD') || 'unknown', srcModified: git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean) };
}
const code = codeVersion();

const startedAt = Date.now();
const load0 = os.loadavg();
say(`bench/monitors: ${N} http monitors every ${intervalS} s, ${workerCount} worker process(es) × concurrency ${concurrency}; warm-up ${warmupS} s, window ${windowS} s; machine load ${load0.map((l) => l.toFixed(2)).join(' ')}`);
await admin(`create database ${dbName}`);
fs.rmSync(dataDir, { recursive: true, force: true });
if (diagnose) {
  fs.rmSync(diagDir, { recursive: true, force: true });
  fs.mkdirSync(diagDir, { recursive: true });
}
const mon = new pg.Client({ connectionString: dbUrl });
let monOpen = false;
const closeMon = async () => {
  if (monOpen) {
    monOpen = false;
    await mon.end().catch(() => {});
  }
};
let exitCode = 1;
try {
  // ---- target
  const target = child(['--import', 'tsx', path.join(here, 'target.ts')], {}, true);
  const targetPort = (JSON.parse(await lines(target)()) as { port: number }).port;
  const targetCount = () =>
    new Promise<{ requests: number; connections: number; other: number }>((resolve) => {
      target.once('message', (m) => resolve(m as { requests: number; connections: number; other: number }));
      target.send('count');
    });
  say(`target up on 127.0.0.1:${targetPort} (pid ${target.pid})`);

  // ---- plain loop: each request at its own time (for reference), then A: due requests every POLL_MS
  const half = Math.floor(N / 2);
  const plainSeconds = (intervalS * half) / N;
  const plainLine = (name: string, r: PlainRun) =>
    say(`${name}: ${r.requests} requests, ${r.errors} errors, CPU ${r.cpuMs} ms (${round(r.cpuMs / r.requests, 3)} ms/request), p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`);
  say(`plain loop, one request every ${round((intervalS * 1000) / N, 3)} ms: ${half} requests over ${plainSeconds} s, at most ${workerCount * concurrency} in flight, a fresh Agent each`);
  const plainPaced = await plainLoop(targetPort, half, plainSeconds, 0, 0);
  plainLine('plain loop, paced', plainPaced);
  say(`plain loop A, the due requests every ${POLL_MS} ms as a worker takes its due jobs: ${half} requests over ${plainSeconds} s`);
  const plainA = await plainLoop(targetPort, half, plainSeconds, 0, POLL_MS);
  plainLine('plain loop A', plainA);

  // ---- setup: create the fleet and schedule it, before any worker runs
  const setup = child(['--import', 'tsx', path.join(here, 'setup.ts'), String(N), String(apiCount), String(intervalS), String(targetPort), String(leadS * 1000)], { DATABASE_URL: dbUrl, GOLIVE_SECRET_KEY: secretKey, GOLIVE_DATA_DIR: dataDir });
  const setupLine = lines(setup);
  const created = JSON.parse(await setupLine()) as { deploymentId: string; monitors: number; api: { count: number; ms: number; msEach: number }; bulkMs: number };
  say(`fleet: ${created.monitors} monitors; ${created.api.count} through the API (${created.api.msEach} ms each → ${Math.round((created.api.msEach * N) / 1000)} s for ${N}), the rest in bulk in ${created.bulkMs} ms`);
  if (created.monitors !== N) throw new Error(`expected ${N} monitors, found ${created.monitors}`);
  const scheduled = JSON.parse(await setupLine()) as { firstSlotAt: string; spreadMs: number; scheduleMs: number; viaRestart: number; inBulk: number };
  await exited(setup);
  const T0 = Date.parse(scheduled.firstSlotAt);
  const W0 = T0 + warmupS * 1000;
  const W1 = W0 + windowS * 1000;
  say(`scheduled in ${scheduled.scheduleMs} ms (${scheduled.viaRestart} through restart(), ${scheduled.inBulk} in bulk): first slots from ${scheduled.firstSlotAt.slice(11, 19)}, one every ${round(scheduled.spreadMs, 3)} ms; warm-up until ${new Date(W0).toISOString().slice(11, 19)}, window until ${new Date(W1).toISOString().slice(11, 19)}`);

  await mon.connect();
  monOpen = true;
  const ownPid = (await mon.query('select pg_backend_pid() as pid')).rows[0].pid as number;
  const stats0 = await statsSnapshot(mon);

  // ---- workers
  const workers: ChildProcess[] = [];
  const workerExits: string[] = [];
  let stopping = false;
  const workerErrors: string[] = [];
  let workerErrorCount = 0;
  const ready: Promise<void>[] = [];
  for (let w = 0; w < workerCount; w++) {
    const nodeArgs = diagnose ? ['--cpu-prof', `--cpu-prof-dir=${diagDir}`, '--import', path.join(here, 'count-queries.mjs')] : [];
    const c = child([...nodeArgs, path.join(root, 'bin/golive.js'), 'worker'], {
      DATABASE_URL: dbUrl,
      GOLIVE_SECRET_KEY: secretKey,
      GOLIVE_DATA_DIR: dataDir,
      GOLIVE_CHECK_CONCURRENCY: String(concurrency),
      DATABASE_POOL_SIZE: String(poolSize),
      LOG_LEVEL: 'info',
      ...(diagnose ? { BENCH_QUERY_LOG: path.join(diagDir, `queries-${w}.jsonl`) } : {}),
    });
    workers.push(c);
    ready.push(
      new Promise<void>((resolve, reject) => {
        readline.createInterface({ input: c.stdout! }).on('line', (l) => {
          if (l.includes('Golive worker is running')) resolve();
          const level = /"level":(\d+)/.exec(l)?.[1];
          if (level && Number(level) >= 50) {
            workerErrorCount++;
            if (workerErrors.length < 5) workerErrors.push(l.slice(0, 600));
          }
        });
        c.once('exit', (code, signal) => {
          if (!stopping) workerExits.push(`worker ${w} (pid ${c.pid}) exited with ${code ?? signal} at ${t()}`);
          reject(new Error(`worker ${w} exited with ${code ?? signal}`));
        });
      }),
    );
  }
  await Promise.all(ready);
  const workerPids = workers.map((c) => c.pid!);
  const workersReadyAt = Date.now();
  say(`workers up: pids ${workerPids.join(', ')}; ${workersReadyAt <= T0 ? `${Math.round((T0 - workersReadyAt) / 1000)} s before` : `${Math.round((workersReadyAt - T0) / 1000)} s after`} the first slot`);
  if (workersReadyAt > W0 - 10_000) throw new Error('the workers started too late for the warm-up; lengthen --warmup or --lead');

  // ---- sampling: RSS and CPU every 2 s; database figures at the window's edges
  const cpu = { workers: new CpuLedger(), target: new CpuLedger(), pgBackends: new CpuLedger(), pgBackground: new CpuLedger(), bench: new CpuLedger() };
  const machine: { at: number; busy: number; total: number }[] = [];
  const rss: { at: number; total: number; each: number[] }[] = [];
  let sampling = true;
  async function sampleOnce() {
    const at = Date.now();
    const { rows } = await mon.query<{ pid: number; backend_type: string; datname: string | null; born: string }>(
      `select pid, backend_type, datname, extract(epoch from backend_start) * 1000 as born from pg_stat_activity
        where pid <> $2 and (datname = $1 or backend_type in ('checkpointer', 'background writer', 'walwriter', 'autovacuum launcher'))`,
      [dbName, ownPid],
    );
    const born = new Map(rows.map((r) => [r.pid, Number(r.born)]));
    cpu.pgBackends.sample(rows.filter((r) => r.backend_type === 'client backend').map((r) => r.pid), at, (p) => born.get(p));
    cpu.pgBackground.sample(rows.filter((r) => r.backend_type !== 'client backend').map((r) => r.pid), at, (p) => born.get(p));
    cpu.workers.sample(workerPids, at);
    cpu.target.sample([target.pid!], at);
    cpu.bench.sample([process.pid], at);
    machine.push({ at, ...machineCpu() });
    const each = workerPids.map((p) => rssMiB(p) ?? 0);
    rss.push({ at, total: each.reduce((a, b) => a + b, 0), each });
  }
  const sampler = (async () => {
    while (sampling) {
      await sampleOnce().catch((e) => say(`sample failed: ${(e as Error).message}`));
      await sleep(2000);
    }
  })();

  interface DbSnap { at: number; sizes: Record<string, number>; walBytes: number; jobs: Record<string, number> }
  async function dbSnapshot(): Promise<DbSnap> {
    const at = Date.now();
    const sizes = (
      await mon.query(`select
        pg_total_relation_size('check_runs')::float8 as check_runs,
        pg_relation_size('check_runs')::float8 as check_runs_heap,
        pg_total_relation_size('check_segments')::float8 as check_segments,
        pg_total_relation_size('checks')::float8 as checks,
        (select coalesce(sum(pg_total_relation_size(relid)), 0) from pg_partition_tree('pgboss.job'))::float8 as pgboss_job,
        pg_total_relation_size('pgboss.archive')::float8 as pgboss_archive,
        pg_database_size(current_database())::float8 as database`)
    ).rows[0];
    const walBytes = Number((await mon.query(`select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::float8 as b`)).rows[0].b);
    const jobs = Object.fromEntries((await mon.query(`select state, count(*)::int as n from pgboss.job where name = 'check.run' group by state`)).rows.map((r) => [r.state, r.n]));
    return { at, sizes, walBytes, jobs };
  }

  const workerTimes = () => workerPids.map((p) => cpuTimes(p) ?? { user: 0, system: 0 }).reduce((a, b) => ({ user: a.user + b.user, system: a.system + b.system }));
  await sleep(W0 - Date.now());
  const workerTimes0 = workerTimes();
  await sampleOnce();
  const snap0 = await dbSnapshot();
  const target0 = await targetCount();
  say(`window starts: ${snap0.jobs.completed ?? 0} run jobs completed so far, worker RSS ${rss.at(-1)!.each.map((r) => Math.round(r)).join(' + ')} MiB`);
  for (let m = 1; m * 60_000 < windowS * 1000; m++) {
    await sleep(W0 + m * 60_000 - Date.now());
    const done = Number((await mon.query(`select count(*)::int as n from check_runs where slot_at >= $1 and slot_at < $2`, [new Date(W0 + (m - 1) * 60_000), new Date(W0 + m * 60_000)])).rows[0].n);
    say(`window minute ${m}: ${done} runs stored for its ${N} slots so far; worker RSS ${rss.at(-1)!.each.map((r) => Math.round(r)).join(' + ')} MiB`);
  }
  await sleep(W1 - Date.now());
  const workerTimes1 = workerTimes();
  await sampleOnce();
  const snap1 = await dbSnapshot();
  const target1 = await targetCount();
  // Runs of the window's last slots are still in flight at W1: give them a grace period.
  const graceMs = 10_000;
  say(`window ends; waiting ${graceMs / 1000} s for the runs of its last slots`);
  await sleep(graceMs);
  sampling = false;
  await sampler;
  const jobsEnd = (await dbSnapshot()).jobs;
  // The size of a completed run job's row (what pgboss.archive keeps for deleteAfterDays).
  const jobRowBytes = Math.round(Number((await mon.query(`select coalesce(avg(pg_column_size(j.*)), 0)::float8 as b from pgboss.job j where name = 'check.run' and state = 'completed'`)).rows[0].b));
  stopping = true;
  for (const w of workers) await stop(w);
  say(`workers stopped${workerExits.length ? `; before that: ${workerExits.join('; ')}` : ''}`);
  await sleep(500);
  const stats1 = await statsSnapshot(mon);
  const runsStored = Number((await mon.query(`select count(*)::int as n from check_runs where status is not null`)).rows[0].n);

  // ---- what the database recorded
  const { rows: runRows } = await mon.query<{ check_id: string; slot: string; started: string; finished: string; status: string; duration_ms: number; latency_ms: number; message: string | null }>(
    `select check_id, extract(epoch from slot_at) * 1000 as slot, extract(epoch from started_at) * 1000 as started, extract(epoch from finished_at) * 1000 as finished, status, duration_ms, latency_ms, message
       from check_runs where trigger = 'schedule' and slot_at >= $1 and slot_at < $2`,
    [new Date(T0 - 1000), new Date(W1)],
  );
  const runs = runRows.map((r) => ({ check: r.check_id, slot: Number(r.slot), started: Number(r.started), finished: Number(r.finished), status: r.status, durationMs: r.duration_ms, latencyMs: r.latency_ms, message: r.message }));
  const inWindow = runs.filter((r) => r.slot >= W0 && r.slot < W1);
  const minutes = Math.round(windowS / 60);
  const perMinute: { minute: number; runs: number; monitors: number; missing: number }[] = [];
  const missingAny = new Set<string>();
  const allIds = (await mon.query<{ id: string }>(`select id from checks where interval_seconds is not null`)).rows.map((r) => r.id);
  for (let m = 0; m < minutes; m++) {
    const from = W0 + m * 60_000;
    const inMinute = inWindow.filter((r) => r.slot >= from && r.slot < from + 60_000);
    const ids = new Set(inMinute.map((r) => r.check));
    for (const id of allIds) if (!ids.has(id)) missingAny.add(id);
    perMinute.push({ minute: m + 1, runs: inMinute.length, monitors: ids.size, missing: allIds.length - ids.size });
  }
  // Lag over every slot the window should have run: a run's started_at − slot_at, and for a slot
  // with no run stored by now, now − slot_at (a lower bound), so falling behind shows as lag.
  // Monitor n (named "outlet n") has its slots at T0 + round(n × spread) + k × interval.
  const analysedAt = Date.now();
  const ran = new Map(inWindow.map((r) => [`${r.check}|${r.slot}`, r.started - r.slot]));
  const expectedLags: number[] = [];
  let unrun = 0;
  for (const { id, name } of (await mon.query<{ id: string; name: string }>(`select id, name from checks where interval_seconds is not null`)).rows) {
    const first = T0 + Math.round(Number(name.replace(/\D/g, '')) * scheduled.spreadMs);
    for (let slot = first; slot < W1; slot += intervalS * 1000) {
      if (slot < W0) continue;
      const l = ran.get(`${id}|${slot}`);
      if (l === undefined) unrun++;
      expectedLags.push(l ?? analysedAt - slot);
    }
  }
  const lag = summary(expectedLags);
  const lagOfRuns = summary(inWindow.map((r) => r.started - r.slot));
  const probe = summary(inWindow.map((r) => r.durationMs));
  const recordedLatency = summary(inWindow.map((r) => r.latencyMs));
  const finishedPerMinute = Array.from({ length: minutes }, (_, m) => runs.filter((r) => r.finished >= W0 + m * 60_000 && r.finished < W0 + (m + 1) * 60_000).length);
  const statuses: Record<string, number> = {};
  for (const r of inWindow) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const notPassing = inWindow.find((r) => r.status !== 'pass');
  // Lag over time, in 10 s buckets of slot time, from the first slot to the window's end.
  const lagOverTime: { fromS: number; runs: number; p50: number; p99: number; max: number }[] = [];
  for (let b = T0; b < W1; b += 10_000) {
    const s = summary(runs.filter((r) => r.slot >= b && r.slot < b + 10_000).map((r) => r.started - r.slot));
    lagOverTime.push({ fromS: Math.round((b - T0) / 1000), runs: s.n, p50: Math.round(s.p50), p99: Math.round(s.p99), max: Math.round(s.max) });
  }
  // Checks per minute and every cost per run count the runs done in the window (finished in it,
  // whatever their slot): when the workers fall behind, those are not the window's slots' runs.
  const doneInWindow = Number((await mon.query(`select count(*)::int as n from check_runs where finished_at >= $1 and finished_at < $2`, [new Date(W0), new Date(W1)])).rows[0].n);
  const checksPerMinute = Math.round(doneInWindow / (windowS / 60));
  // An always-up target: after its first run, a monitor should start no new state segment.
  const segmentsInWindow = Number((await mon.query(`select count(*)::int as n from check_segments where started_at >= $1 and started_at < $2`, [new Date(W0), new Date(W1)])).rows[0].n);

  // ---- CPU over the window
  const cpuS = Object.fromEntries(Object.entries(cpu).map(([k, l]) => [k, round(l.between(W0, W1), 1)])) as Record<keyof typeof cpu, number>;
  const m0 = machine.filter((x) => x.at <= W0).at(-1)!;
  const m1 = machine.filter((x) => x.at <= W1).at(-1)!;
  const machineBusyS = round(m1.busy - m0.busy, 1);
  const machineCapacityS = round(m1.total - m0.total, 1);
  const known = cpuS.workers + cpuS.target + cpuS.pgBackends + cpuS.pgBackground + cpuS.bench;
  const goliveCpuMsPerCheck = (cpuS.workers * 1000) / doneInWindow;
  const withDbCpuMsPerCheck = ((cpuS.workers + cpuS.pgBackends + cpuS.pgBackground) * 1000) / doneInWindow;

  // ---- RSS
  const rssWindow = rss.filter((x) => x.at >= W0 && x.at <= W1);
  const peakRss = Math.max(...rss.map((x) => x.total));
  const peakRssWindow = Math.max(...rssWindow.map((x) => x.total));
  const lowRssWindow = Math.min(...rssWindow.map((x) => x.total));

  // ---- database growth
  const perDay = (bytes: number) => (bytes / (windowS * 1000)) * 86_400_000;
  const growth = Object.fromEntries(Object.keys(snap0.sizes).map((k) => [k, snap1.sizes[k]! - snap0.sizes[k]!]));
  const statDelta = Object.fromEntries(Object.keys(stats0.stats).map((k) => [k, stats1.stats[k]! - stats0.stats[k]!]));
  const walPerRun = (snap1.walBytes - snap0.walBytes) / doneInWindow;
  const jobsCompletedInWindow = (snap1.jobs.completed ?? 0) - (snap0.jobs.completed ?? 0);
  const bytesPerRun = growth.check_runs! / doneInWindow;
  const bytesPerJob = growth.pgboss_job! / Math.max(1, jobsCompletedInWindow);
  const runsPerDay = (doneInWindow / windowS) * 86_400;
  const retentionDays = 14;
  const GiB = 2 ** 30;

  // ---- plain loop B
  await closeMon();
  say(`plain loop B, the due requests every ${POLL_MS} ms: ${N - half} requests over ${(intervalS * (N - half)) / N} s`);
  const plainB = await plainLoop(targetPort, N - half, (intervalS * (N - half)) / N, half, POLL_MS);
  plainLine('plain loop B', plainB);
  await stop(target);
  const plainCpuMsPerRequest = (plainA.cpuMs + plainB.cpuMs) / (plainA.requests + plainB.requests);
  const ratio = round(goliveCpuMsPerCheck / plainCpuMsPerRequest);

  const everyMinute = missingAny.size === 0;
  const pass = everyMinute && lag.p99 < LAG_TARGET_MS && workerExits.length === 0;
  const result: BenchResult = {
    name: 'monitors',
    metric: `${N} HTTP monitors every ${intervalS} s on PostgreSQL: scheduled checks run per minute by ${workerCount} \`golive worker\` process(es)`,
    value: checksPerMinute,
    unit: 'checks/min',
    baseline: { name: `plain undici loop of the same requests at the same rate and concurrency, those due sent together every ${POLL_MS} ms as a worker takes them, a fresh Agent (connection) each, same run (half before, half after): CPU ms per request`, value: round(plainCpuMsPerRequest, 3) },
    ratio,
    ratioMeaning: 'golive worker CPU per check ÷ plain-loop CPU per request (1 = no overhead; 3 = the workers spend 3× the CPU the bare HTTP request takes). PostgreSQL CPU is not in it: see cpuMsPerCheck.workersAndPostgres',
    target: `every monitor runs in every minute of the ${minutes}-minute window; scheduling lag p99 < ${LAG_TARGET_MS} ms; overhead vs the plain loop, RSS and database growth per day reported`,
    pass,
    p99LagMs: Math.round(lag.p99),
    everyMonitorEveryMinute: everyMinute,
    monitorsWithAMissingMinute: missingAny.size,
    monitors: N,
    intervalSeconds: intervalS,
    workers: { processes: workerCount, concurrency, command: 'node bin/golive.js worker', databasePoolSize: poolSize },
    windowSeconds: windowS,
    workersReadySecondsBeforeFirstSlot: round((T0 - workersReadyAt) / 1000, 1),
    warmupSeconds: warmupS,
    runsInWindow: inWindow.length,
    runsDoneInWindow: doneInWindow,
    expectedRunsInWindow: N * minutes,
    perMinute,
    runsFinishedPerMinute: finishedPerMinute,
    statuses,
    segmentsStartedInWindow: segmentsInWindow,
    segmentsNote: 'the target is always up, so after its first run a monitor starts no segment: these are first runs that came after the warm-up (the last first slots, lagged past its end)',
    firstNonPass: notPassing ? { status: notPassing.status, message: notPassing.message } : null,
    lagMs: {
      p50: Math.round(lag.p50),
      p95: Math.round(lag.p95),
      p99: Math.round(lag.p99),
      max: Math.round(lag.max),
      slots: lag.n,
      slotsNotRun: unrun,
      definition: 'over every slot of the window: check_runs.started_at − slot_at; a slot with no run stored counts as (time of analysis − slot), a lower bound',
      ofStoredRunsOnly: { n: lagOfRuns.n, p50: Math.round(lagOfRuns.p50), p99: Math.round(lagOfRuns.p99), max: Math.round(lagOfRuns.max) },
    },
    probeDurationMs: { p50: probe.p50, p95: probe.p95, p99: probe.p99, max: probe.max },
    recordedLatencyMs: {
      p50: recordedLatency.p50,
      p95: recordedLatency.p95,
      p99: recordedLatency.p99,
      max: recordedLatency.max,
      note: 'check_runs.latency_ms of the window\'s runs: the latency the monitors report for the target; compare plainLoop p50Ms/p99Ms, the same target measured by the plain loop',
    },
    lagOverTime,
    cpuSeconds: { window: windowS, ...cpuS, workersUser: round(workerTimes1.user - workerTimes0.user, 1), workersSystem: round(workerTimes1.system - workerTimes0.system, 1), machineBusy: machineBusyS, machineCapacity: machineCapacityS, everythingElse: round(machineBusyS - known, 1) },
    cpuMsPerCheck: { workers: round(goliveCpuMsPerCheck, 3), workersAndPostgres: round(withDbCpuMsPerCheck, 3), postgres: round(((cpuS.pgBackends + cpuS.pgBackground) * 1000) / doneInWindow, 3) },
    cpuCoresUsed: { workers: round(cpuS.workers / windowS), postgres: round((cpuS.pgBackends + cpuS.pgBackground) / windowS), target: round(cpuS.target / windowS), machine: round(machineBusyS / windowS), of: os.cpus().length },
    plainLoop: {
      cpuMsPerRequest: round(plainCpuMsPerRequest, 3),
      runs: [plainA, plainB],
      paced: { ...plainPaced, cpuMsPerRequest: round(plainPaced.cpuMs / plainPaced.requests, 3), note: `each request sent at its own time (one every ${round((intervalS * 1000) / N, 3)} ms), before A; not the baseline: a process woken for every request spends more CPU per request than one that gets them in batches, as the workers do` },
      ratioToPaced: round(goliveCpuMsPerCheck / (plainPaced.cpuMs / plainPaced.requests)),
    },
    workerRssMiB: { note: 'VmRSS of the worker processes every 2 s (summed over workers); it saws with garbage collection, so no trend per day is claimed from minutes', peak: Math.round(peakRss), peakInWindow: Math.round(peakRssWindow), atWindowStart: Math.round(rssWindow[0]?.total ?? 0), atWindowEnd: Math.round(rssWindow.at(-1)?.total ?? 0), lowInWindow: Math.round(lowRssWindow), perWorkerPeak: workerPids.map((_, i) => Math.round(Math.max(...rss.map((x) => x.each[i] ?? 0)))) },
    database: {
      growthBytesInWindow: growth,
      perDay: {
        checkRunsBytes: Math.round(perDay(growth.check_runs!)),
        checkRunsGiB: round(perDay(growth.check_runs!) / GiB),
        pgbossJobGiB: round(perDay(growth.pgboss_job!) / GiB),
        databaseGiB: round(perDay(growth.database!) / GiB),
        walGiB: round(perDay(snap1.walBytes - snap0.walBytes) / GiB),
        runs: Math.round(runsPerDay),
      },
      bytesPerRun: Math.round(bytesPerRun),
      pgbossJobBytesPerRun: Math.round(bytesPerJob),
      walBytesPerRun: Math.round(walPerRun),
      completedJobRowBytes: jobRowBytes,
      steadyState: {
        checkRunsGiB: round((perDay(growth.check_runs!) * retentionDays) / GiB),
        pgbossJobGiB: round((perDay(growth.pgboss_job!) / 24) / GiB),
        pgbossArchiveGiBEstimate: round((runsPerDay * 2 * (jobRowBytes + 70)) / GiB),
        estimate: 'pgbossJobGiB: one hour of pgboss.job growth (completed jobs leave it after archiveCompletedAfterSeconds = 3600); pgbossArchiveGiBEstimate: two days of runs (deleteAfterDays = 2) × (a completed job row + about 70 B of tuple header and index entries)',
        note: `raw runs are rolled up into check_hours and deleted after GOLIVE_CHECK_RUN_RETENTION_DAYS (default ${retentionDays}), so check_runs levels off near ${retentionDays} days of raw runs (plus dead space until vacuum reuses it). pg-boss keeps completed jobs in pgboss.job for archiveCompletedAfterSeconds (3600 s) and then in pgboss.archive for deleteAfterDays (2): about ${Math.round(runsPerDay / 24)} + ${Math.round(runsPerDay * 2)} job rows at this rate (src/jobs/queue.ts). Archiving is not reached in a run this short; pgboss.job growth here is the first hour's.`,
      },
      perRun: {
        over: `every run stored while the workers ran (${runsStored}, warm-up included): PostgreSQL's counters of the bench database before the workers started and after they stopped`,
        transactions: round(statDelta.xact_commit! / runsStored),
        rollbacks: round(statDelta.xact_rollback! / runsStored, 3),
        rowsInserted: round(statDelta.tup_inserted! / runsStored),
        rowsUpdated: round(statDelta.tup_updated! / runsStored),
        rowsFetched: round(statDelta.tup_fetched! / runsStored),
        rowsReturnedByScans: round(statDelta.tup_returned! / runsStored),
        walRecords: round(statDelta.walRecords! / runsStored),
        walFullPageImages: round(statDelta.walFpi! / runsStored, 3),
        walSyncs: round(statDelta.walSyncs! / runsStored, 3),
        walServerWide: 'walRecords, walFullPageImages and walSyncs are server-wide (pg_stat_wal): other databases on the server add to them',
      },
      tableActivityPerRun: Object.fromEntries(
        Object.entries(stats1.tables)
          .map(([name, v]) => {
            const b = stats0.tables[name] ?? {};
            const d = (k: string) => round((v[k]! - (b[k] ?? 0)) / runsStored, 3);
            return [name, { inserted: d('ins'), updated: d('upd'), hotUpdated: d('hot'), deleted: d('del'), seqScans: d('seq'), seqRowsRead: d('seqrows'), indexScans: d('idx'), indexRowsFetched: d('idxrows') }] as const;
          })
          .filter(([, v]) => v.inserted + v.updated + v.deleted + v.seqScans + v.indexScans > 0),
      ),
      runJobsByStateAtEnd: jobsEnd,
    },
    targetServer: { requestsInWindow: target1.requests - target0.requests, connectionsInWindow: target1.connections - target0.connections },
    workerErrorLines: workerErrorCount,
    workerUnexpectedExits: workerExits,
    workerErrorSamples: workerErrors,
    setup: {
      apiCreated: created.api,
      apiProjectedSecondsForAll: Math.round((created.api.msEach * N) / 1000),
      bulkCreatedMs: created.bulkMs,
      scheduleMs: scheduled.scheduleMs,
      firstSlotsSpreadMs: round(scheduled.spreadMs, 3),
      how: `the first ${apiCount} monitors through POST /api/v1/deployments/:id/checks; the rest inserted in bulk as the rows checks.service.create writes (plus an audit event each) — creating all ${N} through the API would take about ${Math.round((created.api.msEach * N) / 1000)} s; then monitor n's first slot set to T0 + n × ${round(scheduled.spreadMs, 3)} ms, so the fleet is spread evenly over the minute as one created over time would be: the API-made ones through the app's scheduler (createCheckScheduler().restart, what create calls, its clock set to the slot), the rest with the same UPDATE of checks and the same job per monitor through pg-boss insert() in batches of 1000 (restart() one by one took 30–45 s for 10,000 here); the setup compares a job of each kind column by column. Then the workers start; T0 is ${leadS} s after the scheduling began`,
    },
    machineLoadAtStart: load0.map((l) => round(l)),
    code,
    notes: [
      `Lag is started_at − slot_at as check_runs records it: from the slot coming due to the run starting its probe (the pool polling every ${POLL_MS} ms when idle, fetch, loading the check, queueing the next slot, the duplicate check).`,
      '"Every monitor every minute": each monitor has one slot per minute (the chain moves by exactly the interval), and a run stored for the slot of each of the window\'s minutes.',
      `The plain loop does only the HTTP request: ${half} + ${N - half} GETs of the same URLs at the fleet's rate (one every ${round((intervalS * 1000) / N, 3)} ms), a new undici Agent per request (one fresh connection, as each check run opens), body read, Agent destroyed; no queue, no database. Its CPU is measured inside the process (process.cpuUsage) around the loop; the workers' from /proc over the window.`,
      `${workerCount} worker process(es), GOLIVE_CHECK_CONCURRENCY ${concurrency}, DATABASE_POOL_SIZE ${poolSize}. One process with the defaults is the choice for 10,000 monitors a minute on 2 cores: here the workers used ${round(cpuS.workers / windowS)} of a core, leaving the rest to PostgreSQL and the target; a second process doubles the memory and the database connections for no gain at this rate (--workers 2 to compare).`,
      `The window is ${windowS} s: pg-boss moves completed jobs to pgboss.archive only after an hour (archiveCompletedAfterSeconds 3600) and autovacuum runs when it will, so what an hour of completed jobs in pgboss.job does to the fetch (its partial index keeps the dead entries of started and completed jobs until vacuum) is not measured here; run with --window 3900 to see it.`,
      'PostgreSQL CPU: client backends of the bench database plus the server\'s background processes (walwriter, checkpointer, background writer, autovacuum), from /proc every 2 s. everythingElse: the machine\'s busy CPU minus every process counted (other work on the machine).',
    ],
    durationSeconds: Math.round((Date.now() - startedAt) / 1000),
  };
  let file: string;
  if (diagnose) {
    const diag = diagnosis(W0, W1, doneInWindow);
    file = path.join(diagDir, 'result.json');
    fs.writeFileSync(file, `${JSON.stringify({ ...result, diagnosis: diag }, null, 2)}\n`);
    say(`diagnosis: ${diag.queries.perRun} SQL statements per run (client side), ${diag.queries.waitMsPerRun} ms waiting for them per run`);
    for (const q of diag.queries.top.slice(0, 15)) say(`  ${q.perRun}/run  ${q.msPerCall} ms/call  ${q.sql}`);
    for (const p of diag.profiles) {
      say(`  profile ${path.basename(p.file)}: busy ${p.busySeconds} of ${p.seconds} s`);
      for (const g of p.groups.slice(0, 15)) say(`    ${String(g.share).padStart(5)}%  ${g.what}`);
    }
  } else {
    file = writeResult(result);
  }
  say(
    `checks/min ${checksPerMinute} (expected ${N}); monitors with a missing minute ${missingAny.size}; lag p50 ${Math.round(lag.p50)} ms, p95 ${Math.round(lag.p95)} ms, p99 ${Math.round(lag.p99)} ms, max ${Math.round(lag.max)} ms\n` +
      `  CPU in the window (${windowS} s): workers ${cpuS.workers} s, postgres ${round(cpuS.pgBackends + cpuS.pgBackground, 1)} s, target ${cpuS.target} s, machine busy ${machineBusyS} of ${machineCapacityS} s; everything else ${round(machineBusyS - known, 1)} s\n` +
      `  CPU per check: workers ${round(goliveCpuMsPerCheck, 3)} ms (+postgres: ${round(withDbCpuMsPerCheck, 3)} ms); plain loop ${round(plainCpuMsPerRequest, 3)} ms/request → ratio ${ratio}\n` +
      `  worker RSS peak ${Math.round(peakRss)} MiB; check_runs +${Math.round(bytesPerRun)} B/run → ${round(perDay(growth.check_runs!) / GiB)} GiB/day raw (${round((perDay(growth.check_runs!) * retentionDays) / GiB)} GiB at ${retentionDays} days); pgboss.job +${Math.round(bytesPerJob)} B/run while it fills (its first hour); WAL ${Math.round(walPerRun)} B/run; ${round(statDelta.xact_commit! / runsStored)} transactions/run\n` +
      `  ${minutes}-minute window ${pass ? 'PASS' : 'FAIL'}; wrote ${file}`,
  );
  exitCode = pass ? 0 : 1;
} finally {
  await closeMon();
  for (const c of [...children]) await stop(c, 5000);
  await admin(`drop database if exists ${dbName} with (force)`).catch((e) => say(`could not drop ${dbName}: ${(e as Error).message}`));
  fs.rmSync(dataDir, { recursive: true, force: true });
  say(`dropped ${dbName}; ${Math.round((Date.now() - startedAt) / 1000)} s in all`);
}
process.exitCode = exitCode;
