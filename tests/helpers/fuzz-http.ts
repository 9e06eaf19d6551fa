import fc from 'fast-check';
import { fuzzArb, hugeStringArb, validArb, wrongTypeArb, type JsonSchema } from './json-schema-arb.ts';

/**
 * Request generators for fuzzing the API from its OpenAPI document: one operation
 * (path + method) → an arbitrary of whole requests (path params, query, headers, body,
 * credentials). Kept apart from the test so the generators can be reused.
 */

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  method: string;
  /** OpenAPI path, e.g. /api/v1/deployments/{id}. */
  path: string;
  parameters: OpenApiParameter[];
  /** The application/json request body schema, if the operation takes one. */
  body: JsonSchema | undefined;
  bodyRequired: boolean;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** The client address (rate limits are per address); the inject default when absent. */
  remoteAddress?: string;
  /** Which credentials the request carries, for the report. */
  as: string;
}

type OpenApiDoc = {
  paths: Record<string, Record<string, { parameters?: OpenApiParameter[]; requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
};

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Every operation of the document, skipping paths for which `skip` says so. */
export function operationsOf(doc: OpenApiDoc, skip: (path: string) => boolean = () => false): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (skip(path)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const json = op.requestBody?.content?.['application/json'];
      ops.push({ method: method.toUpperCase(), path, parameters: op.parameters ?? [], body: json?.schema, bodyRequired: !!op.requestBody?.required });
    }
  }
  return ops;
}

export interface Credentials {
  /** label → headers/cookies to send; weights say how often. */
  [label: string]: { weight: number; headers: Record<string, string> };
}

export interface RequestArbOptions {
  components: Record<string, JsonSchema>;
  credentials: Credentials;
  /** Known-good path parameter values by parameter name (or `path:name`). */
  pathPools: Record<string, readonly string[]>;
  /** Known-good body property values by property name (ids from the fixture). */
  hints: Record<string, readonly unknown[]>;
  /** More body generators for an operation ("METHOD path"), e.g. a mutated valid document. */
  extraBodies?: Record<string, fc.Arbitrary<{ contentType: string; payload: string | Buffer }>>;
}

// ---------------------------------------------------------------------------------------------
// Path parameters

const nastySegments = fc.constantFrom(
  '..', '../', '../../etc/passwd', '..%2F..%2F', '%2e%2e%2f', '.', './', '%00', '\u0000', '%', '%zz', '%E0%A4%A', ' ', '\t',
  'null', 'undefined', 'NaN', '-1', '0', '1e309', '9'.repeat(40), '__proto__', 'constructor', '*', '{id}', ':id',
  "' or 1=1 --", '<script>', 'ạ', '😀', '\uFEFF', 'a/b', 'a?b', 'a#b', 'a;b', '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '00000000000000000000000000000000',
);

function segmentArb(pool: readonly string[] | undefined, schema: JsonSchema | undefined): fc.Arbitrary<{ value: string; raw: boolean }> {
  const encoded = (a: fc.Arbitrary<string>) => a.map((value) => ({ value, raw: false }));
  const alts: { arbitrary: fc.Arbitrary<{ value: string; raw: boolean }>; weight: number }[] = [
    { arbitrary: encoded(fc.uuid()), weight: 2 },
    { arbitrary: encoded(fc.string({ minLength: 1, maxLength: 30 })), weight: 1 },
    { arbitrary: encoded(fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme' })), weight: 1 },
    { arbitrary: encoded(fc.constantFrom(65, 72, 199, 200, 201, 400, 2000).map((n) => 'k'.repeat(n))), weight: 1 },
    { arbitrary: encoded(nastySegments), weight: 1 },
    // Sent as is: traversal and malformed percent-encoding reach the router unescaped.
    { arbitrary: fc.constantFrom('..', '../..', '.', '%', '%zz', '%E0%A4%A', '%00', '%2e%2e', 'a%2Fb', ';', ',', '~', '@', '!').map((value) => ({ value, raw: true })), weight: 1 },
  ];
  if (schema) alts.push({ arbitrary: encoded(validArb(schema).map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? 'x')).filter((s) => s.length > 0)), weight: 1 });
  if (pool?.length) alts.push({ arbitrary: encoded(fc.constantFrom(...pool)), weight: 24 });
  return fc.oneof(...alts);
}

// ---------------------------------------------------------------------------------------------
// Query strings

const asQueryValue = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');

function queryArb(params: OpenApiParameter[]): fc.Arbitrary<string> {
  const perParam = params.map((p) =>
    fc.option(
      fc.oneof(
        { arbitrary: fuzzArb(p.schema ?? {}).map((v) => [[p.name, asQueryValue(v)]] as [string, string][]), weight: 6 },
        // the same parameter twice (Fastify makes it an array)
        { arbitrary: fc.tuple(fuzzArb(p.schema ?? {}), fuzzArb(p.schema ?? {})).map(([a, b]) => [[p.name, asQueryValue(a)], [p.name, asQueryValue(b)]] as [string, string][]), weight: 1 },
        // bracket syntax and empty values
        { arbitrary: fc.constantFrom([[`${p.name}[]`, '1']], [[`${p.name}[a]`, 'b']], [[p.name, '']]) as fc.Arbitrary<[string, string][]>, weight: 1 },
      ),
      { freq: 2 },
    ),
  );
  const extra = fc.option(fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 20 })), { minLength: 1, maxLength: 3 }), { freq: 4 });
  const structured = fc.tuple(fc.tuple(...perParam), extra).map(([parts, more]) => {
    const pairs = [...parts.flatMap((x) => x ?? []), ...(more ?? [])];
    return pairs.length ? `?${new URLSearchParams(pairs).toString()}` : '';
  });
  const raw = fc.constantFrom('?', '?&&&', '?=', '?%', '?a=%zz', '?__proto__[polluted]=1', '?constructor[prototype][x]=1', '?limit=1&limit=2', '?cursor=eyJ0IjoibmFuIn0', '?cursor=' + 'A'.repeat(300), '?state=done,done,done,done,done,done', `?q=${'x'.repeat(5000)}`);
  return fc.oneof({ arbitrary: structured, weight: 8 }, { arbitrary: raw, weight: 1 });
}

// ---------------------------------------------------------------------------------------------
// Bodies

export interface Body {
  contentType: string | undefined;
  payload: string | Buffer | undefined;
  label: string;
}

/** Builds a multipart/form-data body by hand (so it can also be broken on purpose). */
export function multipartBody(boundary: string, parts: { name: string; filename?: string; contentType?: string; data: string | Buffer }[], close = true): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.contentType ? `Content-Type: ${p.contentType}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

const json = (label: string) => (v: unknown): Body => ({ contentType: 'application/json', payload: JSON.stringify(v) ?? 'null', label });

const garbageBodyArb: fc.Arbitrary<Body> = fc.oneof(
  fc.constantFrom('{', '{"a":', 'nul', "{'a':1}", '[1,2', '{"a":1}}', 'NaN', '\u0000', '\uFEFF{}', '{"a":"\\ud800"}', '{"a":1,"a":2}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}')
    .map((payload): Body => ({ contentType: 'application/json', payload, label: 'invalid JSON' })),
  fc.string({ maxLength: 200 }).map((payload): Body => ({ contentType: 'application/json', payload, label: 'random text as JSON' })),
  fc.constantFrom('null', '[]', '"text"', '123', 'true', '[{}]').map((payload): Body => ({ contentType: 'application/json', payload, label: 'JSON of the wrong kind' })),
  fc.constant<Body>({ contentType: 'application/json', payload: '', label: 'empty JSON body' }),
  fc.constant<Body>({ contentType: undefined, payload: undefined, label: 'no body' }),
  fc.constant<Body>({ contentType: 'application/json', payload: `${'['.repeat(20_000)}${']'.repeat(20_000)}`, label: 'deeply nested JSON' }),
  fc.constant<Body>({ contentType: 'application/json', payload: `{"a":"${'x'.repeat(1024 * 1024 + 10)}"}`, label: 'body over the limit' }),
  fc.tuple(
    fc.constantFrom('text/xml', 'application/x-www-form-urlencoded', 'text/plain', 'application/yaml', 'application/octet-stream', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'application/JSON', 'application/problem+json', 'image/png', '', 'x', ';;;', 'multipart/form-data', 'multipart/form-data; boundary=', 'multipart/mixed; boundary=zz'),
    fc.oneof(fc.string({ maxLength: 100 }), fc.constantFrom('a=1&b=2', '<x/>', '{"kind":"note","note":"x"}', 'key: [unclosed', '--- !!js/function "function(){}"', '*anchor', '&a [*a, *a]', '\u0000\u0001\u0002')),
  ).map(([contentType, payload]): Body => ({ contentType, payload, label: `wrong content type ${contentType}` })),
  fc.tuple(fc.constantFrom('zzz', 'x'.repeat(71), 'ạ'), fc.boolean(), fc.constantFrom('file', 'note', 'other', ''), fc.string({ maxLength: 50 })).map(([boundary, close, name, data]): Body => ({
    contentType: `multipart/form-data; boundary=${boundary === 'ạ' ? 'b' : boundary}`,
    payload: multipartBody(boundary, [{ name, filename: name === 'file' ? 'x.txt' : undefined, contentType: 'text/plain', data }], close),
    label: `multipart (${close ? 'closed' : 'truncated'}, part ${name})`,
  })),
  fc.constant<Body>({ contentType: 'multipart/form-data; boundary=q', payload: '--q\r\nContent-Disposition: form-data\r\n\r\n', label: 'multipart part without a name' }),
  fc.constant<Body>({ contentType: 'multipart/form-data; boundary=q', payload: 'not multipart at all', label: 'multipart garbage' }),
);

function bodyArb(op: Operation, opts: RequestArbOptions): fc.Arbitrary<Body> {
  const extra = opts.extraBodies?.[`${op.method} ${op.path}`];
  const alts: { arbitrary: fc.Arbitrary<Body>; weight: number }[] = [];
  if (op.body) {
    const schemaArb = fuzzArb(op.body, { components: opts.components, hints: opts.hints });
    alts.push({ arbitrary: schemaArb.map(json('schema')), weight: 12 });
    alts.push({ arbitrary: validArb(op.body, { components: opts.components, hints: opts.hints }).map(json('valid by schema')), weight: 4 });
    alts.push({ arbitrary: wrongTypeArb.map(json('wrong type')), weight: 1 });
    alts.push({ arbitrary: hugeStringArb(10).map(json('huge string')), weight: 1 });
    alts.push({ arbitrary: garbageBodyArb, weight: 4 });
  } else {
    alts.push({ arbitrary: fc.constant<Body>({ contentType: undefined, payload: undefined, label: 'no body' }), weight: 16 });
    alts.push({ arbitrary: garbageBodyArb, weight: 2 });
    alts.push({ arbitrary: fc.jsonValue({ maxDepth: 2 }).map(json('unexpected JSON body')), weight: 1 });
  }
  if (extra) alts.push({ arbitrary: extra.map((b) => ({ ...b, label: 'operation-specific' })), weight: 8 });
  return fc.oneof(...alts);
}

// ---------------------------------------------------------------------------------------------
// Whole requests

const printable = fc.string({ maxLength: 60, unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });

function credentialsArb(creds: Credentials): fc.Arbitrary<{ label: string; headers: Record<string, string> }> {
  const known = Object.entries(creds).map(([label, c]) => ({ arbitrary: fc.constant({ label, headers: c.headers }), weight: c.weight }));
  const bad = fc.oneof(
    printable.map((s) => ({ label: 'bad bearer', headers: { authorization: `Bearer ${s}` } })),
    fc.constantFrom('Bearer', 'Bearer ', 'Basic b3duZXI6cHc=', `Bearer glt_${'A'.repeat(43)}`, `Bearer ${'x'.repeat(250)}`, 'bearer  glt_short', 'Token abc', '').map((a) => ({ label: 'bad authorization', headers: { authorization: a } })),
    printable.map((s) => ({ label: 'bad cookie', headers: { cookie: `golive_session=${encodeURIComponent(s)}` } })),
    fc.constant({ label: 'huge cookie', headers: { cookie: `golive_session=${'c'.repeat(4000)}` } }),
  );
  return fc.oneof(...known, { arbitrary: bad, weight: 2 });
}

const extraHeadersArb: fc.Arbitrary<Record<string, string> | null> = fc.option(
  fc.oneof(
    printable.map((v): Record<string, string> => ({ 'x-request-id': v })),
    fc.constantFrom<Record<string, string>>({ 'x-request-id': 'r'.repeat(100) }, { accept: 'application/xml' }, { 'accept-language': 'id-ID' }, { origin: 'https://evil.example' }, { 'if-match': '"1"' }, { 'if-match': 'W/"999999999"' }, { 'if-match': '*' }),
  ),
  { freq: 4 },
);

export function requestArb(op: Operation, opts: RequestArbOptions): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const headerParams = op.parameters.filter((p) => p.in === 'header');
  const segments = fc.tuple(...pathParams.map((p) => segmentArb(opts.pathPools[`${op.path}:${p.name}`] ?? opts.pathPools[p.name], p.schema)));
  const headerValues = fc.tuple(...headerParams.map((p) => fc.option(fuzzArb(p.schema ?? {}).map(asQueryValue).filter((v) => /^[\x20-\x7e]*$/.test(v)), { freq: 2 })));
  return fc
    .record({
      creds: credentialsArb(opts.credentials),
      segments,
      query: queryParams.length ? queryArb(queryParams) : fc.oneof({ arbitrary: fc.constant(''), weight: 6 }, { arbitrary: queryArb([]), weight: 1 }),
      headerValues,
      extraHeaders: extraHeadersArb,
      body: bodyArb(op, opts),
      // Mostly spread over many addresses, so per-address rate limits do not hide the rest.
      remoteAddress: fc.option(fc.oneof(fc.ipV4(), fc.ipV6()), { freq: 5 }),
    })
    .map(({ creds, segments: segs, query, headerValues: hv, extraHeaders, body, remoteAddress }) => {
      let url = op.path;
      pathParams.forEach((p, i) => {
        const seg = segs[i]!;
        url = url.replace(`{${p.name}}`, seg.raw ? seg.value : encodeURIComponent(seg.value));
      });
      const headers: Record<string, string> = { ...creds.headers, ...(extraHeaders ?? {}) };
      headerParams.forEach((p, i) => {
        const v = hv[i];
        if (v !== null && v !== undefined) headers[p.name] = v;
      });
      if (body.contentType !== undefined) headers['content-type'] = body.contentType;
      const req: FuzzRequest = { method: op.method, url: url + query, headers, as: creds.label };
      if (body.payload !== undefined) req.payload = body.payload;
      if (remoteAddress !== null) req.remoteAddress = remoteAddress;
      return req;
    });
}

/** A short, printable description of a request and its response, for failure messages. */
export function describeExchange(req: FuzzRequest, res: { statusCode: number; headers: Record<string, unknown>; body: string }): string {
  const clip = (s: string, n = 1500) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
  const payload = req.payload === undefined ? '(none)' : clip(Buffer.isBuffer(req.payload) ? req.payload.toString('latin1') : req.payload);
  return [
    `${req.method} ${clip(req.url, 400)}`,
    `as: ${req.as}${req.remoteAddress ? ` from ${req.remoteAddress}` : ''}`,
    `headers: ${JSON.stringify({ ...req.headers, ...(req.headers.authorization?.startsWith('Bearer glt_') ? { authorization: 'Bearer <token>' } : {}) })}`,
    `body: ${payload}`,
    `→ ${res.statusCode} ${String(res.headers['content-type'] ?? '')}`,
    clip(res.body, 2000),
  ].join('\n');
}

/** Replaces one node of a JSON value (chosen by index in walk order) with another value. */
export function mutateJson(value: unknown, index: number, replacement: unknown): unknown {
  let n = 0;
  const walk = (v: unknown): unknown => {
    if (n++ === index) return replacement;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}

/** Number of nodes of a JSON value, for choosing a mutation index. */
export function countNodes(value: unknown): number {
  if (Array.isArray(value)) return 1 + value.reduce<number>((s, x) => s + countNodes(x), 0);
  if (value && typeof value === 'object') return 1 + Object.values(value).reduce<number>((s, x) => s + countNodes(x), 0);
  return 1;
}
