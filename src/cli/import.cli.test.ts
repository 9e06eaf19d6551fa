/**
 * `golive import` as a user runs it (bin/golive.js in a child process) against real PostgreSQL
 * (TEST_DATABASE_URL): exit codes and messages for bad input, never a stack trace nor a half-
 * written batch; and the kill test — SIGKILL at a random moment, --resume, every valid row once
 * and the totals the generator expects, 20 times in a row.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTargetDatabase, type TargetDatabase } from '../../tests/helpers/target-db.ts';
import { runImport, type ImportOptions } from '../modules/migration/engine/import.ts';
import { loadMapping } from '../modules/migration/engine/profiles.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin', 'golive.js');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.GOLIVE_IMPORT_TARGET_URL;
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}
const golive = (args: string[]) => start(args).done;

const HEADER =
  'Date,Time,Outlet,Receipt Number,Category,Items,Variant,SKU,Quantity,Modifier Applied,Discount Applied,Gross Sales,Discounts,Refunds,Net Sales,Gratuity,Tax,Sales Type,Collected By,Served By,Customer,Payment Method,Event Type,Reason of Refund,Brand';
const PAYMENTS = ['Cash', 'QRIS', 'GoPay', 'EDC BCA'];

/**
 * A Moka export of `rows` data rows (seeded, so every run is the same file): 1–3 lines a
 * receipt, every 41st row a bad date. Returns what a correct import must end with.
 */
function writeMokaExport(file: string, rows: number, seed = 7) {
  let s = seed;
  const rand = (n: number) => ((s = (s * 1_103_515_245 + 12_345) % 2_147_483_648), s % n);
  const out: string[] = [HEADER];
  const expected = { rows, valid: 0, netSen: 0, badRows: [] as number[], transactions: new Set<string>() };
  let receipt = 0;
  while (out.length - 1 < rows) {
    receipt++;
    const id = `MK-${String(receipt).padStart(6, '0')}`;
    const lines = 1 + rand(3);
    const pay = PAYMENTS[rand(PAYMENTS.length)]!;
    const day = 1 + (receipt % 27);
    for (let i = 0; i < lines && out.length - 1 < rows; i++) {
      const row = out.length + 1; // physical line: the header is line 1
      const qty = 1 + rand(3);
      const gross = qty * (15_000 + 1_000 * rand(20));
      const discount = rand(4) === 0 ? 2_000 : 0;
      const net = gross - discount;
      const tax = Math.round(net / 10);
      const bad = row % 41 === 0;
      const date = bad ? '31/02/2025' : `${String(day).padStart(2, '0')}/05/2025`;
      out.push(`${date},${String(8 + (receipt % 14)).padStart(2, '0')}:${String(receipt % 60).padStart(2, '0')},Senopati,${id},Minuman,"Kopi, Susu ${i}",,KS-${i},${qty},,,${gross},${discount},0,${net},0,${tax},Dine In,Ani,Budi,,${pay},Payment,,Kopi Nusantara`);
      if (bad) expected.badRows.push(row);
      else {
        expected.valid++;
        expected.netSen += (net + tax) * 100;
        expected.transactions.add(id);
      }
    }
  }
  fs.writeFileSync(file, `${out.join('\n')}\n`);
  return expected;
}

const noStack = (r: Run) => expect(r.stderr).not.toMatch(/\n\s+at |Error:/);

describe('golive import: usage errors (no database needed)', () => {
  it('needs a target, one of --profile/--mapping, and a sensible --max-rejects', async () => {
    const noTarget = await golive(['import', 'x.csv', '--profile', 'moka']);
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/No target database\. Pass --target/);
    const both = await golive(['import', 'x.csv', '--target', 'postgres://a@b/c']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/exactly one of --profile/);
    const max = await golive(['import', 'x.csv', '--target', 'postgres://a@b/c', '--profile', 'moka', '--max-rejects', 'lots']);
    expect(max.code).toBe(2);
    expect(max.stderr).toMatch(/--max-rejects takes a number of rows/);
  }, 60_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('golive import on PostgreSQL', () => {
  let db: TargetDatabase;
  let tmp: string;
  beforeAll(async () => {
    db = await createTargetDatabase('golive_imp_cli');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-import-cli-'));
  });
  afterAll(async () => {
    await db?.drop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });
  const importArgs = (file: string, schema: string, ...more: string[]) => ['import', file, '--target', db.url, '--schema', schema, '--profile', 'moka', ...more];

  it('loads a file (exit 0, rejects listed), prints JSON with --json, and stops with exit 1 on --max-rejects', async () => {
    const file = path.join(tmp, 'small.csv');
    const expected = writeMokaExport(file, 300);
    const r = await golive([...importArgs(file, 'ok', '--batch-size', '100'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ status: 'completed', rowsRead: 300, rowsLoaded: expected.valid, rowsRejected: expected.badRows.length, rejectsByReason: { bad_date: expected.badRows.length } });
    expect(result.rejectsPath).toBe(`${file}.rejects.csv`);
    const human = await golive(importArgs(file, 'ok'));
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Already loaded: +293/);
    expect(human.stdout).toMatch(/bad_date/);
    const stopped = await golive(importArgs(file, 'stopped', '--batch-size', '50', '--max-rejects', '2'));
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toMatch(/Stopped: more rejects than --max-rejects 2 allows.*bad_date 3.*small\.csv\.rejects\.csv/s);
    const resumed = await golive([...importArgs(file, 'stopped', '--batch-size', '50', '--max-rejects', '10', '--resume'), '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    // Three batches of 50 rows, each ending with its receipt: the last committed row is 152.
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'completed', resumedFrom: { row: 152 }, rowsLoaded: expected.valid, rowsRejected: expected.badRows.length });
  }, 120_000);

  it('bad input exits 2 with a clear message, no stack trace, and no half-written batch', async () => {
    const good = path.join(tmp, 'good.csv');
    writeMokaExport(good, 50);
    const mapping = path.join(tmp, 'wrong-mapping.json');
    const moka = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/modules/migration/engine/profiles/moka.json'), 'utf8'));
    fs.writeFileSync(mapping, JSON.stringify({ ...moka, $schema: undefined, columns: { ...moka.columns, transaction_id: 'Nomor Struk' } }));
    const wrongMapping = await golive(['import', good, '--target', db.url, '--schema', 'bad', '--mapping', mapping]);
    expect(wrongMapping.code).toBe(2);
    expect(wrongMapping.stderr).toMatch(/Nomor Struk/);
    noStack(wrongMapping);

    const binary = path.join(tmp, 'binary.csv');
    fs.writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 1, 2, 3, 0, 0, 0xff, 0xfe]));
    const bin = await golive(importArgs(binary, 'bad'));
    expect(bin.code).toBe(2);
    expect(bin.stderr).toMatch(/^error: .+/);
    noStack(bin);

    const empty = path.join(tmp, 'empty.csv');
    fs.writeFileSync(empty, '');
    const emptyRun = await golive(importArgs(empty, 'bad'));
    expect(emptyRun.code).toBe(2);
    expect(emptyRun.stderr).toMatch(/empty/i);
    noStack(emptyRun);

    const unreachable = await golive(['import', good, '--target', 'postgres://app:Sekr3t@127.0.0.1:1/db', '--profile', 'moka']);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/Cannot connect to the target database 127\.0\.0\.1:1\/db as app: connection refused/);
    expect(unreachable.stderr).not.toContain('Sekr3t');

    // The file is hashed while the target is set up; a file that is not there is still what is
    // said first, whether the target answers or not, and the target is left untouched.
    const missing = path.join(tmp, 'missing.csv');
    const gone = await golive(importArgs(missing, 'missing_file'));
    const goneAndUnreachable = await golive(['import', missing, '--target', 'postgres://app@127.0.0.1:1/db', '--profile', 'moka']);
    for (const run of [gone, goneAndUnreachable]) {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/Cannot read .*missing\.csv: no such file/);
    }
    expect(await db.query(`select 1 from information_schema.schemata where schema_name = 'missing_file'`)).toEqual([]);

    // Windows-1252 bytes at row 2,500 of a file read as UTF-8: the batches before it commit whole, the rest not at all.
    const latin = path.join(tmp, 'latin.csv');
    writeMokaExport(latin, 3_000);
    const lines = fs.readFileSync(latin, 'utf8').split('\n');
    lines[2_499] = lines[2_499]!.replace('Kopi, Susu', 'Kopi, Caf\u00e9');
    fs.writeFileSync(latin, Buffer.from(lines.join('\n'), 'latin1'));
    const enc = await golive(importArgs(latin, 'enc', '--batch-size', '500'));
    expect(enc.code).toBe(2);
    expect(enc.stderr).toMatch(/line 2500.*windows-1252/);
    noStack(enc);
    const [cp] = await db.query(`select source_row, rows_committed::int + rows_rejected::int as rows from enc.import_checkpoints`);
    const [{ n }] = (await db.query(`select count(*)::int as n from enc.lines`)) as [{ n: number }];
    const [run] = await db.query(`select status, rows_loaded::int, rows_read::int from enc.import_runs`);
    expect(run).toMatchObject({ status: 'failed', rows_loaded: n });
    // Whole batches only (500 rows each, up to the end of a receipt), all before the bad line, and the lines are what the checkpoint says.
    expect(run!.rows_read).toBeGreaterThanOrEqual(500);
    expect(cp ? cp.rows : 0).toBe(run!.rows_read);
    expect(cp ? cp.source_row : 0).toBeLessThan(2_500);
  }, 120_000);

  it('kill -9 at a random moment, then --resume: every valid row exactly once and the expected totals, 20 times in a row', async () => {
    const file = path.join(tmp, 'kill.csv');
    const expected = writeMokaExport(file, 4_000);
    const args = (schema: string) => importArgs(file, schema, '--batch-size', '200', '--rejects', path.join(tmp, `${schema}.rejects.csv`));
    const options = (schema: string): ImportOptions => ({
      file,
      mapping: loadMapping('moka'),
      target: { url: db.url, schema },
      environment: 'staging',
      batchSize: 200,
      rejectsPath: path.join(tmp, `${schema}.rejects.csv`),
    });
    // A full run first: how long loading takes on this machine, from its first progress line
    // (as the kills below count) to its end — the kills land within that time.
    const reference = start(args('kill_ref'));
    let loadStart = 0;
    reference.child.stderr.on('data', () => (loadStart ||= Date.now()));
    expect((await reference.done).code).toBe(0);
    const loadMs = Date.now() - loadStart;
    let midRun = 0;
    for (let i = 1; i <= 20; i++) {
      const schema = `kill_${i}`;
      const run = start(args(schema));
      // The first progress line comes as loading starts; the kill lands at a random moment after it.
      let timer: NodeJS.Timeout | undefined;
      run.child.stderr.on('data', () => {
        timer ??= setTimeout(() => run.child.kill('SIGKILL'), Math.round(loadMs * Math.random()));
      });
      const killed = await run.done;
      clearTimeout(timer);
      const cp = await db.query(`select (state->>'finished')::boolean as finished from ${schema}.import_checkpoints`).catch(() => []);
      if (killed.signal === 'SIGKILL' && cp.length && !cp[0]!.finished) midRun++;

      // The resume runs in this process (the engine the CLI calls; `--resume` through the CLI is
      // tested above): it spares a second process start per round.
      const r = await runImport({ ...options(schema), resume: true });
      expect(r.rowsRead).toBe(expected.rows);
      expect(r.rowsLoaded + r.rowsAlreadyLoaded).toBe(expected.valid);
      expect(r.rowsRejected).toBe(expected.badRows.length);
      const [t] = await db.query(
        `select (select count(*)::int from ${schema}.lines) as lines, (select sum(net_sen)::bigint::text from ${schema}.lines) as line_net,
           (select count(*)::int from ${schema}.transactions) as txs, (select sum(net_sen)::bigint::text from ${schema}.transactions) as tx_net,
           (select sum(amount_sen)::bigint::text from ${schema}.payments) as paid,
           (select count(*)::int from (select 1 from ${schema}.transactions group by source_id, kind having count(*) > 1) x) as split`,
      );
      // Every transaction has one header on all its lines, wherever the kill fell (split: with two).
      expect(t).toEqual({ lines: expected.valid, line_net: String(expected.netSen), txs: expected.transactions.size, tx_net: String(expected.netSen), paid: String(expected.netSen), split: 0 });
      const rejectRows = (parseCsv(fs.readFileSync(path.join(tmp, `${schema}.rejects.csv`)), { from_line: 2 }) as string[][]).map((rec) => Number(rec[0]));
      expect(rejectRows).toEqual(expected.badRows);
      await db.query(`drop schema ${schema} cascade`);
    }
    // Most kills land between the first commit and the last (the others before or after it: also fine).
    expect(midRun).toBeGreaterThanOrEqual(8);
  }, 300_000);
});
