import http from 'node:http';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckConfig, runCheck } from '../run-check.ts';
import { securityHeadersCheck } from './security-headers.ts';
import { listen, makeCa, makeLeaf, type Listening, type Pem } from './test-peers.ts';

const run = (config: Record<string, unknown>, timeoutMs = 2000) => runCheck(securityHeadersCheck, securityHeadersCheck.config.parse(config), { timeoutMs });

const STRONG = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
  'content-security-policy': "default-src 'self'; script-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};
const pages: Record<string, Record<string, string | string[]>> = {
  '/good': STRONG,
  '/none': {},
  '/weak': {
    'strict-transport-security': 'max-age=86400',
    'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'ALLOW-FROM https://partner.example',
  },
  '/nonce': { ...STRONG, 'content-security-policy': "script-src 'unsafe-inline' 'nonce-r4nd0m'; frame-ancestors 'self'" },
  '/no-script-rules': { ...STRONG, 'content-security-policy': "frame-ancestors 'self'; img-src *" },
  '/xfo': { ...STRONG, 'content-security-policy': "default-src 'self'", 'x-frame-options': 'sameorigin' },
  '/any-frame': { ...STRONG, 'content-security-policy': "default-src 'self'; frame-ancestors *" },
  '/zero': { ...STRONG, 'strict-transport-security': 'max-age=0' },
  '/no-subdomains': { ...STRONG, 'strict-transport-security': 'max-age=63072000' },
  '/report-only': { ...STRONG, 'content-security-policy': [], 'content-security-policy-report-only': "default-src 'self'", 'x-frame-options': 'DENY' },
  '/sniff': { ...STRONG, 'x-content-type-options': 'yes-please' },
};

let ca: Pem;
let secure: Listening;
let plain: Listening;
function handler(req: http.IncomingMessage, res: http.ServerResponse) {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/hang') return;
  if (path === '/to-https') return void res.writeHead(301, { location: `https://127.0.0.1:${secure.port}/good` }).end();
  const headers = pages[path];
  if (!headers) return void res.writeHead(404, STRONG).end();
  for (const [k, v] of Object.entries(headers)) if (v.length) res.setHeader(k, v);
  res.end('<!doctype html><title>ok</title>');
}

beforeAll(async () => {
  ca = await makeCa();
  secure = await listen(https.createServer(await makeLeaf(ca, ['127.0.0.1']), handler));
  plain = await listen(http.createServer(handler));
});
afterAll(async () => {
  await Promise.all([secure, plain].map((s) => s?.close()));
});

const page = (path: string, extra: Record<string, unknown> = {}) => run({ url: `https://127.0.0.1:${secure.port}${path}`, ca: ca.cert, ...extra });

describe('security-headers check', () => {
  it('passes strong headers, naming each protection', async () => {
    const r = await page('/good');
    expect(r.status).toBe('pass');
    expect(r.message).toBe("HSTS max-age=31536000 with includeSubDomains; CSP restricts inline scripts; X-Content-Type-Options nosniff; framing limited by CSP frame-ancestors 'none'.");
    expect(r.measurements).toMatchObject({ status: 200, hstsMaxAge: 31536000, csp: true, contentTypeOptions: 'nosniff', frameProtection: 'frame-ancestors', tlsProtocol: 'TLSv1.3' });
  });

  it('fails when required protections are missing, naming every one', async () => {
    const r = await page('/none');
    expect(r.status).toBe('fail');
    expect(r.message).toBe('HSTS missing; CSP missing; X-Content-Type-Options missing; no clickjacking protection (neither CSP frame-ancestors nor X-Frame-Options).');
    expect(r.measurements).toMatchObject({ hsts: null, hstsMaxAge: null, csp: false, contentTypeOptions: null, frameProtection: null });
  });

  it('warns about weak values', async () => {
    const r = await page('/weak');
    expect(r.status).toBe('warn');
    for (const bit of ['HSTS max-age=86400 is under 15552000', "CSP allows 'unsafe-inline' scripts", 'X-Frame-Options ALLOW-FROM is ignored', 'X-Content-Type-Options nosniff']) {
      expect(r.message).toContain(bit);
    }
    expect((await page('/no-script-rules')).message).toContain('CSP does not restrict scripts (no script-src or default-src)');
    expect((await page('/any-frame')).message).toContain('CSP frame-ancestors * lets any site frame the page');
    expect((await page('/weak', { allowUnsafeInline: true, hstsMinMaxAge: 3600 })).message).toContain('CSP present');
  });

  it("accepts 'unsafe-inline' beside a nonce, and X-Frame-Options without frame-ancestors", async () => {
    expect(await page('/nonce')).toMatchObject({ status: 'pass', message: expect.stringContaining('CSP restricts inline scripts') });
    expect(await page('/xfo')).toMatchObject({ status: 'pass', message: expect.stringContaining('framing limited by X-Frame-Options SAMEORIGIN') });
  });

  it('fails HSTS switched off, a missing required includeSubDomains, a report-only CSP and a wrong nosniff', async () => {
    expect((await page('/zero')).message).toMatch(/^HSTS max-age=0 switches HSTS off;/);
    expect((await page('/no-subdomains')).status).toBe('pass');
    expect(await page('/no-subdomains', { requireIncludeSubDomains: true })).toMatchObject({ status: 'fail', message: expect.stringMatching(/^HSTS max-age=63072000 lacks includeSubDomains;/) });
    expect(await page('/report-only')).toMatchObject({ status: 'fail', message: expect.stringMatching(/^CSP only in report-only mode, which enforces nothing;/) });
    expect(await page('/sniff')).toMatchObject({ status: 'fail', message: expect.stringMatching(/^X-Content-Type-Options is "yes-please", not nosniff;/) });
  });

  it('follows a redirect from HTTP to HTTPS and judges the final page', async () => {
    const r = await run({ url: `http://127.0.0.1:${plain.port}/to-https`, ca: ca.cert });
    expect(r.status).toBe('pass');
  });

  it('on plain HTTP, HSTS cannot apply; protections not required are only noted', async () => {
    const r = await run({ url: `http://127.0.0.1:${plain.port}/good` });
    expect(r).toMatchObject({ status: 'fail', message: expect.stringMatching(/^HSTS cannot apply: the page is served over plain HTTP;/) });
    const relaxed = await run({ url: `http://127.0.0.1:${plain.port}/none`, require: { hsts: false, csp: false, contentTypeOptions: false, frameProtection: false } });
    expect(relaxed.status).toBe('pass');
    expect(relaxed.message).toContain('CSP missing (not required)');
  });

  it('says which page answered with an error status', async () => {
    expect((await page('/missing')).message).toMatch(/\(HTTP 404\)$/);
  });

  it('fails within its deadline on a server that never answers', async () => {
    const hang = await run({ url: `https://127.0.0.1:${secure.port}/hang`, ca: ca.cert }, 300);
    expect(hang).toMatchObject({ status: 'fail', message: expect.stringMatching(/^Connected, but no response within \d+ ms\.$/) });
    expect(hang.durationMs).toBeLessThan(700);
  }, 5000);

  it('requires every protection by default', () => {
    expect(parseCheckConfig('security-headers', { url: 'https://client.pwbifnb.com' }).config).toMatchObject({
      hstsMinMaxAge: 15552000,
      requireIncludeSubDomains: false,
      allowUnsafeInline: false,
      require: { hsts: true, csp: true, contentTypeOptions: true, frameProtection: true },
    });
    expect(() => parseCheckConfig('security-headers', { url: 'https://x.test', require: { hsts: false, xss: true } })).toThrow(/require/);
  });
});
