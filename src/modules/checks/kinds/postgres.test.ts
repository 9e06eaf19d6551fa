/**
 * The postgres check against real servers: the machine's PostgreSQL at TEST_DATABASE_URL, a
 * primary + streaming standby pair this file starts from Debian's PostgreSQL binaries in a temp
 * directory (with password authentication, so wrong passwords are real), a refused port and a
 * TCP server that accepts and never speaks.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckConfig, runCheck } from '../run-check.ts';
import { compareVersion, postgresCheck } from './postgres.ts';
import { freePort } from './test-peers.ts';

const exec = promisify(execFile);
const run = (config: Record<string, unknown>, timeoutMs?: number) => runCheck(postgresCheck, parseCheckConfig('postgres', config).config, { timeoutMs });

describe('postgres check config', () => {
  it('accepts a URL with thresholds and rejects what makes no sense', () => {
    expect(parseCheckConfig('postgres', { url: 'postgres://app:pw@db.internal:5432/golive', minVersion: 14, expectReplica: true, maxLagSeconds: 5 }).config).toMatchObject({
      minVersion: '14',
      expectReplica: true,
      minReplicas: 1,
      expectRole: 'any',
    });
    expect(() => parseCheckConfig('postgres', { url: 'mysql://x@y/z' })).toThrow(/url/);
    expect(() => parseCheckConfig('postgres', { url: 'postgres://x@y/z', maxLagSeconds: 5 })).toThrow(/expectReplica/);
    expect(() => parseCheckConfig('postgres', { url: 'postgres://x@y/z', minVersion: 'fifteen' })).toThrow(/minVersion/);
    expect(() => parseCheckConfig('postgres', { url: 'postgres://x@y/z', extra: 1 })).toThrow();
  });

  it('compares server_version_num with "14", "15.4" and "9.6"', () => {
    expect(compareVersion(150020, '15')).toBe(1);
    expect(compareVersion(150020, '15.20')).toBe(0);
    expect(compareVersion(150020, '16')).toBe(-1);
    expect(compareVersion(90624, '9.6')).toBe(1);
    expect(compareVersion(90624, '10')).toBe(-1);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('postgres check against TEST_DATABASE_URL', () => {
  const url = process.env.TEST_DATABASE_URL!;

  it('connects and reports the version and role', async () => {
    const r = await run({ url, minVersion: 12 });
    expect(r.status, r.message).toBe('pass');
    expect(r.measurements.version).toMatch(/^\d+(\.\d+)?/);
    expect(r.measurements.role).toBe('primary');
    expect(r.message).toMatch(/answered: PostgreSQL \d+/);
  });

  it('fails when the version is below minVersion', async () => {
    const r = await run({ url, minVersion: '99' });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/below the required 99/);
  });

  it('fails expectReplica on a server without replicas, and expectRole standby on a primary', async () => {
    const noReplica = await run({ url, expectReplica: true });
    expect(noReplica.status).toBe('fail');
    expect(noReplica.message).toMatch(/no streaming replica/);
    expect(noReplica.measurements.replicas).toBe(0);
    const wrongRole = await run({ url, expectRole: 'standby' });
    expect(wrongRole.status).toBe('fail');
    expect(wrongRole.message).toMatch(/expected a standby/);
  });
});

describe('postgres check faults', () => {
  it('fails on a refused port with a clear message and no password in it', async () => {
    const port = await freePort();
    const r = await run({ url: `postgres://app:Sekr3t-Kopi@127.0.0.1:${port}/golive` });
    expect(r.status).toBe('fail');
    expect(r.message).toBe(`Could not connect to 127.0.0.1:${port}/golive as app: connection refused.`);
    expect(JSON.stringify(r)).not.toContain('Sekr3t');
  });

  it('ends within the deadline when the port accepts TCP and never speaks', async () => {
    const silent = await silentServer();
    try {
      const r = await run({ url: `postgres://app:Sekr3t-Kopi@127.0.0.1:${silent.port}/golive` }, 1000);
      expect(r.status).toBe('fail');
      expect(r.message).toMatch(/no PostgreSQL handshake within \d+ ms/);
      expect(r.durationMs).toBeLessThan(1500);
      expect(silent.connections()).toBeGreaterThan(0);
      expect(JSON.stringify(r)).not.toContain('Sekr3t');
    } finally {
      await silent.close();
    }
  });
});

// ---- a real primary + streaming standby from Debian's PostgreSQL binaries ----

const CHECK_PASSWORD = 'Rendang-Padang-42!';
let pair: ReplicaPair | undefined;
let pairSkip = '';

describe('postgres check against a real streaming replica', () => {
  beforeAll(async () => {
    try {
      pair = await startReplicaPair();
    } catch (e) {
      pairSkip = `cannot start a PostgreSQL primary + standby here: ${(e as Error).message.split('\n')[0]}`;
    }
  }, 30_000);
  afterAll(async () => pair?.stop());

  const urlFor = (port: number, user = 'golive_check', password = CHECK_PASSWORD) => `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

  it('passes on the primary: one streaming replica, lag measured (as a pg_monitor user with a password)', async (ctx) => {
    ctx.skip(!pair, pairSkip);
    const r = await run({ url: urlFor(pair!.primaryPort), expectRole: 'primary', expectReplica: true, maxLagSeconds: 60, maxLagBytes: 16 * 1024 * 1024 });
    expect(r.status, r.message).toBe('pass');
    expect(r.measurements).toMatchObject({ role: 'primary', replicas: 1 });
    expect(typeof r.measurements.lagSeconds).toBe('number');
    expect(typeof r.measurements.lagBytes).toBe('number');
    expect(r.message).toMatch(/1 streaming replica, replay lag/);
    expect(JSON.stringify(r)).not.toContain('Rendang');
  });

  it('passes on the standby: in recovery, WAL receiver streaming, its lag measured', async (ctx) => {
    ctx.skip(!pair, pairSkip);
    const r = await run({ url: urlFor(pair!.standbyPort), expectReplica: true, maxLagSeconds: 60 });
    expect(r.status, r.message).toBe('pass');
    expect(r.measurements).toMatchObject({ role: 'standby', walReceiver: 'streaming' });
    expect(r.message).toMatch(/standby; streaming from its primary/);
    const asPrimary = await run({ url: urlFor(pair!.standbyPort), expectRole: 'primary' });
    expect(asPrimary.status).toBe('fail');
  });

  it('fails on a wrong password with the server’s reason, never the password', async (ctx) => {
    ctx.skip(!pair, pairSkip);
    const r = await run({ url: urlFor(pair!.primaryPort, 'golive_check', 'wrong-Nasi-Goreng') });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/password authentication failed for user "golive_check"/);
    expect(JSON.stringify(r)).not.toContain('Nasi-Goreng');
  });

  it('is an error, not a pass, when the user cannot see replication state', async (ctx) => {
    ctx.skip(!pair, pairSkip);
    const r = await run({ url: urlFor(pair!.primaryPort, 'golive_plain'), expectReplica: true });
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/cannot see their state \(grant it pg_monitor\)/);
  });

  it('fails when replay falls behind maxLagBytes (replay paused on the standby)', async (ctx) => {
    ctx.skip(!pair, pairSkip);
    await pair!.sql(pair!.standbyPort, 'select pg_wal_replay_pause()');
    try {
      await pair!.sql(pair!.primaryPort, 'create table if not exists filler as select g, repeat(md5(g::text), 8) as pad from generate_series(1, 5000) g');
      await pair!.sql(pair!.primaryPort, 'insert into filler select g, repeat(md5(g::text), 8) from generate_series(1, 5000) g');
      // Wait until the standby has received the WAL it is not replaying.
      await waitFor(async () => Number((await pair!.sql(pair!.standbyPort, 'select pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) as d'))[0]!.d) > 100_000);
      const primary = await run({ url: urlFor(pair!.primaryPort), expectReplica: true, maxLagBytes: 100_000 });
      expect(primary.status).toBe('fail');
      expect(primary.message).toMatch(/replay lag \d+ bytes is over 100000 bytes/);
      expect(primary.measurements.lagBytes as number).toBeGreaterThan(100_000);
      const standby = await run({ url: urlFor(pair!.standbyPort), expectReplica: true, maxLagBytes: 100_000 });
      expect(standby.status).toBe('fail');
      expect(standby.measurements.lagBytes as number).toBeGreaterThan(100_000);
    } finally {
      await pair!.sql(pair!.standbyPort, 'select pg_wal_replay_resume()');
    }
    await waitFor(async () => (await run({ url: urlFor(pair!.primaryPort), expectReplica: true, maxLagBytes: 100_000 })).status === 'pass');
  });
});

interface ReplicaPair {
  primaryPort: number;
  standbyPort: number;
  sql(port: number, text: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

/**
 * initdb a primary on a free port, pg_basebackup -R a standby from it, start both with pg_ctl,
 * and wait until the standby streams. Root cannot run postgres, so as root every server command
 * runs as the `postgres` user through runuser. Throws with the reason when any step cannot run.
 */
async function startReplicaPair(): Promise<ReplicaPair> {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const version = versions.find((v) => ['initdb', 'pg_ctl', 'pg_basebackup'].every((b) => fs.existsSync(path.join(base, v, 'bin', b))));
  if (!version) throw new Error(`no initdb/pg_ctl/pg_basebackup under ${base}/*/bin`);
  const bin = (b: string) => path.join(base, version, 'bin', b);

  let prefix: string[] = [];
  let owner: { uid: number; gid: number } | undefined;
  if (process.getuid?.() === 0) {
    const id = await exec('id', ['-u', 'postgres']).catch(() => null);
    if (!id) throw new Error('running as root and there is no postgres user to run the servers as');
    owner = { uid: Number(id.stdout.trim()), gid: Number((await exec('id', ['-g', 'postgres'])).stdout.trim()) };
    prefix = ['runuser', '-u', 'postgres', '--'];
  }
  const as = (cmd: string, args: string[]) => (prefix.length ? exec(prefix[0]!, [...prefix.slice(1), cmd, ...args], { timeout: 20_000 }) : exec(cmd, args, { timeout: 20_000 }));

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-pgrepl-'));
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const primary = path.join(dir, 'primary');
  const standby = path.join(dir, 'standby');
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const started: string[] = [];
  const stop = async () => {
    for (const d of started.reverse()) await as(bin('pg_ctl'), ['-D', d, '-m', 'immediate', '-w', 'stop']).catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await as(bin('initdb'), ['-D', primary, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync', '-E', 'UTF8']);
    fs.appendFileSync(
      path.join(primary, 'postgresql.conf'),
      [`port = ${primaryPort}`, `listen_addresses = '127.0.0.1'`, `unix_socket_directories = '${dir}'`, 'fsync = off', 'shared_buffers = 16MB', 'max_connections = 20', 'wal_level = replica', 'max_wal_senders = 4', ''].join('\n'),
    );
    fs.writeFileSync(
      path.join(primary, 'pg_hba.conf'),
      ['local all all trust', 'host replication postgres 127.0.0.1/32 trust', 'host all postgres 127.0.0.1/32 trust', 'host all all 127.0.0.1/32 scram-sha-256', ''].join('\n'),
    );
    await as(bin('pg_ctl'), ['-D', primary, '-l', path.join(dir, 'primary.log'), '-w', '-t', '15', 'start']);
    started.push(primary);
    const sql = async (port: number, text: string) => {
      const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 5000 });
      await c.connect();
      try {
        return (await c.query(text)).rows as Record<string, unknown>[];
      } finally {
        await c.end();
      }
    };
    await sql(primaryPort, `create role golive_check login password '${CHECK_PASSWORD}'; grant pg_monitor to golive_check; create role golive_plain login password '${CHECK_PASSWORD}'`);
    await as(bin('pg_basebackup'), ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', standby, '-R', '-X', 'stream', '--no-sync']);
    fs.appendFileSync(path.join(standby, 'postgresql.conf'), `port = ${standbyPort}\n`);
    await as(bin('pg_ctl'), ['-D', standby, '-l', path.join(dir, 'standby.log'), '-w', '-t', '15', 'start']);
    started.push(standby);
    await waitFor(async () => (await sql(primaryPort, `select 1 from pg_stat_replication where state = 'streaming'`)).length === 1);
    return { primaryPort, standbyPort, sql, stop };
  } catch (e) {
    const log = ['primary.log', 'standby.log'].map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f, 'utf8').trim().split('\n').at(-1));
    await stop();
    const err = e as Error & { stderr?: string };
    throw new Error(`${(err.stderr || err.message).trim().split('\n').at(-1)}${log.length ? ` (log: ${log.join(' | ')})` : ''}`);
  }
}

async function waitFor(cond: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}


/** A TCP server on 127.0.0.1:0 that accepts connections and never sends a byte. */
async function silentServer(): Promise<{ port: number; connections(): number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer((s) => {
    count++;
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => count,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
