/**
 * The baseline: a plain loop of the monitors' own requests with undici (the project's version),
 * nothing else — no queue, no database. `count` GETs of /outlet/<n> spread evenly over `seconds`
 * (the rate 10,000 monitors a minute make), at most `concurrency` in flight, each on a fresh
 * connection through its own Agent, its body read and the Agent destroyed, as the http check does
 * (src/modules/checks/kinds/http-request.ts). Prints one JSON line: the CPU this process spent
 * on the loop (process.cpuUsage, all threads), requests, errors, latency.
 *
 * tickMs > 0 sends the requests that came due every tickMs together, as a worker gets its due
 * jobs (src/jobs/pool.ts looks every 500 ms); 0 sends each at its own time.
 *
 *   node --import tsx baseline.ts <port> <count> <seconds> <concurrency> <firstOutlet> <tickMs>
 */
import { Agent, request } from 'undici';

const [port, count, seconds, concurrency, first, tickMs] = process.argv.slice(2).map(Number) as [number, number, number, number, number, number];
const latencies: number[] = [];
let errors = 0;
let inFlight = 0;
let peakInFlight = 0;
let peakRss = 0;
let freed: (() => void) | undefined;

async function one(n: number) {
  const agent = new Agent();
  const t = performance.now();
  try {
    const res = await request(`http://127.0.0.1:${port}/outlet/${n}`, { dispatcher: agent, headers: { 'user-agent': 'golive-bench-baseline/1' } });
    let bytes = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) bytes += chunk.length;
    if (res.statusCode !== 200 || bytes === 0) errors++;
    latencies.push(performance.now() - t);
  } catch {
    errors++;
  } finally {
    await agent.destroy().catch(() => {});
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rss = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 500);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const dt = (seconds * 1000) / count;
const all: Promise<void>[] = [];
let late = 0;
for (let i = 0; i < count; i++) {
  const due = tickMs > 0 ? t0 + Math.ceil((i * dt) / tickMs) * tickMs : t0 + i * dt;
  const wait = due - performance.now();
  if (wait >= 1) await sleep(wait);
  while (inFlight >= concurrency) {
    late++;
    await new Promise<void>((r) => (freed = r));
  }
  inFlight++;
  peakInFlight = Math.max(peakInFlight, inFlight);
  all.push(
    one(first + (i % count)).finally(() => {
      inFlight--;
      freed?.();
    }),
  );
}
await Promise.all(all);
const elapsedMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
clearInterval(rss);
latencies.sort((a, b) => a - b);
const q = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) * 100) / 100;
process.stdout.write(
  `${JSON.stringify({ requests: count, errors, elapsedMs: Math.round(elapsedMs), cpuUserMs: Math.round(cpu.user / 1000), cpuSystemMs: Math.round(cpu.system / 1000), cpuMs: Math.round((cpu.user + cpu.system) / 1000), p50Ms: q(0.5), p99Ms: q(0.99), peakInFlight, waitedForSlot: late, peakRssMiB: Math.round(peakRss / 2 ** 20) })}\n`,
);
