import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { defineCheckKind } from '../check.ts';
import { capitalize, quote } from './fields.ts';
import { summarize, type Finding } from './findings.ts';
import { httpRequest, jsonBody, remaining, requestFields, type HttpOutcome, type Measurements } from './http-request.ts';
import { urlHost } from './targets.ts';

const MiB = 1024 * 1024;
/** Asymmetric JWS algorithms an ID token may be signed with (RFC 7518, RFC 8037). */
const ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
const ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const;
/** Members of a JWK that only a private key has. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];
const MAX_KEYS = 100;

const config = z.strictObject({
  /** The issuer exactly as ID tokens carry it in `iss` (e.g. https://login.microsoftonline.com/<tenant>/v2.0). */
  issuer: requestFields.url,
  headers: requestFields.headers,
  insecureSkipVerify: requestFields.insecureSkipVerify,
  ca: requestFields.ca,
  maxRedirects: requestFields.maxRedirects,
  /** Cap on each of the two documents read (discovery, JWKS). */
  maxBodyBytes: z.number().int().min(1).max(8 * MiB).default(MiB),
  /** Signing algorithms accepted; a key with another one does not count. */
  algs: z.array(z.enum(ALGS)).min(1).max(ALGS.length).default([...ALGS]),
  /** A signing key with this `kid` must be published (e.g. the one the app has pinned). */
  expectKid: z.string().min(1).max(200).optional(),
});
type Config = z.output<typeof config>;

export const oidcCheck = defineCheckKind({
  kind: 'oidc',
  description: 'An OpenID Connect issuer publishes a matching discovery document and a JWKS with a usable signing key.',
  config,
  defaultTimeoutMs: 10_000,
  // The discovery document's endpoints are known only at run time: the HTTP layer vets each connection.
  targets: (c) => [urlHost(c.issuer)],
  async run(c, ctx) {
    const started = performance.now();
    const measurements: Measurements = { keys: 0, algs: '', discoveryMs: null };
    const get = (url: string) =>
      httpRequest(
        { url, method: 'GET', headers: { accept: 'application/json', ...c.headers }, insecureSkipVerify: c.insecureSkipVerify, ca: c.ca, maxRedirects: c.maxRedirects, maxBodyBytes: c.maxBodyBytes },
        remaining(ctx, started),
      );

    const discoveryUrl = `${c.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const discovery = await get(discoveryUrl);
    if (discovery.ok) measurements.discoveryMs = discovery.response.latencyMs;
    const doc = readDocument(discovery, 'discovery document', discoveryUrl);
    if (!doc.ok) return { status: 'fail', message: `${capitalize(doc.problem)}.`, measurements };

    const findings: Finding[] = [issuerFinding(c, doc.value.issuer)];
    const missing = ENDPOINTS.filter((e) => !isHttpUrl(doc.value[e]));
    findings.push(
      missing.length === 0
        ? { status: 'pass', text: 'authorization, token and JWKS endpoints published' }
        : { status: 'fail', text: `the discovery document has no valid ${missing.join(', ')}` },
    );
    const jwksUri = doc.value.jwks_uri;
    if (isHttpUrl(jwksUri)) {
      const jwks = await get(jwksUri);
      if (jwks.ok) measurements.jwksMs = jwks.response.latencyMs;
      const set = readDocument(jwks, 'JWKS', jwksUri);
      if (!set.ok) findings.push({ status: 'fail', text: set.problem });
      else findings.push(...keyFindings(c, set.value, measurements));
    }
    return { ...summarize(findings), measurements };
  },
});

/** A JSON object fetched with a 200, or why not. */
function readDocument(out: HttpOutcome, what: string, url: string): { ok: true; value: Record<string, unknown> } | { ok: false; problem: string } {
  if (!out.ok) return { ok: false, problem: `${what} ${url}: ${out.problem}` };
  if (out.response.status !== 200) return { ok: false, problem: `${what} ${url} answered HTTP ${out.response.status}, expected 200` };
  const body = jsonBody(out.response);
  if (!body.ok) return { ok: false, problem: `${what} ${url}: ${body.problem}` };
  if (!body.value || typeof body.value !== 'object' || Array.isArray(body.value)) return { ok: false, problem: `${what} ${url} is JSON but not an object` };
  return { ok: true, value: body.value as Record<string, unknown> };
}

function issuerFinding(c: Config, issuer: unknown): Finding {
  // OpenID Connect Discovery 1.0 §4.3: the issuer must be identical to the one the document was asked for.
  if (typeof issuer !== 'string') return { status: 'fail', text: 'the discovery document has no issuer' };
  if (issuer !== c.issuer) return { status: 'fail', text: `the discovery document names issuer ${quote(issuer, 120)}, expected ${quote(c.issuer, 120)}` };
  if (new URL(c.issuer).protocol !== 'https:') return { status: 'warn', text: `issuer ${c.issuer} is plain http (OpenID Connect requires https)` };
  return { status: 'pass', text: `issuer ${c.issuer} matches` };
}

const isHttpUrl = (v: unknown): v is string => {
  if (typeof v !== 'string' || v.length > 2048) return false;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
};

interface UsableKey {
  kid: string | null;
  alg: string;
}

/** What the key set offers for verifying ID tokens, as findings; fills keys and algs. */
function keyFindings(c: Config, set: Record<string, unknown>, m: Measurements): Finding[] {
  if (!Array.isArray(set.keys)) return [{ status: 'fail', text: 'the JWKS has no "keys" array' }];
  const findings: Finding[] = [];
  const usable: UsableKey[] = [];
  const skipped: string[] = [];
  const keys = set.keys.slice(0, MAX_KEYS) as unknown[];
  keys.forEach((raw, i) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return void skipped.push(`key ${i + 1}: not an object`);
    const k = raw as Record<string, unknown>;
    const name = typeof k.kid === 'string' ? `kid ${quote(k.kid, 60)}` : `key ${i + 1}`;
    // A published secret is a finding of its own, whatever else the set holds.
    if (k.kty === 'oct') return void findings.push({ status: 'fail', text: `${name} is a symmetric (oct) key: the JWKS publishes a shared secret` });
    if (PRIVATE_MEMBERS.some((p) => p in k)) return void findings.push({ status: 'fail', text: `${name} includes private key material` });
    if (k.use !== undefined && k.use !== 'sig') return void skipped.push(`${name}: use ${quote(String(k.use), 20)}`);
    if (Array.isArray(k.key_ops) && !k.key_ops.includes('verify')) return void skipped.push(`${name}: key_ops without verify`);
    const alg = typeof k.alg === 'string' ? k.alg : inferAlg(k);
    if (!alg) return void skipped.push(`${name}: no alg, and none follows from kty ${quote(String(k.kty), 20)}`);
    if (!(c.algs as string[]).includes(alg)) return void skipped.push(`${name}: alg ${quote(alg, 20)} not accepted`);
    let key: KeyObject;
    try {
      key = createPublicKey({ key: k as JsonWebKey, format: 'jwk' });
    } catch (e) {
      return void findings.push({ status: 'warn', text: `${name} (${alg}) does not parse: ${String((e as Error).message).slice(0, 120)}` });
    }
    const mismatch = keyMismatch(alg, key);
    if (mismatch) return void findings.push({ status: 'warn', text: `${name} cannot verify ${alg}: ${mismatch}` });
    const bits = key.asymmetricKeyDetails?.modulusLength;
    if (bits !== undefined && bits < 1024) return void findings.push({ status: 'warn', text: `${name} is a ${bits}-bit RSA key, too short to trust` });
    if (bits !== undefined && bits < 2048) findings.push({ status: 'warn', text: `${name} is a ${bits}-bit RSA key (2048 or more expected)` });
    usable.push({ kid: typeof k.kid === 'string' ? k.kid : null, alg });
  });
  if (set.keys.length > MAX_KEYS) findings.push({ status: 'warn', text: `the JWKS holds ${set.keys.length} keys; only the first ${MAX_KEYS} were read` });

  const algs = [...new Set(usable.map((u) => u.alg))];
  m.keys = usable.length;
  m.algs = algs.join(', ');
  if (usable.length === 0) {
    const why = skipped.length ? ` (${skipped.slice(0, 5).join('; ')}${skipped.length > 5 ? '; …' : ''})` : '';
    findings.push({ status: 'fail', text: `the JWKS has no usable signing key among ${set.keys.length}${why}` });
  } else {
    findings.push({ status: 'pass', text: `${usable.length} signing key${usable.length > 1 ? 's' : ''} (${algs.join(', ')})` });
  }
  if (c.expectKid !== undefined) {
    const kids = usable.map((u) => u.kid).filter((k): k is string => k !== null);
    if (!kids.includes(c.expectKid)) {
      findings.push({ status: 'fail', text: `no usable signing key has kid ${quote(c.expectKid, 60)} (${kids.length ? `kids: ${kids.slice(0, 10).join(', ')}` : 'none has a kid'})` });
    } else {
      findings.push({ status: 'pass', text: `kid ${quote(c.expectKid, 60)} published` });
    }
  }
  return findings;
}

/** The algorithm a key without `alg` is meant for, from its type and curve (RSA keys: RS256, the common case). */
function inferAlg(k: Record<string, unknown>): string | null {
  if (k.kty === 'RSA') return 'RS256';
  if (k.kty === 'EC') return ({ 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' } as Record<string, string>)[String(k.crv)] ?? null;
  if (k.kty === 'OKP' && (k.crv === 'Ed25519' || k.crv === 'Ed448')) return 'EdDSA';
  return null;
}

/** Why a parsed key cannot verify `alg`, or null when it can. */
function keyMismatch(alg: string, key: KeyObject): string | null {
  const type = key.asymmetricKeyType ?? 'unknown';
  if (alg.startsWith('RS') || alg.startsWith('PS')) return type === 'rsa' || type === 'rsa-pss' ? null : `it is an ${type} key`;
  if (alg === 'EdDSA') return type === 'ed25519' || type === 'ed448' ? null : `it is an ${type} key`;
  const curve = ({ ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' } as Record<string, string>)[alg];
  if (type !== 'ec') return `it is an ${type} key`;
  return key.asymmetricKeyDetails?.namedCurve === curve ? null : `its curve is ${key.asymmetricKeyDetails?.namedCurve ?? 'unknown'}`;
}
