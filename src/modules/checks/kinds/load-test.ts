import autocannon from 'autocannon';
import { z } from 'zod';
import { defineCheckKind, type CheckResult } from '../check.ts';
import { TargetRefused, type TargetGuard, vettedAddress } from '../target-guard.ts';
import { summarize, type Finding } from './findings.ts';
import { networkProblem } from './net-errors.ts';
import { urlHost } from './targets.ts';

/**
 * `load-test`: holds `connections` concurrent HTTP connections against a URL for
 * `durationSeconds` with autocannon, and judges the run against thresholds on average latency,
 * p95 latency and error rate — what performance-testing.1 ("Load testing (1000+ concurrent
 * users)") and performance-testing.4 ("API response times <500ms") claim.
 *
 * Figures: rps, average, p50, p97.5 and p99 latency are autocannon's own (its histogram of every
 * response, as its CLI prints them). autocannon has no p95, so the kind keeps its own
 * millisecond histogram of the same responses (from autocannon's `response` events) and reads
 * p95 from it. Errors are autocannon's `errors` (connection errors and request timeouts; its
 * `timeouts` are a subset, reported apart) plus its `non2xx` (every response outside 200–299).
 *
 * The run lasts `durationSeconds`, so the check's deadline (`timeoutMs`) must exceed it: the
 * default is 11 minutes, and a deadline shorter than the duration + 15 s is refused up front.
 */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const config = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).max(2048),
    method: z.enum(METHODS).default('GET'),
    headers: z.record(z.string().min(1).max(200), z.string().max(8192)).default({}),
    /** Sent with every request (e.g. a JSON payload for POST). */
    body: z.string().max(1024 * 1024).optional(),
    /** Concurrent connections held open, each sending its next request as soon as the last is answered. */
    connections: z.number().int().min(1).max(5000).default(100),
    durationSeconds: z.number().int().min(1).max(600).default(10),
    /** A request with no answer after this long counts as an error (a timeout). */
    requestTimeoutSeconds: z.number().int().min(1).max(60).default(10),
    thresholds: z
      .strictObject({
        maxAvgLatencyMs: z.number().positive().max(600_000).optional(),
        maxP95LatencyMs: z.number().positive().max(600_000).optional(),
        /** Share of requests that may fail (errors, timeouts, non-2xx): 0.01 = 1%. */
        maxErrorRate: z.number().min(0).max(1).default(0.01),
      })
      .default({ maxErrorRate: 0.01 }),
  })
  .refine((c) => c.body === undefined || !['GET', 'HEAD'].includes(c.method), { message: 'a body needs a method that takes one (POST, PUT, PATCH, DELETE, OPTIONS)', path: ['body'] });

type Config = z.output<typeof config>;
type Outcome = Omit<CheckResult, 'durationMs'>;

/** Time autocannon and the kind need besides the duration itself: connecting, the last sample, stopping. */
export const LOAD_TEST_SLACK_MS = 15_000;

export const loadTestCheck = defineCheckKind({
  kind: 'load-test',
  description: 'Many concurrent connections against a URL for a while; average and p95 latency and the error rate stay within thresholds',
  config,
  // Longer than the longest allowed duration (600 s) + slack; set timeoutMs in a verify file above durationSeconds × 1000 + 15 s.
  defaultTimeoutMs: 11 * 60_000,
  targets: (c: Config) => [urlHost(c.url)],
  async run(c: Config, ctx): Promise<Outcome> {
    const needed = c.durationSeconds * 1000 + LOAD_TEST_SLACK_MS;
    if (ctx.timeoutMs < needed) {
      return {
        status: 'error',
        message: `The deadline (${ctx.timeoutMs} ms) is shorter than the load test needs: set timeoutMs to at least ${needed} ms (durationSeconds × 1000 + ${LOAD_TEST_SLACK_MS}).`,
        measurements: { timeoutMs: ctx.timeoutMs, neededMs: needed },
      };
    }
    const histogram = new MsHistogram(c.requestTimeoutSeconds * 1000);
    const target = ctx.guard ? await guardedTarget(ctx.guard, c.url, c.headers) : { url: c.url, headers: c.headers };
    let firstError: unknown;
    let refused: TargetRefused | undefined;
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        {
          url: target.url,
          method: c.method,
          headers: target.headers,
          ...(c.body === undefined ? {} : { body: c.body }),
          connections: c.connections,
          duration: c.durationSeconds,
          timeout: c.requestTimeoutSeconds,
          // autocannon hands tlsOptions to tls.connect, so over https the guard's lookup also vets the address at connect time.
          ...(ctx.guard ? { tlsOptions: { lookup: ctx.guard.lookup } } : {}),
        },
        (err, res) => {
          ctx.signal.removeEventListener('abort', stop);
          if (err) reject(err instanceof Error ? err : new Error(String(err)));
          else resolve(res);
        },
      );
      const stop = () => instance.stop();
      ctx.signal.addEventListener('abort', stop, { once: true });
      instance.on('response', (_client, _status, _bytes, ms) => histogram.record(ms));
      instance.on('reqError', (e) => {
        firstError ??= e;
        // autocannon reconnects at once after an error: stop rather than be refused for the whole duration.
        if (e instanceof TargetRefused && !refused) {
          refused = e;
          instance.stop();
        }
      });
    });
    if (refused) throw refused;
    return judge(c, result, histogram.percentile(95), firstError);
  },
});

/**
 * Where a guarded run connects. Over https, autocannon hands tlsOptions (the guard's lookup) to
 * tls.connect, which vets the address of every connection. Over plain http it connects by name
 * and takes no lookup, so the URL names the address the guard vetted (DNS asked again could
 * answer another) and the Host header keeps the name the server expects.
 */
async function guardedTarget(guard: TargetGuard, url: string, headers: Record<string, string>): Promise<{ url: string; headers: Record<string, string> }> {
  const u = new URL(url);
  if (u.protocol !== 'http:') return { url, headers };
  const address = await vettedAddress(guard, urlHost(url));
  const named = Object.keys(headers).some((h) => h.toLowerCase() === 'host');
  const withHost = named ? headers : { host: u.host, ...headers };
  u.hostname = address.includes(':') ? `[${address}]` : address;
  return { url: u.toString(), headers: withHost };
}

/** The run's figures and the findings against the thresholds. Exported for the bench and tests. */
export function loadFigures(result: autocannon.Result, p95Ms: number | null) {
  const responses = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  // autocannon's `errors` already counts its `timeouts`; `non2xx` is every response outside 2xx.
  const failed = result.errors + result.non2xx;
  const requests = responses + result.errors;
  return {
    rps: Math.round(result.requests.average),
    avgLatencyMs: result.latency.average,
    p50Ms: result.latency.p50,
    p95Ms: p95Ms,
    p97_5Ms: result.latency.p97_5,
    p99Ms: result.latency.p99,
    maxLatencyMs: result.latency.max,
    requests,
    responses,
    errors: failed,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    errorRate: requests === 0 ? 1 : Math.round((failed / requests) * 10_000) / 10_000,
    connections: result.connections,
    durationSeconds: result.duration,
  };
}

function judge(c: Config, result: autocannon.Result, p95Ms: number | null, firstError: unknown): Outcome {
  const m = loadFigures(result, p95Ms);
  const t = c.thresholds;
  const run = `${c.connections} connections × ${c.durationSeconds} s against ${target(c.url)}`;
  if (m.responses === 0) {
    const why = firstError ? networkProblem(firstError) ?? (firstError as Error).message : 'no request was sent';
    return { status: 'fail', message: `${run}: no request was answered (${m.errors} failed; ${why}).`, measurements: m };
  }
  const findings: Finding[] = [];
  const pct = (r: number) => `${Math.round(r * 10_000) / 100}%`;
  const errorText = `${m.errors} of ${m.requests} requests failed (${pct(m.errorRate)}${m.timeouts ? `, ${m.timeouts} timed out` : ''}${m.non2xx ? `, ${m.non2xx} non-2xx` : ''})`;
  if (m.errorRate > t.maxErrorRate) {
    const first = firstError && m.errors > m.timeouts ? `; first error: ${networkProblem(firstError) ?? (firstError as Error).message}` : '';
    findings.push({ status: 'fail', text: `${errorText}, over the ${pct(t.maxErrorRate)} allowed${first}` });
  } else findings.push({ status: 'pass', text: m.errors ? errorText : 'no errors' });
  if (t.maxAvgLatencyMs !== undefined && m.avgLatencyMs > t.maxAvgLatencyMs) findings.push({ status: 'fail', text: `average latency ${m.avgLatencyMs} ms is over ${t.maxAvgLatencyMs} ms` });
  if (t.maxP95LatencyMs !== undefined && (m.p95Ms ?? Infinity) > t.maxP95LatencyMs) findings.push({ status: 'fail', text: `p95 latency ${m.p95Ms ?? '?'} ms is over ${t.maxP95LatencyMs} ms` });
  const { status, message } = summarize(findings);
  const figures = `${m.rps} req/s, latency avg ${m.avgLatencyMs} ms, p95 ${m.p95Ms ?? '?'} ms, p99 ${m.p99Ms} ms`;
  return { status, message: `${run}: ${figures}; ${message.charAt(0).toLowerCase()}${message.slice(1)}`, measurements: m };
}

/** scheme://host[:port]/path for messages: no query string (it may carry a token). */
function target(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname}`;
}

/**
 * Counts of response times in whole milliseconds (truncated, as autocannon's histogram records
 * them), up to the request timeout; a percentile is the smallest value at or below which that
 * share of the responses lies.
 */
export class MsHistogram {
  private readonly counts: Uint32Array;
  private total = 0;
  constructor(maxMs: number) {
    this.counts = new Uint32Array(maxMs + 2);
  }
  record(ms: number) {
    const i = Math.min(this.counts.length - 1, Math.max(0, Math.floor(ms)));
    this.counts[i]!++;
    this.total++;
  }
  get count() {
    return this.total;
  }
  percentile(p: number): number | null {
    if (this.total === 0) return null;
    const want = Math.ceil((p / 100) * this.total);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= want) return i;
    }
    return this.counts.length - 1;
  }
}
