import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { defineCheckKind, type CheckResult } from '../check.ts';
import { guardedPgSocket, TargetRefused, vettedAddress, type TargetGuard } from '../target-guard.ts';
import { softDeadline } from './deadline.ts';
import { describePostgresTarget, passwordOf, redactSecret } from './redact.ts';
import { postgresHosts } from './targets.ts';

/**
 * `backup-restore`: a restore drill — what pre-launch.2 ("Backup verified (can restore)")
 * claims. It dumps the source database with `pg_dump -Fc`, creates a scratch database
 * `golive_restore_<random>` on the scratch server (default: the source's server), restores the
 * dump into it with `pg_restore`, and compares every table: the row count and, up to
 * `checksumMaxRows` rows, a checksum of the rows' text. It reports the time the restore took and
 * drops the scratch database in all cases (also when the deadline aborts the run: the child
 * processes are killed first).
 *
 * The source's figures are read inside the very snapshot pg_dump dumps (`pg_export_snapshot()`
 * in a REPEATABLE READ transaction, `pg_dump --snapshot`), so writes to a live source during
 * the drill do not show up as differences.
 *
 * pg_dump and pg_restore are Debian's (or any) client binaries: from `pgBinDir` when set, else
 * the newest /usr/lib/postgresql/<major>/bin, else PATH — one whose major version is at least
 * the source server's. Passwords go to them in PGPASSWORD, never in argv, and never appear in a
 * message or a measurement.
 */
const pgUrl = z
  .string()
  .min(1)
  .max(2048)
  .regex(/^postgres(ql)?:\/\/\S+$/, 'a postgres:// or postgresql:// URL');
/** A schema or table name, used quoted (exactly as written, no patterns). */
const ident = z.string().regex(/^[^\s."\\\0]{1,63}$/, 'a name without spaces, dots or quotes');
const tableName = z.string().regex(/^([^\s."\\\0]{1,63}\.)?[^\s."\\\0]{1,63}$/, 'a table name: table or schema.table');

const config = z
  .strictObject({
    /** The database whose backup is being proven: postgres://user:password@host:port/db. */
    source: pgUrl,
    /**
     * A server (and a database on it to connect to) where the check may CREATE and DROP a scratch
     * database; the user needs CREATEDB. Default: the source URL.
     */
    scratch: pgUrl.optional(),
    /** Only these schemas (pg_dump -n). */
    schemas: z.array(ident).min(1).max(100).optional(),
    /** Only these tables, `schema.table` or `table` (in public) (pg_dump -t). */
    tables: z.array(tableName).min(1).max(1000).optional(),
    /** The restore (pg_restore) must finish within this many seconds: the RTO. */
    maxRestoreSeconds: z.number().positive().max(24 * 3600).optional(),
    /** Tables with more rows than this get only a row count, no checksum (the checksum reads every row). */
    checksumMaxRows: z.number().int().min(0).max(10_000_000).default(1_000_000),
    /** A directory holding pg_dump and pg_restore, instead of searching for them. */
    pgBinDir: z.string().min(1).max(1024).optional(),
  })
  .refine((c) => !(c.schemas && c.tables), { message: 'give schemas or tables, not both (pg_dump ignores -n when -t is given)', path: ['tables'] });

type Config = z.output<typeof config>;
type Outcome = Omit<CheckResult, 'durationMs'>;
type Measurements = Outcome['measurements'];

/** One table's figures on one side: `checksum` is null when it was not computed (too many rows). */
export interface TableStats {
  table: string;
  rows: number;
  checksum: string | null;
}

export interface TableMismatch {
  table: string;
  problem: string;
}

/**
 * Compares the source's tables with the restored ones. A table differs when it is missing from
 * the restore, its row count differs, or both sides have a checksum and they differ. Tables only
 * in the restore are ignored (the dump made them; the source had them in its snapshot).
 */
export function compareTableStats(source: TableStats[], restored: TableStats[]): { mismatches: TableMismatch[]; checksummed: number; unchecksummed: string[] } {
  const byName = new Map(restored.map((t) => [t.table, t]));
  const mismatches: TableMismatch[] = [];
  let checksummed = 0;
  const unchecksummed: string[] = [];
  for (const s of source) {
    const r = byName.get(s.table);
    if (!r) mismatches.push({ table: s.table, problem: 'missing from the restore' });
    else if (r.rows !== s.rows) mismatches.push({ table: s.table, problem: `${s.rows} rows in the source, ${r.rows} restored` });
    else if (s.checksum !== null && r.checksum !== null) {
      checksummed++;
      if (s.checksum !== r.checksum) mismatches.push({ table: s.table, problem: 'same row count, different contents (checksum)' });
    } else unchecksummed.push(s.table);
  }
  return { mismatches, checksummed, unchecksummed };
}

const exec = promisify(execFile);

export const backupRestoreCheck = defineCheckKind({
  kind: 'backup-restore',
  description: 'A pg_dump of the source restores into a scratch database with every table’s row count and checksum intact, within the RTO',
  config,
  defaultTimeoutMs: 10 * 60_000,
  // Under a guard, pg's sockets resolve through its lookup, and pg_dump and pg_restore (libpq
  // resolves names itself) connect to the addresses it vetted when the drill started (PGHOSTADDR).
  // The scratch database is on the scratch server.
  targets: (c: Config) => [...postgresHosts(c.source), ...postgresHosts(c.scratch ?? c.source)],
  async run(c: Config, ctx): Promise<Outcome> {
    const { guard } = ctx;
    const [sourceAddress, scratchAddress] = await Promise.all([libpqAddress(guard, c.source), libpqAddress(guard, c.scratch ?? c.source)]);
    const soft = softDeadline(ctx);
    const secrets = [passwordOf(c.source), passwordOf(c.scratch ?? c.source)];
    const redact = (s: string) => secrets.reduce((t, p) => redactSecret(t, p), s);
    const sourceName = describePostgresTarget(c.source);
    const scratchUrl = new URL(c.scratch ?? c.source);
    const scratchDb = `golive_restore_${randomBytes(6).toString('hex')}`;
    const measurements: Measurements = {};
    let step = `connecting to the source ${sourceName}`;
    let scratchAdmin: pg.Client | undefined;
    let created = false;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-restore-'));
    const source = client(c.source, soft.ms, guard);
    const onAbort = () => void source.end().catch(() => {});
    soft.signal.addEventListener('abort', onAbort, { once: true });
    try {
      try {
        await source.connect();
      } catch (e) {
        if (e instanceof TargetRefused) throw e; // not allowed to look: runCheck reports it
        return { status: 'fail', message: redact(`Could not connect to the source ${sourceName}: ${(e as Error).message}.`), measurements };
      }
      await session(source);
      const serverNum = Number((await source.query<{ n: string }>(`select current_setting('server_version_num') as n`)).rows[0]!.n);
      step = 'finding pg_dump';
      const bin = await findPgBin(c.pgBinDir, Math.floor(serverNum / 10_000));
      if ('problem' in bin) return { status: 'error', message: `${bin.problem}.`, measurements };
      measurements.pgDumpVersion = bin.version;

      // The source's figures, read in the snapshot pg_dump will dump.
      step = 'reading the source tables';
      await source.query('begin isolation level repeatable read read only');
      const snapshot = (await source.query<{ s: string }>('select pg_export_snapshot() as s')).rows[0]!.s;
      const tables = await listTables(source, c);
      if (tables.length === 0) {
        const what = c.tables || c.schemas ? 'no table matches schemas/tables' : 'it has no tables';
        return { status: 'fail', message: `Nothing to restore from ${sourceName}: ${what}.`, measurements: { ...measurements, tables: 0 } };
      }
      const sourceStats = await tableStats(source, tables, c.checksumMaxRows);
      measurements.tables = tables.length;
      measurements.rows = sourceStats.reduce((n, t) => n + t.rows, 0);

      step = 'running pg_dump';
      const dumpFile = path.join(tmp, 'source.dump');
      const filter = [...(c.schemas ?? []).flatMap((s) => ['-n', `"${s}"`]), ...(c.tables ?? []).flatMap((t) => ['-t', quotedTable(t)])];
      let t0 = performance.now();
      const dump = await runTool(bin.dir, 'pg_dump', ['-Fc', '--no-sync', `--snapshot=${snapshot}`, ...filter, '-f', dumpFile, '-d', withoutPassword(c.source)], passwordOf(c.source), soft.signal, sourceAddress);
      measurements.dumpMs = Math.round(performance.now() - t0);
      await source.query('commit').catch(() => {});
      if (dump.code !== 0) return { status: 'fail', message: redact(`pg_dump of ${sourceName} failed: ${dump.stderr || `exit code ${dump.code}`}.`), measurements };
      measurements.dumpBytes = fs.statSync(dumpFile).size;

      step = 'creating the scratch database';
      scratchAdmin = client(scratchUrl.toString(), soft.ms, guard);
      soft.signal.addEventListener('abort', () => void scratchAdmin?.end().catch(() => {}), { once: true });
      try {
        await scratchAdmin.connect();
      } catch (e) {
        if (e instanceof TargetRefused) throw e;
        return { status: 'error', message: redact(`Could not connect to the scratch server ${describePostgresTarget(scratchUrl.toString())}: ${(e as Error).message}.`), measurements };
      }
      try {
        await scratchAdmin.query(`create database ${scratchDb} template template0`);
        created = true;
      } catch (e) {
        return { status: 'error', message: redact(`Could not create a scratch database on ${describePostgresTarget(scratchUrl.toString())} (the user needs CREATEDB): ${(e as Error).message}.`), measurements };
      }

      step = 'running pg_restore';
      const target = new URL(scratchUrl);
      target.pathname = `/${scratchDb}`;
      t0 = performance.now();
      const restore = await runTool(bin.dir, 'pg_restore', ['--no-owner', '--no-privileges', '-d', withoutPassword(target.toString()), dumpFile], passwordOf(target.toString()), soft.signal, scratchAddress);
      const restoreMs = Math.round(performance.now() - t0);
      measurements.restoreMs = restoreMs;
      const restoreErrors = restore.code === 0 ? 0 : Number(/errors ignored on restore: (\d+)/.exec(restore.stderr)?.[1] ?? 1);
      measurements.restoreErrors = restoreErrors;

      step = 'comparing the restored tables';
      const restored = client(target.toString(), soft.ms, guard);
      soft.signal.addEventListener('abort', () => void restored.end().catch(() => {}), { once: true });
      let restoredStats: TableStats[];
      try {
        await restored.connect();
        await session(restored);
        const present = new Set((await listTables(restored, c)).map((t) => t.name));
        restoredStats = await tableStats(
          restored,
          tables.filter((t) => present.has(t.name)),
          c.checksumMaxRows,
          new Map(sourceStats.map((s) => [s.table, s.rows])),
        );
      } finally {
        await restored.end().catch(() => {});
      }
      const { mismatches, checksummed, unchecksummed } = compareTableStats(sourceStats, restoredStats);
      measurements.mismatches = mismatches.length;
      measurements.checksummedTables = checksummed;

      const figures = `${tables.length} table${tables.length === 1 ? '' : 's'}, ${measurements.rows} rows; dump ${formatBytes(measurements.dumpBytes)} in ${seconds(measurements.dumpMs)}, restore in ${seconds(restoreMs)}`;
      const skipped = unchecksummed.length
        ? `; row counts only (no checksum) for ${unchecksummed.length} table${unchecksummed.length === 1 ? '' : 's'} over ${c.checksumMaxRows} rows: ${list(unchecksummed)}`
        : '';
      const restoreProblem = restoreErrors ? `pg_restore reported ${restoreErrors} error${restoreErrors === 1 ? '' : 's'} (${redact(firstError(restore.stderr))})` : '';
      if (mismatches.length) {
        const what = mismatches.map((m) => `${m.table} (${m.problem})`);
        return {
          status: 'fail',
          message: `${mismatches.length} of ${tables.length} tables differ after restoring ${sourceName}: ${list(what)}${restoreProblem ? `; ${restoreProblem}` : ''}.`,
          measurements,
        };
      }
      if (c.maxRestoreSeconds !== undefined && restoreMs > c.maxRestoreSeconds * 1000) {
        return { status: 'fail', message: `${sourceName} restored intact (${figures}), but the restore took longer than the ${c.maxRestoreSeconds} s allowed.`, measurements };
      }
      const verdict = `${sourceName} restored intact into a scratch database: ${figures}; every row count${checksummed ? ' and checksum' : ''} matches${skipped}`;
      if (restoreErrors) return { status: 'warn', message: `${verdict}, but ${restoreProblem}.`, measurements };
      return { status: 'pass', message: `${verdict}.`, measurements };
    } catch (e) {
      if (soft.expired) return { status: 'fail', message: `The drill did not finish within ${soft.ms} ms (while ${step}).`, measurements };
      if (ctx.signal.aborted) throw ctx.signal.reason ?? e;
      if (e instanceof TargetRefused) throw e;
      return { status: 'error', message: redact(`The drill failed while ${step}: ${(e as Error).message ?? String(e)}.`), measurements };
    } finally {
      soft.clear();
      soft.signal.removeEventListener('abort', onAbort);
      await source.end().catch(() => {});
      if (created && scratchAdmin) await dropDatabase(scratchAdmin, scratchDb, scratchUrl.toString(), guard);
      await scratchAdmin?.end().catch(() => {});
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
});

function client(url: string, budgetMs: number, guard: TargetGuard | undefined): pg.Client {
  const c = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: Math.min(budgetMs, 30_000),
    application_name: 'golive-backup-restore',
    ...(guard ? { stream: () => guardedPgSocket(guard) } : {}),
  });
  c.on('error', () => {});
  return c;
}

/** The same text for the same values on both sides, whatever each server's defaults. */
async function session(c: pg.Client) {
  await c.query(`set timezone = 'UTC'; set datestyle = 'ISO, YMD'; set intervalstyle = 'postgres'; set extra_float_digits = 1; set bytea_output = 'hex'`);
}

interface Table {
  schema: string;
  table: string;
  /** schema.table, for messages and matching. */
  name: string;
}

/** Ordinary tables (not partitioned parents: their partitions are listed) in user schemas, filtered like the dump. */
async function listTables(c: pg.Client, cfg: Config): Promise<Table[]> {
  const wanted = cfg.tables?.map((t) => (t.includes('.') ? t : `public.${t}`)) ?? null;
  const res = await c.query<{ schema: string; table: string }>(
    `select n.nspname as schema, c.relname as table
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
        and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
        and ($1::text[] is null or n.nspname = any($1))
        and ($2::text[] is null or n.nspname || '.' || c.relname = any($2))
      order by 1, 2`,
    [cfg.schemas ?? null, wanted],
  );
  return res.rows.map((r) => ({ ...r, name: `${r.schema}.${r.table}` }));
}

/**
 * Row count, and a checksum of the rows' text (sorted, so physical order does not matter) for
 * tables up to `maxRows`. On the restored side, `sourceRows` limits the checksum to tables whose
 * count matches and that the source checksummed.
 */
async function tableStats(c: pg.Client, tables: Table[], maxRows: number, sourceRows?: Map<string, number>): Promise<TableStats[]> {
  const out: TableStats[] = [];
  for (const t of tables) {
    const rel = `${pg.escapeIdentifier(t.schema)}.${pg.escapeIdentifier(t.table)}`;
    const rows = Number((await c.query<{ n: string }>(`select count(*) as n from ${rel}`)).rows[0]!.n);
    const want = sourceRows ? sourceRows.get(t.name) === rows && rows <= maxRows : rows <= maxRows;
    const checksum = want
      ? (await c.query<{ sum: string }>(`select md5(coalesce(string_agg(md5(t::text), '' order by md5(t::text)), '')) as sum from ${rel} t`)).rows[0]!.sum
      : null;
    out.push({ table: t.name, rows, checksum });
  }
  return out;
}

async function dropDatabase(admin: pg.Client, name: string, url: string, guard: TargetGuard | undefined) {
  // The admin connection may have been ended by an abort: open a fresh one for the cleanup.
  let c = admin;
  try {
    await c.query('select 1');
  } catch {
    c = client(url, 10_000, guard);
    try {
      await c.connect();
    } catch {
      return;
    }
  }
  try {
    await c.query(`drop database if exists ${name} with (force)`).catch(() => c.query(`drop database if exists ${name}`));
  } catch {
    // Left behind: named golive_restore_*, for an operator to drop.
  } finally {
    if (c !== admin) await c.end().catch(() => {});
  }
}

interface Bin {
  dir: string | null;
  version: string;
}

/** pg_dump/pg_restore of a major version ≥ the server's: pgBinDir, else /usr/lib/postgresql/*\/bin (newest first), else PATH. */
async function findPgBin(pgBinDir: string | undefined, serverMajor: number): Promise<Bin | { problem: string }> {
  const candidates: (string | null)[] = [];
  if (pgBinDir) candidates.push(pgBinDir);
  else {
    const base = '/usr/lib/postgresql';
    const majors = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
    candidates.push(...majors.map((v) => path.join(base, v, 'bin')), null);
  }
  const found: string[] = [];
  for (const dir of candidates) {
    if (dir !== null && !['pg_dump', 'pg_restore'].every((b) => fs.existsSync(path.join(dir, b)))) continue;
    const version = await exec(dir ? path.join(dir, 'pg_dump') : 'pg_dump', ['--version'], { timeout: 10_000 })
      .then((r) => /(\d+)(\.\d+)?/.exec(r.stdout)?.[0] ?? null)
      .catch(() => null);
    if (!version) continue;
    if (Number(version.split('.')[0]) >= serverMajor) return { dir, version };
    found.push(`${version} in ${dir ?? 'PATH'}`);
  }
  if (pgBinDir && found.length === 0) return { problem: `No working pg_dump and pg_restore in pgBinDir ${pgBinDir}` };
  if (found.length) return { problem: `pg_dump must be at least the server's major version ${serverMajor}; found only ${found.join(', ')} (install postgresql-client-${serverMajor} or set pgBinDir)` };
  return { problem: `pg_dump and pg_restore were not found (looked in /usr/lib/postgresql/*/bin and PATH; install postgresql-client-${serverMajor} or set pgBinDir)` };
}

const MAX_STDERR = 8 * 1024;

/**
 * Where libpq's tools connect under a guard: the addresses it vetted for the URL's hosts, as
 * PGHOSTADDR (libpq connects there and keeps the names for TLS and .pgpass). A URL that names
 * its own hostaddr (an address the pre-flight vetted) is left to it.
 */
async function libpqAddress(guard: TargetGuard | undefined, url: string): Promise<string | undefined> {
  if (!guard) return undefined;
  const u = new URL(url);
  if (u.searchParams.has('hostaddr')) return undefined;
  const hosts = (u.searchParams.get('host') ?? decodeURIComponent(u.hostname)).split(',');
  return (await Promise.all(hosts.map((h) => vettedAddress(guard, h)))).join(',');
}

/** Runs a client tool with the password in PGPASSWORD (and the vetted address in PGHOSTADDR), killed when the signal aborts. */
function runTool(dir: string | null, name: string, args: string[], password: string, signal: AbortSignal, hostaddr?: string): Promise<{ code: number; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PGAPPNAME: 'golive-backup-restore' };
  if (password) env.PGPASSWORD = password;
  if (hostaddr) env.PGHOSTADDR = hostaddr;
  return new Promise((resolve, reject) => {
    const child = spawn(dir ? path.join(dir, name) : name, args, { env, stdio: ['ignore', 'ignore', 'pipe'], signal, killSignal: 'SIGKILL' });
    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => {
      stderr = (stderr + d).slice(-MAX_STDERR);
    });
    child.once('error', (e) => reject(signal.aborted ? (signal.reason ?? e) : e));
    child.once('close', (code) => resolve({ code: code ?? 1, stderr: stderr.trim() }));
  });
}

/** The first error line of a tool's stderr, shortened. */
function firstError(stderr: string): string {
  const line = stderr.split('\n').find((l) => /error/i.test(l)) ?? stderr.split('\n')[0] ?? '';
  return line.replace(/^pg_restore: /, '').slice(0, 300);
}

function withoutPassword(url: string): string {
  const u = new URL(url);
  u.password = '';
  return u.toString();
}

function quotedTable(t: string): string {
  const [schema, table] = t.includes('.') ? t.split('.') : ['public', t];
  return `"${schema}"."${table}"`;
}


const list = (items: string[], max = 10) => (items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', '));
const seconds = (ms: unknown) => `${Math.round(Number(ms) / 100) / 10} s`;
function formatBytes(n: unknown): string {
  const b = Number(n);
  return b >= 1024 * 1024 ? `${Math.round(b / 104857.6) / 10} MiB` : b >= 1024 ? `${Math.round(b / 102.4) / 10} KiB` : `${b} bytes`;
}
