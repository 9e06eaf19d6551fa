/**
 * The backup-restore drill against the machine's PostgreSQL (TEST_DATABASE_URL) with the
 * pg_dump/pg_restore it finds: source databases this file creates (rupiah numerics, bytea
 * receipts, a second schema, an empty table), restored into scratch databases the check makes
 * and drops. The comparison itself (mismatch reporting) is tested on compareTableStats.
 */
import dns from 'node:dns';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckConfig, runCheck } from '../run-check.ts';
import { createTargetGuard, type TargetGuard } from '../target-guard.ts';
import { backupRestoreCheck, compareTableStats } from './backup-restore.ts';
import { fakeDns, freePort } from './test-peers.ts';

const run = (config: Record<string, unknown>, timeoutMs = 12_000) => runCheck(backupRestoreCheck, parseCheckConfig('backup-restore', config).config, { timeoutMs });

describe('backup-restore config', () => {
  it('takes a source, optional scratch and filters, and rejects what makes no sense', () => {
    expect(parseCheckConfig('backup-restore', { source: 'postgres://backup:pw@db.internal/pwbi', schemas: ['public', 'pos'], maxRestoreSeconds: 900 }).config).toMatchObject({
      checksumMaxRows: 1_000_000,
      schemas: ['public', 'pos'],
    });
    expect(() => parseCheckConfig('backup-restore', { source: 'mysql://x@y/z' })).toThrow(/source/);
    expect(() => parseCheckConfig('backup-restore', { source: 'postgres://x@y/z', schemas: ['a'], tables: ['b'] })).toThrow(/schemas or tables, not both/);
    expect(() => parseCheckConfig('backup-restore', { source: 'postgres://x@y/z', tables: ['a"; drop'] })).toThrow(/tables/);
    expect(() => parseCheckConfig('backup-restore', { source: 'postgres://x@y/z', extra: 1 })).toThrow();
  });
});

describe('compareTableStats', () => {
  it('names missing tables, row count and checksum differences, and tables compared by count only', () => {
    const source = [
      { table: 'public.sales', rows: 10, checksum: 'a' },
      { table: 'public.outlets', rows: 3, checksum: 'b' },
      { table: 'public.receipts', rows: 4, checksum: 'c' },
      { table: 'pos.menu', rows: 2_000_000, checksum: null },
      { table: 'pos.gone', rows: 1, checksum: 'd' },
    ];
    const restored = [
      { table: 'public.sales', rows: 9, checksum: null },
      { table: 'public.outlets', rows: 3, checksum: 'b' },
      { table: 'public.receipts', rows: 4, checksum: 'x' },
      { table: 'pos.menu', rows: 2_000_000, checksum: null },
      { table: 'pos.extra', rows: 1, checksum: 'e' },
    ];
    expect(compareTableStats(source, restored)).toEqual({
      mismatches: [
        { table: 'public.sales', problem: '10 rows in the source, 9 restored' },
        { table: 'public.receipts', problem: 'same row count, different contents (checksum)' },
        { table: 'pos.gone', problem: 'missing from the restore' },
      ],
      checksummed: 2,
      unchecksummed: ['pos.menu'],
    });
    expect(compareTableStats(source.slice(1, 2), restored).mismatches).toEqual([]);
  });
});

describe('backup-restore faults without a database', () => {
  it('fails on a refused source with a clear message and no password in it', async () => {
    const port = await freePort();
    const r = await run({ source: `postgres://backup:Sambal-Matah-9@127.0.0.1:${port}/pwbi` });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(new RegExp(`^Could not connect to the source 127\\.0\\.0\\.1:${port}/pwbi as backup: .*ECONNREFUSED`));
    expect(JSON.stringify(r)).not.toContain('Sambal');
  });
});

const adminUrl = process.env.TEST_DATABASE_URL;
const suffix = `${process.pid}_${Date.now() % 100_000}`;
const SOURCE = `golive_br_src_${suffix}`;
const SLOW = `golive_br_slow_${suffix}`;

async function sql(db: string | null, text: string): Promise<Record<string, unknown>[]> {
  const u = new URL(adminUrl!);
  if (db) u.pathname = `/${db}`;
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    return (await c.query(text)).rows as Record<string, unknown>[];
  } finally {
    await c.end();
  }
}
const urlOf = (db: string) => {
  const u = new URL(adminUrl!);
  u.pathname = `/${db}`;
  return u.toString();
};
const scratchDatabases = async () => (await sql(null, `select datname from pg_database where datname like 'golive_restore_%'`)).map((r) => r.datname as string);

describe.skipIf(!adminUrl)('backup-restore drill against TEST_DATABASE_URL (set it to run; skipped without a PostgreSQL server)', () => {
  let before: string[] = [];
  beforeAll(async () => {
    before = await scratchDatabases();
    await sql(null, `create database ${SOURCE}`);
    await sql(
      SOURCE,
      `create table outlets (id serial primary key, name text not null, city text, opened_at timestamptz);
       insert into outlets (name, city, opened_at) values ('Kopi Kenangan Senopati', 'Jakarta', '2024-03-01 08:00+07'), ('Bakmi GM Braga', 'Bandung', '2023-11-15 10:30+07'), ('Warung Sate ''Pak Kumis''', 'Surabaya', null);
       create table sales (id bigserial primary key, outlet_id int references outlets, total_idr numeric(18,2) not null, receipt bytea, sold_at timestamptz default now());
       insert into sales (outlet_id, total_idr, receipt) select 1 + g % 3, (g * 12500.50)::numeric(18,2), decode(md5(g::text), 'hex') from generate_series(1, 2000) g;
       create table empty_table (id int);
       create schema pos;
       create table pos.menu_items (sku text primary key, price_idr numeric(14,0), tags text[], meta jsonb);
       insert into pos.menu_items values ('ES-KOPI-SUSU', 22000, '{kopi,dingin}', '{"halal": true}'), ('NASGOR', 35000, '{makanan}', null);`,
    );
    // A second source whose one index calls a function that sleeps only inside a restore
    // database: its pg_restore hangs until the check's deadline kills it.
    await sql(null, `create database ${SLOW}`);
    await sql(
      SLOW,
      `create function slow(x int) returns boolean language sql immutable as $$ select pg_sleep(case when current_database() like 'golive_restore_%' then 20 else 0 end) is not null $$;
       create table t (x int); insert into t values (1); create index on t ((slow(x)));`,
    );
  }, 15_000);
  afterAll(async () => {
    for (const db of [SOURCE, SLOW]) await sql(null, `drop database if exists ${db} with (force)`).catch(() => {});
  });

  it('restores the whole database, every row count and checksum matching, and drops the scratch database', async () => {
    const r = await run({ source: urlOf(SOURCE) });
    expect(r.status, r.message).toBe('pass');
    expect(r.measurements).toMatchObject({ tables: 4, rows: 2005, mismatches: 0, checksummedTables: 4, restoreErrors: 0 });
    for (const k of ['dumpBytes', 'dumpMs', 'restoreMs']) expect(typeof r.measurements[k], k).toBe('number');
    expect(r.measurements.dumpBytes as number).toBeGreaterThan(1000);
    expect(r.message).toMatch(new RegExp(`^127\\.0\\.0\\.1:5432/${SOURCE} as postgres restored intact into a scratch database: 4 tables, 2005 rows; dump [\\d.]+ KiB in [\\d.]+ s, restore in [\\d.]+ s; every row count and checksum matches\\.$`));
    expect(await scratchDatabases()).toEqual(before);
  });

  it('under the guard, goes only where it vetted: pg through its lookup, pg_dump and pg_restore to the address (PGHOSTADDR)', async () => {
    // A name only the guard knows, at an allowed address that the network routes to this
    // machine's PostgreSQL: libpq could not resolve it, so the tools must be given the address.
    const NAME = 'db.client.test';
    const vetted = createTargetGuard(fakeDns({ [NAME]: ['203.0.113.10'] }));
    const guard: TargetGuard = { assertAllowed: vetted.assertAllowed, lookup: (host, options, cb) => (host === NAME ? dns.lookup('127.0.0.1', options, cb) : vetted.lookup(host, options, cb)) };
    const source = new URL(urlOf(SOURCE));
    source.hostname = NAME;
    const r = await runCheck(backupRestoreCheck, parseCheckConfig('backup-restore', { source: source.toString() }).config, { timeoutMs: 12_000, guard });
    expect(r.status, r.message).toBe('pass');
    expect(r.message).toMatch(new RegExp(`^db\\.client\\.test:5432/${SOURCE} as postgres restored intact`));
    expect(await scratchDatabases()).toEqual(before);
  });

  it('filters by schema or table, and counts big tables without a checksum, saying so', async () => {
    const pos = await run({ source: urlOf(SOURCE), schemas: ['pos'], scratch: urlOf('postgres') });
    expect(pos.status, pos.message).toBe('pass');
    expect(pos.measurements).toMatchObject({ tables: 1, rows: 2 });

    const big = await run({ source: urlOf(SOURCE), tables: ['sales', 'public.outlets'], checksumMaxRows: 100 });
    expect(big.status, big.message).toBe('pass');
    expect(big.measurements).toMatchObject({ tables: 2, rows: 2003, checksummedTables: 1 });
    expect(big.message).toMatch(/; row counts only \(no checksum\) for 1 table over 100 rows: public\.sales\.$/);

    const none = await run({ source: urlOf(SOURCE), schemas: ['nope'] });
    expect(none.status).toBe('fail');
    expect(none.message).toMatch(/Nothing to restore from .*: no table matches schemas\/tables\./);
  });

  it('fails when the restore takes longer than maxRestoreSeconds', async () => {
    const r = await run({ source: urlOf(SOURCE), maxRestoreSeconds: 0.001 });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/restored intact .*, but the restore took longer than the 0\.001 s allowed\./);
  });

  it('is an error naming the directory when pgBinDir has no pg_dump', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-nobin-'));
    try {
      const r = await run({ source: urlOf(SOURCE), pgBinDir: empty });
      expect(r.status).toBe('error');
      expect(r.message).toBe(`No working pg_dump and pg_restore in pgBinDir ${empty}.`);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('kills pg_restore at the deadline and still drops the scratch database', async () => {
    const r = await run({ source: urlOf(SLOW) }, 3000);
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^The drill did not finish within \d+ ms \(while running pg_restore\)\.$/);
    expect(r.durationMs).toBeLessThan(3500);
    expect(await scratchDatabases()).toEqual(before);
  });
});
