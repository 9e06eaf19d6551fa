import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import type { MappingInput } from '../mapping.ts';
import type { SourceRecord } from '../types.ts';
import { scanCsv } from './csv-records.ts';
import type { OpenSourceOptions } from './open-source.ts';
import { inputError, readAll as readFile, testMapping } from './testing.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golive-csv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const put = (content: string | Buffer): string => {
  const file = path.join(dir, `f${++n}.csv`);
  fs.writeFileSync(file, content);
  return file;
};

const mapping = (over: Partial<MappingInput> = {}) => testMapping('csv', over);
const readAll = (file: string, m = mapping(), opts: OpenSourceOptions = {}) => readFile(file, m, opts);

/** The physical line where each record starts, counted independently: 1 + line feeds before its first byte. */
function checkPositions(bytes: Buffer, records: SourceRecord[], firstStart: number) {
  let start = firstStart;
  for (const r of records) {
    // blank lines before a record are skipped, not part of it
    while (bytes[start] === 10 || (bytes[start] === 13 && bytes[start + 1] === 10)) start += bytes[start] === 10 ? 1 : 2;
    let lf = 0;
    for (let i = 0; i < start; i++) if (bytes[i] === 10) lf++;
    expect(r.row).toBe(lf + 1);
    expect(r.end).toBeGreaterThan(start);
    start = r.end;
  }
}

const TRICKY = [
  'id,item,qty,note',
  '1,Es Teh,1,plain',
  '2,"Kopi, Susu",2,"delimiter in quotes"',
  '',
  '3,"Roti ""Bakar""",1,escaped quotes',
  '4,"Nasi',
  'Goreng",1,"newline in quotes"',
  '5,"a\r\nb",1,crlf in quotes',
  '6,Teh "Tarik",1,stray quote mid-field',
  '7,"",1,',
  '8,Café Ñoño,1,utf-8',
  '9,only-two',
  '',
  '',
  '10,"multi',
  '',
  'line ""x""',
  '",3,end',
].join('\n');

describe('CSV dialects', () => {
  it('reads comma/LF with quotes, embedded newlines, escaped quotes, blank lines, non-ASCII; positions are exact', async () => {
    const file = put(`${TRICKY}\n`);
    const { header, records, bytesTotal } = await readAll(file);
    expect(header).toEqual(['id', 'item', 'qty', 'note']);
    expect(bytesTotal).toBe(fs.statSync(file).size);
    expect(records.map((r) => r.fields)).toEqual([
      ['1', 'Es Teh', '1', 'plain'],
      ['2', 'Kopi, Susu', '2', 'delimiter in quotes'],
      ['3', 'Roti "Bakar"', '1', 'escaped quotes'],
      ['4', 'Nasi\nGoreng', '1', 'newline in quotes'],
      ['5', 'a\r\nb', '1', 'crlf in quotes'],
      ['6', 'Teh "Tarik"', '1', 'stray quote mid-field'],
      ['7', '', '1', ''],
      ['8', 'Café Ñoño', '1', 'utf-8'],
      ['9', 'only-two'],
      ['10', 'multi\n\nline "x"\n', '3', 'end'],
    ]);
    expect(records.map((r) => r.row)).toEqual([2, 3, 5, 6, 8, 10, 11, 12, 13, 16]);
    expect(records[3]!.raw).toBe('4,"Nasi\nGoreng",1,"newline in quotes"');
    expect(records[7]!.raw).toBe('8,Café Ñoño,1,utf-8');
    expect(records.at(-1)!.end).toBe(bytesTotal);
    checkPositions(fs.readFileSync(file), records, Buffer.byteLength('id,item,qty,note\n'));
  });

  it('reads pawoon style: BOM, CRLF, ";" with decimal commas, title lines, a TOTAL row skipped and reported', async () => {
    const lines = ['Laporan Transaksi Pawoon', 'Periode: 01-05-2025 s/d 31-05-2025', 'No. Transaksi;Produk;Total', 'TRX-1;Es Teh;12.500,50', 'TRX-2;"Nasi; Goreng";25.000', 'TOTAL;;37.500,50'];
    const file = put(`\ufeff${lines.join('\r\n')}\r\n`);
    const skipped: number[] = [];
    const m = mapping({ csv: { delimiter: ';', quote: '"', encoding: 'utf-8' }, titleLines: 2, skipRows: [{ column: 'no. transaksi', pattern: '^TOTAL$' }] });
    const { header, records } = await readAll(file, m, { onSkip: (row) => skipped.push(row) });
    expect(header).toEqual(['No. Transaksi', 'Produk', 'Total']);
    expect(records.map((r) => [r.row, ...r.fields])).toEqual([
      [4, 'TRX-1', 'Es Teh', '12.500,50'],
      [5, 'TRX-2', 'Nasi; Goreng', '25.000'],
    ]);
    expect(records[0]!.raw).toBe('TRX-1;Es Teh;12.500,50');
    expect(skipped).toEqual([6]);
  });

  it('skipRows without a column tests the first cell', async () => {
    const file = put('a,b\nx,1\nTotal,2\ny,3\n');
    const skipped: number[] = [];
    const { records } = await readAll(file, mapping({ skipRows: [{ pattern: '^[Tt]otal$' }] }), { onSkip: (r) => skipped.push(r) });
    expect(records.map((r) => r.fields[0])).toEqual(['x', 'y']);
    expect(skipped).toEqual([3]);
  });

  it('reads tab and two-character delimiters, and a last line without a line break', async () => {
    const tab = mapping({ csv: { delimiter: '\t', quote: '"', encoding: 'utf-8' } });
    expect((await readAll(put('a\tb\n1\t"x\ty"\n2\t3'), tab)).records.map((r) => r.fields)).toEqual([['1', 'x\ty'], ['2', '3']]);
    const m = mapping({ csv: { delimiter: '||', quote: '"', encoding: 'utf-8' } });
    expect((await readAll(put('a||b\n1||"x||y"\n2||3'), m)).records.map((r) => r.fields)).toEqual([['1', 'x||y'], ['2', '3']]);
  });

  it('decodes Windows-1252 (é, €, smart quotes) with byte-exact ends', async () => {
    const text = 'id,item\r\n1,Es Teh Manis Café\r\n2,"Kue “Lapis” €5"\r\n3,Crème brûlée\r\n';
    const bytes = iconv.encode(text, 'windows-1252');
    const file = put(bytes);
    const { records } = await readAll(file, mapping({ csv: { delimiter: ',', quote: '"', encoding: 'windows-1252' } }));
    expect(records.map((r) => r.fields[1])).toEqual(['Es Teh Manis Café', 'Kue “Lapis” €5', 'Crème brûlée']);
    expect(records.at(-1)!.end).toBe(bytes.length);
    checkPositions(bytes, records, bytes.indexOf(10) + 1);
  });

  it('yields a row with the wrong column count (the transform rejects it), and a never-closed quote as one unreadable row', async () => {
    const { records } = await readAll(put('a,b,c\n1,2\n1,2,3,4\n5,6,7\n8,"open,9\n10,11,12\n'));
    expect(records.map((r) => r.fields)).toEqual([['1', '2'], ['1', '2', '3', '4'], ['5', '6', '7'], []]);
    expect(records[3]).toMatchObject({ row: 5, raw: '8,"open,9\n10,11,12', problem: 'a quote opened on line 5 is never closed' });
  });
});

describe('CSV resume', () => {
  it('continues at every record boundary with the identical remaining records (rows, ends, fields, raw)', async () => {
    const text = `\ufeffTitle line\n${TRICKY.replaceAll('\n', '\r\n')}\r\n\r\n`;
    const file = put(text);
    const m = mapping({ titleLines: 1 });
    const all = (await readAll(file, m)).records;
    expect(all).toHaveLength(10);
    for (let i = 0; i < all.length; i++) {
      const from = { end: all[i]!.end, row: all[i]!.row };
      const rest = (await readAll(file, m, { from })).records;
      expect(rest).toEqual(all.slice(i + 1));
    }
  });

  it('refuses a position that is not a record boundary of this file', async () => {
    const file = put('a,b\n1,2\n3,4\n');
    expect((await inputError(readAll(file, mapping(), { from: { end: 6, row: 2 } }))).code).toBe('resume_mismatch');
    expect((await inputError(readAll(file, mapping(), { from: { end: 99, row: 2 } }))).code).toBe('resume_mismatch');
    expect((await readAll(file, mapping(), { from: { end: 12, row: 3 } })).records).toEqual([]);
  });
});

describe('CSV reading equals csv-parse reading the whole file', () => {
  const options = { bom: false, delimiter: ',', quote: '"', record_delimiter: ['\r\n', '\n'], relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true, encoding: 'latin1' as const };
  it('on random input, in any chunk and read size', async () => {
    const piece = fc.constantFrom('a', 'bc', ',', '"', '""', '\n', '\r\n', '\r', ' ', 'x,"y\nz",w', '\n\n', 'é', '€"');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 50 }), async (pieces, chunkBytes, readBytes) => {
        const text = pieces.join('');
        const bytes = Buffer.from(text, 'utf8');
        let expected: { record: string[]; info: { bytes: number } }[];
        try {
          expected = parse(bytes, options) as unknown as typeof expected;
        } catch {
          fc.pre(false); // an unclosed quote: csv-parse throws, we yield an unreadable row (tested above)
          return;
        }
        const file = put(bytes);
        const got: SourceRecord[] = [];
        const scan = { path: file, file: 'x', start: 0, row: 1, delimiter: ',', quote: '"', encoding: 'utf-8' as const, maxRecordBytes: 1 << 20, chunkBytes, readBytes };
        for await (const batch of scanCsv(scan)) got.push(...batch);
        const utf8 = (f: string) => Buffer.from(f, 'latin1').toString('utf8');
        expect(got.map((r) => r.fields)).toEqual(expected.map((e) => e.record.map(utf8)));
        expect(got.map((r) => r.end)).toEqual(expected.map((e) => e.info.bytes));
        checkPositions(bytes, got, 0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('CSV bad input', () => {
  it('empty file, BOM only, title lines only, header only → empty_file', async () => {
    for (const [content, m] of [
      ['', mapping()],
      ['\ufeff', mapping()],
      ['\n\n', mapping()],
      ['Laporan\nPeriode\n', mapping({ titleLines: 2 })],
      ['Laporan\n', mapping({ titleLines: 2 })],
      ['a,b,c\n', mapping()],
      ['a,b,c\r\n\r\n', mapping()],
    ] as const) {
      const e = await inputError(readAll(put(content), m));
      expect(e.code, JSON.stringify(content)).toBe('empty_file');
    }
  });

  it('binary, zip and UTF-16 files → bad_file', async () => {
    expect((await inputError(readAll(put(Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x02]))))).message).toMatch(/not a text file/);
    expect((await inputError(readAll(put(Buffer.from('PK\x03\x04rest', 'latin1'))))).message).toMatch(/"format": "xlsx"/);
    expect((await inputError(readAll(put(Buffer.from('\ufeffa,b\n', 'utf16le'))))).message).toMatch(/UTF-16/);
    expect((await inputError(readAll(path.join(dir, 'missing.csv')))).message).toMatch(/no such file/);
  });

  it('Windows-1252 bytes under utf-8 → bad_encoding naming the line and the fix, at open and deep in the file', async () => {
    const early = await inputError(readAll(put(Buffer.concat([Buffer.from('id,item\n1,Teh\n2,Caf'), Buffer.from([0xe9]), Buffer.from('\n')]))));
    expect(early.code).toBe('bad_encoding');
    expect(early.message).toMatch(/line 3 is not valid UTF-8 \(bytes e9/);
    expect(early.message).toMatch(/"encoding": "windows-1252"/);
    const body = 'id,item\n' + '1,Teh\n'.repeat(20_000);
    const late = await inputError(readAll(put(Buffer.concat([Buffer.from(body), Buffer.from([0x32, 0x2c, 0x43, 0xe9, 0x0a])]))));
    expect(late.code).toBe('bad_encoding');
    expect(late.message).toMatch(/line 20002 /);
    const utf8AsCp1252 = await inputError(readAll(put('id,item\n1,Café\n'), mapping({ csv: { delimiter: ',', quote: '"', encoding: 'windows-1252' } })));
    expect(utf8AsCp1252.message).toMatch(/looks like UTF-8/);
  });

  it('a 256 MB line fails fast as line_too_long, reading little and holding little', async () => {
    const file = path.join(dir, 'long.csv');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, 'id,item\n1,');
    const block = Buffer.alloc(1 << 20, 'x');
    for (let i = 0; i < 256; i++) fs.writeSync(fd, block);
    fs.closeSync(fd);
    const rss = process.memoryUsage().rss;
    const t = performance.now();
    const e = await inputError(readAll(file));
    expect(e.code).toBe('line_too_long');
    expect(e.message).toMatch(/record starting at line 2 is longer than 1 MiB/);
    expect(performance.now() - t).toBeLessThan(2000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 << 20);
    // a smaller bound, and a quote that never closes, take the same way out
    const q = put(`id,item\n1,"${'y\n'.repeat(40_000)}`);
    expect((await inputError(readAll(q, mapping(), { maxRecordBytes: 16 * 1024 }))).message).toMatch(/line 2 is longer than 16384 bytes.*never closed/);
    fs.rmSync(file);
  });
});
