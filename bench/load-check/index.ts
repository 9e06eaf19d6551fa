/**
 * bench/load-check: the load-test check (through runCheck, the path `golive verify` and the
 * workers take) at 1000 connections for 10 s against a small JSON server in a child process,
 * beside autocannon run directly with the same settings in the same run, in the order direct,
 * check, check, direct (each side's figure is the mean of its two runs, so a machine that gets
 * busier or quieter during the run does not tilt the ratio). Target: the check reports the same
 * req/s as autocannon directly, within 10% of it; p99 is compared the same way and reported.
 *
 *   npm run bench -- load-check [--connections 1000] [--duration 10]
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadTestCheck } from '../../src/modules/checks/kinds/load-test.ts';
import { parseCheckConfig, runCheck } from '../../src/modules/checks/run-check.ts';
import { sampleRss, writeResult } from '../lib/results.ts';

const { values } = parseArgs({ options: { connections: { type: 'string', default: '1000' }, duration: { type: 'string', default: '10' } } });
const connections = Number(values.connections);
const duration = Number(values.duration);

const here = path.dirname(fileURLToPath(import.meta.url));
const server = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });

function direct(url: string, seconds = duration) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, timeout: 10 }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/** |value − baseline| ≤ 10% of the baseline. */
const within = (value: number, baseline: number, share = 0.1) => Math.abs(value - baseline) <= share * baseline;
const round2 = (n: number) => Math.round(n * 100) / 100;

try {
  const first = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: server.stdout! }).once('line', resolve);
    server.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${(JSON.parse(first) as { port: number }).port}/api/v1/outlets/jkt-senopati-01/status`;
  process.stdout.write(`server up (pid ${server.pid}); ${connections} connections × ${duration} s each: warm-up, direct, check, check, direct\n`);

  await direct(url, 3);
  // A B B A: direct, check, check, direct — a machine that gets busier or quieter during the run
  // weighs on both sides alike. Each side's figure is the mean of its two runs.
  const parsed = parseCheckConfig('load-test', { url, connections, durationSeconds: duration, requestTimeoutSeconds: 10 }).config;
  const viaCheck = async () => {
    const r = await runCheck(loadTestCheck, parsed, { timeoutMs: duration * 1000 + 30_000 });
    const m = r.measurements as Record<string, number>;
    return { status: r.status, message: r.message, durationMs: r.durationMs, rps: m.rps!, p50Ms: m.p50Ms!, p95Ms: m.p95Ms!, p99Ms: m.p99Ms!, avgLatencyMs: m.avgLatencyMs!, errors: m.errors!, requests: m.requests! };
  };
  const viaDirect = async () => {
    const r = await direct(url);
    return { rps: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, avgLatencyMs: r.latency.average, errors: r.errors + r.non2xx, requests: r.requests.total };
  };
  const a1 = await viaDirect();
  const { result: c1, peakRssMiB } = await sampleRss(server.pid!, viaCheck());
  const c2 = await viaCheck();
  const a2 = await viaDirect();

  const mean = (x: number, y: number) => round2((x + y) / 2);
  const checkRps = Math.round(mean(c1.rps, c2.rps));
  const checkP99 = mean(c1.p99Ms, c2.p99Ms);
  const baselineRps = Math.round(mean(a1.rps, a2.rps));
  const baselineP99 = mean(a1.p99Ms, a2.p99Ms);
  const rpsWithin = within(checkRps, baselineRps);
  const p99Within = within(checkP99, baselineP99);
  const allPassed = c1.status === 'pass' && c2.status === 'pass';
  const pass = allPassed && rpsWithin;
  const file = writeResult({
    name: 'load-check',
    metric: `load-test check req/s at ${connections} connections × ${duration} s (small JSON, node:http in a child process)`,
    value: checkRps,
    unit: 'req/s',
    baseline: { name: 'autocannon run directly, same settings, same run (mean of a run before and after the two check runs)', value: baselineRps },
    ratio: round2(checkRps / baselineRps),
    target: 'the check reports the same req/s as autocannon directly, within 10% (p99 reported beside it)',
    pass,
    withinTenPercent: { rps: rpsWithin, p99: p99Within },
    connections,
    durationSeconds: duration,
    order: 'warm-up 3 s, direct, check, check, direct',
    p99Ms: checkP99,
    baselineP99Ms: baselineP99,
    p99Ratio: baselineP99 > 0 ? round2(checkP99 / baselineP99) : null,
    checkRuns: [c1, c2],
    directRuns: [a1, a2],
    serverPeakRssMiB: peakRssMiB,
  });
  process.stdout.write(
    `check:  ${c1.rps} / ${c2.rps} req/s (mean ${checkRps}), p99 ${c1.p99Ms} / ${c2.p99Ms} ms (mean ${checkP99}), p95 ${c1.p95Ms} / ${c2.p95Ms} ms, errors ${c1.errors + c2.errors} (${c1.status}, ${c2.status})\n` +
      `direct: ${a1.rps} / ${a2.rps} req/s (mean ${baselineRps}), p99 ${a1.p99Ms} / ${a2.p99Ms} ms (mean ${baselineP99}), errors ${a1.errors + a2.errors}\n` +
      `rps within 10%: ${rpsWithin}, p99 within 10%: ${p99Within} → ${pass ? 'PASS' : 'FAIL'}; wrote ${file}\n`,
  );
  process.exitCode = pass ? 0 : 1;
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => (server.exitCode === null ? server.once('exit', r) : r(null)));
}
