import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckConfig, runCheck } from '../run-check.ts';
import { oidcCheck } from './oidc.ts';
import { listen, makeCa, makeLeaf, type Listening, type Pem } from './test-peers.ts';

/**
 * A fake OpenID provider: a real HTTPS server on 127.0.0.1 serving discovery documents and key
 * sets built from keys made here, one tenant per path, some of them broken on purpose.
 */

const run = (config: Record<string, unknown>, timeoutMs = 3000) => runCheck(oidcCheck, oidcCheck.config.parse(config), { timeoutMs });

let ca: Pem;
let provider: Listening;
let plain: Listening;
let base: string;

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
const jwk = (k: ReturnType<typeof generateKeyPairSync>['publicKey'], extra: Record<string, unknown>): JsonWebKey => ({ ...k.export({ format: 'jwk' }), ...extra });
const rsaKey = jwk(rsa.publicKey, { kid: 'rsa-2026', use: 'sig', alg: 'RS256' });
const ecKey = jwk(ec.publicKey, { kid: 'ec-2026' }); // no use, no alg: inferred ES256

/** The key set each tenant publishes. */
const tenants: Record<string, unknown> = {
  good: { keys: [rsaKey, ecKey, jwk(rsa.publicKey, { kid: 'enc-1', use: 'enc', alg: 'RSA-OAEP' })] },
  'wrong-issuer': { keys: [rsaKey] },
  'no-jwks': { keys: [rsaKey] },
  unusable: { keys: [jwk(rsa.publicKey, { kid: 'enc-1', use: 'enc' }), { kty: 'EC', crv: 'P-256', kid: 'broken', x: 'AAAA', y: 'AAAA' }, { kty: 'RSA', kid: 'tiny', n: 'AQAB', e: 'AQAB', alg: 'RS256' }, jwk(ec.publicKey, { kid: 'hs', alg: 'HS256' })] },
  leaky: { keys: [rsaKey, jwk(rsa.privateKey as never, { kid: 'oops' }), { kty: 'oct', kid: 'hmac', k: 'c2VjcmV0' }] },
  weak: { keys: [jwk(weak.publicKey, { kid: 'old' })] },
  html: { keys: [] },
  'html-jwks': { keys: [] },
};

function handler(scheme: 'http' | 'https') {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const [, tenant, ...rest] = url.pathname.split('/');
    const path = rest.join('/');
    const issuer = `${scheme}://127.0.0.1:${(req.socket.localPort ?? 0)}/${tenant}`;
    const json = (v: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(v));
    if (tenant === undefined || !(tenant in tenants)) return res.writeHead(404).end('no such tenant');
    if (path === '.well-known/openid-configuration') {
      if (tenant === 'html') return res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Sign in</body></html>');
      const doc: Record<string, unknown> = {
        issuer: tenant === 'wrong-issuer' ? 'https://login.example.com/other-tenant' : issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      };
      if (tenant === 'no-jwks') delete doc.jwks_uri;
      return json(doc);
    }
    if (path === 'jwks') {
      if (tenant === 'html-jwks') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Service Unavailable</html>');
      return json(tenants[tenant]);
    }
    res.writeHead(404).end();
  };
}

beforeAll(async () => {
  ca = await makeCa();
  const leaf = await makeLeaf(ca, ['127.0.0.1']);
  provider = await listen(https.createServer(leaf, handler('https')));
  plain = await listen(http.createServer(handler('http')));
  base = `https://127.0.0.1:${provider.port}`;
});
afterAll(async () => {
  await Promise.all([provider, plain].map((s) => s?.close()));
});

const issuer = (tenant: string) => ({ issuer: `${base}/${tenant}`, ca: ca.cert });

describe('oidc check', () => {
  it('passes a provider whose discovery matches and whose JWKS has signing keys, and measures it', async () => {
    const r = await run(issuer('good'));
    expect(r.status, r.message).toBe('pass');
    expect(r.message).toBe(`Issuer ${base}/good matches; authorization, token and JWKS endpoints published; 2 signing keys (RS256, ES256).`);
    expect(r.measurements).toMatchObject({ keys: 2, algs: 'RS256, ES256' });
    expect(r.measurements.discoveryMs).toEqual(expect.any(Number));
    expect(r.measurements.jwksMs).toEqual(expect.any(Number));
  });

  it('accepts an issuer given with a trailing slash only if the provider says so, and checks expectKid', async () => {
    expect((await run({ ...issuer('good'), expectKid: 'ec-2026' })).status).toBe('pass');
    const r = await run({ ...issuer('good'), expectKid: 'rsa-2025' });
    expect(r.status).toBe('fail');
    expect(r.message).toBe('No usable signing key has kid "rsa-2025" (kids: rsa-2026, ec-2026).');
    // The encryption key has a kid too, but cannot verify tokens.
    expect((await run({ ...issuer('good'), expectKid: 'enc-1' })).status).toBe('fail');
    const slash = await run({ ...issuer('good'), issuer: `${base}/good/` });
    expect(slash.status).toBe('fail');
    expect(slash.message).toContain(`names issuer "${base}/good", expected "${base}/good/"`);
  });

  it('restricts the accepted algorithms', async () => {
    const r = await run({ ...issuer('good'), algs: ['ES256'] });
    expect(r).toMatchObject({ status: 'pass', measurements: { keys: 1, algs: 'ES256' } });
    const none = await run({ ...issuer('good'), algs: ['PS256'] });
    expect(none.status).toBe('fail');
    expect(none.message).toMatch(/no usable signing key among 3 \(kid "rsa-2026": alg "RS256" not accepted; kid "ec-2026": alg "ES256" not accepted; kid "enc-1": use "enc"\)/);
  });

  it('fails a discovery document naming another issuer', async () => {
    const r = await run(issuer('wrong-issuer'));
    expect(r.status).toBe('fail');
    expect(r.message).toBe(`The discovery document names issuer "https://login.example.com/other-tenant", expected "${base}/wrong-issuer".`);
  });

  it('fails a discovery document without jwks_uri', async () => {
    const r = await run(issuer('no-jwks'));
    expect(r).toMatchObject({ status: 'fail', message: 'The discovery document has no valid jwks_uri.', measurements: { keys: 0 } });
  });

  it('fails a JWKS with no usable signing key, saying why for each', async () => {
    const r = await run(issuer('unusable'));
    expect(r.status).toBe('fail');
    expect(r.message).toBe(
      'The JWKS has no usable signing key among 4 (kid "enc-1": use "enc"; kid "hs": alg "HS256" not accepted); ' +
        'kid "broken" (ES256) does not parse: Invalid JWK EC key; kid "tiny" is a 17-bit RSA key, too short to trust.',
    );
  });

  it('fails a JWKS that publishes private or symmetric key material', async () => {
    const r = await run(issuer('leaky'));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('kid "hmac" is a symmetric (oct) key: the JWKS publishes a shared secret');
    expect(r.message).toContain('Kid "oops" includes private key material');
  });

  it('warns about a short RSA key and a plain-http issuer', async () => {
    const r = await run(issuer('weak'));
    expect(r).toMatchObject({ status: 'warn', measurements: { keys: 1, algs: 'RS256' } });
    expect(r.message).toBe('Kid "old" is a 1024-bit RSA key (2048 or more expected).');
    const h = await run({ issuer: `http://127.0.0.1:${plain.port}/good` });
    expect(h.status).toBe('warn');
    expect(h.message).toMatch(/is plain http/);
  });

  it('fails HTML where JSON belongs, for the discovery document and the JWKS', async () => {
    const r = await run(issuer('html'));
    expect(r.status).toBe('fail');
    expect(r.message).toBe(`Discovery document ${base}/html/.well-known/openid-configuration: the answer is not JSON ("text/html", starts "<!DOCTYPE html><html><body>Sign in</body…").`);
    const j = await run(issuer('html-jwks'));
    expect(j.status).toBe('fail');
    expect(j.message).toContain(`JWKS ${base}/html-jwks/jwks: the answer is not JSON`);
  });

  it('fails an unknown tenant (404), an untrusted certificate and a refused port', async () => {
    expect((await run(issuer('nobody'))).message).toMatch(/answered HTTP 404, expected 200\.$/);
    expect((await run({ issuer: `${base}/good` })).message).toMatch(/certificate/);
    const refused = await run({ issuer: 'http://127.0.0.1:1/good' });
    expect(refused.status).toBe('fail');
    expect(refused.message).toMatch(/connection refused/);
  });

  it('rejects unknown fields and bad values', () => {
    expect(() => parseCheckConfig('oidc', { issuer: base, jwks: true })).toThrow(/Unrecognized key/);
    expect(() => parseCheckConfig('oidc', { issuer: 'ftp://idp.example.com' })).toThrow(/http/);
    expect(() => parseCheckConfig('oidc', { issuer: base, algs: ['HS256'] })).toThrow(/algs/);
  });
});
