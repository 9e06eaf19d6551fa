import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MappingInput } from '../mapping.ts';
import { openSource, type OpenSourceOptions } from './open-source.ts';
import { inputError, readAll as readFile, testMapping } from './testing.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-xlsx-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const mapping = (over: Partial<MappingInput> = {}) =>
  testMapping('xlsx', {
    xlsx: { sheet: 'Penjualan' },
    titleLines: 1,
    columns: { transaction_id: 'No. Dokumen', occurred_at: 'Tanggal', outlet: 'Outlet', item: 'Produk', qty: 'Qty', gross: 'Total', net: 'Total', payment_method: 'Metode' },
    ...over,
  });
const readAll = (file: string, m = mapping(), opts: OpenSourceOptions = {}) => readFile(file, m, opts);

const when = new Date(Date.UTC(2025, 4, 5, 13, 45));
let book: string;

beforeAll(async () => {
  book = path.join(dir, 'majoo.xlsx');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: book, useSharedStrings: true, useStyles: true });
  const other = wb.addWorksheet('Ringkasan');
  other.addRow(['not', 'this', 'sheet']).commit();
  other.commit();
  const ws = wb.addWorksheet('Penjualan');
  ws.addRow(['Laporan Penjualan majoo']).commit();
  ws.addRow(['No. Dokumen', ' Tanggal ', 'Outlet', 'Produk', 'Qty', 'Total', 'Metode']).commit();
  ws.addRow(['PB/250505/0001', '05 Mei 2025 13:45', 'KN Senopati', 'Es Teh Manis Café', 2, 'Rp 30.000', 'Tunai']).commit();
  const dated = ws.addRow(['PB/250505/0002', when, 'KN Senopati', { richText: [{ text: 'Kopi ' }, { text: 'Susu' }] }, 1.5, { formula: '1+1', result: 2 }, '']);
  dated.getCell(2).numFmt = 'dd/mm/yyyy hh:mm';
  dated.commit();
  ws.addRow([]).commit();
  ws.addRow(['PB/250505/0003', 'x', 'y']).commit();
  ws.addRow(['TOTAL', '', '', '', 3, 'Rp 32.000']).commit();
  ws.commit();
  await wb.commit();
});

/** A majoo-like workbook of `rows` data rows from the streaming writer (which declares no size). */
async function streamedWorkbook(name: string, rows: number): Promise<string> {
  const file = path.join(dir, name);
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = writer.addWorksheet('Penjualan');
  sheet.addRow(['Laporan Penjualan majoo']).commit();
  sheet.addRow(['No. Dokumen', 'Tanggal', 'Outlet', 'Produk', 'Qty', 'Total', 'Metode']).commit();
  for (let i = 1; i <= rows; i++) sheet.addRow([`PB/250505/${i}`, '05 Mei 2025 13:45', 'KN Senopati', `Es Teh ${i % 7}`, 1, 'Rp 15.000', 'Tunai']).commit();
  sheet.commit();
  await writer.commit();
  return file;
}

describe('XLSX source', () => {
  it('reads the named sheet after its title row: numbers, dates, text, rich text, formulas, empty cells', async () => {
    const skipped: number[] = [];
    const { header, records } = await readAll(book, mapping({ skipRows: [{ column: 'No. Dokumen', pattern: '^TOTAL$' }] }), { onSkip: (r) => skipped.push(r) });
    expect(header).toEqual(['No. Dokumen', 'Tanggal', 'Outlet', 'Produk', 'Qty', 'Total', 'Metode']);
    expect(records.map((r) => [r.row, r.end])).toEqual([[3, 3], [4, 4], [6, 6]]);
    expect(records[0]!.fields).toEqual(['PB/250505/0001', '05 Mei 2025 13:45', 'KN Senopati', 'Es Teh Manis Café', 2, 'Rp 30.000', 'Tunai']);
    expect(records[1]!.fields).toEqual(['PB/250505/0002', when, 'KN Senopati', 'Kopi Susu', 1.5, 2, '']);
    expect(records[2]!.fields).toEqual(['PB/250505/0003', 'x', 'y', '', '', '', '']);
    expect(records[0]!.raw).toBe('PB/250505/0001,05 Mei 2025 13:45,KN Senopati,Es Teh Manis Café,2,Rp 30.000,Tunai');
    expect(skipped).toEqual([7]);
  });

  it('notes the last row a sheet declares (Excel writes it; the progress gets a total), and estimates it when it declares none', async () => {
    const declaring = path.join(dir, 'declaring.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Penjualan');
    ws.addRow(['Laporan Penjualan majoo']);
    ws.addRow(['No. Dokumen', 'Tanggal', 'Outlet', 'Produk', 'Qty', 'Total', 'Metode']);
    for (let i = 1; i <= 40; i++) ws.addRow([`PB/250505/${i}`, '05 Mei 2025 13:45', 'KN Senopati', 'Es Teh', 1, 'Rp 15.000', 'Tunai']);
    await wb.xlsx.writeFile(declaring);
    const source = await openSource(declaring, mapping());
    expect(source.rowsTotal).toBe(42);
    let n = 0;
    for await (const rec of source.records()) n = rec.row;
    expect(n).toBe(42);
    await source.close();
    // The streaming writer declares no size (it writes it before the rows): estimated from the
    // share of the sheet's XML read, exact once it is all read.
    const streamed = await openSource(book, mapping());
    expect(streamed.rowsTotal).toBeGreaterThanOrEqual(3);
    for await (const rec of streamed.records()) n = rec.row;
    expect(streamed.rowsTotal).toBe(n);
    await streamed.close();

    const long = await streamedWorkbook('long-streamed.xlsx', 20_000);
    const source2 = await openSource(long, mapping());
    const estimates: number[] = [];
    let row = 0;
    for await (const rec of source2.records()) {
      row = rec.row;
      if (row % 2_000 === 0) estimates.push(source2.rowsTotal!);
    }
    // Within 10% of the 20,002 rows from the first tenth (the XML is read a chunk ahead of the
    // rows), within 3% past the half, and exact at the end.
    estimates.forEach((e, i) => expect(Math.abs(e - 20_002) / 20_002).toBeLessThan(i < 5 ? 0.1 : 0.03));
    expect(source2.rowsTotal).toBe(20_002);
    await source2.close();
  });

  it('picks a sheet by 1-based position, and resumes after a row', async () => {
    const { records } = await readAll(book, mapping({ xlsx: { sheet: 2 } }), { from: { end: 3, row: 3 } });
    expect(records.map((r) => r.row)).toEqual([4, 6, 7]);
    // A position is the tab order (workbook.xml), which the order of the sheets' files need not follow.
    const zip = await JSZip.loadAsync(fs.readFileSync(book));
    const workbook = await zip.file('xl/workbook.xml')!.async('string');
    const tabs = /<sheet [^>]*name="Ringkasan"[^>]*\/>\s*<sheet [^>]*name="Penjualan"[^>]*\/>/.exec(workbook)![0];
    const [ringkasan, penjualan] = tabs.split(/(?<=\/>)\s*/);
    zip.file('xl/workbook.xml', workbook.replace(tabs, penjualan! + ringkasan!));
    const moved = path.join(dir, 'moved-tabs.xlsx');
    fs.writeFileSync(moved, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect((await readAll(moved, mapping({ xlsx: { sheet: 1 } }))).records.map((r) => r.row)).toEqual([3, 4, 6, 7]);
    expect((await inputError(readAll(moved, mapping({ xlsx: { sheet: 2 } })))).message).toMatch(/the sheet has no header after its 1 title row/);
  });

  it('reads a workbook in Excel\'s order (sheets before the shared strings) in place: no temp copy of a sheet', async () => {
    // exceljs's own reader copies such sheets to temp files first (through tmp: tmp-<pid>-…);
    // this worker process runs one test file at a time.
    const ours = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`));
    const before = ours();
    const names = Object.keys((await JSZip.loadAsync(fs.readFileSync(book))).files);
    expect(names.indexOf('xl/worksheets/sheet2.xml')).toBeLessThan(names.indexOf('xl/sharedStrings.xml'));
    const source = await openSource(book, mapping());
    for await (const rec of source.records()) {
      expect(rec.row).toBe(3);
      expect(ours().filter((f) => !before.includes(f))).toEqual([]);
      break;
    }
    await source.close();
  });

  it('stops reading when the import stops early (a cancel, --max-rejects): nothing is left open on the file', async () => {
    const long = await streamedWorkbook('stopped-early.xlsx', 20_000);
    // The descriptors this process holds on the workbook (Linux).
    const held = () =>
      fs.readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`) === long;
        } catch {
          return false;
        }
      }).length;
    const source = await openSource(long, mapping());
    for await (const rec of source.records()) {
      if (rec.row < 100) continue;
      expect(held()).toBeGreaterThan(0); // the sheet is being read
      break;
    }
    await source.close();
    // Streams close asynchronously: wait for that, not for a time. (Read on to its end, the
    // sheet would hold the file for the ~20,000 rows after.)
    await expect.poll(held, { timeout: 2000 }).toBe(0);
  });

  it('a missing sheet → bad_mapping listing the sheets; a non-zip → bad_file; no rows → empty_file', async () => {
    expect((await inputError(readAll(book, mapping({ xlsx: { sheet: 'Sales' } })))).message).toMatch(/no sheet named "Sales"; its sheets are: "Ringkasan", "Penjualan"/);
    const csv = path.join(dir, 'not.xlsx');
    fs.writeFileSync(csv, 'a,b\n1,2\n');
    expect((await inputError(readAll(csv))).code).toBe('bad_file');
    const broken = path.join(dir, 'broken.xlsx');
    fs.writeFileSync(broken, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 7)]));
    expect((await inputError(readAll(broken))).code).toBe('bad_file');
    const empty = path.join(dir, 'empty.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: empty });
    const ws = wb.addWorksheet('Penjualan');
    ws.addRow(['Laporan Penjualan majoo']).commit();
    ws.addRow(['No. Dokumen', 'Tanggal']).commit();
    ws.commit();
    await wb.commit();
    expect((await inputError(readAll(empty))).message).toMatch(/header but no rows/);
    expect((await inputError(readAll(empty, mapping({ titleLines: 2 })))).code).toBe('empty_file');
  });

  it('a workbook cut short, damaged, or with its sheet cut short → bad_file in words, where exceljs alone would wait forever or stop quietly', async () => {
    const whole = fs.readFileSync(await streamedWorkbook('whole.xlsx', 5_000));
    const cut = path.join(dir, 'cut.xlsx');
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    expect((await inputError(readAll(cut))).message).toMatch(/^cut\.xlsx is a damaged XLSX workbook: its zip directory cannot be read \(FILE_ENDED\)\. It may have been cut short/);
    // Zeros over part of the sheet's compressed data: the directory is intact.
    const damaged = path.join(dir, 'damaged.xlsx');
    const copy = Buffer.from(whole);
    copy.fill(0, Math.floor(copy.length * 0.4), Math.floor(copy.length * 0.4) + 4000);
    fs.writeFileSync(damaged, copy);
    expect((await inputError(readAll(damaged))).message).toMatch(/^damaged\.xlsx is a damaged XLSX workbook: xl\/worksheets\/sheet1\.xml (cannot be unpacked|does not match its checksum)/);
    // Checked as read (reconcile): the same words, when the sheet is read.
    expect((await inputError(readAll(damaged, mapping(), { checkAsRead: true }))).message).toMatch(/^damaged\.xlsx is a damaged XLSX workbook: xl\/worksheets\/sheet1\.xml (cannot be unpacked|does not match its checksum)/);

    // A whole zip whose sheet was written cut short: the parser would end quietly after its last full row.
    const zip = await JSZip.loadAsync(whole);
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    zip.file('xl/worksheets/sheet1.xml', xml.slice(0, Math.floor(xml.length / 2)));
    const stopped = path.join(dir, 'stopped.xlsx');
    fs.writeFileSync(stopped, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect((await inputError(readAll(stopped))).message).toMatch(/^stopped\.xlsx: its sheet ends before its closing <\/worksheet> tag, after row \d+: the workbook was written cut short\./);
  });

  it('checked as read, a damaged part is found when read, and one the rows do not need is not read at all', async () => {
    const whole = fs.readFileSync(await streamedWorkbook('parts.xlsx', 200));
    const zip = await JSZip.loadAsync(whole);
    // A part stored uncompressed, so a byte of it can be changed in place: its checksum no longer matches.
    const note = 'Catatan: tidak dipakai oleh impor.';
    zip.file('docProps/golive-note.xml', note, { compression: 'STORE' });
    const buf = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const at = buf.indexOf(note);
    buf[at] = 'K'.charCodeAt(0);
    const file = path.join(dir, 'unused-part-damaged.xlsx');
    fs.writeFileSync(file, buf);
    expect((await inputError(readAll(file))).message).toMatch(/^unused-part-damaged\.xlsx is a damaged XLSX workbook: docProps\/golive-note\.xml does not match its checksum/);
    const { records } = await readAll(file, mapping(), { checkAsRead: true });
    expect(records).toHaveLength(200);

    // The sheet stored uncompressed, a digit of a value changed (still a valid sheet): found when the sheet has been read.
    const sheetZip = await JSZip.loadAsync(whole);
    const sheetXml = await sheetZip.file('xl/worksheets/sheet1.xml')!.async('string');
    sheetZip.file('xl/worksheets/sheet1.xml', sheetXml, { compression: 'STORE' });
    const sheetBuf = await sheetZip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const marker = sheetBuf.indexOf('<sheetData>');
    const digit = sheetBuf.indexOf('<v>', marker) + 3;
    sheetBuf[digit] = sheetBuf[digit]! ^ 1;
    const changed = path.join(dir, 'sheet-changed.xlsx');
    fs.writeFileSync(changed, sheetBuf);
    expect((await inputError(readAll(changed, mapping(), { checkAsRead: true }))).message).toMatch(/^sheet-changed\.xlsx is a damaged XLSX workbook: xl\/worksheets\/sheet1\.xml does not match its checksum/);
  });
});
