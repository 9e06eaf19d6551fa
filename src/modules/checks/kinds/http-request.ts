import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector, request } from 'undici';
import { z } from 'zod';
import type { CheckContext, CheckResult } from '../check.ts';
import { socketGuard } from '../target-guard.ts';
import { softDeadline } from './deadline.ts';
import { pemCertificates, quote } from './fields.ts';
import { networkProblem } from './net-errors.ts';

/**
 * One bounded HTTP(S) request, shared by the kinds that talk HTTP (http, security-headers, oidc,
 * saml-metadata, webhook, vendor-api):
 * a deadline from the run's signal, a cap on the body read, redirects followed by hand up to a
 * limit (so every hop is visible and credentials never cross origins), and the TLS facts of the
 * connection that answered. Each run gets its own connection pool, closed at the end: a probe
 * measures a fresh connection, as a user's first visit would.
 *
 * Under a target guard every connection is vetted, whatever made the run open it (a redirect, a
 * URL read from a discovery document): a name through the guard's lookup, an IP literal before
 * connecting. A refusal is thrown (TargetRefused), not returned as a finding.
 */

export const headerName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'is not a valid header name');

/** The config fields every HTTP-speaking kind takes. */
export const requestFields = {
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(2048),
  headers: z
    .record(headerName, z.string().max(8192).regex(/^[^\r\n\0]*$/, 'must be one line'))
    .refine((h) => Object.keys(h).length <= 50, 'at most 50 headers')
    .default({}),
  /** Accept any certificate. Only for a target you know is self-signed; never the default. */
  insecureSkipVerify: z.boolean().default(false),
  /** PEM certificates to trust instead of the public roots (a private CA). */
  ca: pemCertificates.optional(),
  maxRedirects: z.number().int().min(0).max(20).default(5),
};

export interface HttpRequestOptions {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
  insecureSkipVerify: boolean;
  ca?: string | undefined;
  maxRedirects: number;
  /** Read the body up to this many bytes, or not at all (null: close after the headers). */
  maxBodyBytes: number | null;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  bytes: number;
  /** From sending the first request to the last byte of the final answer, redirects included. */
  latencyMs: number;
  tlsProtocol: string | null;
  /** Whether the certificate verified (false only when insecureSkipVerify let a bad one through). */
  tlsAuthorized: boolean | null;
  redirects: number;
  /** The answer is a redirect we did not follow because maxRedirects was reached. */
  redirectLimitHit: boolean;
  url: string;
}

export type Measurements = CheckResult['measurements'];

export type HttpOutcome = { ok: true; response: HttpResponse } | { ok: false; problem: string; measurements: Measurements };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIALS = ['authorization', 'cookie', 'proxy-authorization'];

export function headerValues(headers: HttpResponse['headers'], name: string): string[] {
  const v = headers[name.toLowerCase()];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export async function httpRequest(o: HttpRequestOptions, ctx: CheckContext): Promise<HttpOutcome> {
  const soft = softDeadline(ctx);
  const connected = new Map<string, TLSSocket | null>();
  const endpoint = (hostname: string, port: string, protocol: string) => `${hostname}:${port || (protocol === 'https:' ? 443 : 80)}`;
  const connector = buildConnector({ rejectUnauthorized: !o.insecureSkipVerify, ca: o.ca, timeout: ctx.timeoutMs, maxCachedSessions: 0, lookup: ctx.guard?.lookup });
  const agent = new Agent({
    // undici's own timers sit at the hard deadline; the soft one fires first and says more.
    headersTimeout: ctx.timeoutMs,
    bodyTimeout: ctx.timeoutMs,
    connect: (opts, cb) => {
      try {
        socketGuard(ctx.guard, opts.hostname); // an IP literal; names go through the connector's lookup
      } catch (e) {
        return cb(e as Error, null);
      }
      connector(opts, (err, socket) => {
        if (err) return cb(err, null);
        connected.set(endpoint(opts.hostname, opts.port, opts.protocol), opts.protocol === 'https:' ? (socket as TLSSocket) : null);
        cb(null, socket);
      });
    },
  });

  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url = new URL(o.url);
  let method = o.method;
  let body = o.body;
  const headers: Record<string, string> = { 'user-agent': 'golive-check/1' };
  for (const [k, v] of Object.entries(o.headers)) headers[k.toLowerCase()] = v;
  let redirects = 0;
  let status: number | null = null;
  let bytes = 0;
  const seen = (): Measurements => ({ ...(status === null ? {} : { status }), bytes, redirects, latencyMs: elapsed() });
  const failed = (problem: string): HttpOutcome => ({ ok: false, problem, measurements: seen() });

  try {
    for (;;) {
      status = null;
      const res = await request(url, { dispatcher: agent, method, headers, body: body ?? null, signal: soft.signal });
      status = res.statusCode;
      // Destroying an undici body emits an abort error; we stop reading on purpose, so swallow it.
      res.body.on('error', () => {});
      const location = headerValues(res.headers, 'location')[0];
      const isRedirect = REDIRECTS.has(res.statusCode) && location !== undefined;
      if (isRedirect && redirects < o.maxRedirects) {
        res.body.destroy();
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          return failed(`redirected to an invalid Location ${JSON.stringify(location.slice(0, 200))}`);
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') return failed(`redirected to a ${next.protocol} URL, which is not followed`);
        if (next.origin !== url.origin) for (const h of CREDENTIALS) delete headers[h];
        if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
          delete headers['content-type'];
          delete headers['content-length'];
        }
        url = next;
        redirects++;
        continue;
      }

      const chunks: Buffer[] = [];
      if (o.maxBodyBytes === null) {
        res.body.destroy();
      } else {
        const max = o.maxBodyBytes;
        const tooLarge = () => `body larger than ${formatBytes(max)} (stopped reading)`;
        if (Number(headerValues(res.headers, 'content-length')[0]) > max) {
          res.body.destroy();
          return failed(tooLarge());
        }
        for await (const chunk of res.body as AsyncIterable<Buffer>) {
          bytes += chunk.length;
          if (bytes > max) return failed(tooLarge()); // leaving the loop destroys the stream
          chunks.push(chunk);
        }
      }
      const tls = connected.get(endpoint(url.hostname, url.port, url.protocol)) ?? null;
      return {
        ok: true,
        response: {
          status: res.statusCode,
          headers: res.headers,
          body: Buffer.concat(chunks),
          bytes,
          latencyMs: elapsed(),
          tlsProtocol: tls?.getProtocol() ?? null,
          tlsAuthorized: tls ? tls.authorized : null,
          redirects,
          redirectLimitHit: isRedirect && o.maxRedirects > 0,
          url: url.href,
        },
      };
    }
  } catch (e) {
    if (soft.expired) {
      const where = endpoint(url.hostname, url.port, url.protocol);
      if (status !== null) return failed(`the body was still arriving after ${soft.ms} ms (${formatBytes(bytes)} read)`);
      if (connected.has(where)) return failed(`connected, but no response within ${soft.ms} ms`);
      return failed(`could not connect to ${url.host} within ${soft.ms} ms`);
    }
    if (ctx.signal.aborted) throw e;
    const problem = networkProblem(e);
    if (problem) return failed(url.href === o.url ? problem : `${problem} at ${url.href}`);
    throw e;
  } finally {
    soft.clear();
    // A run that ended on its own closes its connection gracefully (destroying builds an error per
    // run, a measurable cost at thousands of runs a minute); one cut off at a deadline is destroyed.
    if (soft.signal.aborted || ctx.signal.aborted) await agent.destroy(CUT_OFF).catch(() => {});
    else void agent.close().catch(() => {});
  }
}

const CUT_OFF = new Error('the probe was cut off at its deadline');

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/**
 * The answer's body as JSON, or a phrase saying why it is not (for the kinds that read a JSON API:
 * oidc, vendor-api). The phrase quotes the start of the body and names its Content-Type, so an
 * HTML login page or error page in place of JSON is recognisable from the message.
 */
export function jsonBody(r: HttpResponse): { ok: true; value: unknown } | { ok: false; problem: string } {
  const text = r.body.toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const type = headerValues(r.headers, 'content-type')[0];
    const what = text.trim() === '' ? 'empty' : `starts ${quote(text.trimStart(), 40)}`;
    return { ok: false, problem: `the answer is not JSON (${type ? `${quote(type, 60)}, ` : ''}${what})` };
  }
}

/** A context for a later request of the same run: the same signal and guard, the time still left. */
export function remaining(ctx: CheckContext, startedAt: number): CheckContext {
  return { ...ctx, timeoutMs: Math.max(1, ctx.timeoutMs - Math.round(performance.now() - startedAt)) };
}
