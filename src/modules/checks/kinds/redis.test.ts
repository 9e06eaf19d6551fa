/**
 * The redis check against real servers: the machine's Redis at TEST_REDIS_URL, and redis-server
 * processes this file starts on free ports (a password-protected one with CONFIG disabled, a
 * persistent master and its replica), a refused port and a TCP server that never speaks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import selfsigned from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckConfig, runCheck } from '../run-check.ts';
import { parseInfo, redisCheck } from './redis.ts';
import { freePort } from './test-peers.ts';

const run = (config: Record<string, unknown>, timeoutMs?: number) => runCheck(redisCheck, parseCheckConfig('redis', config).config, { timeoutMs });

describe('redis check config', () => {
  it('accepts redis:// and rediss:// with expectations, rejects the rest', () => {
    expect(parseCheckConfig('redis', { url: 'rediss://default:pw@cache.internal:6380/0', expectRole: 'master', maxmemoryPolicy: 'allkeys-lru', persistence: 'none' }).config).toMatchObject({
      maxmemoryPolicy: 'allkeys-lru',
    });
    expect(() => parseCheckConfig('redis', { url: 'http://cache:6379' })).toThrow(/url/);
    expect(() => parseCheckConfig('redis', { url: 'redis://cache', maxmemoryPolicy: 'lru' })).toThrow(/maxmemoryPolicy/);
    expect(() => parseCheckConfig('redis', { url: 'redis://cache', persistence: 'both' })).toThrow(/persistence/);
  });

  it('parses INFO text', () => {
    expect(parseInfo('# Replication\r\nrole:master\r\nconnected_slaves:0\r\n\r\n# Memory\r\nmaxmemory_policy:allkeys-lru\r\n')).toEqual({
      role: 'master',
      connected_slaves: '0',
      maxmemory_policy: 'allkeys-lru',
    });
  });
});

describe.skipIf(!process.env.TEST_REDIS_URL)('redis check against TEST_REDIS_URL', () => {
  const url = process.env.TEST_REDIS_URL!;
  let actual: { policy: string; aof: boolean };
  beforeAll(async () => {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await r.connect();
    const info = parseInfo(await r.info());
    actual = { policy: info.maxmemory_policy!, aof: info.aof_enabled === '1' };
    r.disconnect();
  });

  it('answers PING and reports role, policy, persistence and memory', async () => {
    const r = await run({ url, expectRole: 'master', maxmemoryPolicy: actual.policy });
    expect(r.status, r.message).toBe('pass');
    expect(r.measurements).toMatchObject({ role: 'master', maxmemoryPolicy: actual.policy, aofEnabled: actual.aof });
    expect(r.measurements.pingMs).toBeGreaterThanOrEqual(0);
    expect(r.measurements.usedMemoryBytes).toBeGreaterThan(0);
    expect(typeof r.measurements.rdbLastSaveAgeSeconds).toBe('number');
    expect(r.message).toMatch(/answered PING in [\d.]+ ms: master, maxmemory-policy/);
  });

  it('fails on the wrong role or eviction policy, naming what was expected', async () => {
    const other = actual.policy === 'allkeys-lru' ? 'volatile-ttl' : 'allkeys-lru';
    const r = await run({ url, expectRole: 'replica', maxmemoryPolicy: other });
    expect(r.status).toBe('fail');
    expect(r.message).toContain('expected role replica');
    expect(r.message).toContain(`expected maxmemory-policy ${other}`);
  });
});

// ---- redis-server processes of this file's own ----

const PASSWORD = 'Es-Teh-Manis-7';
const servers: ChildProcess[] = [];
let tmp = '';
let skipOwn = '';
let secured = 0; // requirepass, CONFIG renamed away, allkeys-lru, no persistence
let master = 0; // AOF + RDB snapshots
let replica = 0; // replica of `master`
let tlsPort = 0; // TLS only, self-signed certificate
let tlsCert = '';
let skipTls = '';

describe('redis check against redis-server processes it starts', () => {
  beforeAll(async () => {
    const bin = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((b) => fs.existsSync(b));
    if (!bin) {
      skipOwn = 'no redis-server binary in /usr/bin or /usr/local/bin';
      return;
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-redis-'));
    /** Starts redis-server on a free port (or, for TLS, `--port 0` and the given TLS port). */
    const start = async (name: string, args: string[], tlsPortToUse?: number) => {
      const port = tlsPortToUse ?? (await freePort());
      const dir = path.join(tmp, name);
      fs.mkdirSync(dir);
      const listen = tlsPortToUse ? ['--port', '0', '--tls-port', String(tlsPortToUse)] : ['--port', String(port)];
      const child = spawn(bin, [...listen, '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no', '--logfile', '', '--loglevel', 'warning', ...args], { stdio: 'ignore' });
      servers.push(child);
      await waitForPort(port);
      return port;
    };
    secured = await start('secured', ['--requirepass', PASSWORD, '--rename-command', 'CONFIG', '', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru']);
    master = await start('master', ['--appendonly', 'yes', '--save', '3600 1', '--maxmemory-policy', 'volatile-lru', '--repl-diskless-sync-delay', '0']);
    replica = await start('replica', ['--replicaof', '127.0.0.1', String(master), '--save', '', '--appendonly', 'no']);
    const pem = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    tlsCert = pem.cert;
    fs.writeFileSync(path.join(tmp, 'tls.crt'), pem.cert);
    fs.writeFileSync(path.join(tmp, 'tls.key'), pem.private);
    try {
      tlsPort = await start('tls', ['--tls-cert-file', path.join(tmp, 'tls.crt'), '--tls-key-file', path.join(tmp, 'tls.key'), '--tls-auth-clients', 'no', '--save', ''], await freePort());
    } catch (e) {
      skipTls = `redis-server did not listen with TLS (built without TLS support?): ${(e as Error).message}`;
    }
    const r = new Redis(replica, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0 });
    await r.connect();
    let link = '';
    for (let i = 0; i < 100 && link !== 'up'; i++) {
      link = parseInfo(await r.info('replication')).master_link_status ?? '';
      if (link !== 'up') await sleep(50);
    }
    r.disconnect();
    if (link !== 'up') throw new Error(`the replica's link to its master is still ${link || 'unknown'} after 5 s`);
  }, 20_000);
  afterAll(() => {
    for (const s of servers) s.kill('SIGKILL');
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reads the policy from INFO when CONFIG is disabled; cannot confirm "none" without it (warn)', async (ctx) => {
    ctx.skip(!!skipOwn, skipOwn);
    const url = `redis://:${PASSWORD}@127.0.0.1:${secured}`;
    const ok = await run({ url, expectRole: 'master', maxmemoryPolicy: 'allkeys-lru' });
    expect(ok.status, ok.message).toBe('pass');
    expect(ok.measurements).toMatchObject({ maxmemoryPolicy: 'allkeys-lru', settingsFrom: 'info', aofEnabled: false, rdbEnabled: null });
    const none = await run({ url, persistence: 'none' });
    expect(none.status).toBe('warn');
    expect(none.message).toMatch(/cannot confirm persistence none: CONFIG is disabled/);
    const aof = await run({ url, persistence: 'aof' });
    expect(aof.status).toBe('fail');
    expect(aof.message).toContain('expected persistence aof');
    expect(JSON.stringify([ok, none, aof])).not.toContain(PASSWORD);
  });

  it('fails on a wrong or missing password with a clear message, never the password', async (ctx) => {
    ctx.skip(!!skipOwn, skipOwn);
    const wrong = await run({ url: `redis://:Kopi-Tubruk-9@127.0.0.1:${secured}` });
    expect(wrong.status).toBe('fail');
    expect(wrong.message).toBe(`Could not connect to redis 127.0.0.1:${secured}: the server refused the credentials (WRONGPASS).`);
    expect(JSON.stringify(wrong)).not.toContain('Kopi-Tubruk');
    const missing = await run({ url: `redis://127.0.0.1:${secured}` });
    expect(missing.status).toBe('fail');
    expect(missing.message).toMatch(/requires a password \(NOAUTH\)/);
  });

  it('checks persistence from CONFIG and INFO on a persistent master', async (ctx) => {
    ctx.skip(!!skipOwn, skipOwn);
    const url = `redis://127.0.0.1:${master}`;
    for (const persistence of ['aof', 'rdb', 'any']) {
      const r = await run({ url, persistence, maxmemoryPolicy: 'volatile-lru', expectRole: 'master' });
      expect(r.status, `${persistence}: ${r.message}`).toBe('pass');
    }
    const none = await run({ url, persistence: 'none' });
    expect(none.status).toBe('fail');
    expect(none.measurements).toMatchObject({ aofEnabled: true, rdbEnabled: true, settingsFrom: 'config', connectedReplicas: 1 });
  });

  it('sees a replica with its link up, and fails expecting a master there', async (ctx) => {
    ctx.skip(!!skipOwn, skipOwn);
    const url = `redis://127.0.0.1:${replica}`;
    const ok = await run({ url, expectRole: 'replica' });
    expect(ok.status, ok.message).toBe('pass');
    expect(ok.measurements.role).toBe('replica');
    const wrong = await run({ url, expectRole: 'master' });
    expect(wrong.status).toBe('fail');
    expect(wrong.message).toContain('expected role master');
  });

  it('over TLS (rediss://): passes with the private CA, fails without it, warns with insecureSkipVerify', async (ctx) => {
    ctx.skip(!!skipOwn || !!skipTls, skipOwn || skipTls);
    const url = `rediss://127.0.0.1:${tlsPort}`;
    const ok = await run({ url, ca: tlsCert, expectRole: 'master' });
    expect(ok.status, ok.message).toBe('pass');
    expect(ok.measurements).toMatchObject({ certificateTrusted: true, role: 'master' });
    expect(ok.measurements.tlsProtocol).toMatch(/^TLSv1\.[23]$/);
    const untrusted = await run({ url });
    expect(untrusted.status).toBe('fail');
    expect(untrusted.message).toMatch(/the TLS handshake failed: self-signed certificate/);
    const skipped = await run({ url, insecureSkipVerify: true });
    expect(skipped.status).toBe('warn');
    expect(skipped.message).toMatch(/the certificate does not verify/);
  });

  it('takes ca and insecureSkipVerify only with rediss://', () => {
    expect(() => parseCheckConfig('redis', { url: 'redis://cache:6379', insecureSkipVerify: true })).toThrow(/rediss/);
  });
});

describe('redis check faults', () => {
  it('fails on a refused port', async () => {
    const port = await freePort();
    const r = await run({ url: `redis://127.0.0.1:${port}` });
    expect(r.status).toBe('fail');
    expect(r.message).toBe(`Could not connect to redis 127.0.0.1:${port}: connection refused.`);
  });

  it('ends within the deadline when the port accepts TCP and never speaks', async () => {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const r = await run({ url: `redis://:${PASSWORD}@127.0.0.1:${port}` }, 1000);
      expect(r.status).toBe('fail');
      expect(r.message).toMatch(/accepted the connection but did not answer within \d+ ms/);
      expect(r.durationMs).toBeLessThan(1500);
      expect(sockets.size).toBeGreaterThan(0);
      expect(r.message).not.toContain(PASSWORD);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


async function waitForPort(port: number, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), r(true)));
      s.on('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`);
    await sleep(50);
  }
}
