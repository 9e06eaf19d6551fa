import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { MigrationInputError } from './errors.ts';
import { inspect } from './inspect.ts';
import { validateMapping } from './profiles.ts';
import { makeTransform } from './transform.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-inspect-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};

const MOKA = [
  'Date,Time,Outlet,Receipt Number,Category,Items,Variant,SKU,Quantity,Modifier Applied,Discount Applied,Gross Sales,Discounts,Refunds,Net Sales,Gratuity,Tax,Sales Type,Collected By,Served By,Customer,Payment Method,Event Type,Reason of Refund,Brand',
  '05/05/2025,13:45,Kopi Nusantara Senopati,R-1,Kopi,Es Kopi Susu,,KOP-001,2,,,44000,0,0,44000,2200,4620,Dine In,Ani,Budi,,GoPay,Payment,,KN',
  '05/05/2025,13:47,Kopi Nusantara Senopati,R-2,Kopi,"Kopi Susu, Gula Aren",,KOP-004,1,,,25000,0,0,25000,1250,2625,Dine In,Ani,Budi,,Cash,Payment,,KN',
].join('\n');

const PAWOON_ROWS = [
  'No. Transaksi;Tanggal;Jam;Outlet;No;Produk;Kategori;Jumlah;Harga Satuan;Penjualan Kotor;Diskon;Pajak;Biaya Layanan;Pembulatan;Total;Metode Pembayaran;Status',
  'TRX-1;05-05-2025;13.45;KN - Senopati;1;Nasi Goreng Kampung;Makanan;1;35.000;35.000;0;3.850;1.750;-100;40.500;Tunai;Selesai',
  'TRX-1;05-05-2025;13.45;KN - Senopati;2;Es Teh Manis Café;Minuman;1;12.000;12.000;0;1.320;600;80;14.000;Tunai;Selesai',
  'TOTAL;;;;;;;2;;47.000;0;5.170;2.350;-20;54.500;;',
];
const PAWOON = `\uFEFFLaporan Transaksi Pawoon\r\nPeriode: 01-05-2025 - 31-05-2025\r\n${PAWOON_ROWS.join('\r\n')}\r\n`;

describe('inspect: built-in profiles', () => {
  it('recognises a Moka export', async () => {
    const r = await inspect(write('moka.csv', MOKA));
    expect(r).toMatchObject({ format: 'csv', encoding: 'utf-8', bom: false, lineBreak: 'LF', delimiter: ',', titleLines: 0, profile: 'moka' });
    expect(r.sample[1]?.[5]).toBe('Kopi Susu, Gula Aren');
    expect(validateMapping(r.mapping).sourceSystem).toBe('moka');
  });

  it('recognises a Pawoon export: BOM, CRLF, two title lines, ; and a TOTAL line', async () => {
    const r = await inspect(write('pawoon.csv', PAWOON));
    expect(r).toMatchObject({ encoding: 'utf-8', bom: true, lineBreak: 'CRLF', delimiter: ';', titleLines: 2, profile: 'pawoon' });
    expect(r.header[0]).toBe('No. Transaksi');
    expect(r.sample).toHaveLength(2);
    expect(r.sample[1]?.[5]).toBe('Es Teh Manis Café');
  });

  it('recognises a majoo workbook with its title row', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Penjualan');
    ws.addRow(['Laporan Penjualan majoo']);
    ws.addRow(['No. Dokumen', 'Tanggal', 'Outlet', 'Produk', 'Kategori', 'Qty', 'Harga', 'Subtotal', 'Diskon', 'Biaya Pelayanan', 'Pajak', 'Pembulatan', 'Total', 'Metode Pembayaran', 'Tipe', 'No. Referensi']);
    // Sales leave the last cell (No. Referensi) empty: most rows are narrower than the header.
    ws.addRow(['PB/250505/0001', '05 Mei 2025 13:45', 'Senopati', 'Teh', 'Minuman', 2, 'Rp 10.000', 'Rp 20.000', 'Rp 0', 'Rp 1.000', 'Rp 2.310', 'Rp 0', 'Rp 23.310', 'QRIS', 'Penjualan', '']);
    ws.addRow(['PB/250505/0002', '05 Mei 2025 13:50', 'Senopati', 'Kopi', 'Minuman', 1, 'Rp 22.000', 'Rp 22.000', 'Rp 0', 'Rp 1.100', 'Rp 2.541', 'Rp -41', 'Rp 25.600', 'Tunai', 'Penjualan']);
    const file = path.join(dir, 'majoo.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await inspect(file);
    expect(r).toMatchObject({ format: 'xlsx', titleLines: 1, profile: 'majoo' });
    expect(r.header).toHaveLength(16);
    expect(r.sample[0]?.[0]).toBe('PB/250505/0001');
  });
});

describe('inspect: an unknown export', () => {
  const header = 'Nomor Nota|Tanggal Transaksi|Nama Outlet|Nama Menu|Qty|Sub Total|Potongan|PB1|Service Charge|Grand Total|Cara Bayar|Status Transaksi';
  const rows = [
    'N-01|05/05/2025 23:45|Senopati|Nasi Goreng|1|35,000.00|0.00|3,500.00|1,750.00|40,250.00|Tunai|Lunas',
    'N-02|06/05/2025 00:15|Senopati|Es Teh|2|24,000.00|(2,000.00)|2,200.00|0.00|24,200.00|Voucher Karyawan|Refund',
  ];

  it('proposes a valid mapping from the header names and the values', async () => {
    const file = write('other.csv', `${header}\n${rows.join('\n')}\n`);
    const r = await inspect(file);
    expect(r.profile).toBeNull();
    expect(r.delimiter).toBe('|');
    const m = validateMapping(r.mapping);
    expect(m.columns).toMatchObject({
      transaction_id: 'Nomor Nota', occurred_at: 'Tanggal Transaksi', outlet: 'Nama Outlet', item: 'Nama Menu', qty: 'Qty',
      gross: 'Sub Total', discount: 'Potongan', tax: 'PB1', service_charge: 'Service Charge', net: 'Grand Total',
      payment_method: 'Cara Bayar', refund_marker: { column: 'Status Transaksi', refund: ['Refund'], void: ['Void'] },
    });
    expect(m.dates.format).toBe('dd/MM/yyyy HH:mm');
    expect(m.numbers).toMatchObject({ decimal: '.', thousands: ',', negative: ['minus', 'parentheses'] });
    expect(m.amounts.netIncludesTaxAndCharges).toBe(true);
    expect(r.notes.join('\n')).toContain('"Voucher Karyawan"');
    // The proposal works as is on the file's own rows (the unknown payment name aside).
    const t = makeTransform(m, r.header);
    expect(t({ row: 2, end: 0, fields: r.sample[0]!, raw: '' })).toMatchObject({ ok: true, line: { netSen: 4_025_000, occurredAt: Date.parse('2025-05-05T23:45:00+07:00') } });
    expect(t({ row: 3, end: 0, fields: r.sample[1]!, raw: '' })).toMatchObject({ ok: false, reason: 'unknown_payment_method' });
  });

  it('reads Windows-1252 and says where it could not decide', async () => {
    const text = 'Tanggal;Produk;Jumlah;Total\r\n05-05-2025;Crème Brûlée;1;32.500\r\n';
    const r = await inspect(write('cp1252.csv', iconv.encode(text, 'windows-1252')));
    expect(r.encoding).toBe('windows-1252');
    expect(r.sample[0]?.[1]).toBe('Crème Brûlée');
    expect(validateMapping(r.mapping).numbers).toMatchObject({ decimal: ',', thousands: '.' });
    const notes = r.notes.join('\n');
    expect(notes).toContain('set columns.transaction_id');
    expect(notes).toContain('set columns.payment_method');
  });
});

describe('inspect: input it cannot read', () => {
  const failure = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      if (e instanceof MigrationInputError) return e;
      throw e;
    }
    throw new Error('no error');
  };
  it('empty, binary, single-column', async () => {
    expect((await failure(inspect(write('empty.csv', '')))).code).toBe('empty_file');
    expect((await failure(inspect(write('bin.csv', Buffer.from([1, 2, 0, 3, 4]))))).code).toBe('bad_file');
    expect((await failure(inspect(write('one.csv', 'a\nb\nc\n')))).message).toMatch(/no delimiter/);
    expect((await failure(inspect(path.join(dir, 'missing.csv')))).code).toBe('bad_file');
  });
});
