/**
 * Where a batch's time goes: runs golive's runImport on a generated Moka file with every query
 * of the target connection timed (client-side wall time by statement kind).
 *   npx tsx bench/import/profile-load.ts [rows] [batchSize]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runImport } from '../../src/modules/migration/engine/import.ts';
import { writeExportFile } from '../../tests/fixtures/pos/generate.ts';

const rows = Number(process.argv[2] ?? 200_000);
const batchSize = Number(process.argv[3] ?? 10_000);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const db = `golive_prof_${process.pid}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-prof-'));
const file = path.join(work, 'moka.csv');
const { mapping } = await writeExportFile(file, { profile: 'moka', rows, seed: 7 });

const timings = new Map<string, { n: number; ms: number }>();
const orig = pg.Client.prototype.query;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
(pg.Client.prototype as any).query = function (this: pg.Client, q: any, ...rest: any[]) {
  const text: string = typeof q === 'string' ? q : q?.text ?? (q?.constructor?.name === 'CopyStreamQuery' ? 'COPY' : String(q));
  const kind = text.replace(/\s+/g, ' ').trim().slice(0, 60);
  const t = performance.now();
  const done = () => {
    const e = timings.get(kind) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += performance.now() - t;
    timings.set(kind, e);
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const r: any = (orig as any).call(this, q, ...rest);
  if (r && typeof r.then === 'function') r.then(done, done);
  else if (r && typeof r.on === 'function') r.on('finish', done);
  return r;
};

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${db}`);
const u = new URL(adminUrl);
u.pathname = `/${db}`;
try {
  for (const pass of ['first', 'second']) {
    timings.clear();
    const t = performance.now();
    const cpu0 = process.cpuUsage();
    // The backend's CPU: its /proc stat (utime + stime), sampled while it lives.
    let backendTicks = 0;
    const sampler = setInterval(() => {
      admin.query(`select pid from pg_stat_activity where application_name = 'golive import' and datname = $1`, [db]).then((q) => {
        for (const { pid } of q.rows) {
          try {
            const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
            backendTicks = Number(f[11]) + Number(f[12]);
          } catch {}
        }
      }, () => {});
    }, 100);
    const r = await runImport({ file, mapping, target: { url: u.toString(), schema: 'golive' }, environment: 'staging', rejectsPath: path.join(work, 'rej.csv'), batchSize });
    const s = (performance.now() - t) / 1000;
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpu0);
    console.log(`  node CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, backend CPU ≥ ${(backendTicks / 100).toFixed(2)} s`);
    console.log(`${pass}: ${rows} rows in ${s.toFixed(2)} s = ${Math.round(rows / s)} rows/s; loaded ${r.rowsLoaded}, already ${r.rowsAlreadyLoaded}, rejected ${r.rowsRejected}; rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
    const batches = Math.ceil(rows / batchSize);
    for (const [k, v] of [...timings].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) console.log(`  ${(v.ms / batches).toFixed(1).padStart(7)} ms/batch  n=${String(v.n).padStart(4)}  ${k}`);
  }
} finally {
  await admin.query(`drop database if exists ${db} with (force)`);
  await admin.end();
  fs.rmSync(work, { recursive: true, force: true });
}
