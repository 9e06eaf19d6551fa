/**
 * The load-test check against local HTTP servers this file starts: a fast JSON handler, a slow
 * one, one answering 500, one answering 500 to every tenth request, a refused port.
 * Durations are 1 s so the file stays short.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckConfig, runCheck } from '../run-check.ts';
import { loadTestCheck, MsHistogram } from './load-test.ts';
import { listen, type Listening } from './test-peers.ts';

const run = (config: Record<string, unknown>, timeoutMs = 20_000) => runCheck(loadTestCheck, parseCheckConfig('load-test', config).config, { timeoutMs });

let server: Listening;
let base = '';
let seen = 0;
const bodies: string[] = [];

beforeAll(async () => {
  server = await listen(
    http.createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/json') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      if (path === '/slow') return void setTimeout(() => res.writeHead(200).end('late'), 60);
      if (path === '/broken') return void res.writeHead(500).end('no');
      if (path === '/flaky') return void res.writeHead(++seen % 10 === 0 ? 500 : 200).end('x');
      if (path === '/echo') {
        let b = '';
        req.on('data', (d: Buffer) => (b += d.toString()));
        req.on('end', () => {
          if (bodies.length < 5) bodies.push(`${req.method} ${req.headers['x-outlet']} ${b}`);
          res.writeHead(201).end();
        });
        return;
      }
      res.writeHead(404).end();
    }),
  );
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.close());

describe('load-test config', () => {
  it('has defaults, bounds, and no body on GET', () => {
    expect(parseCheckConfig('load-test', { url: 'https://api.example.com/' }).config).toMatchObject({
      method: 'GET',
      connections: 100,
      durationSeconds: 10,
      thresholds: { maxErrorRate: 0.01 },
    });
    expect(() => parseCheckConfig('load-test', { url: 'ftp://x/' })).toThrow(/url/);
    expect(() => parseCheckConfig('load-test', { url: 'http://x/', connections: 5001 })).toThrow(/connections/);
    expect(() => parseCheckConfig('load-test', { url: 'http://x/', durationSeconds: 601 })).toThrow(/durationSeconds/);
    expect(() => parseCheckConfig('load-test', { url: 'http://x/', thresholds: { maxErrorRate: 2 } })).toThrow(/maxErrorRate/);
    expect(() => parseCheckConfig('load-test', { url: 'http://x/', body: '{}' })).toThrow(/body/);
    expect(loadTestCheck.defaultTimeoutMs).toBeGreaterThan(600_000 + 15_000);
  });

  it('reads percentiles from its millisecond histogram', () => {
    const h = new MsHistogram(1000);
    expect(h.percentile(95)).toBeNull();
    for (let ms = 1; ms <= 100; ms++) h.record(ms + 0.7); // truncated, as autocannon records
    expect([h.percentile(50), h.percentile(95), h.percentile(99), h.percentile(100)]).toEqual([50, 95, 99, 100]);
    h.record(5000); // beyond the request timeout: counted in the last bucket
    expect(h.count).toBe(101);
    expect(h.percentile(100)).toBe(1001);
  });
});

describe('load-test against a local server', () => {
  it('passes against a fast handler and reports autocannon’s figures with p95 beside them', async () => {
    const r = await run({ url: `${base}/json?token=secret-in-query`, connections: 20, durationSeconds: 1, thresholds: { maxAvgLatencyMs: 200, maxP95LatencyMs: 200, maxErrorRate: 0 } });
    expect(r.status, r.message).toBe('pass');
    const m = r.measurements as Record<string, number>;
    expect(m.requests).toBeGreaterThan(100);
    expect(m.rps).toBeGreaterThan(50);
    expect(m.errors).toBe(0);
    expect(m.errorRate).toBe(0);
    expect(m.p50Ms).toBeLessThanOrEqual(m.p95Ms!);
    expect(m.p95Ms).toBeLessThanOrEqual(m.p99Ms!);
    expect(r.message).toMatch(/^20 connections × 1 s against http:\/\/127\.0\.0\.1:\d+\/json: \d+ req\/s, latency avg [\d.]+ ms, p95 \d+ ms, p99 \d+ ms; no errors\.$/);
    expect(r.message).not.toContain('secret-in-query');
  });

  it('sends the method, headers and body', async () => {
    const r = await run({ url: `${base}/echo`, method: 'POST', headers: { 'x-outlet': 'jkt-01', 'content-type': 'application/json' }, body: '{"total":125000}', connections: 2, durationSeconds: 1 });
    expect(r.status, r.message).toBe('pass');
    expect(bodies[0]).toBe('POST jkt-01 {"total":125000}');
  });

  it('fails when the average and p95 latency are over their thresholds', async () => {
    const r = await run({ url: `${base}/slow`, connections: 10, durationSeconds: 1, thresholds: { maxAvgLatencyMs: 30, maxP95LatencyMs: 40 } });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/average latency [\d.]+ ms is over 30 ms; p95 latency \d+ ms is over 40 ms\.$/);
    expect(r.measurements.p95Ms as number).toBeGreaterThanOrEqual(60);
  });

  it('fails when every answer is a 500, and within a rate when one in ten is', async () => {
    const broken = await run({ url: `${base}/broken`, connections: 10, durationSeconds: 1 });
    expect(broken.status).toBe('fail');
    expect(broken.measurements.errorRate).toBe(1);
    expect(broken.measurements.non2xx).toBe(broken.measurements.requests);
    expect(broken.message).toMatch(/(\d+) of \1 requests failed \(100%, \d+ non-2xx\), over the 1% allowed/);

    const flaky = await run({ url: `${base}/flaky`, connections: 10, durationSeconds: 1, thresholds: { maxErrorRate: 0.15 } });
    expect(flaky.status, flaky.message).toBe('pass');
    expect(flaky.measurements.errorRate as number).toBeGreaterThan(0.08);
    expect(flaky.measurements.errorRate as number).toBeLessThan(0.12);
    expect(flaky.message).toMatch(/requests failed \(\d+(\.\d+)?%, \d+ non-2xx\)\.$/);
  });

  it('fails naming the network problem when nothing answers', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const r = await run({ url: `http://127.0.0.1:${port}/`, connections: 5, durationSeconds: 1 });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/: no request was answered \(\d+ failed; connection refused \(ECONNREFUSED\)\)\.$/);
  });

  it('refuses a deadline shorter than the duration, and stops when aborted', async () => {
    const short = await run({ url: `${base}/json`, durationSeconds: 5 }, 10_000);
    expect(short.status).toBe('error');
    expect(short.message).toMatch(/set timeoutMs to at least 20000 ms/);

    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(new Error('stop')), 300);
    const r = await loadTestCheck.run(parseCheckConfig('load-test', { url: `${base}/json`, connections: 5, durationSeconds: 60 }).config as never, { signal: controller.signal, timeoutMs: 120_000 });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(r.measurements.requests as number).toBeGreaterThan(0);
  });
});
