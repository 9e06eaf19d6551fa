/**
 * The smtp check against real SMTP servers (smtp-server) this file starts on 127.0.0.1:0: with
 * STARTTLS and a self-signed certificate, without STARTTLS, with implicit TLS, with AUTH; plus a
 * refused port and a TCP server that accepts and never sends a banner.
 */
import dns from 'node:dns';
import net from 'node:net';
import selfsigned from 'selfsigned';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckConfig, runCheck } from '../run-check.ts';
import { smtpCheck } from './smtp.ts';
import type { TargetGuard } from '../target-guard.ts';
import { freePort } from './test-peers.ts';

const USER = 'notifikasi@client.pwbifnb.com';
const PASSWORD = 'Sate-Ayam-Madura-3';
const run = (config: Record<string, unknown>, timeoutMs?: number) => runCheck(smtpCheck, parseCheckConfig('smtp', config).config, { timeoutMs });

let cert: { key: string; cert: string };
const servers: SMTPServer[] = [];

async function startServer(opts: SMTPServerOptions): Promise<number> {
  const server = new SMTPServer({
    logger: false,
    name: 'mx.client.pwbifnb.test',
    banner: 'PWBI test relay',
    key: cert.key,
    cert: cert.cert,
    onAuth(auth, _session, cb) {
      if (auth.username === USER && auth.password === PASSWORD) return cb(null, { user: auth.username });
      return cb(new Error('Invalid username or password'));
    },
    ...opts,
  });
  server.on('error', () => {});
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.server.address() as net.AddressInfo).port;
}

let startTlsPort = 0;
let plainPort = 0;
let implicitPort = 0;

beforeAll(async () => {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
  });
  cert = { key: pems.private, cert: pems.cert };
  startTlsPort = await startServer({ authOptional: true });
  plainPort = await startServer({ authOptional: true, disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
  implicitPort = await startServer({ authOptional: true, secure: true });
}, 20_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
});

describe('smtp check config', () => {
  it('defaults port 587 and checks that user and password go together', () => {
    expect(parseCheckConfig('smtp', { host: 'smtp.sendgrid.net' }).config).toMatchObject({ port: 587, insecureSkipVerify: false });
    expect(() => parseCheckConfig('smtp', { host: 'smtp.sendgrid.net', user: 'apikey' })).toThrow(/password/);
    expect(() => parseCheckConfig('smtp', { host: 'smtp host' })).toThrow(/host/);
    expect(() => parseCheckConfig('smtp', { host: 'smtp.example.com', port: 70000 })).toThrow(/port/);
  });
});

describe('smtp check', () => {
  it('passes with STARTTLS and a trusted certificate, measuring banner time and TLS protocol', async () => {
    const r = await run({ host: '127.0.0.1', port: startTlsPort, requireStartTls: true, ca: cert.cert });
    expect(r.status, r.message).toBe('pass');
    expect(r.measurements).toMatchObject({ startTls: true, certificateTrusted: true });
    expect(r.measurements.tlsProtocol).toMatch(/^TLSv1\.[23]$/);
    expect(r.measurements.banner).toMatch(/^220 mx\.client\.pwbifnb\.test ESMTP PWBI test relay/);
    expect(r.measurements.bannerMs).toBeGreaterThanOrEqual(0);
    expect(r.message).toMatch(/answered "220 .*" in \d+ ms, STARTTLS \(TLSv1\.\d\)\.$/);
  });

  it('fails when the STARTTLS certificate is not trusted, and warns when that is allowed', async () => {
    const r = await run({ host: '127.0.0.1', port: startTlsPort, requireStartTls: true });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/STARTTLS failed: the certificate is self-signed and not trusted/);
    const allowed = await run({ host: '127.0.0.1', port: startTlsPort, requireStartTls: true, insecureSkipVerify: true });
    expect(allowed.status).toBe('warn');
    expect(allowed.measurements).toMatchObject({ startTls: true, certificateTrusted: false });
    expect(allowed.message).toMatch(/the certificate does not verify/);
  });

  it('fails when the certificate names another host', async () => {
    const r = await run({ host: '127.0.0.1', port: startTlsPort, requireStartTls: true, ca: cert.cert, servername: 'smtp.client.pwbifnb.com' });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/does not match the host/);
  });

  it('fails when STARTTLS is required but not offered; passes, saying so, when it is not required', async () => {
    const r = await run({ host: '127.0.0.1', port: plainPort, requireStartTls: true });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/does not offer STARTTLS, which is required/);
    const optional = await run({ host: '127.0.0.1', port: plainPort, requireStartTls: false });
    expect(optional.status, optional.message).toBe('pass');
    expect(optional.measurements).toMatchObject({ startTls: false, tlsProtocol: null });
    expect(optional.message).toMatch(/no TLS, STARTTLS not offered/);
  });

  it('never sends credentials over an unencrypted session', async () => {
    const r = await run({ host: '127.0.0.1', port: plainPort, requireStartTls: false, user: USER, password: PASSWORD });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/credentials were not sent over an unencrypted session/);
  });

  it('passes over implicit TLS (secure) and authenticates', async () => {
    const r = await run({ host: '127.0.0.1', port: implicitPort, secure: true, ca: cert.cert, user: USER, password: PASSWORD });
    expect(r.status, r.message).toBe('pass');
    expect(r.measurements).toMatchObject({ startTls: false, authenticated: true });
    expect(r.measurements.tlsProtocol).toMatch(/^TLSv1\.[23]$/);
    expect(r.message).toMatch(/implicit TLS \(TLSv1\.\d\), authenticated as notifikasi@client\.pwbifnb\.com\.$/);
  });

  it('authenticates after STARTTLS, and fails on a wrong password without showing it', async () => {
    const ok = await run({ host: '127.0.0.1', port: startTlsPort, ca: cert.cert, requireStartTls: true, user: USER, password: PASSWORD });
    expect(ok.status, ok.message).toBe('pass');
    expect(ok.measurements.authenticated).toBe(true);
    const wrong = await run({ host: '127.0.0.1', port: startTlsPort, ca: cert.cert, requireStartTls: true, user: USER, password: 'Bakso-Malang-0' });
    expect(wrong.status).toBe('fail');
    expect(wrong.message).toMatch(/authentication as notifikasi@client\.pwbifnb\.com was refused: 535/);
    expect(JSON.stringify(wrong)).not.toContain('Bakso-Malang');
    expect(JSON.stringify(ok)).not.toContain(PASSWORD);
  });

  it('ends within the deadline when the server never answers AUTH', async () => {
    const port = await startServer({ authOptional: true, secure: true, onAuth: () => {} });
    const r = await run({ host: '127.0.0.1', port, secure: true, ca: cert.cert, user: USER, password: PASSWORD }, 1500);
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/implicit TLS \(TLSv1\.\d\); the server did not answer AUTH within \d+ ms\.$/);
    expect(r.durationMs).toBeLessThan(2000);
  });

  it('under the guard, connects to the address it vetted and still checks the certificate against the name', async () => {
    // A guard that answers 127.0.0.1 for every name; nodemailer itself would ask DNS.
    const guard: TargetGuard = { assertAllowed: async () => {}, lookup: (_host, options, cb) => dns.lookup('127.0.0.1', options, cb) };
    const guarded = (config: Record<string, unknown>) => runCheck(smtpCheck, parseCheckConfig('smtp', config).config, { guard, timeoutMs: 5000 });
    const named = await guarded({ host: 'localhost', port: startTlsPort, requireStartTls: true, ca: cert.cert });
    expect(named.status, named.message).toBe('pass');
    expect(named.message).toMatch(new RegExp(`^localhost:${startTlsPort} answered`));
    // The certificate also names 127.0.0.1: checked against the address, this would pass.
    const other = await guarded({ host: 'mail.client.pwbifnb.test', port: implicitPort, secure: true, ca: cert.cert });
    expect(other.status).toBe('fail');
    expect(other.message).toMatch(/^mail\.client\.pwbifnb\.test:\d+: the TLS handshake failed: the certificate does not match the host/);
  });

  it('fails on a refused port', async () => {
    const port = await freePort();
    const r = await run({ host: '127.0.0.1', port });
    expect(r.status).toBe('fail');
    expect(r.message).toBe(`127.0.0.1:${port}: connection refused.`);
  });

  it('ends within the deadline when the server accepts TCP and never sends a banner', async () => {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const r = await run({ host: '127.0.0.1', port, requireStartTls: true }, 1000);
      expect(r.status).toBe('fail');
      expect(r.message).toMatch(/accepted the connection but sent no banner within \d+ ms/);
      expect(r.durationMs).toBeLessThan(1500);
      expect(sockets.size).toBe(1);
      const tls = await run({ host: '127.0.0.1', port, secure: true }, 1000);
      expect(tls.status).toBe('fail');
      expect(tls.durationMs).toBeLessThan(1500);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});
