import fc from 'fast-check';

/**
 * A small JSON-Schema (as emitted in our OpenAPI 3 document) → fast-check converter for
 * fuzzing. `validArb` aims at values the schema accepts; `fuzzArb` gives mostly valid
 * values whose parts are sometimes wrong: wrong types, null, bounds ±1, huge strings,
 * missing required fields, extra fields, and malformed formats. Unknown keywords are
 * ignored; a schema with no type gives any JSON value.
 */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  default?: unknown;
  [k: string]: unknown;
};

export interface ArbOptions {
  /** `components.schemas` of the document, for `$ref: '#/components/schemas/X'`. */
  components?: Record<string, JsonSchema>;
  /** Known-good values by property name (ids from the fixture), mixed into generation. */
  hints?: Record<string, readonly unknown[]>;
  /** Longest string generated in the ordinary way (huge strings are generated separately). */
  maxStringLength?: number;
  /** Largest array generated in the ordinary way. */
  maxArrayLength?: number;
}

interface Ctx extends Required<Pick<ArbOptions, 'maxStringLength' | 'maxArrayLength'>> {
  components: Record<string, JsonSchema>;
  hints: Record<string, readonly unknown[]>;
  depth: number;
  /** Whether children may be corrupted (fuzz) or must stay valid. */
  fuzz: boolean;
}

const MAX_DEPTH = 6;

function ctxOf(opts: ArbOptions, fuzz: boolean): Ctx {
  return {
    components: opts.components ?? {},
    hints: opts.hints ?? {},
    maxStringLength: opts.maxStringLength ?? 80,
    maxArrayLength: opts.maxArrayLength ?? 5,
    depth: 0,
    fuzz,
  };
}

/** Values the schema (mostly) accepts. */
export function validArb(schema: JsonSchema, opts: ArbOptions = {}): fc.Arbitrary<unknown> {
  return build(schema, ctxOf(opts, false), undefined);
}

/** Mostly valid values with corrupted parts, plus wholly wrong values now and then. */
export function fuzzArb(schema: JsonSchema, opts: ArbOptions = {}): fc.Arbitrary<unknown> {
  return build(schema, ctxOf(opts, true), undefined);
}

/** Any JSON value of the wrong kind, including the awkward ones. */
export const wrongTypeArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, -0, 1e308, -1e308, 2 ** 53 + 2, 0.5),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', 'null', 'true', '1', '[]', '{}', '2026-11-02', '00000000-0000-0000-0000-000000000000'),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.constant({ __proto__: null, constructor: { prototype: { polluted: true } } }),
);

/** Very long strings: bound+1, around the body limit, and long unicode. */
export function hugeStringArb(bound = 0): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant('x'.repeat(bound + 1)),
    fc.constantFrom(10_000, 70_000, 300_000).map((n) => 'A'.repeat(n)),
    fc.constant('\u{1F600}'.repeat(5_000)),
    fc.constant('ạ'.repeat(bound + 1)),
  );
}

function resolve(schema: JsonSchema, ctx: Ctx): JsonSchema {
  let s = schema;
  for (let i = 0; s.$ref && i < 20; i++) {
    const m = /^#\/components\/schemas\/(.+)$/.exec(s.$ref);
    const target = m ? ctx.components[decodeURIComponent(m[1]!)] : undefined;
    if (!target) return {};
    const { $ref: _ref, ...rest } = s;
    s = { ...target, ...rest };
  }
  return s;
}

function typesOf(s: JsonSchema): string[] {
  if (Array.isArray(s.type)) return s.type;
  if (typeof s.type === 'string') return [s.type];
  if (s.properties || s.additionalProperties !== undefined) return ['object'];
  if (s.items) return ['array'];
  return [];
}

function build(schemaIn: JsonSchema, ctxIn: Ctx, name: string | undefined): fc.Arbitrary<unknown> {
  const schema = resolve(schemaIn, ctxIn);
  const ctx = { ...ctxIn, depth: ctxIn.depth + 1 };
  const valid = buildValid(schema, ctx, name);
  const withHints = name && ctx.hints[name]?.length ? fc.oneof({ arbitrary: fc.constantFrom(...ctx.hints[name]!), weight: 2 }, { arbitrary: valid, weight: 3 }) : valid;
  if (!ctx.fuzz) return withHints;
  return fc.oneof(
    { arbitrary: withHints, weight: 12 },
    { arbitrary: invalidFor(schema, ctx), weight: 2 },
    { arbitrary: wrongTypeArb, weight: 1 },
  );
}

function buildValid(schema: JsonSchema, ctx: Ctx, name: string | undefined): fc.Arbitrary<unknown> {
  if (ctx.depth > MAX_DEPTH) return fc.constant(schema.default ?? null);
  const alts: fc.Arbitrary<unknown>[] = [];
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf?.length || schema.oneOf?.length) {
    const subs = (schema.anyOf ?? schema.oneOf)!.map((s) => build(s, ctx, name));
    alts.push(fc.oneof(...subs));
  } else if (schema.allOf?.length) {
    alts.push(build(mergeAllOf(schema.allOf.map((s) => resolve(s, ctx))), ctx, name));
  } else {
    const types = typesOf(schema);
    if (!types.length) alts.push(fc.jsonValue({ maxDepth: 2 }));
    for (const t of types) alts.push(ofType(t, schema, ctx));
  }
  if (schema.nullable) alts.push(fc.constant(null));
  return alts.length === 1 ? alts[0]! : fc.oneof(...alts);
}

function mergeAllOf(parts: JsonSchema[]): JsonSchema {
  const out: JsonSchema = {};
  for (const p of parts) {
    Object.assign(out, p, {
      properties: { ...(out.properties ?? {}), ...(p.properties ?? {}) },
      required: [...(out.required ?? []), ...(p.required ?? [])],
    });
  }
  return out;
}

function ofType(type: string, s: JsonSchema, ctx: Ctx): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number':
      return numberArb(s, type === 'integer');
    case 'string':
      return stringArb(s, ctx);
    case 'array': {
      const min = s.minItems ?? 0;
      const max = Math.max(min, Math.min(s.maxItems ?? ctx.maxArrayLength, ctx.maxArrayLength));
      return fc.array(s.items ? build(s.items, ctx, undefined) : fc.jsonValue({ maxDepth: 1 }), { minLength: min, maxLength: max });
    }
    case 'object':
      return objectArb(s, ctx);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function bounds(s: JsonSchema, integer: boolean): { min: number; max: number } {
  let min = s.minimum ?? (integer ? -(2 ** 31) : -1e9);
  let max = s.maximum ?? (integer ? 2 ** 31 : 1e9);
  if (typeof s.exclusiveMinimum === 'number') min = s.exclusiveMinimum + (integer ? 1 : 1e-9);
  if (typeof s.exclusiveMaximum === 'number') max = s.exclusiveMaximum - (integer ? 1 : 1e-9);
  return { min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) };
}

function numberArb(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const { min, max } = bounds(s, integer);
  const edges = fc.constantFrom(min, max, Math.min(max, Math.max(min, 1)));
  const ranged = integer
    ? fc.oneof(fc.integer({ min: Math.max(min, -1000), max: Math.max(Math.max(min, -1000), Math.min(max, 1000)) }), fc.maxSafeInteger().map((n) => Math.min(max, Math.max(min, n))))
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return fc.oneof({ arbitrary: ranged, weight: 4 }, { arbitrary: edges, weight: 1 });
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** YYYY-MM-DD, mostly around now, sometimes anywhere in 0000–9999, sometimes not a real day. */
export const dateStringArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), weight: 6 },
  { arbitrary: fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), weight: 2 },
  { arbitrary: fc.constantFrom('0000-01-01', '0001-01-01', '0099-12-31', '1900-02-28', '1969-12-31', '1970-01-01', '2000-02-29', '9999-12-31', '9999-11-20', '2026-12-31'), weight: 2 },
  { arbitrary: fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`), weight: 1 },
);

const badDates = fc.constantFrom('2026-02-30', '2026-13-01', '2026-1-1', '26-01-01', '2026/01/01', '2026-01-01T00:00:00Z', '+010000-01-01', '-000001-01-01', 'today', '');
const badEmails = fc.constantFrom('not-an-email', 'a@b', '@x.test', 'a@@b.test', 'a b@c.test', 'ạ@ạ.test', `${'a'.repeat(300)}@x.test`, '');
const badUuids = fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-00000000000', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', '{00000000-0000-0000-0000-000000000000}', '');
const badUris = fc.constantFrom('not a url', 'javascript:alert(1)', 'ftp://example.com/x', 'http://', 'https://ex ample.com', 'file:///etc/passwd', 'data:text/html,<script>', '//example.com', '');

function formatArb(format: string | undefined): { good: fc.Arbitrary<string>; bad: fc.Arbitrary<string> } | null {
  switch (format) {
    case 'date':
      return { good: dateStringArb, bad: badDates };
    case 'date-time':
      return { good: fc.date({ noInvalidDate: true, min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z') }).map((d) => d.toISOString()), bad: badDates };
    case 'email':
      return { good: fc.emailAddress().filter((e) => e.length <= 254), bad: badEmails };
    case 'uuid':
      return { good: fc.oneof(fc.uuid(), fc.constant('00000000-0000-0000-0000-000000000000')), bad: badUuids };
    case 'uri':
    case 'url':
      return { good: fc.webUrl({ withQueryParameters: true, withFragments: true }), bad: badUris };
    default:
      return null;
  }
}

function stringArb(s: JsonSchema, ctx: Ctx): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.max(min, Math.min(s.maxLength ?? ctx.maxStringLength, ctx.maxStringLength));
  const fmt = formatArb(s.format);
  if (fmt) return fmt.good;
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length >= min && (s.maxLength === undefined || x.length <= s.maxLength));
    } catch {
      // a pattern fast-check cannot generate from: fall through to plain strings
    }
  }
  return fc.oneof(
    { arbitrary: fc.string({ minLength: min, maxLength: max }), weight: 4 },
    { arbitrary: fc.string({ minLength: min, maxLength: max, unit: 'grapheme' }), weight: 2 },
    { arbitrary: fc.string({ minLength: min, maxLength: max, unit: 'binary' }), weight: 1 },
    { arbitrary: fc.constantFrom('x'.repeat(Math.max(min, 1)), 'y'.repeat(s.maxLength ?? max)).filter((x) => x.length >= min), weight: 1 },
  );
}

function objectArb(s: JsonSchema, ctx: Ctx): fc.Arbitrary<Record<string, unknown>> {
  const props = s.properties ?? {};
  const keys = Object.keys(props);
  if (!keys.length) {
    if (s.additionalProperties === false) return fc.constant({});
    const valueArb = typeof s.additionalProperties === 'object' ? build(s.additionalProperties, ctx, undefined) : fc.jsonValue({ maxDepth: 2 });
    return fc.dictionary(fc.string({ maxLength: 12 }), valueArb, { maxKeys: 4 });
  }
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const k of keys) model[k] = build(props[k]!, ctx, k);
  const required = (s.required ?? []).filter((k) => keys.includes(k));
  return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>;
}

/** A value this schema should refuse (most of the time: a few "invalid" ones may pass). */
function invalidFor(s: JsonSchema, ctx: Ctx): fc.Arbitrary<unknown> {
  const alts: fc.Arbitrary<unknown>[] = [wrongTypeArb];
  const types = typesOf(s);
  if (!s.nullable && !types.includes('null')) alts.push(fc.constant(null));
  if (s.enum) alts.push(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...s.enum.map((e) => (typeof e === 'string' ? e.toUpperCase() + ' ' : e)))));
  if (types.includes('string')) {
    const fmt = formatArb(s.format);
    if (fmt) alts.push(fmt.bad);
    if (s.maxLength !== undefined) alts.push(hugeStringArb(s.maxLength));
    if (s.minLength) alts.push(fc.constantFrom('', ' '.repeat(s.minLength), '\t\n'));
    alts.push(fc.constantFrom('../../etc/passwd', "'; drop table users; --", '\u0000', '%00', '\uFEFF', '\uD800', 'ạ̵̧̛̗̭̤̿', '<script>alert(1)</script>'));
  }
  if (types.includes('integer') || types.includes('number')) {
    const { min, max } = bounds(s, types.includes('integer'));
    alts.push(fc.constantFrom(min - 1, max + 1, 0.5, -0.5, 1e300, -1e300, Number.MAX_SAFE_INTEGER + 2, '1', '1e3'));
  }
  if (types.includes('array')) {
    alts.push(fc.array(fc.jsonValue({ maxDepth: 1 }), { minLength: (s.maxItems ?? 50) + 1, maxLength: (s.maxItems ?? 50) + 2 }));
  }
  if (types.includes('object') || s.properties) {
    const valid = objectArb(s, { ...ctx, fuzz: false });
    const keys = Object.keys(s.properties ?? {});
    // missing a required field
    if (s.required?.length) {
      alts.push(fc.tuple(valid, fc.constantFrom(...s.required)).map(([o, k]) => {
        const copy = { ...o };
        delete copy[k];
        return copy;
      }));
    }
    // extra fields, including prototype-pollution attempts
    alts.push(fc.tuple(valid, fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.jsonValue({ maxDepth: 1 }), { minKeys: 1, maxKeys: 3 })).map(([o, extra]) => ({ ...extra, ...o })));
    alts.push(valid.map((o) => {
      const inner = JSON.stringify(o).slice(1, -1);
      return JSON.parse(`{"__proto__":{"isAdmin":true}${inner ? `,${inner}` : ''}}`) as unknown;
    }));
    // every property of the wrong type
    if (keys.length) alts.push(fc.record(Object.fromEntries(keys.map((k) => [k, wrongTypeArb]))));
    alts.push(fc.constant({}));
  }
  return fc.oneof(...alts);
}
