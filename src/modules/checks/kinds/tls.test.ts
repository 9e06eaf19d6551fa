import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckConfig, runCheck } from '../run-check.ts';
import { listen, makeCa, makeLeaf, type Listening, type Pem } from './test-peers.ts';
import { tlsCheck } from './tls.ts';

const run = (config: Record<string, unknown>, timeoutMs = 3000) => runCheck(tlsCheck, tlsCheck.config.parse(config), { timeoutMs });

let ca: Pem;
let modern: Listening; // TLS 1.2–1.3, a certificate per SNI name
let legacyOnly: Listening; // TLS 1.0–1.1 only
let lenient: Listening; // TLS 1.0–1.3
let silent: Listening; // accepts TCP, never speaks
let plain: Listening; // HTTP, not TLS

beforeAll(async () => {
  ca = await makeCa();
  const leaves: Record<string, Pem> = {
    'app.golive.test': await makeLeaf(ca, ['app.golive.test', 'www.golive.test']),
    'soon.golive.test': await makeLeaf(ca, ['soon.golive.test'], { toDays: 5.5 }),
    'month.golive.test': await makeLeaf(ca, ['month.golive.test'], { toDays: 20.5 }),
    'old.golive.test': await makeLeaf(ca, ['old.golive.test'], { fromDays: -400, toDays: -3 }),
    'wrong.golive.test': await makeLeaf(ca, ['other.golive.test']),
  };
  const byIp = await makeLeaf(ca, ['127.0.0.1']);
  const contexts = new Map(Object.entries(leaves).map(([n, p]) => [n, tls.createSecureContext(p)]));
  modern = await listen(tls.createServer({ ...byIp, SNICallback: (n, cb) => cb(null, contexts.get(n)) }, () => {}));
  const oldServer = { ...leaves['app.golive.test']!, minVersion: 'TLSv1' as const, ciphers: 'DEFAULT:@SECLEVEL=0' };
  legacyOnly = await listen(tls.createServer({ ...oldServer, maxVersion: 'TLSv1.1' }, () => {}));
  lenient = await listen(tls.createServer(oldServer, () => {}));
  silent = await listen(net.createServer(() => {}));
  plain = await listen(http.createServer((_, res) => res.end('hi')));
});
afterAll(async () => {
  await Promise.all([modern, legacyOnly, lenient, silent, plain].map((s) => s?.close()));
});

const at = (l: () => Listening, servername?: string) => ({ host: '127.0.0.1', port: l().port, ...(servername ? { servername } : {}) });

describe('tls check', () => {
  it('passes a trusted, current certificate for the name, over TLS 1.3, and reports its facts', async () => {
    const r = await run({ ...at(() => modern, 'app.golive.test'), ca: ca.cert });
    expect(r.status).toBe('pass');
    expect(r.message).toMatch(/^Certificate for app\.golive\.test expires in 89 days \(\d{4}-\d\d-\d\d\); trusted by the given CA; TLSv1\.3\.$/);
    expect(r.measurements).toMatchObject({
      daysToExpiry: 89,
      protocol: 'TLSv1.3',
      altNames: 'DNS:app.golive.test, DNS:www.golive.test',
      issuer: 'CN=Golive Test CA',
      subject: 'CN=app.golive.test',
      authorized: true,
    });
    expect(r.measurements.cipher).toMatch(/^TLS_/);
    expect(Date.parse(String(r.measurements.validTo))).toBeGreaterThan(Date.now());
  });

  it('checks an IP address against the certificate when no servername is given', async () => {
    expect((await run({ ...at(() => modern), ca: ca.cert })).status).toBe('pass');
  });

  it('fails under failDays, warns under warnDays', async () => {
    const soon = await run({ ...at(() => modern, 'soon.golive.test'), ca: ca.cert });
    expect(soon).toMatchObject({ status: 'fail', measurements: { daysToExpiry: 5 } });
    expect(soon.message).toMatch(/^Certificate expires in 5 day\(s\) \(.+\), under 7\.$/);
    expect((await run({ ...at(() => modern, 'soon.golive.test'), ca: ca.cert, failDays: 3 })).status).toBe('warn');
    const month = await run({ ...at(() => modern, 'month.golive.test'), ca: ca.cert });
    expect(month).toMatchObject({ status: 'warn', measurements: { daysToExpiry: 20 } });
    expect(month.message).toContain('under 30');
  });

  it('fails an expired certificate, saying so once', async () => {
    const r = await run({ ...at(() => modern, 'old.golive.test'), ca: ca.cert });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^Certificate expired 3 day\(s\) ago/);
    expect(r.message).not.toContain('chain');
    expect(r.measurements.daysToExpiry).toBe(-3);
  });

  it('fails a certificate for another name', async () => {
    const r = await run({ ...at(() => modern, 'wrong.golive.test'), ca: ca.cert });
    expect(r.status).toBe('fail');
    expect(r.message).toContain('Certificate does not name wrong.golive.test (it names DNS:other.golive.test)');
  });

  it('fails a chain that does not lead to a trusted root', async () => {
    const r = await run(at(() => modern, 'app.golive.test'));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^Chain not trusted: certificate chain (does not lead to a trusted root|ends in an untrusted self-signed root)/);
    expect(r.measurements.authorized).toBe(false);
  });

  it('fails a server that offers only TLS 1.0/1.1, naming what it offers', async () => {
    const r = await run({ ...at(() => legacyOnly, 'app.golive.test'), ca: ca.cert });
    expect(r.status).toBe('fail');
    expect(r.message).toContain('The server offers at most TLSv1.1; TLS 1.2 or newer is required');
    expect(r.measurements.protocol).toBe('TLSv1.1');
  });

  it('with rejectLegacyProtocols, fails a server that still accepts TLS 1.1 and passes one that refuses it', async () => {
    const r = await run({ ...at(() => lenient, 'app.golive.test'), ca: ca.cert, rejectLegacyProtocols: true });
    expect(r).toMatchObject({ status: 'fail', message: 'Also accepts TLSv1.1 from old clients.', measurements: { protocol: 'TLSv1.3' } });
    const ok = await run({ ...at(() => modern, 'app.golive.test'), ca: ca.cert, rejectLegacyProtocols: true });
    expect(ok.status).toBe('pass');
    expect(ok.message).toContain('refuses TLS 1.0/1.1');
  });

  it('fails within its deadline on a peer that never completes a handshake, and on one that is not TLS', async () => {
    const hang = await run(at(() => silent, 'app.golive.test'), 400);
    expect(hang.status).toBe('fail');
    expect(hang.message).toMatch(/^Connected to 127\.0\.0\.1:\d+, but no TLS handshake within \d+ ms\.$/);
    expect(hang.durationMs).toBeLessThan(800);

    const notTls = await run(at(() => plain, 'app.golive.test'));
    expect(notTls.status).toBe('fail');
    expect(notTls.message).toMatch(/ERR_SSL_WRONG_VERSION_NUMBER|ECONNRESET|packet length too long/);

    const closed = await listen(net.createServer());
    await closed.close();
    expect((await run({ host: '127.0.0.1', port: closed.port })).message).toContain('connection refused (ECONNREFUSED)');
  });

  it('validates its config', () => {
    expect(parseCheckConfig('tls', { host: 'client.pwbifnb.com' }).config).toMatchObject({ port: 443, warnDays: 30, failDays: 7, rejectLegacyProtocols: false });
    expect(() => parseCheckConfig('tls', { host: 'x.test', warnDays: 5, failDays: 10 })).toThrow(/failDays must not be more than warnDays/);
    expect(() => parseCheckConfig('tls', { host: 'x.test', ca: 'not a pem' })).toThrow(/PEM/);
    expect(() => parseCheckConfig('tls', { host: 'bad host!' })).toThrow(/host/);
  });
});
