import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MigrationInputError } from './errors.ts';
import { TransactionLines } from './line-state.ts';
import type { Mapping } from './mapping.ts';
import { loadMapping } from './profiles.ts';
import { makeTransform } from './transform.ts';
import type { CanonicalLine, MappedRow, SourceCell, SourceRecord } from './types.ts';

const MOKA_HEADER = [
  'Date', 'Time', 'Outlet', 'Receipt Number', 'Category', 'Items', 'Variant', 'SKU', 'Quantity', 'Modifier Applied',
  'Discount Applied', 'Gross Sales', 'Discounts', 'Refunds', 'Net Sales', 'Gratuity', 'Tax', 'Sales Type', 'Collected By',
  'Served By', 'Customer', 'Payment Method', 'Event Type', 'Reason of Refund', 'Brand',
];
type MokaRow = Partial<Record<(typeof MOKA_HEADER)[number], string>>;
const mokaSale: MokaRow = {
  Date: '05/05/2025', Time: '13:45', Outlet: 'KN - Senopati', 'Receipt Number': 'R-0001', Category: 'Kopi', Items: 'Es Kopi Susu',
  SKU: 'EKS-01', Quantity: '2', 'Gross Sales': '50000', Discounts: '5000', 'Net Sales': '45000', Gratuity: '2250', Tax: '4725',
  'Payment Method': 'GoPay', 'Event Type': 'Payment',
};
const mokaFields = (r: MokaRow): SourceCell[] => MOKA_HEADER.map((h) => r[h] ?? '');

const moka = loadMapping('moka');
const withOutlets = (m: Mapping): Mapping => ({
  ...m,
  outlets: { 'JKT-SENOPATI': { name: 'Senopati', aliases: ['Kopi Nusantara Senopati', 'KN - Senopati'] } },
});

let nextRow = 2;
const rec = (fields: SourceCell[], row = nextRow++): SourceRecord => ({ row, end: row * 100, fields, raw: fields.join(',') });
const line = (r: MappedRow): CanonicalLine => {
  if (!r.ok) throw new Error(`rejected: ${r.reason}: ${r.detail}`);
  return r.line;
};
const rejected = (r: MappedRow) => (r.ok ? { reason: 'accepted' } : { reason: r.reason, detail: r.detail });

describe('makeTransform: columns', () => {
  it('refuses a mapping whose column is not in the header, naming it and listing the header', () => {
    const header = MOKA_HEADER.filter((h) => h !== 'Gross Sales');
    const err = (() => {
      try {
        makeTransform(moka, header);
      } catch (e) {
        return e as MigrationInputError;
      }
      throw new Error('no error');
    })();
    expect(err).toBeInstanceOf(MigrationInputError);
    expect(err.code).toBe('bad_mapping');
    expect(err.message).toContain('columns.gross: column "Gross Sales" is not in the file\'s header');
    expect(err.message).toContain('"Receipt Number"');
  });

  it('matches header names case- and space-insensitively', () => {
    const header = MOKA_HEADER.map((h) => `  ${h.toUpperCase().replace(' ', '  ')} `);
    const t = makeTransform(moka, header);
    expect(line(t(rec(mokaFields(mokaSale)))).item).toBe('Es Kopi Susu');
  });
});

describe('makeTransform: a valid Moka sale', () => {
  it('becomes the canonical line: sen, instant, business date, net including tax and gratuity', () => {
    const t = makeTransform(withOutlets(moka), MOKA_HEADER);
    const l = line(t(rec(mokaFields(mokaSale), 7)));
    expect(l).toMatchObject({
      sourceSystem: 'moka', sourceRow: 7, transactionId: 'R-0001', lineNo: 1,
      occurredAt: Date.parse('2025-05-05T13:45:00+07:00'), businessDate: '2025-05-05',
      outletCode: 'JKT-SENOPATI', outletName: 'KN - Senopati', item: 'Es Kopi Susu', category: 'Kopi', sku: 'EKS-01',
      qtyMilli: 2000, unitPriceSen: null, grossSen: 5_000_000, discountSen: 500_000, taxSen: 472_500,
      serviceChargeSen: 225_000, roundingSen: 0, netSen: 4_500_000 + 472_500 + 225_000,
      paymentMethod: 'gopay', paymentMethodRaw: 'GoPay', kind: 'sale', originalTransactionId: null,
    });
  });

  it('gives the outlet a slug code when the mapping lists no outlets', () => {
    const t = makeTransform(moka, MOKA_HEADER);
    expect(line(t(rec(mokaFields({ ...mokaSale, Outlet: 'Kopi Nusantara — Senopati' })))).outletCode).toBe('kopi-nusantara-senopati');
  });

  it('with repeated lines as duplicates, matches a line by its content: not its row or its line number', () => {
    const t = makeTransform({ ...moka, lines: { repeated: 'duplicate' as const } }, MOKA_HEADER);
    expect(line(t(rec(mokaFields(mokaSale), 2))).lineNo).toBe(1);
    // Same content at another row (it would be line 2): the same line.
    expect(rejected(t(rec(mokaFields(mokaSale), 90)))).toMatchObject({ reason: 'duplicate', detail: expect.stringMatching(/^repeats row 2 /) });
    // One amount different: a line of its own.
    expect(line(t(rec(mokaFields({ ...mokaSale, Tax: '4726' }), 91))).lineNo).toBe(3);
  });
});

describe('makeTransform: repeated lines', () => {
  it('"duplicate" rejects the second of two identical lines of a receipt', () => {
    const dedupe = makeTransform({ ...moka, lines: { repeated: 'duplicate' } }, MOKA_HEADER);
    dedupe(rec(mokaFields(mokaSale), 30));
    expect(rejected(dedupe(rec(mokaFields(mokaSale), 31)))).toMatchObject({ reason: 'duplicate', detail: expect.stringMatching(/^repeats row 30 /) });
  });
});

describe('makeTransform: rejects', () => {
  const t = makeTransform(withOutlets(moka), MOKA_HEADER);
  const run = (r: MokaRow) => rejected(t(rec(mokaFields({ ...mokaSale, 'Receipt Number': `R-${nextRow}`, ...r }))));

  it('bad_row: wrong number of columns', () => {
    expect(rejected(t(rec(mokaFields(mokaSale).slice(0, 20))))).toEqual({ reason: 'bad_row', detail: 'expected 25 columns as in the header, found 20' });
    expect(rejected(t(rec([...mokaFields(mokaSale), ''])))).toMatchObject({ reason: 'bad_row' });
  });

  it('missing_field names the column', () => {
    expect(run({ Items: ' ' })).toEqual({ reason: 'missing_field', detail: 'column "Items" is empty' });
    expect(run({ 'Receipt Number': '' })).toEqual({ reason: 'missing_field', detail: 'column "Receipt Number" is empty' });
    expect(run({ Time: '' })).toMatchObject({ reason: 'missing_field', detail: 'column "Time" is empty' });
  });

  it('optional amounts may be empty (zero), required ones may not', () => {
    expect(run({ Discounts: '', 'Net Sales': '50000', Gratuity: '', Tax: '' })).toEqual({ reason: 'accepted' });
    expect(run({ 'Gross Sales': '' })).toMatchObject({ reason: 'missing_field' });
  });

  it('bad_date names the column, the value and the format', () => {
    expect(run({ Date: '31/02/2025' })).toEqual({ reason: 'bad_date', detail: 'column "Date": "31/02/2025" is not a date in the format dd/MM/yyyy' });
    expect(run({ Time: '25:10' })).toEqual({ reason: 'bad_date', detail: 'column "Time": "25:10" is not a time in the format HH:mm' });
  });

  it('bad_number names the column, the value and the style', () => {
    expect(run({ 'Gross Sales': '12.5.0' })).toEqual({
      reason: 'bad_number',
      detail: 'column "Gross Sales": "12.5.0" is not an amount (decimal ".", thousands "", unit rupiah)',
    });
    expect(run({ Quantity: 'dua' })).toMatchObject({ reason: 'bad_number', detail: expect.stringContaining('"dua" is not a quantity') });
  });

  it('totals_mismatch beyond the tolerance, in rupiah', () => {
    expect(run({ 'Net Sales': '45001' })).toEqual({ reason: 'accepted' }); // 1 rupiah: within the default tolerance
    expect(run({ 'Net Sales': '45002' })).toEqual({
      reason: 'totals_mismatch',
      detail: 'gross 50000 − discount 5000 = 45000 rupiah, but column "Net Sales" says 45002',
    });
  });

  it('unknown_payment_method and unknown_outlet say what to add', () => {
    expect(run({ 'Payment Method': 'Bitcoin' })).toMatchObject({ reason: 'unknown_payment_method', detail: expect.stringContaining('"Bitcoin" is not a known payment method') });
    expect(run({ Outlet: 'Kemang' })).toMatchObject({ reason: 'unknown_outlet', detail: expect.stringContaining('"Kemang" is not an outlet') });
    expect(run({ Outlet: 'kopi nusantara  SENOPATI' })).toEqual({ reason: 'accepted' });
  });

  it('negative_without_refund on a sale row', () => {
    expect(run({ Quantity: '-2', 'Gross Sales': '-50000', Discounts: '-5000', 'Net Sales': '-45000' })).toEqual({
      reason: 'negative_without_refund',
      detail: 'column "Quantity" is "-2" on a sale row (not marked refund/void by "Event Type")',
    });
    expect(run({ Tax: '-4725' })).toMatchObject({ reason: 'negative_without_refund', detail: expect.stringContaining('"Tax"') });
  });
});

describe('makeTransform: refunds and voids are negative, whatever the file wrote', () => {
  it('a Moka refund (negative in the file) stays negative, linked to the sale', () => {
    const t = makeTransform(moka, MOKA_HEADER);
    const l = line(t(rec(mokaFields({ ...mokaSale, 'Event Type': 'Refund', Quantity: '-2', 'Gross Sales': '-50000', Discounts: '-5000', 'Net Sales': '-45000', Gratuity: '-2250', Tax: '-4725' }))));
    expect(l).toMatchObject({ kind: 'refund', transactionId: 'R-0001', originalTransactionId: 'R-0001', qtyMilli: -2000, grossSen: -5_000_000, discountSen: -500_000, netSen: -5_197_500 });
  });

  it('a refund written with positive figures is made negative, rounding included', async () => {
    const pawoon = loadMapping('pawoon');
    const header = ['No. Transaksi', 'Tanggal', 'Jam', 'Outlet', 'No', 'Produk', 'Kategori', 'Jumlah', 'Harga Satuan', 'Penjualan Kotor', 'Diskon', 'Pajak', 'Biaya Layanan', 'Pembulatan', 'Total', 'Metode Pembayaran', 'Status'];
    const t = makeTransform(pawoon, header);
    const row = (status: string, rounding: string, total: string) =>
      ['TRX-9', '05-05-2025', '21.15', 'Senopati', '1', 'Nasi Goreng', 'Makanan', '1', '35.000', '35.000', '0', '3.500', '1.750', rounding, total, 'Tunai', status];
    const sale = line(t(rec(row('Selesai', '-250', '40.000'))));
    expect(sale).toMatchObject({ kind: 'sale', lineNo: 1, netSen: 4_000_000, roundingSen: -25_000, unitPriceSen: 3_500_000 });
    const refund = line(t(rec(row('Refund', '-250', '40.000'))));
    expect(refund).toMatchObject({ kind: 'refund', qtyMilli: -1000, grossSen: -3_500_000, taxSen: -350_000, serviceChargeSen: -175_000, roundingSen: 25_000, netSen: -4_000_000, unitPriceSen: 3_500_000 });
    expect(line(t(rec(row('Batal', '-250', '40.000'))))).toMatchObject({ kind: 'void', netSen: -4_000_000 });
    expect(rejected(t(rec(row('Selesai', '-250', '40.100'))))).toMatchObject({ reason: 'totals_mismatch', detail: expect.stringContaining('+ rounding -250 = 40000 rupiah, but column "Total" says 40100') });
    expect(rejected(t(rec(['TRX-9', '05-05-2025', '21.15', 'Senopati', 'x', 'Nasi', 'M', '1', '1', '1', '0', '0', '0', '0', '1', 'Tunai', 'Selesai'])))).toMatchObject({ reason: 'bad_number', detail: expect.stringContaining('column "No": "x" is not a line number') });
    // Past the target's int line_no: a reject, not a batch PostgreSQL (or the COPY writer) refuses whole.
    const numbered = (no: string) => t(rec(['TRX-9', '05-05-2025', '21.15', 'Senopati', no, 'Nasi', 'M', '1', '1', '1', '0', '0', '0', '0', '1', 'Tunai', 'Selesai']));
    expect(rejected(numbered('2147483648'))).toMatchObject({ reason: 'bad_number', detail: expect.stringContaining('"2147483648" is not a line number (1, 2, … up to 2147483647)') });
    expect(line(numbered('2147483647'))).toMatchObject({ lineNo: 2_147_483_647 });
  });
});

describe('makeTransform: line numbers and repeated lines', () => {
  const ids = (rows: MappedRow[]) => rows.map((r) => (r.ok ? `${r.line.kind}:${r.line.transactionId}#${r.line.lineNo}` : r.reason));

  it('derives the line number from row order within the transaction (refunds count apart), rejected rows included', () => {
    const t = makeTransform(moka, MOKA_HEADER);
    const rows = [
      { 'Receipt Number': 'A' }, { 'Receipt Number': 'A', Date: '31/02/2025' }, { 'Receipt Number': 'B' }, { 'Receipt Number': 'A' },
      { 'Receipt Number': 'A', 'Event Type': 'Refund', Quantity: '-2', 'Gross Sales': '-50000', Discounts: '-5000', 'Net Sales': '-45000', Gratuity: '-2250', Tax: '-4725' },
      { 'Receipt Number': 'A' },
    ].map((r) => t(rec(mokaFields({ ...mokaSale, ...r }))));
    expect(ids(rows)).toEqual(['sale:A#1', 'bad_date', 'sale:B#1', 'sale:A#3', 'refund:A#1', 'sale:A#4']);
  });

  it('"distinct" (Moka): the same item twice on one receipt is two lines', () => {
    const t = makeTransform(moka, MOKA_HEADER);
    const [a, b] = [t(rec(mokaFields(mokaSale))), t(rec(mokaFields(mokaSale)))].map(line);
    expect([a!.lineNo, b!.lineNo]).toEqual([1, 2]);
  });

  it('"duplicate": a line repeating an earlier line of the same transaction is a duplicate reject', () => {
    const t = makeTransform({ ...moka, lines: { repeated: 'duplicate' } }, MOKA_HEADER);
    const first = t(rec(mokaFields(mokaSale), 10));
    const other = t(rec(mokaFields({ ...mokaSale, Items: 'Roti' }), 11));
    const again = t(rec(mokaFields(mokaSale), 12));
    const elsewhere = t(rec(mokaFields({ ...mokaSale, 'Receipt Number': 'R-0002' }), 13));
    expect(ids([first, other, again, elsewhere])).toEqual(['sale:R-0001#1', 'sale:R-0001#2', 'duplicate', 'sale:R-0002#1']);
    expect(rejected(again).detail).toMatch(/^repeats row 10 /);
  });

  it('advance() replays the state: resuming anywhere gives what one run gives', () => {
    const rowArb = fc.record({ tx: fc.constantFrom('A', 'B', 'C'), item: fc.constantFrom('Kopi', 'Teh'), refund: fc.boolean(), bad: fc.boolean() });
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), fc.nat(), fc.constantFrom<'duplicate' | 'distinct'>('duplicate', 'distinct'), (rows, cut, repeated) => {
        const mapping = { ...moka, lines: { repeated } };
        const records = rows.map((r, i) =>
          rec(mokaFields({
            ...mokaSale, 'Receipt Number': r.tx, Items: r.item, Date: r.bad ? '31/02/2025' : '05/05/2025',
            ...(r.refund ? { 'Event Type': 'Refund', Quantity: '-2', 'Gross Sales': '-50000', Discounts: '-5000', 'Net Sales': '-45000', Gratuity: '-2250', Tax: '-4725' } : {}),
          }), i + 2),
        );
        const whole = makeTransform(mapping, MOKA_HEADER);
        const expected = records.map((r) => whole(r));
        const at = rows.length ? cut % rows.length : 0;
        const resumed = makeTransform(mapping, MOKA_HEADER);
        records.slice(0, at).forEach((r) => resumed.advance(r));
        expect(records.slice(at).map((r) => resumed(r))).toEqual(expected.slice(at));
      }),
      { numRuns: 300 },
    );
  });
});

describe('TransactionLines: bounded memory', () => {
  it('forgets a transaction a window of rows after its first row, and only then', () => {
    const lines = new TransactionLines(100);
    const count = (key: string, row: number) => lines.count(lines.next(key, row));
    expect(count('A', 1)).toBe(1);
    expect(count('A', 101)).toBe(2);
    expect(count('A', 102)).toBe(1); // 101 rows after its first: a new transaction as far as numbering goes
    for (let row = 103; row < 1000; row++) lines.next(`T${row}`, row);
    expect(lines.size).toBeLessThanOrEqual(201);
  });

  it('numbers rows as a plain map of every transaction would, in order or not (property)', () => {
    // Keys mostly ascending with some going back, as receipts numbered in order with stragglers.
    const step = fc.oneof(fc.constant(1), fc.constant(0), fc.integer({ min: -30, max: 3 }));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 400 }), fc.integer({ min: 5, max: 60 }), (steps, window) => {
        const lines = new TransactionLines(window);
        const model = new Map<string, { first: number; n: number }>();
        let id = 1000;
        steps.forEach((d, i) => {
          id = Math.max(1000, id + d);
          const key = `R-${id}`;
          const row = i + 2;
          let m = model.get(key);
          if (!m || row - m.first > window) model.set(key, (m = { first: row, n: 0 }));
          m.n++;
          expect(lines.count(lines.next(key, row))).toBe(m.n);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('finds a repeated line as a plain map of every transaction\'s lines would, within the window (property)', () => {
    const step = fc.oneof(fc.constant(1), fc.constant(0), fc.integer({ min: -30, max: 3 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(step, fc.integer({ min: 0, max: 3 })), { maxLength: 400 }), fc.integer({ min: 3, max: 40 }), (rows, window) => {
        const lines = new TransactionLines(window);
        const model = new Map<string, { first: number; seen: Map<number, number> }>();
        let id = 1000;
        rows.forEach(([d, content], i) => {
          id = Math.max(1000, id + d);
          const key = `R-${id}`;
          const row = i + 2;
          let m = model.get(key);
          if (!m || row - m.first > window) model.set(key, (m = { first: row, seen: new Map() }));
          const want = m.seen.get(content) ?? null;
          if (want === null) m.seen.set(content, row);
          const slot = lines.next(key, row);
          expect(lines.repeatOf(slot, createHash('sha256').update(`line ${content}`).digest(), row)).toBe(want);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('makeTransform: XLSX cells', () => {
  it('takes native numbers and dates, and pads short rows', () => {
    const majoo = loadMapping('majoo');
    const header = ['No. Dokumen', 'Tanggal', 'Outlet', 'Produk', 'Kategori', 'Qty', 'Harga', 'Subtotal', 'Diskon', 'Biaya Pelayanan', 'Pajak', 'Pembulatan', 'Total', 'Metode Pembayaran', 'Tipe', 'No. Referensi'];
    const t = makeTransform(majoo, header);
    const sale = line(t(rec(['PB/250505/0001', '05 Agu 2025 23:10', 'Senopati', 'Teh', 'Minuman', 2, 'Rp 10.000', 'Rp 20.000', 'Rp 0', 'Rp 1.000', 'Rp 2.100', 'Rp 0', 'Rp 23.100', 'QRIS', 'Penjualan'])));
    expect(sale).toMatchObject({ qtyMilli: 2000, netSen: 2_310_000, occurredAt: Date.parse('2025-08-05T23:10:00+07:00'), lineNo: 1 });
    const refund = line(t(rec(['PB/250506/0007', new Date(Date.UTC(2025, 7, 6, 9, 0)), 'Senopati', 'Teh', 'Minuman', -2, 'Rp 10.000', '-Rp 20.000', 'Rp 0', '-Rp 1.000', '-Rp 2.100', 'Rp 0', '-Rp 23.100', 'QRIS', 'Refund', 'PB/250505/0001'])));
    // majoo numbers documents per outlet: the stored ids carry the outlet's code (a slug of the name without an outlets section).
    expect(refund).toMatchObject({ kind: 'refund', transactionId: 'senopati/PB/250506/0007', originalTransactionId: 'senopati/PB/250505/0001', netSen: -2_310_000, occurredAt: Date.parse('2025-08-06T09:00:00+07:00') });
  });
});

describe('makeTransform: transactionIds per_outlet', () => {
  const twoOutlets = (m: Mapping): Mapping => ({
    ...m,
    transactionIds: 'per_outlet',
    outlets: {
      'JKT-SENOPATI': { name: 'Senopati', aliases: ['KN - Senopati'] },
      'DPS-SEMINYAK': { name: 'Seminyak', aliases: ['KN - Seminyak'] },
    },
  });

  it('stores "<outlet code>/<id>" so the same receipt number at two outlets is two transactions', () => {
    const t = makeTransform(twoOutlets(moka), MOKA_HEADER);
    const a = line(t(rec(mokaFields(mokaSale))));
    const b = line(t(rec(mokaFields({ ...mokaSale, Outlet: 'KN - Seminyak' }))));
    expect([a.transactionId, b.transactionId]).toEqual(['JKT-SENOPATI/R-0001', 'DPS-SEMINYAK/R-0001']);
    expect([a.lineNo, b.lineNo]).toEqual([1, 1]);
  });

  it('scopes a refund\'s original id to the outlet too, and rejects an unknown outlet before numbering', () => {
    const t = makeTransform(twoOutlets(moka), MOKA_HEADER);
    const refund = line(t(rec(mokaFields({ ...mokaSale, 'Event Type': 'Refund', Quantity: '-2', 'Gross Sales': '-50000', Discounts: '-5000', 'Net Sales': '-45000', Gratuity: '-2250', Tax: '-4725' }))));
    expect(refund.kind).toBe('refund');
    expect(refund.originalTransactionId).toBe('JKT-SENOPATI/R-0001');
    expect(rejected(t(rec(mokaFields({ ...mokaSale, Outlet: 'Bintaro' }))))).toMatchObject({ reason: 'unknown_outlet' });
  });
});
