/**
 * Reconciliation on real PostgreSQL (TEST_DATABASE_URL): exports of two systems whose outlets
 * are spelled differently are loaded with runImport, then reconciled as one chain; the target is
 * tampered with in the ways that matter (a line deleted, an amount changed, a transaction added,
 * a payment method changed, a transaction or one of its lines moved to another day) and each is
 * named. Transactions are a view over the lines, so every tamper is one of lines. Each tamper
 * works on its own schema, loaded fresh. The `golive reconcile` exit codes are checked end to end.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTargetDatabase, type TargetDatabase } from '../../../../../tests/helpers/target-db.ts';
import { runImport } from '../import.ts';
import type { Mapping } from '../mapping.ts';
import { profileDocument, validateMapping } from '../profiles.ts';
import { table } from '../../../../cli/output.ts';
import { reconcile } from './reconcile.ts';
import { renderReport } from './report.ts';
import type { ReconcileReport } from './types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const OUTLETS = {
  'JKT-SENOPATI': { name: 'Kopi Nusantara Senopati', aliases: ['Senopati', 'KN - Senopati'] },
  'BDG-BRAGA': { name: 'Kopi Nusantara Braga', aliases: ['Braga', 'Kopi Nusantara Braga'] },
};
const MOKA: Mapping = validateMapping({ ...profileDocument('moka'), outlets: OUTLETS });
const PAWOON: Mapping = validateMapping({ ...profileDocument('pawoon'), outlets: OUTLETS });

const MOKA_HEADER =
  'Date,Time,Outlet,Receipt Number,Category,Items,Variant,SKU,Quantity,Modifier Applied,Discount Applied,Gross Sales,Discounts,Refunds,Net Sales,Gratuity,Tax,Sales Type,Collected By,Served By,Customer,Payment Method,Event Type,Reason of Refund,Brand';
/** date, time, outlet, receipt, item, qty, gross, discounts, net (before tax), tax, payment, event */
const moka = (d: string, t: string, outlet: string, receipt: string, item: string, qty: number, gross: number, disc: number, net: number, tax: number, pay: string, event = 'Payment') =>
  `${d},${t},${outlet},${receipt},Minuman,${item},,,${qty},,,${gross},${disc},0,${net},0,${tax},Dine In,Ani,Budi,,${pay},${event},,Kopi Nusantara`;

const MOKA_CSV = `${[
  MOKA_HEADER,
  moka('05/05/2025', '08:15', 'Senopati', 'MK-0001', 'Kopi Susu Gula Aren', 2, 50000, 0, 50000, 5000, 'Cash'), // row 2
  moka('05/05/2025', '08:15', 'Senopati', 'MK-0001', 'Roti Bakar', 1, 30000, 5000, 25000, 2500, 'Cash'), //         row 3
  moka('05/05/2025', '12:40', 'Senopati', 'MK-0002', 'Es Teh Manis', 1, 15000, 0, 15000, 1500, 'QRIS'), //          row 4
  moka('05/05/2025', '13:05', 'Senopati', 'MK-0002', 'Es Teh Manis', -1, -15000, 0, -15000, -1500, 'QRIS', 'Refund'), // row 5
  moka('06/05/2025', '09:00', 'Senopati', 'MK-0003', 'Kopi Hitam', 1, 20000, 0, 20000, 2000, 'GoPay'), //            row 6
  moka('31/02/2025', '09:30', 'Senopati', 'MK-0004', 'Kopi Hitam', 1, 20000, 0, 20000, 2000, 'Cash'), //             row 7: bad_date
  moka('06/05/2025', '10:10', 'Braga', 'MK-0005', 'Nasi Goreng', 1, 35000, 0, 35000, 3500, 'Bitcoin'), //            row 8: unknown_payment_method
  moka('06/05/2025', '11:45', 'Braga', 'MK-0006', 'Mie Ayam', 2, 56000, 6000, 50000, 5000, 'EDC BCA'), //            row 9
  moka('06/05/2025', '11:45', 'Braga', 'MK-0006', 'Mie Ayam', 2, 56000, 6000, 50000, 5000, 'EDC BCA'), //            row 10: Moka repeats lines (distinct)
  moka('07/05/2025', '00:30', 'Braga', 'MK-0007', 'Kopi Tubruk', 1, 20000, 0, 20000, 2000, 'OVO'), //               row 11
].join('\n')}\n`;

/** A later Moka export overlapping the first: MK-0006 again (duplicates of loaded keys) and one new receipt. */
const MOKA_2_CSV = `${[
  MOKA_HEADER,
  moka('06/05/2025', '11:45', 'Braga', 'MK-0006', 'Mie Ayam', 2, 56000, 6000, 50000, 5000, 'EDC BCA'),
  moka('06/05/2025', '11:45', 'Braga', 'MK-0006', 'Mie Ayam', 2, 56000, 6000, 50000, 5000, 'EDC BCA'),
  moka('07/05/2025', '13:00', 'Braga', 'MK-0010', 'Es Kopi Susu', 3, 66000, 0, 66000, 6600, 'ShopeePay'),
].join('\n')}\n`;

/** A Moka export of a later month, loaded beside the first into the same schema. */
const MOKA_JUNE_CSV = `${[
  MOKA_HEADER,
  moka('02/06/2025', '09:10', 'Senopati', 'MK-0100', 'Kopi Susu Gula Aren', 1, 25000, 0, 25000, 2500, 'Cash'),
  moka('03/06/2025', '10:20', 'Braga', 'MK-0101', 'Roti Bakar', 2, 60000, 0, 60000, 6000, 'QRIS'),
].join('\n')}\n`;

const PAWOON_CSV = `\uFEFF${[
  'Laporan Transaksi Pawoon',
  'Periode: 05-05-2025 - 06-05-2025',
  'No. Transaksi;Tanggal;Jam;Outlet;No;Produk;Kategori;Jumlah;Harga Satuan;Penjualan Kotor;Diskon;Pajak;Biaya Layanan;Pembulatan;Total;Metode Pembayaran;Status',
  'PW-001;05-05-2025;19.30;KN - Senopati;1;Es Kopi;Minuman;1;25.000;25.000;0;2.500;1.250;-50;28.700;Tunai;Selesai', //       row 4
  'PW-001;05-05-2025;19.30;KN - Senopati;2;Pisang Goreng;Makanan;2;12.000;24.000;4.000;2.000;1.000;0;23.000;Tunai;Selesai', // row 5
  'PW-001;05-05-2025;19.30;KN - Senopati;2;Pisang Goreng;Makanan;2;12.000;24.000;4.000;2.000;1.000;0;23.000;Tunai;Selesai', // row 6: duplicate key
  'PW-002;06-05-2025;20.00;Kopi Nusantara Braga;1;Teh Tarik;Minuman;1;18.000;18.000;0;1.800;0;200;20.000;QRIS;Selesai', //   row 7
  'PW-003;06-05-2025;20.10;Kopi Nusantara Braga;1;Teh Tarik;Minuman;1;18.000;18.000;0;1.800;0;0;25.000;QRIS;Selesai', //     row 8: totals_mismatch
  'PW-002;06-05-2025;20.30;Kopi Nusantara Braga;1;Teh Tarik;Minuman;1;18.000;18.000;0;1.800;0;200;20.000;QRIS;Refund', //    row 9
  'TOTAL;;;;;;;;;;;;;;;;',
].join('\r\n')}\r\n`;

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('reconcile against TEST_DATABASE_URL (set it to run; skipped without a PostgreSQL server)', () => {
  let db: TargetDatabase;
  let dir: string;
  let files: { moka: string; moka2: string; mokaJune: string; pawoon: string };

  const load = async (schema: string, which: (keyof typeof files)[] = ['moka', 'pawoon']) => {
    for (const f of which) {
      await runImport({
        file: files[f], mapping: f === 'pawoon' ? PAWOON : MOKA, target: { url: db.url, schema }, environment: 'staging', rejectsPath: path.join(dir, `${schema}-${f}.rejects.csv`),
      });
    }
  };
  /** Reconciled twice, with one ledger and through spill partitions: the two reports must be the same. */
  const run = async (schema: string, which: (keyof typeof files)[] = ['moka', 'pawoon']) => {
    const o = { files: which.map((f) => ({ path: files[f], mapping: f === 'pawoon' ? PAWOON : MOKA })), target: { url: db.url, schema } };
    const { durationMs: _a, ...whole } = await reconcile(o);
    const { durationMs: _b, ...spilled } = await reconcile({ ...o, spillAboveBytes: 0 });
    expect(spilled).toEqual(whole);
    return { ...whole, durationMs: _a };
  };
  const day = (r: ReconcileReport, outlet: string, date: string) => r.differences.find((d) => d.outletCode === outlet && d.businessDate === date);
  const differs = (r: ReconcileReport) => r.days.filter((d) => d.differs.length).map((d) => `${d.outletCode} ${d.businessDate}: ${d.differs.join(',')}`);
  /** A schema loaded fresh with both files, then changed by `sql` (its tables are `s.…`). */
  const tampered = async (schema: string, sql: string) => {
    await load(schema);
    await db.query(sql.replaceAll('s.', `${schema}.`));
    return run(schema);
  };

  beforeAll(async () => {
    db = await createTargetDatabase('golive_rec');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-reconcile-'));
    files = { moka: path.join(dir, 'moka.csv'), moka2: path.join(dir, 'moka-2.csv'), mokaJune: path.join(dir, 'moka-june.csv'), pawoon: path.join(dir, 'pawoon.csv') };
    fs.writeFileSync(files.moka, MOKA_CSV);
    fs.writeFileSync(files.mokaJune, MOKA_JUNE_CSV);
    fs.writeFileSync(files.moka2, MOKA_2_CSV);
    fs.writeFileSync(files.pawoon, PAWOON_CSV);
  });
  afterAll(async () => {
    await db?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('passes for files of two systems loaded as one chain, with read = loaded + rejected per file', async () => {
    await load('chain');
    const r = await run('chain');
    expect(differs(r)).toEqual([]);
    expect(r).toMatchObject({ ok: true, identityHolds: true, read: 16, loaded: 12, rejected: 4, valid: 12, skipped: 1, differences: [] });
    expect(r.files).toEqual([
      { path: files.moka, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), sourceSystem: 'moka', read: 10, valid: 8, rejected: 2, skipped: 0, loaded: 8, rejectsByReason: { bad_date: 1, unknown_payment_method: 1 } },
      { path: files.pawoon, sha256: expect.any(String), sourceSystem: 'pawoon', read: 6, valid: 4, rejected: 2, skipped: 1, loaded: 4, rejectsByReason: { duplicate: 1, totals_mismatch: 1 } },
    ]);
    // Both systems' Senopati on 5 May count as one outlet-day: MK-0001, MK-0002 (sale), MK-0002 (refund), PW-001.
    const senopati = r.days.find((d) => d.outletCode === 'JKT-SENOPATI' && d.businessDate === '2025-05-05')!;
    expect(senopati.source).toEqual({
      transactions: 4, lines: 6, grossSen: 12_900_000, discountSen: 900_000, taxSen: 1_200_000, serviceChargeSen: 225_000, netSen: 13_420_000,
      netByMethod: { cash: 13_420_000 }, // QRIS: the refund cancels the sale
      content: expect.any(Number),
    });
    expect(r.days.map((d) => `${d.outletCode} ${d.businessDate}`)).toEqual(['BDG-BRAGA 2025-05-06', 'BDG-BRAGA 2025-05-07', 'JKT-SENOPATI 2025-05-05', 'JKT-SENOPATI 2025-05-06']);
  });

  it('replays the load order, so duplicates of keys loaded from another file are counted as the loader did', async () => {
    await load('overlap', ['moka', 'pawoon', 'moka2']);
    const r = await run('overlap', ['moka2', 'pawoon', 'moka']);
    expect(differs(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.files[0]).toMatchObject({ path: files.moka2, read: 3, valid: 1, rejected: 2, loaded: 1, rejectsByReason: { duplicate: 2 } });
    // Without the later file the target has a receipt no file given accounts for.
    const partial = await run('overlap', ['moka', 'pawoon']);
    expect(partial.ok).toBe(false);
    expect(day(partial, 'BDG-BRAGA', '2025-05-07')).toMatchObject({ missing: [], extra: ['MK-0010'], different: [] });
  });

  it("reads the target on the days the files' runs loaded; every day for a file never loaded, or whose days fall outside", async () => {
    await load('months', ['moka', 'pawoon', 'mokaJune']);
    // June tampered: a reconcile of May does not read it, a reconcile of June names it.
    await db.query(`update months.lines set net_sen = net_sen + 100 where source_id = 'MK-0101'`);
    const may = await run('months', ['moka', 'pawoon']);
    expect(may).toMatchObject({ ok: true, targetDaysRead: { from: '2025-05-05', to: '2025-05-07' } });
    const june = await run('months', ['mokaJune']);
    expect(june).toMatchObject({ ok: false, targetDaysRead: { from: '2025-06-02', to: '2025-06-03' } });
    expect(differs(june)).toEqual(['BDG-BRAGA 2025-06-03: netSen,netByMethod.qris,content']);

    // Never loaded here: every day is read (its rows are all missing).
    expect(await run('months', ['moka2'])).toMatchObject({ ok: false, targetDaysRead: null });
    // Read with a later day cutoff, MK-0001 (08:15 on 5 May) falls on 4 May, outside the runs' days:
    // every day is read — so a receipt on 4 May that came from elsewhere is compared with it.
    await db.query(
      `insert into months.lines (source_system, source_id, kind, line_no, outlet_code, occurred_at, business_date, item, product_key, qty_milli, gross_sen,
         discount_sen, tax_sen, service_charge_sen, rounding_sen, net_sen, payment_method, payment_method_raw, file_id, source_row, import_run_id)
         values ('moka', 'MK-0050', 'sale', 1, 'JKT-SENOPATI', '2025-05-04 20:00+07', '2025-05-04', 'Kopi Hitam', 'kopi hitam', 1000, 1000000,
           0, 0, 0, 0, 1000000, 'cash', 'Cash', 1, 99, gen_random_uuid())`,
    );
    const late = validateMapping({ ...profileDocument('moka'), outlets: OUTLETS, businessDay: { timezone: 'Asia/Jakarta', cutoff: '09:00' } });
    const shifted = await reconcile({ files: [{ path: files.moka, mapping: late }], target: { url: db.url, schema: 'months' } });
    expect(shifted).toMatchObject({ ok: false, targetDaysRead: null });
    expect(shifted.days.find((d) => d.outletCode === 'JKT-SENOPATI' && d.businessDate === '2025-05-04')).toMatchObject({ source: { transactions: 1 }, target: { transactions: 1 } });
    expect(day(shifted, 'JKT-SENOPATI', '2025-05-04')).toMatchObject({ missing: ['MK-0001'], extra: ['MK-0050'] });
    await db.query(`delete from months.lines where source_id = 'MK-0050'`);
    // Runs recorded before runs had days: every day, the same verdict.
    await db.query('update months.import_runs set business_date_from = null, business_date_to = null');
    const { durationMs: _a, targetDaysRead: unscoped, ...again } = await run('months', ['moka', 'pawoon']);
    const { durationMs: _b, targetDaysRead: _c, ...before } = may;
    expect(unscoped).toBeNull();
    expect(again).toEqual(before);
    // A target made before runs had days at all: read as it is, every day.
    await db.query('alter table months.import_runs drop column business_date_from, drop column business_date_to');
    const { durationMs: _d, targetDaysRead: older, ...old } = await run('months', ['moka', 'pawoon']);
    expect(older).toBeNull();
    expect(old).toEqual(before);
  });

  it('analyzes the lines a load left without statistics (the aggregates are planned on them), and does not wait for lines a VACUUM holds', async () => {
    // Statistics known = reltuples set (a table never analyzed has -1, whatever COPY put in it).
    const analyzed = async (schema: string) =>
      (await db.query<{ relname: string; known: boolean }>(
        `select c.relname, c.reltuples >= 0 as known from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = 'lines'`,
        [schema],
      )).map((r) => `${r.relname} ${r.known}`);
    await load('stats');
    expect(await analyzed('stats')).toEqual(['lines false']);
    expect((await run('stats')).ok).toBe(true);
    expect(await analyzed('stats')).toEqual(['lines true']);

    // While a VACUUM, an ANALYZE or an index build holds the table, it does not wait for it.
    await load('stats_held');
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('begin; lock table stats_held.lines in share update exclusive mode');
      expect(await run('stats_held')).toMatchObject({ ok: true, read: 16, loaded: 12 });
      expect(await analyzed('stats_held')).toEqual(['lines false']);
    } finally {
      await holder.end();
    }
  });

  it('names a deleted line: the transaction, the line and its source row, and the broken identity', async () => {
    const r = await tampered('t_delete', `delete from s.lines where source_system = 'moka' and source_id = 'MK-0001' and line_no = 2`);
    expect(r.ok).toBe(false);
    expect(r.identityHolds).toBe(false);
    expect(r.files[0]).toMatchObject({ read: 10, rejected: 2, loaded: 7 });
    expect(differs(r)).toEqual(['JKT-SENOPATI 2025-05-05: lines,grossSen,discountSen,taxSen,netSen,netByMethod.cash,content']);
    expect(day(r, 'JKT-SENOPATI', '2025-05-05')!.transactions).toEqual([
      { sourceSystem: 'moka', sourceId: 'MK-0001', kind: 'sale', status: 'different', source: { file: files.moka, row: 2 }, target: { file: files.moka, row: 2 }, lines: [{ lineNo: 2, status: 'missing', sourceRow: 3 }] },
    ]);
    // The example in docs/migration.md.
    expect(renderReport(r, table).split('\n').slice(-2)).toEqual([
      'JKT-SENOPATI 2025-05-05 different: MK-0001 [line 2 missing (row 3)]',
      expect.stringMatching(/^DIFFERENT: 1 of 4 outlet-days differ; 9 transactions, net Rp 288\.200 in the files; read 16 ≠ loaded 11 \+ rejected 4 \(bad_date 1, totals_mismatch 1, duplicate 1, unknown_payment_method 1\); \S+moka\.csv: read 10 ≠ loaded 7 \+ rejected 2; \d+\.\d s\.$/),
    ]);
  });

  it('names a changed amount (its transaction, a view over the lines, changes with it)', async () => {
    const r = await tampered(
      't_amount',
      `update s.lines set net_sen = net_sen + 100000, gross_sen = gross_sen + 100000 where source_id = 'PW-002' and kind = 'sale'`,
    );
    expect(r.identityHolds).toBe(true);
    expect(differs(r)).toEqual(['BDG-BRAGA 2025-05-06: grossSen,netSen,netByMethod.qris,content']);
    expect(day(r, 'BDG-BRAGA', '2025-05-06')).toMatchObject({ missing: [], extra: [], different: ['PW-002'] });
    expect(day(r, 'BDG-BRAGA', '2025-05-06')!.transactions[0]!.lines).toEqual([{ lineNo: 1, status: 'different', sourceRow: 7, targetRow: 7 }]);
  });

  it('names an extra transaction in the target', async () => {
    const r = await tampered(
      't_extra',
      `insert into s.import_files (sha256) values ('${'f'.repeat(64)}');
       insert into s.lines (source_system, source_id, kind, line_no, outlet_code, occurred_at, business_date, item, product_key, qty_milli, gross_sen,
         discount_sen, tax_sen, service_charge_sen, rounding_sen, net_sen, payment_method, payment_method_raw, file_id, source_row, import_run_id)
         values ('moka', 'MK-9999', 'sale', 1, 'JKT-SENOPATI', '2025-05-06 10:00+07', '2025-05-06', 'Kopi Hantu', 'kopi hantu', 1000, 1000000,
           0, 0, 0, 0, 1000000, 'cash', 'Cash', (select id from s.import_files where sha256 = '${'f'.repeat(64)}'), 99, gen_random_uuid())`,
    );
    expect(r.identityHolds).toBe(true); // the extra line came from no file given
    expect(differs(r)).toEqual(['JKT-SENOPATI 2025-05-06: transactions,lines,grossSen,netSen,netByMethod.cash,content']);
    expect(day(r, 'JKT-SENOPATI', '2025-05-06')!.transactions).toEqual([
      { sourceSystem: 'moka', sourceId: 'MK-9999', kind: 'sale', status: 'extra', target: { file: `file ${'f'.repeat(12)}`, row: 99 } },
    ]);
  });

  it('names a changed payment method', async () => {
    const r = await tampered(
      't_method',
      `update s.lines set payment_method = 'ovo' where source_id = 'MK-0003'`,
    );
    expect(differs(r)).toEqual(['JKT-SENOPATI 2025-05-06: netByMethod.gopay,netByMethod.ovo']);
    expect(day(r, 'JKT-SENOPATI', '2025-05-06')).toMatchObject({ different: ['MK-0003'] });
  });

  it('names changes no total shows: a quantity, an item, a time', async () => {
    const r = await tampered(
      't_content',
      `update s.lines set qty_milli = 3000 where source_id = 'MK-0001' and line_no = 1;
       update s.lines set item = 'Es Teh Tawar' where source_id = 'PW-002' and kind = 'refund';
       update s.lines set occurred_at = occurred_at + interval '1 hour' where source_id = 'MK-0003'`,
    );
    expect(differs(r)).toEqual(['BDG-BRAGA 2025-05-06: content', 'JKT-SENOPATI 2025-05-05: content', 'JKT-SENOPATI 2025-05-06: content']);
    expect(day(r, 'JKT-SENOPATI', '2025-05-05')!.transactions).toMatchObject([{ sourceId: 'MK-0001', status: 'different', lines: [{ lineNo: 1, status: 'different', sourceRow: 2, targetRow: 2 }] }]);
    expect(day(r, 'BDG-BRAGA', '2025-05-06')).toMatchObject({ different: ['PW-002 (refund)'], transactions: [{ lines: [{ lineNo: 1, status: 'different', sourceRow: 9 }] }] });
    expect(day(r, 'JKT-SENOPATI', '2025-05-06')!.transactions).toEqual([
      { sourceSystem: 'moka', sourceId: 'MK-0003', kind: 'sale', status: 'different', source: { file: files.moka, row: 6 }, target: { file: files.moka, row: 6 }, fields: ['occurredAt'] },
    ]);
  });

  it('names a transaction moved to another day on both days, with where it went', async () => {
    const r = await tampered('t_moved', `update s.lines set business_date = '2025-05-07' where source_id = 'MK-0006'`);
    expect(differs(r)).toEqual(['BDG-BRAGA 2025-05-06: transactions,lines,grossSen,discountSen,taxSen,netSen,netByMethod.debit_card,content', 'BDG-BRAGA 2025-05-07: transactions,lines,grossSen,discountSen,taxSen,netSen,netByMethod.debit_card,content']);
    expect(day(r, 'BDG-BRAGA', '2025-05-06')!.transactions).toEqual([
      { sourceSystem: 'moka', sourceId: 'MK-0006', kind: 'sale', status: 'missing', source: { file: files.moka, row: 9 }, elsewhere: { outletCode: 'BDG-BRAGA', businessDate: '2025-05-07' } },
    ]);
    expect(day(r, 'BDG-BRAGA', '2025-05-07')).toMatchObject({ extra: ['MK-0006'], transactions: [{ status: 'extra', elsewhere: { businessDate: '2025-05-06' } }] });
  });

  it('names a transaction one of whose lines moved to another day: different on its day, extra on the other', async () => {
    const r = await tampered('t_split', `update s.lines set business_date = '2025-05-06' where source_id = 'MK-0001' and line_no = 2`);
    expect(differs(r)).toEqual(['JKT-SENOPATI 2025-05-05: lines,grossSen,discountSen,taxSen,netSen,netByMethod.cash,content', 'JKT-SENOPATI 2025-05-06: transactions,lines,grossSen,discountSen,taxSen,netSen,netByMethod.cash,content']);
    expect(day(r, 'JKT-SENOPATI', '2025-05-05')!.transactions).toEqual([
      { sourceSystem: 'moka', sourceId: 'MK-0001', kind: 'sale', status: 'different', source: { file: files.moka, row: 2 }, target: { file: files.moka, row: 2 }, lines: [{ lineNo: 2, status: 'missing', sourceRow: 3 }] },
    ]);
    expect(day(r, 'JKT-SENOPATI', '2025-05-06')!.transactions).toEqual([
      { sourceSystem: 'moka', sourceId: 'MK-0001', kind: 'sale', status: 'extra', target: { file: files.moka, row: 3 }, elsewhere: { outletCode: 'JKT-SENOPATI', businessDate: '2025-05-05' } },
    ]);
  });

  it('compares transaction by transaction only up to its budget: the differing days after are reported by their totals (a wrong schema differs everywhere)', async () => {
    await load('other', ['moka2']);
    const r = await reconcile({ files: [{ path: files.moka, mapping: MOKA }], target: { url: db.url, schema: 'other' }, detailBudget: 2 });
    expect(differs(r).map((d) => d.split(':')[0])).toEqual(['BDG-BRAGA 2025-05-07', 'JKT-SENOPATI 2025-05-05', 'JKT-SENOPATI 2025-05-06']);
    expect(r.differences).toMatchObject([{ outletCode: 'BDG-BRAGA', businessDate: '2025-05-07', missing: ['MK-0007'], extra: ['MK-0010'] }]);
    expect(r.differencesOmitted).toEqual({ days: 2, transactions: 4 });
    expect(renderReport(r, table)).toContain('2 more outlet-days differ (4 transactions on them, files and target): too many differences to compare them transaction by transaction. Is --schema the schema these files were loaded into?');
    expect((await reconcile({ files: [{ path: files.moka, mapping: MOKA }], target: { url: db.url, schema: 'other' } })).differencesOmitted).toEqual({ days: 0, transactions: 0 });
  });

  it('golive reconcile exits 0 when it matches, 1 naming the difference, 2 on bad input', async () => {
    const mokaMapping = path.join(dir, 'moka-kn.json');
    const pawoonMapping = path.join(dir, 'pawoon-kn.json');
    fs.writeFileSync(mokaMapping, JSON.stringify({ ...profileDocument('moka'), outlets: OUTLETS }));
    fs.writeFileSync(pawoonMapping, JSON.stringify({ ...profileDocument('pawoon'), outlets: OUTLETS }));
    const args = (schema: string) => ['reconcile', files.moka, `${files.pawoon}=${pawoonMapping}`, '--mapping', mokaMapping, '--target', db.url, '--schema', schema];

    const ok = await cli([...args('chain'), '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, read: 16, loaded: 12, rejected: 4 });

    const text = await cli(args('t_moved'));
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('BDG-BRAGA 2025-05-06 missing from the target: MK-0006 [');
    expect(text.stdout).toMatch(/^DIFFERENT: 2 of 4 outlet-days differ; .*read 16 = loaded 12 \+ rejected 4/m);

    const bad = await cli(['reconcile', files.moka, '--target', db.url]);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toMatch(/^error: No mapping for .*moka\.csv: give --profile/);
    const noSchema = await cli(['reconcile', files.moka, '--profile', 'moka', '--target', db.url, '--schema', 'nowhere', '--json']);
    expect(noSchema.code).toBe(2);
    expect(JSON.parse(noSchema.stderr)).toMatchObject({ error: 'bad_option', message: expect.stringContaining('no schema "nowhere"') });
    expect(noSchema.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  }, 60_000);
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/golive.js'), ...args], { cwd: ROOT, env: { ...process.env, GOLIVE_IMPORT_TARGET_URL: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
