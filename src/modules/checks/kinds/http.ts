import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { defineCheckKind } from '../check.ts';
import { capitalize, compileRegex, quote, regexSource } from './fields.ts';
import { formatBytes, headerName, headerValues, httpRequest, requestFields, type HttpResponse } from './http-request.ts';
import { parseJsonPath, readJsonPath } from './json-path.ts';
import { urlHost } from './targets.ts';

const MiB = 1024 * 1024;
const statusCode = z.number().int().min(100).max(599);
const jsonPath = z.string().min(1).max(300).refine((p) => parseJsonPath(p) !== null, 'is not a path like $.data.items[0].status');

const config = z.strictObject({
  ...requestFields,
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET'),
  body: z.string().max(MiB).optional(),
  /** Stop reading (and fail) past this many bytes. */
  maxBodyBytes: z.number().int().min(1).max(64 * MiB).default(MiB),
  expect: z
    .strictObject({
      /** One status or a list; default any 2xx. */
      status: z.union([statusCode, z.array(statusCode).min(1).max(50)]).optional(),
      /** Slower than this is a warning (the deadline is the failure). */
      maxLatencyMs: z.number().int().min(1).max(30 * 60_000).optional(),
      bodyContains: z.string().min(1).max(10_000).optional(),
      bodyMatches: regexSource.optional(),
      /** Values in a JSON body: `equals` compares deeply; without it the path must exist. */
      json: z
        .array(z.strictObject({ path: jsonPath, equals: z.json().optional() }))
        .max(50)
        .optional(),
      /** Response headers that must equal these values (names and values compared ignoring case). */
      headers: z.record(headerName, z.string().max(8192)).optional(),
      headersPresent: z.array(headerName).max(50).optional(),
    })
    .default({}),
});
type Expect = z.output<typeof config>['expect'];

export const httpCheck = defineCheckKind({
  kind: 'http',
  description: 'An HTTP(S) endpoint answers with the expected status, body and headers, in time.',
  config,
  defaultTimeoutMs: 10_000,
  targets: (c) => [urlHost(c.url)],
  async run(c, ctx) {
    const out = await httpRequest(c, ctx);
    if (!out.ok) return { status: 'fail', message: `${capitalize(out.problem)}.`, measurements: out.measurements };
    const r = out.response;
    const measurements = {
      status: r.status,
      latencyMs: r.latencyMs,
      bytes: r.bytes,
      redirects: r.redirects,
      ...(r.tlsProtocol ? { tlsProtocol: r.tlsProtocol, tlsVerified: r.tlsAuthorized } : {}),
    };
    const failures = unmet(c.expect, r);
    const summary = `${r.status} in ${r.latencyMs} ms, ${formatBytes(r.bytes)}${r.redirects ? ` after ${r.redirects} redirect${r.redirects > 1 ? 's' : ''}` : ''}`;
    if (failures.length > 0) return { status: 'fail', message: `${capitalize(failures.join('; '))} (${summary}).`, measurements };
    if (c.expect.maxLatencyMs !== undefined && r.latencyMs > c.expect.maxLatencyMs) {
      return { status: 'warn', message: `${summary}: slower than ${c.expect.maxLatencyMs} ms.`, measurements };
    }
    const unverified = r.tlsAuthorized === false ? ' (certificate not verified: insecureSkipVerify)' : '';
    return { status: 'pass', message: `${summary}${unverified}.`, measurements };
  },
});

/** What the answer fails to do, one phrase each. */
function unmet(expect: Expect, r: HttpResponse): string[] {
  const failures: string[] = [];
  const want = expect.status === undefined ? null : [expect.status].flat();
  if (want ? !want.includes(r.status) : r.status < 200 || r.status > 299) {
    const stopped = r.redirectLimitHit ? `, stopped after ${r.redirects} redirects` : '';
    failures.push(`status ${r.status}, expected ${want ? want.join(' or ') : '2xx'}${stopped}`);
  }
  const text = r.body.toString('utf8');
  if (expect.bodyContains !== undefined && !text.includes(expect.bodyContains)) failures.push(`body does not contain ${quote(expect.bodyContains, 60)}`);
  if (expect.bodyMatches !== undefined && !compileRegex(expect.bodyMatches).test(text)) failures.push(`body does not match ${expect.bodyMatches}`);
  if (expect.json?.length) failures.push(...unmetJson(expect.json, text));
  for (const [name, value] of Object.entries(expect.headers ?? {})) {
    const actual = headerValues(r.headers, name);
    if (actual.length === 0) failures.push(`header ${name} missing`);
    else if (!actual.some((v) => v.trim().toLowerCase() === value.trim().toLowerCase())) failures.push(`header ${name} is ${quote(actual.join(', '), 60)}, expected ${quote(value, 60)}`);
  }
  for (const name of expect.headersPresent ?? []) {
    if (headerValues(r.headers, name).length === 0) failures.push(`header ${name} missing`);
  }
  return failures;
}

function unmetJson(checks: NonNullable<Expect['json']>, text: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [`body is not JSON (starts ${quote(text, 40)})`];
  }
  const failures: string[] = [];
  for (const { path, equals } of checks) {
    const found = readJsonPath(doc, parseJsonPath(path)!);
    if (!found.found) failures.push(`${path} not found in the JSON body (nothing past ${found.at})`);
    else if (equals !== undefined && !isDeepStrictEqual(found.value, equals)) {
      failures.push(`${path} is ${json(found.value)}, expected ${json(equals)}`);
    }
  }
  return failures;
}

const json = (v: unknown) => {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
};