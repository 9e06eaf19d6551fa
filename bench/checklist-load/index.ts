/**
 * bench/checklist-load: 1000 concurrent connections for 30 s on the authenticated items endpoint
 * of a 106-item deployment on PostgreSQL, beside the same payload served as a constant by the
 * same server in the same run. Targets: zero errors, p99 < 500 ms, throughput ≥ 0.5× constant.
 *
 *   npm run bench -- checklist-load [--connections 1000] [--duration 30]
 * PostgreSQL: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres;
 * a fresh database golive_bench_<pid> is created there and dropped at the end.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { sampleRss, writeResult } from '../lib/results.ts';

const { values } = parseArgs({ options: { connections: { type: 'string', default: '1000' }, duration: { type: 'string', default: '30' } } });
const connections = Number(values.connections);
const duration = Number(values.duration);
const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `golive_bench_${process.pid}`;

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function load(url: string, headers: Record<string, string>) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ url, connections, duration, headers, timeout: 10 }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

await admin(`create database ${dbName}`);
const u = new URL(baseUrl);
u.pathname = `/${dbName}`;
const here = path.dirname(fileURLToPath(import.meta.url));
const server = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'server.ts')], {
  env: { ...process.env, DATABASE_URL: u.toString(), GOLIVE_DATA_DIR: `/tmp/golive-bench-${process.pid}`, DATABASE_POOL_SIZE: '20' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
try {
  const first = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: server.stdout! }).once('line', resolve);
    server.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const info = JSON.parse(first) as { port: number; token: string; itemsUrl: string; items: number; bytes: number; gzipBytes: number };
  const base = `http://127.0.0.1:${info.port}`;
  process.stdout.write(`server up: ${info.items} items, ${info.bytes} bytes of JSON (${info.gzipBytes} gzipped) per response; ${connections} connections × ${duration} s each\n`);

  // Clients send Accept-Encoding as browsers, fetch and curl --compressed do. Warm up, then
  // measure the baseline before and after the real endpoint (the mean is the baseline, so a
  // machine that gets busier or quieter during the run does not tilt the ratio); last, the
  // endpoint without gzip, for the record.
  const gzip = { 'accept-encoding': 'gzip, deflate, br' };
  const bearer = { authorization: `Bearer ${info.token}` };
  await load(`${base}/bench/constant`, gzip).catch(() => undefined);
  const before = await load(`${base}/bench/constant`, gzip);
  const { result: items, peakRssMiB } = await sampleRss(server.pid!, load(`${base}${info.itemsUrl}`, { ...gzip, ...bearer }));
  const after = await load(`${base}/bench/constant`, gzip);
  const identity = await load(`${base}${info.itemsUrl}`, bearer);
  const constant = {
    requests: { average: (before.requests.average + after.requests.average) / 2 },
    latency: { p50: Math.max(before.latency.p50, after.latency.p50), p99: Math.max(before.latency.p99, after.latency.p99) },
    errors: before.errors + after.errors,
    timeouts: before.timeouts + after.timeouts,
    non2xx: before.non2xx + after.non2xx,
  };

  const errors = items.errors + items.timeouts + items.non2xx;
  const ratio = Math.round((items.requests.average / constant.requests.average) * 100) / 100;
  const pass = errors === 0 && items.latency.p99 < 500 && ratio >= 0.5;
  const file = writeResult({
    name: 'checklist-load',
    metric: 'authenticated items endpoint throughput (106 items, PostgreSQL)',
    value: Math.round(items.requests.average),
    unit: 'req/s',
    baseline: { name: 'same payload as a constant route, same server, same run (mean of a run before and after)', value: Math.round(constant.requests.average) },
    ratio,
    target: 'errors = 0, p99 < 500 ms, ratio ≥ 0.5',
    pass,
    connections,
    durationSeconds: duration,
    p50Ms: items.latency.p50,
    p99Ms: items.latency.p99,
    errors,
    requests: items.requests.total,
    bytesPerResponse: info.bytes,
    gzipBytesPerResponse: info.gzipBytes,
    withoutGzip: { rps: Math.round(identity.requests.average), p50Ms: identity.latency.p50, p99Ms: identity.latency.p99, errors: identity.errors + identity.timeouts + identity.non2xx },
    baselineRuns: [Math.round(before.requests.average), Math.round(after.requests.average)],
    baselineP50Ms: constant.latency.p50,
    baselineP99Ms: constant.latency.p99,
    baselineErrors: constant.errors + constant.timeouts + constant.non2xx,
    serverPeakRssMiB: peakRssMiB,
  });
  process.stdout.write(
    `items: ${Math.round(items.requests.average)} req/s, p50 ${items.latency.p50} ms, p99 ${items.latency.p99} ms, errors ${errors}, server RSS peak ${peakRssMiB} MiB\n` +
      `constant: ${Math.round(constant.requests.average)} req/s, p50 ${constant.latency.p50} ms, p99 ${constant.latency.p99} ms\n` +
      `items without gzip: ${Math.round(identity.requests.average)} req/s, p50 ${identity.latency.p50} ms, p99 ${identity.latency.p99} ms\n` +
      `ratio ${ratio} → ${pass ? 'PASS' : 'FAIL'}; wrote ${file}\n`,
  );
  process.exitCode = pass ? 0 : 1;
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await admin(`drop database if exists ${dbName} with (force)`);
}
