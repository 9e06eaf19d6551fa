/**
 * The load path on real PostgreSQL (TEST_DATABASE_URL), fed with canonical lines built here, so
 * it is tested apart from the parsers: idempotence, the duplicates rule, --max-rejects, dry run,
 * resume after a crash between batches, and (property) totals that do not depend on batch size,
 * on where a resume happened, nor on which batches went in by direct COPY and which through
 * staging (random batch sizes and repeated transactions mix both: docs/adr/0008).
 */
import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runImportWith } from './import.ts';
import { DirectLoadCancelled, DirectLoader } from './target/direct-load.ts';
import { CopyData, CopyRegions, copySql } from './target/copy.ts';
import { takenCheck } from './target/taken-check.ts';
import { SHA_A, SHA_B, bad, line, opener, useLoadTarget } from './testing.ts';

describe.skipIf(!process.env.TEST_DATABASE_URL)('import load path (PostgreSQL)', () => {
  const target = useLoadTarget();
  const { options } = target;
  const totals = async (schema: string) =>
    (
      await target.db.query(`select (select count(*)::int from ${schema}.lines) as lines, (select count(*)::int from ${schema}.transactions) as txs,
        (select coalesce(sum(net_sen), 0)::bigint::text from ${schema}.transactions) as net, (select coalesce(sum(amount_sen), 0)::bigint::text from ${schema}.payments) as paid,
        (select coalesce(sum(line_count), 0)::int from ${schema}.transactions) as counted`)
    )[0];

  it('loads lines, derives transactions and payments, and a second run of the same file adds nothing', async () => {
    const items = [line(2, 'T1', 1), line(3, 'T1', 2, { paymentMethod: 'qris' }), bad(4), line(5, 'T2', 1), line(6, 'T3', 1, { kind: 'refund', originalTransactionId: 'T1', grossSen: -2_500_100, taxSen: -250_010, netSen: -2_750_110 })];
    const first = await runImportWith(options('idem'), SHA_A, opener(items));
    expect(first).toMatchObject({ status: 'completed', rowsRead: 5, rowsLoaded: 4, rowsRejected: 1, rowsAlreadyLoaded: 0, rejectsByReason: { bad_date: 1 } });
    const t1 = await totals('idem');
    expect(t1).toMatchObject({ lines: 4, txs: 3, counted: 4 });
    expect(t1!.net).toBe(t1!.paid);
    const [tx] = await target.db.query(`select gross_sen::int, net_sen::int, line_count, business_date::text, occurred_at from idem.transactions where source_id = 'T1'`);
    expect(tx).toMatchObject({ gross_sen: 2_500_100 + 2_500_200, line_count: 2, business_date: '2025-05-05' });
    expect(new Date(tx!.occurred_at).toISOString()).toBe('2025-05-05T06:30:00.000Z');
    const pays = await target.db.query(`select method, amount_sen::int from idem.payments where source_id = 'T1' order by method`);
    expect(pays).toEqual([{ method: 'cash', amount_sen: 2_750_110 }, { method: 'qris', amount_sen: 2_750_220 }]);
    // Text with tabs, newlines, backslashes, quotes and non-ASCII arrives as it was.
    const [{ item }] = (await target.db.query(`select item from idem.lines where source_id = 'T1' and line_no = 1`)) as [{ item: string }];
    expect(item).toBe('Kopi "Susu"\tGula\\Aren 1\nbesar é');

    const second = await runImportWith(options('idem'), SHA_A, opener(items));
    expect(second).toMatchObject({ status: 'completed', rowsRead: 5, rowsLoaded: 0, rowsAlreadyLoaded: 4, rowsRejected: 1 });
    expect(await totals('idem')).toEqual(t1);
    const runs = await target.db.query(`select status, rows_loaded::int, rows_already_loaded::int, environment from idem.import_runs order by started_at`);
    expect(runs).toEqual([
      { status: 'completed', rows_loaded: 4, rows_already_loaded: 0, environment: 'staging' },
      { status: 'completed', rows_loaded: 0, rows_already_loaded: 4, environment: 'staging' },
    ]);
  });

  it('upgrades a target made with a payments table: the table (derived rows only) becomes the view over the lines', async () => {
    await target.db.query(`create schema upgraded;
      create table upgraded.payments (source_system text not null, source_id text not null, kind text not null, method text not null,
        amount_sen bigint not null, primary key (source_system, source_id, kind, method));
      insert into upgraded.payments values ('testpos', 'T0', 'sale', 'cash', 1)`);
    await runImportWith(options('upgraded'), SHA_A, opener([line(2, 'T1', 1), line(3, 'T1', 2, { paymentMethod: 'qris' })]));
    const [{ relkind }] = (await target.db.query(`select relkind from pg_class where oid = 'upgraded.payments'::regclass`)) as [{ relkind: string }];
    expect(relkind).toBe('v');
    expect(await target.db.query(`select source_id, method, amount_sen::int from upgraded.payments order by 1, 2`)).toEqual([
      { source_id: 'T1', method: 'cash', amount_sen: 2_750_110 },
      { source_id: 'T1', method: 'qris', amount_sen: 2_750_220 },
    ]);
  });

  it('upgrades a target with a transactions table: each line takes its transaction\'s header, the table becomes the view, source ids collate "C"', async () => {
    await runImportWith(options('txtable'), SHA_B, opener([line(2, 'T1', 1), line(3, 'T1', 2, { paymentMethod: 'qris' }), line(4, 'T2', 1)]));
    const before = await totals('txtable');
    // As an earlier golive left it: the header and totals in a table of their own, none on the lines (and payments a table).
    await target.db.query(`create table txtable.tx as select * from txtable.transactions; drop view txtable.transactions;
      alter table txtable.tx rename to transactions; alter table txtable.transactions add primary key (source_system, source_id, kind);
      update txtable.transactions set outlet_code = 'JKT-9' where source_id = 'T2';
      drop view txtable.payments; alter table txtable.lines alter column source_id type text collate "default";
      create table txtable.payments (source_system text not null, source_id text not null, kind text not null, method text not null, amount_sen bigint not null);
      alter table txtable.lines drop column original_source_id, drop column outlet_code, drop column occurred_at, drop column business_date`);
    const dry = await runImportWith(options('txtable', { dryRun: true }), SHA_A, opener([line(2, 'T3', 1)]));
    expect(dry).toMatchObject({ status: 'dry_run', rowsLoaded: 1 });
    const [{ relkind }] = (await target.db.query(`select relkind from pg_class where oid = 'txtable.transactions'::regclass`)) as [{ relkind: string }];
    expect(relkind).toBe('v');
    expect(await totals('txtable')).toEqual(before);
    const [{ collation }] = (await target.db.query(`select collation_name as collation from information_schema.columns where table_schema = 'txtable' and table_name = 'lines' and column_name = 'source_id'`)) as [{ collation: string }];
    expect(collation).toBe('C');
    expect(await target.db.query(`select source_id, outlet_code from txtable.lines order by source_id, line_no`)).toEqual([
      { source_id: 'T1', outlet_code: 'JKT-1' }, { source_id: 'T1', outlet_code: 'JKT-1' }, { source_id: 'T2', outlet_code: 'JKT-9' },
    ]);
    expect(await runImportWith(options('txtable'), SHA_A, opener([line(2, 'T3', 1)]))).toMatchObject({ status: 'completed', rowsLoaded: 1 });
  });

  it('a re-run after the mapping was fixed loads the rows it rejected before, and counts the rest as already loaded', async () => {
    // Batches of 3: the first run rejects row 3; the second (same file, mapping fixed) finds the
    // other rows loaded — whole batches by the probe, the batch with row 3 through staging.
    const rows = (fixed: boolean) => [line(2, 'T1', 1), fixed ? line(3, 'T1', 2, { paymentMethod: 'qris' }) : bad(3), ...[4, 5, 6, 7, 8, 9, 10].map((r) => line(r, `T${r}`, 1))];
    const first = await runImportWith(options('fixed'), SHA_A, opener(rows(false)));
    expect(first).toMatchObject({ rowsLoaded: 8, rowsRejected: 1 });
    const second = await runImportWith(options('fixed'), SHA_A, opener(rows(true)));
    expect(second).toMatchObject({ status: 'completed', rowsRead: 9, rowsLoaded: 1, rowsAlreadyLoaded: 8, rowsRejected: 0 });
    expect(await totals('fixed')).toMatchObject({ lines: 9, txs: 8, counted: 9 });
    const t = await totals('fixed');
    expect(t!.net).toBe(t!.paid);
    const pays = await target.db.query(`select method, amount_sen::int from fixed.payments where source_id = 'T1' order by method`);
    expect(pays).toEqual([{ method: 'cash', amount_sen: 2_750_110 }, { method: 'qris', amount_sen: 2_750_220 }]);
    const third = await runImportWith(options('fixed'), SHA_A, opener(rows(true)));
    expect(third).toMatchObject({ rowsLoaded: 0, rowsAlreadyLoaded: 9, rowsRejected: 0 });
  });

  it('rejects duplicates: a key repeated in the file (same batch or not) and a key loaded from another file', async () => {
    const o = options('dups');
    // Batches of 3: row 3 repeats row 2 in its batch; rows 6 and 7 repeat row 2 from the next
    // batch — 6 found by the target, 7 by the batch (which then names row 2, not the rejected 6).
    const items = [line(2, 'T1', 1), line(3, 'T1', 1), line(4, 'T2', 1), line(5, 'T3', 1), line(6, 'T1', 1), line(7, 'T1', 1)];
    const r = await runImportWith(o, SHA_A, opener(items));
    expect(r).toMatchObject({ rowsLoaded: 3, rowsRejected: 3, rejectsByReason: { duplicate: 3 } });
    const csv = fs.readFileSync(o.rejectsPath, 'utf8');
    expect(csv).toBe(['source_row,reason,detail,raw', ...[3, 6, 7].map((n) => `${n},duplicate,repeats row 2 of this file,"raw,${n},""q"""`), ''].join('\n'));
    const otherOptions = options('dups');
    const other = await runImportWith(otherOptions, SHA_B, opener([line(2, 'T2', 1), line(3, 'T9', 1), line(4, 'T2', 1)]));
    expect(other).toMatchObject({ rowsLoaded: 1, rowsRejected: 2, rowsAlreadyLoaded: 0 });
    // Found by the target, its raw row read again from the source; row 4 repeats it in the batch: the same.
    const loadedFrom = `already loaded from file ${SHA_A.slice(0, 8)} row 4`;
    expect(fs.readFileSync(otherOptions.rejectsPath, 'utf8')).toBe(`source_row,reason,detail,raw\n2,duplicate,${loadedFrom},"raw,2,""q"""\n4,duplicate,${loadedFrom},"raw,4,""q"""\n`);
    const again = await runImportWith(options('dups'), SHA_A, opener(items));
    expect(again).toMatchObject({ rowsLoaded: 0, rowsAlreadyLoaded: 3, rowsRejected: 3 });
  });

  it('--max-rejects stops after the batch that passed the limit, with what is valid committed', async () => {
    const items = [line(2, 'A', 1), bad(3), line(4, 'B', 1), bad(5), bad(6), line(7, 'C', 1), line(8, 'D', 1), bad(9)];
    const o = options('maxrej', { maxRejects: { count: 1 }, batchSize: 3 });
    const r = await runImportWith(o, SHA_A, opener(items));
    expect(r.status).toBe('stopped_max_rejects');
    // The second batch (rows 5–7) passed the limit: it commits whole, its valid row 7 included.
    expect(r).toMatchObject({ rowsRead: 6, rowsLoaded: 3, rowsRejected: 3 });
    expect(r.message).toMatch(/--max-rejects 1.*bad_date 3.*maxrej-\d+\.rejects\.csv/s);
    expect((await totals('maxrej'))!.lines).toBe(3);
    const [run] = await target.db.query(`select status from maxrej.import_runs`);
    expect(run!.status).toBe('stopped_max_rejects');
    const pct = await runImportWith(options('maxpct', { maxRejects: { percent: 50 }, batchSize: 100 }), SHA_A, opener(items));
    expect(pct).toMatchObject({ status: 'completed', rowsRejected: 4 });
  });

  it('upgrades a target whose lines named their file by sha256: the files move to import_files, first thing a dry run does', async () => {
    const rows = [line(2, 'T1', 1), line(3, 'T2', 1)];
    await runImportWith(options('byfile'), SHA_B, opener(rows));
    // As an earlier golive left it: the file's sha256 on every line, no import_files.
    await target.db.query(`alter table byfile.lines add column source_file text;
      update byfile.lines set source_file = '${SHA_B}';
      alter table byfile.lines alter column source_file set not null, drop column file_id;
      drop table byfile.import_files`);
    const o = options('byfile', { dryRun: true });
    const dry = await runImportWith(o, SHA_A, opener([line(2, 'T1', 1), line(3, 'T3', 1)]));
    expect(dry).toMatchObject({ status: 'dry_run', rowsLoaded: 1, rowsRejected: 1, rejectsByReason: { duplicate: 1 } });
    expect(fs.readFileSync(o.rejectsPath, 'utf8')).toContain(`already loaded from file ${SHA_B.slice(0, 8)} row 2`);
    const columns = await target.db.query(`select column_name from information_schema.columns where table_schema = 'byfile' and table_name = 'lines' and column_name in ('source_file', 'file_id')`);
    expect(columns).toEqual([{ column_name: 'file_id' }]);
    // The same file again: its lines are known by the id its sha256 got, every row already loaded.
    const again = await runImportWith(options('byfile'), SHA_B, opener(rows));
    expect(again).toMatchObject({ status: 'completed', rowsLoaded: 0, rowsAlreadyLoaded: 2, rowsRejected: 0 });
    expect(await target.db.query(`select sha256 from byfile.import_files`)).toEqual([{ sha256: SHA_B }]);
  });

  it('--dry-run writes nothing (not even the schema) and reports duplicates against a loaded target', async () => {
    const items = [line(2, 'T1', 1), line(3, 'T1', 1), line(4, 'T2', 1)];
    const dry = await runImportWith(options('drytarget', { dryRun: true }), SHA_A, opener(items));
    expect(dry).toMatchObject({ status: 'dry_run', rowsLoaded: 2, rowsRejected: 1 });
    expect(await target.db.query(`select 1 from pg_namespace where nspname = 'drytarget'`)).toEqual([]);
    await runImportWith(options('drytarget'), SHA_B, opener([line(2, 'T2', 1)]));
    const before = await totals('drytarget');
    const dry2 = await runImportWith(options('drytarget', { dryRun: true }), SHA_A, opener(items));
    expect(dry2).toMatchObject({ status: 'dry_run', rowsLoaded: 1, rowsRejected: 2 });
    expect(await totals('drytarget')).toEqual(before);
    expect(await target.db.query(`select count(*)::int as n from drytarget.import_runs`)).toEqual([{ n: 1 }]);
  });

  it('resumes after a crash between batches: every valid row once, each reject once in the rejects file', async () => {
    const items = Array.from({ length: 20 }, (_, i) => (i % 7 === 3 ? bad(i + 2) : line(i + 2, `T${Math.floor(i / 3)}`, (i % 3) + 1)));
    const o = options('resume', { batchSize: 4 });
    await expect(runImportWith(o, SHA_A, opener(items, 10))).rejects.toThrow('simulated crash');
    const [cp] = await target.db.query(`select source_row, rows_committed::int from resume.import_checkpoints`);
    // Batches of 4 rows end with their receipt: rows 2–5, then 6–10 (row 10 is T2's last line).
    expect(cp).toEqual({ source_row: 10, rows_committed: 8 });
    const r = await runImportWith({ ...o, resume: true }, SHA_A, opener(items));
    expect(r).toMatchObject({ status: 'completed', resumedFrom: { row: 10, end: 1000 }, rowsRead: 20, rowsLoaded: 17, rowsRejected: 3, rowsAlreadyLoaded: 0 });
    expect((await totals('resume'))!.lines).toBe(17);
    const rejectRows = fs.readFileSync(o.rejectsPath, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(rejectRows).toEqual(['5', '12', '19']);
    const runs = await target.db.query(`select status from resume.import_runs order by started_at`);
    expect(runs.map((x) => x.status)).toEqual(['failed', 'completed']);
    // Resuming a finished file does nothing more.
    const done = await runImportWith({ ...o, resume: true }, SHA_A, opener(items));
    expect(done).toMatchObject({ rowsRead: 20, rowsLoaded: 17 });
    expect((await totals('resume'))!.lines).toBe(17);
  });

  it('--resume of a file with no checkpoint loads from the start and says so; a changed file is refused', async () => {
    const o = options('nocp', { file: '/x/daily.csv', resume: true });
    const r = await runImportWith(o, SHA_A, opener([line(2, 'T1', 1)]));
    expect(r).toMatchObject({ noCheckpoint: true, rowsLoaded: 1, resumedFrom: null });
    const p = options('changed', { file: '/x/daily.csv', batchSize: 1 });
    await expect(runImportWith(p, SHA_A, opener([line(2, 'T5', 1), line(3, 'T6', 1), line(4, 'T7', 1)], 2))).rejects.toThrow('simulated crash');
    const changed = await runImportWith({ ...p, resume: true }, SHA_B, opener([line(2, 'T5', 1)])).catch((e) => e);
    expect(changed).toMatchObject({ code: 'resume_mismatch' });
    expect(changed.message).toMatch(/daily\.csv has changed since the import that was interrupted .*Run without --resume/);
  });

  it("loads a transaction whose lines add up past 2^53 sen, and its view sums them exactly", async () => {
    // Each line's 50 trillion rupiah is exact; their sum is past 2^53 sen (PostgreSQL sums bigints as numeric).
    const huge = { grossSen: 5e15, taxSen: 0, netSen: 5e15 };
    const items = [line(2, 'A', 1), line(3, 'HUGE', 1, huge), line(4, 'HUGE', 2, huge), line(5, 'B', 1)];
    expect(await runImportWith(options('huge'), SHA_A, opener(items))).toMatchObject({ status: 'completed', rowsLoaded: 4 });
    expect(await target.db.query(`select net_sen::text, line_count from huge.transactions where source_id = 'HUGE'`)).toEqual([{ net_sen: '10000000000000000', line_count: 2 }]);
  });

  it('refuses a target whose columns were retyped (binary COPY would store other values), dry run included, naming the column and the way back', async () => {
    await runImportWith(options('retyped'), SHA_A, opener([line(2, 'A', 1)]));
    // A bigint's 8 bytes read as numeric are a zero with 2,000 decimals, without an error.
    await target.db.query(`alter table retyped.lines alter column qty_milli type numeric`);
    for (const dryRun of [false, true]) {
      const e = await runImportWith(options('retyped', { dryRun }), SHA_B, opener([line(2, 'B', 1)])).catch((x) => x);
      expect(e).toMatchObject({ code: 'target_mismatch', message: expect.stringContaining('retyped.lines.qty_milli is numeric in the target, not bigint as golive made it') });
      expect(e.message).toContain('alter table "retyped".lines alter column qty_milli type bigint');
    }
    expect(await target.db.query(`select source_id, qty_milli::text from retyped.lines`)).toEqual([{ source_id: 'A', qty_milli: '1000' }]);
    // Changed back, the file loads.
    await target.db.query(`alter table retyped.lines alter column qty_milli type bigint`);
    expect(await runImportWith(options('retyped'), SHA_B, opener([line(2, 'B', 1)]))).toMatchObject({ status: 'completed', rowsLoaded: 1 });
  });

  it('an unreachable target is target_unavailable with no password in the message', async () => {
    const e = await runImportWith(options('x', { target: { url: 'postgres://app:Sekr3t@127.0.0.1:1/db', schema: 'x' } }), SHA_A, opener([])).catch((x) => x);
    expect(e).toMatchObject({ code: 'target_unavailable' });
    expect(e.message).toMatch(/Cannot connect to the target database 127\.0\.0\.1:1\/db as app: connection refused/);
    expect(e.message).not.toContain('Sekr3t');
  });

  it('connects to the address it is given (the product pins the one its guard vetted), never asking DNS for the name: both connections', async () => {
    // `.invalid` never resolves; with the address, neither the import's connection nor the loader thread's asks.
    const url = new URL(target.db.url);
    url.hostname = 'target.golive.invalid';
    const items = [line(2, 'T1', 1), line(3, 'T2', 1), line(4, 'T3', 1), bad(5)];
    const r = await runImportWith(options('pinned', { batchSize: 1, target: { url: url.toString(), schema: 'pinned', address: '127.0.0.1' } }), SHA_A, opener(items));
    expect(r).toMatchObject({ status: 'completed', rowsLoaded: 3, rowsRejected: 1 });
    expect(await totals('pinned')).toMatchObject({ lines: 3, txs: 3 });
    // Somewhere with nothing listening: the error names the target as the user wrote it.
    const e = await runImportWith(options('x', { target: { url: 'postgres://app:Sekr3t@db.kopi.test:1/db', schema: 'x', address: '127.0.0.1' } }), SHA_A, opener([])).catch((x) => x);
    expect(e).toMatchObject({ code: 'target_unavailable', message: expect.stringMatching(/Cannot connect to the target database db\.kopi\.test:1\/db as app: connection refused/) });
  });

  it('a batch meeting a transaction of an earlier batch falls back from the direct COPY to the staged upsert: same target as one batch', async () => {
    // Batches of 2 (each ending with its receipt): [T1, T2] direct; [T3, T1 again] meets T1 →
    // rolled back and staged (T1's line 2 takes T1's header from the target); [T4, T5] direct
    // again; a re-run goes staged and adds nothing.
    // Row 5 says another outlet and time for T1: a transaction's header is its first row's, on every line.
    const later = { paymentMethod: 'qris' as const, outletCode: 'JKT-2', occurredAt: Date.UTC(2025, 4, 5, 9, 0) };
    // T1's refund, two batches apart, likewise (refunds and voids are checked one by one, not by their sale's id range).
    const refund = { kind: 'refund' as const, originalTransactionId: 'T1' };
    const items = [line(2, 'T1', 1), line(3, 'T2', 1), line(4, 'T3', 1), line(5, 'T1', 2, later), line(6, 'T4', 1), line(7, 'T5', 1), line(8, 'T5', 1),
      line(9, 'T1', 1, refund), line(10, 'T7', 1), line(11, 'T8', 1), line(12, 'T1', 2, { ...refund, ...later })];
    const split = await runImportWith(options('paths_split', { batchSize: 2 }), SHA_A, opener(items));
    const whole = await runImportWith(options('paths_whole', { batchSize: 100 }), SHA_A, opener(items));
    expect(split).toMatchObject({ rowsLoaded: 10, rowsRejected: 1, rowsAlreadyLoaded: 0 });
    expect(whole).toMatchObject({ rowsLoaded: 10, rowsRejected: 1 });
    const byTx = `select source_id, kind, net_sen::text, gross_sen::text, line_count, occurred_at from %s.transactions order by 1, 2`;
    const pays = `select source_id, method, amount_sen::text from %s.payments order by 1, 2`;
    expect(await target.db.query(byTx.replace('%s', 'paths_split'))).toEqual(await target.db.query(byTx.replace('%s', 'paths_whole')));
    expect(await target.db.query(pays.replace('%s', 'paths_split'))).toEqual(await target.db.query(pays.replace('%s', 'paths_whole')));
    const t1 = `select kind, outlet_code, occurred_at, line_count from %s.transactions where source_id = 'T1' order by kind`;
    const header = { outlet_code: 'JKT-1', occurred_at: new Date(Date.UTC(2025, 4, 5, 6, 30)) };
    const both = [{ kind: 'refund', ...header, line_count: 2 }, { kind: 'sale', ...header, line_count: 2 }];
    expect(await target.db.query(t1.replace('%s', 'paths_split'))).toEqual(both);
    expect(await target.db.query(t1.replace('%s', 'paths_whole'))).toEqual(both);
    const again = await runImportWith(options('paths_split', { batchSize: 2 }), SHA_A, opener(items));
    expect(again).toMatchObject({ rowsLoaded: 0, rowsAlreadyLoaded: 10, rowsRejected: 1 });
    expect(await totals('paths_split')).toEqual(await totals('paths_whole'));
    // Another file goes on with T1 (a receipt split between two exports): its line joins T1 as T1 is.
    const more = await runImportWith(options('paths_split'), SHA_B, opener([line(2, 'T1', 3, later), line(3, 'T6', 1, later)]));
    expect(more).toMatchObject({ rowsLoaded: 2, rowsRejected: 0 });
    expect(await target.db.query(t1.replace('%s', 'paths_split'))).toEqual([both[0], { ...both[1], line_count: 3 }]);
    expect(await target.db.query(`select outlet_code from paths_split.transactions where source_id = 'T6'`)).toEqual([{ outlet_code: 'JKT-2' }]);
  });

  it("the direct path's check finds a sale inside a range of one shape of id, a refund or void by its key, and nothing past them", async () => {
    const refund = { kind: 'refund' as const, originalTransactionId: 'BDG-2/PB/250505/0007' };
    await runImportWith(options('span'), SHA_A, opener([line(2, 'JKT-1/PB/250505/0041', 1), line(3, 'BDG-2/PB/250505/0007', 1), line(4, 'BDG-2/PB/250505/0007', 1, refund)]));
    const finds = async (span: Parameters<typeof takenCheck>[2]) => {
      const { sql, values } = takenCheck('span', 'testpos', span);
      return (await target.db.query(sql, values)).length > 0;
    };
    const none = { sourceIds: [], kinds: [] };
    // The next batch of two interleaved outlets: each shape's range is past what is loaded.
    expect(await finds({ sales: { firsts: ['JKT-1/PB/250505/0042', 'BDG-2/PB/250505/0008'], lasts: ['JKT-1/PB/250505/0090', 'BDG-2/PB/250505/0050'] }, others: none })).toBe(false);
    expect(await finds({ sales: { firsts: ['JKT-1/PB/250505/0040'], lasts: ['JKT-1/PB/250505/0045'] }, others: none })).toBe(true);
    expect(await finds({ sales: { firsts: [], lasts: [] }, others: { sourceIds: ['BDG-2/PB/250505/0007'], kinds: ['void'] } })).toBe(false);
    expect(await finds({ sales: { firsts: [], lasts: [] }, others: { sourceIds: ['BDG-2/PB/250505/0007'], kinds: ['refund'] } })).toBe(true);
    expect(await finds(null)).toBe(true);
  });

  it('a batch handed over behind one that meets a taken key is loaded once, and every reject is in the rejects file once, in order', async () => {
    await runImportWith(options('queued'), SHA_B, opener([line(2, 'T9', 1)]));
    // Batches of 2 come faster than they commit, so each is handed over while the one before
    // loads: [T1, bad] direct; [T9 (taken by the other file), bad] fails and goes staged; the
    // batch behind it, [T3, bad], was made assuming it would commit and goes staged too; then
    // [T4, T5] stages every row new behind them (the loader reopens after it).
    const o = options('queued', { batchSize: 2 });
    const items = [line(2, 'T1', 1), bad(3), line(4, 'T9', 1), bad(5), line(6, 'T3', 1), bad(7), line(8, 'T4', 1), line(9, 'T5', 1)];
    const r = await runImportWith(o, SHA_A, opener(items));
    expect(r).toMatchObject({ status: 'completed', rowsRead: 8, rowsLoaded: 4, rowsRejected: 4, rejectsByReason: { bad_date: 3, duplicate: 1 } });
    const rejects = fs.readFileSync(o.rejectsPath, 'utf8');
    expect(rejects.trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 2).join(' '))).toEqual(['3 bad_date', '4 duplicate', '5 bad_date', '7 bad_date']);
    const [cp] = await target.db.query(`select source_row, rows_committed::int, rows_rejected::int, rejects_bytes::int from queued.import_checkpoints where file_sha256 = $1`, [SHA_A]);
    expect(cp).toEqual({ source_row: 9, rows_committed: 4, rows_rejected: 4, rejects_bytes: Buffer.byteLength(rejects) });
    expect(await target.db.query(`select source_id from queued.lines where file_id = (select id from queued.import_files where sha256 = $1) order by 1`, [SHA_A])).toEqual(['T1', 'T3', 'T4', 'T5'].map((source_id) => ({ source_id })));
  });

  it('--max-rejects passed by duplicates the target finds stops there: the batch handed over behind it is not loaded', async () => {
    await runImportWith(options('maxdup'), SHA_B, opener([line(2, 'T9', 1)]));
    // [T1, T2] direct; [T9 (another file's key), T3] falls back and finds the duplicate, one
    // reject more than --max-rejects 0 allows; [T4, T5], handed over behind it, is not loaded.
    const items = [line(2, 'T1', 1), line(3, 'T2', 1), line(4, 'T9', 1), line(5, 'T3', 1), line(6, 'T4', 1), line(7, 'T5', 1)];
    const r = await runImportWith(options('maxdup', { batchSize: 2, maxRejects: { count: 0 } }), SHA_A, opener(items));
    expect(r).toMatchObject({ status: 'stopped_max_rejects', rowsRead: 4, rowsLoaded: 3, rowsRejected: 1, rejectsByReason: { duplicate: 1 } });
    expect(await target.db.query(`select source_id from maxdup.lines where file_id = (select id from maxdup.import_files where sha256 = $1) order by 1`, [SHA_A])).toEqual(['T1', 'T2', 'T3'].map((source_id) => ({ source_id })));
    const [cp] = await target.db.query(`select source_row from maxdup.import_checkpoints where file_sha256 = $1`, [SHA_A]);
    expect(cp).toEqual({ source_row: 5 });
  });

  it('the loader thread runs batches in order; those queued behind one that failed are cancelled until it is reopened', async () => {
    await target.db.query(`create schema loader; create table loader.k (k int primary key); create table loader.big (v text)`);
    await target.db.query(`create table loader.v (i int, b bigint, t text, ts timestamptz, d date)`);
    const loader = new DirectLoader(target.db.url);
    try {
      const regions = new CopyRegions();
      const copyJob = (sql: string, rows: ((d: CopyData) => void)[]) => {
        const data = new CopyData(regions);
        for (const write of rows) write(data);
        const chunks = data.section();
        return { begin: 'begin;', region: data.shared, copies: [{ sql, chunks, rows: rows.length }], finish: 'commit;' };
      };
      const key = (k: number) => (d: CopyData) => {
        d.row(1);
        d.int4(k);
        d.endRow();
      };
      const text = (v: string) => (d: CopyData) => {
        d.row(1);
        d.text(v);
        d.endRow();
      };
      const job = (k: number) => copyJob(copySql('loader.k', ['k']), [key(k)]);
      const [first, taken, behind] = await Promise.allSettled([loader.load(job(1)), loader.load(job(1)), loader.load(job(2))]);
      expect(first.status).toBe('fulfilled');
      expect(taken).toMatchObject({ status: 'rejected', reason: { code: '23505' } });
      expect(behind).toMatchObject({ status: 'rejected', reason: expect.any(DirectLoadCancelled) });
      expect(loader.open).toBe(false);
      await expect(loader.load(job(3))).rejects.toBeInstanceOf(DirectLoadCancelled);
      loader.reopen();
      await loader.load(job(3));
      // A batch whose check finds a row fails as a taken key, before its COPY.
      await expect(loader.load({ ...job(4), check: { sql: 'select 1 from loader.k where k = $1', values: [3] } })).rejects.toMatchObject({ code: '23505' });
      loader.reopen();
      await loader.load({ ...job(5), check: { sql: 'select 1 from loader.k where k = $1', values: [4] } });
      // Data larger than a region moves to a bigger one (6 MB of UTF-8 from 3M characters); it arrives whole.
      await loader.load(copyJob(copySql('loader.big', ['v']), [text('é'.repeat(3_000_000)), text('x')]));
      expect(await target.db.query(`select k from loader.k order by k`)).toEqual([{ k: 1 }, { k: 3 }, { k: 5 }]);
      expect(await target.db.query(`select length(v) as n from loader.big order by n`)).toEqual([{ n: 1 }, { n: 3_000_000 }]);
      // Each binary value as PostgreSQL reads it: the edges of int and bigint, instants and days either side of its 2000 epoch, text PostgreSQL cannot hold.
      const value = (i: number, b: number, t: string, ms: number, day: string) => (d: CopyData) => {
        d.row(5);
        d.int4(i);
        d.int8(b);
        d.text(t);
        d.timestamptz(ms);
        d.date(day);
        d.endRow();
      };
      await loader.load(copyJob(copySql('loader.v', ['i', 'b', 't', 'ts', 'd']), [
        value(2 ** 31 - 1, Number.MAX_SAFE_INTEGER, 'Kopi "Susu"\tGula\\Aren\né 😀', Date.UTC(2025, 4, 5, 23, 59, 59, 123), '2025-05-05'),
        value(-(2 ** 31), -Number.MAX_SAFE_INTEGER, 'nul\u0000 lone \ud800', Date.UTC(1999, 11, 31, 23, 59, 59, 999), '1999-12-31'),
        value(0, -1, '', 0, '1970-01-01'),
      ]));
      expect(await target.db.query(`select i, b::text, t, to_char(ts at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') as ts, d::text from loader.v order by i desc`)).toEqual([
        { i: 2 ** 31 - 1, b: String(Number.MAX_SAFE_INTEGER), t: 'Kopi "Susu"\tGula\\Aren\né 😀', ts: '2025-05-05 23:59:59.123', d: '2025-05-05' },
        { i: 0, b: '-1', t: '', ts: '1970-01-01 00:00:00.000', d: '1970-01-01' },
        { i: -(2 ** 31), b: String(-Number.MAX_SAFE_INTEGER), t: 'nul\ufffd lone \ufffd', ts: '1999-12-31 23:59:59.999', d: '1999-12-31' },
      ]);
    } finally {
      await loader.close();
    }
    // A loader that cannot connect says which target, as the import's own connection would.
    const unreachable = new DirectLoader('postgres://app:Sekr3t@127.0.0.1:1/db');
    const e = await unreachable.load({ begin: 'begin;', region: new SharedArrayBuffer(0), copies: [], finish: 'commit;' }).catch((x) => x);
    await unreachable.close();
    expect(e).toMatchObject({ code: 'target_unavailable', message: expect.stringMatching(/Cannot connect to the target database 127\.0\.0\.1:1\/db as app: connection refused/) });
    expect(e.message).not.toContain('Sekr3t');
  });

  it('works on its one connection, every batch staged, when the server has none left for the loader thread', async () => {
    // A role allowed one connection: the import's own gets it, the loader thread's is refused (53300).
    const role = `golive_one_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const database = new URL(target.db.url).pathname.slice(1);
    await target.db.query(`create role ${role} login connection limit 1`);
    await target.db.query(`grant create on database ${database} to ${role}`);
    try {
      const url = new URL(target.db.url);
      url.username = role;
      const items = [line(2, 'T1', 1), line(3, 'T1', 2), bad(4), line(5, 'T2', 1), line(6, 'T3', 1), line(7, 'T4', 1), line(8, 'T5', 1), line(9, 'T5', 2)];
      const o = { ...options('onecon', { batchSize: 2 }), target: { url: url.toString(), schema: 'onecon' } };
      const r = await runImportWith(o, SHA_A, opener(items));
      expect(r).toMatchObject({ status: 'completed', rowsRead: 8, rowsLoaded: 7, rowsRejected: 1, rejectsByReason: { bad_date: 1 } });
      expect(await totals('onecon')).toMatchObject({ lines: 7, txs: 5 });
      const rejects = fs.readFileSync(o.rejectsPath, 'utf8');
      expect(rejects.trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 2).join(' '))).toEqual(['4 bad_date']);
      const [cp] = await target.db.query(`select source_row, rejects_bytes::int from onecon.import_checkpoints where file_sha256 = $1`, [SHA_A]);
      expect(cp).toEqual({ source_row: 9, rejects_bytes: Buffer.byteLength(rejects) });
    } finally {
      await target.db.query(`drop owned by ${role}`);
      await target.db.query(`drop role ${role}`);
    }
  });

  it('a batch handed over behind one that fell back is not the base of a direct batch: the counters are what was loaded', async () => {
    // Batches of 2: [T1, T2] direct; [T1 line 2, T3] meets the receipt T1 taken and falls back,
    // then stages every row new; [T4, T2 again] was handed over behind it, is cancelled, and stages
    // a duplicate. [T5, T6] must not go direct on the counters [T4, T2 again] would have had
    // direct (both rows loaded, no reject): it waits for them.
    const o = options('behindfallback', { batchSize: 2 });
    const items = [line(2, 'T1', 1), line(3, 'T2', 1), line(4, 'T1', 2), line(5, 'T3', 1), line(6, 'T4', 1), line(7, 'T2', 1), line(8, 'T5', 1), line(9, 'T6', 1)];
    const r = await runImportWith(o, SHA_A, opener(items));
    expect(r).toMatchObject({ status: 'completed', rowsRead: 8, rowsLoaded: 7, rowsRejected: 1, rejectsByReason: { duplicate: 1 } });
    const rejects = fs.readFileSync(o.rejectsPath, 'utf8');
    expect(rejects.trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 2).join(' '))).toEqual(['7 duplicate']);
    const [cp] = await target.db.query(`select source_row, rows_committed::int, rows_rejected::int, rejects_bytes::int, state->>'rowsLoaded' as loaded from behindfallback.import_checkpoints`);
    expect(cp).toEqual({ source_row: 9, rows_committed: 7, rows_rejected: 1, rejects_bytes: Buffer.byteLength(rejects), loaded: '7' });
    const [run] = await target.db.query(`select rows_loaded::int, rows_rejected::int from behindfallback.import_runs`);
    expect(run).toEqual({ rows_loaded: 7, rows_rejected: 1 });
    expect(await totals('behindfallback')).toMatchObject({ lines: 7, txs: 6, counted: 7 });
  });

  it('property: totals do not depend on the batch size nor on where a resume happened, and a dry run says the same', async () => {
    let k = 0;
    const lineArb = fc.record({ tx: fc.integer({ min: 1, max: 8 }), no: fc.integer({ min: 1, max: 3 }), gross: fc.integer({ min: 1, max: 9_000_000 }), bad: fc.integer({ min: 0, max: 9 }).map((x) => x === 0) });
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 12 }), fc.nat({ max: 30 }), async (spec, batchSize, crashAt) => {
        const items = spec.map((s, i) => (s.bad ? bad(i + 2) : line(i + 2, `T${s.tx}`, s.no, { grossSen: s.gross, taxSen: 0, netSen: s.gross })));
        const one = `prop_one_${++k}`;
        const split = `prop_split_${k}`;
        const w = options(one, { batchSize: 1000 });
        const whole = await runImportWith(w, SHA_A, opener(items));
        const o = options(split, { batchSize });
        const first = await runImportWith(o, SHA_A, opener(items, crashAt)).catch(() => null);
        // Not crashed: its counters too (the run below is then a re-run of a loaded file).
        if (first) expect([first.rowsLoaded, first.rowsRejected, first.rejectsByReason]).toEqual([whole.rowsLoaded, whole.rowsRejected, whole.rejectsByReason]);
        const resumed = await runImportWith({ ...o, resume: !first }, SHA_A, opener(items));
        expect(resumed.rowsLoaded + resumed.rowsAlreadyLoaded).toBe(whole.rowsLoaded);
        expect(resumed.rowsRejected).toBe(whole.rowsRejected);
        expect(fs.readFileSync(o.rejectsPath, 'utf8')).toBe(fs.readFileSync(w.rejectsPath, 'utf8'));
        expect(await totals(split)).toEqual(await totals(one));
        const byTx = `select source_id, kind, net_sen::text, line_count from %s.transactions order by 1, 2`;
        expect(await target.db.query(byTx.replace('%s', split))).toEqual(await target.db.query(byTx.replace('%s', one)));
        // A dry run in these batches, of a target that does not exist, says what the load did.
        const d = options(`prop_dry_${k}`, { batchSize, dryRun: true });
        const dry = await runImportWith(d, SHA_A, opener(items));
        expect([dry.rowsLoaded, dry.rowsRejected, dry.rejectsByReason]).toEqual([whole.rowsLoaded, whole.rowsRejected, whole.rejectsByReason]);
        expect(fs.readFileSync(d.rejectsPath, 'utf8')).toBe(fs.readFileSync(w.rejectsPath, 'utf8'));
        await target.db.query(`drop schema ${one} cascade; drop schema ${split} cascade`);
      }),
      // Shrinking a failure runs imports for minutes: it stops in time to report what it has.
      { numRuns: 25, interruptAfterTimeLimit: 90_000, markInterruptAsFailure: true },
    );
  }, 120_000);
});
