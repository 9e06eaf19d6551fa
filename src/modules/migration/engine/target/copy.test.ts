import { describe, expect, it } from 'vitest';
import { COPY_HEADER, COPY_TRAILER, CopyData, CopyRegions, runSuffix } from './copy.ts';
import { prng } from '../../../../../tests/fixtures/pos/model.ts';

/** PostgreSQL's binary COPY format read back (its documented layout): rows of fields, null for NULL. */
function readCopy(data: Buffer): (Buffer | null)[][] {
  expect(data.subarray(0, COPY_HEADER.length)).toEqual(Buffer.from(COPY_HEADER));
  const rows: (Buffer | null)[][] = [];
  let at = COPY_HEADER.length;
  for (;;) {
    const fields = data.readInt16BE(at);
    at += 2;
    if (fields === -1) break;
    const row: (Buffer | null)[] = [];
    for (let i = 0; i < fields; i++) {
      const n = data.readInt32BE(at);
      at += 4;
      row.push(n === -1 ? null : data.subarray(at, (at += n)));
    }
    rows.push(row);
  }
  expect(at).toBe(data.length);
  return rows;
}

const bytesOf = (d: CopyData, ranges: ReturnType<CopyData['section']>) => Buffer.concat(d.chunks(ranges));
const rowsOf = (d: CopyData, ranges: ReturnType<CopyData['section']>) => readCopy(bytesOf(d, ranges));
const utf8 = (b: Buffer | null | undefined) => b!.toString('utf8');

describe('CopyData', () => {
  it('keeps each section a whole COPY stream, in chunks that end at row ends, across a move to a bigger region', () => {
    const regions = new CopyRegions();
    const data = new CopyData(regions);
    const first = data.shared;
    const values = Array.from({ length: 30_000 }, (_, i) => `Es Kopi Susu – ${i}\\gula aren`);
    const rowEnds = new Set<number>();
    for (const [i, v] of values.entries()) {
      data.row(2);
      data.int4(i);
      data.text(v);
      data.endRow();
    }
    const lines = data.section();
    // ~1.1 MB of rows: several ~64 KiB chunks, each a whole number of rows, the last with the trailer.
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.every(([start, end], i) => end > start && (i === 0 ? start === 0 : start === lines[i - 1]![1]))).toBe(true);
    const all = bytesOf(data, lines);
    // A row end is where a field count (2) follows or the trailer begins.
    for (let at = COPY_HEADER.length; at < all.length; ) {
      rowEnds.add(at);
      if (all.readInt16BE(at) === -1) break;
      at += 2;
      for (let f = 0; f < 2; f++) at += 4 + all.readInt32BE(at);
    }
    for (const [, end] of lines.slice(0, -1)) expect(rowEnds.has(end)).toBe(true);
    expect(rowsOf(data, lines).map(([n, v]) => [n!.readInt32BE(0), utf8(v)])).toEqual(values.map((v, i) => [i, v]));

    // One row larger than the region: the data so far moves along, the section after it starts where lines end.
    const wide = 'é'.repeat(3_000_000);
    data.row(1);
    data.text(wide);
    data.endRow();
    data.row(1);
    data.text('x');
    data.endRow();
    const more = data.section();
    expect(data.shared).not.toBe(first);
    expect(data.shared.byteLength).toBeGreaterThanOrEqual(6_000_000);
    expect(more[0]![0]).toBe(lines.at(-1)![1]);
    expect(rowsOf(data, lines)).toHaveLength(values.length);
    expect(rowsOf(data, more).map(([v]) => utf8(v))).toEqual([wide, 'x']);
  });

  it('has no chunks for a section without rows (no COPY is sent for it)', () => {
    const data = new CopyData(new CopyRegions());
    expect(data.section()).toEqual([]);
    data.row(1);
    data.nul();
    data.endRow();
    expect(rowsOf(data, data.section())).toEqual([[null]]);
    expect(data.section()).toEqual([]);
  });

  it('gives its region to the next batch once released', () => {
    const regions = new CopyRegions();
    const a = new CopyData(regions);
    a.row(1);
    a.int4(1);
    a.endRow();
    a.section();
    a.release();
    const b = new CopyData(regions);
    expect(b.shared).toBe(a.shared);
    b.row(1);
    b.int4(2);
    b.endRow();
    expect(rowsOf(b, b.section())).toEqual([[Buffer.from([0, 0, 0, 2])]]);
    // In use by b: a third batch gets a region of its own.
    expect(new CopyData(regions).shared).not.toBe(b.shared);
  });

  it('writes int, bigint, timestamptz, date, text and NULL as PostgreSQL reads them', () => {
    const data = new CopyData(new CopyRegions());
    const ints = [0, 7, -7, 255, 256, -256, 65_536, 2 ** 31 - 1, -(2 ** 31)];
    const bigints = [0, 1, -1, 4_400_000, -12_345_678_901, 2 ** 32, -(2 ** 32), 2 ** 32 - 1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
    const texts = ['', 'KN-0000001', 'a\\b', 'tab\there', 'two\nlines\r\n', 'Sate Ayam – Bu Tini', 'é\tthen tab', '日本\\x', 'pair 😀 end'];
    const instants = [Date.UTC(2025, 4, 5, 6, 30), Date.UTC(2000, 0, 1), Date.UTC(1999, 11, 31, 23, 59, 59, 999), 0];
    const days = ['2025-05-05', '2000-01-01', '1999-12-31', '2024-02-29'];
    data.row(ints.length + bigints.length + texts.length + instants.length + days.length + 1);
    for (const v of ints) data.int4(v);
    for (const v of bigints) data.int8(v);
    for (const v of texts) data.text(v);
    for (const v of instants) data.timestamptz(v);
    for (const v of days) data.date(v);
    data.nul();
    data.endRow();
    const [row] = rowsOf(data, data.section());
    const fields = [...row!];
    expect(fields.splice(0, ints.length).map((b) => b!.readInt32BE(0))).toEqual(ints);
    expect(fields.splice(0, bigints.length).map((b) => Number(b!.readBigInt64BE(0)))).toEqual(bigints);
    expect(fields.splice(0, texts.length).map(utf8)).toEqual(texts);
    // Microseconds since 2000-01-01 UTC; days since 2000-01-01.
    expect(fields.splice(0, instants.length).map((b) => Number(b!.readBigInt64BE(0)))).toEqual(instants.map((ms) => (ms - Date.UTC(2000, 0, 1)) * 1000));
    expect(fields.splice(0, days.length).map((b) => b!.readInt32BE(0))).toEqual([9256, 0, -1, 8825]);
    expect(fields).toEqual([null]);
  });

  it('writes a NUL as U+FFFD and a lone surrogate as UTF-8 does (PostgreSQL text holds neither)', () => {
    const data = new CopyData(new CopyRegions());
    data.row(3);
    data.text('nul\u0000byte');
    data.text('é then \u0000');
    data.text('lone \ud800 surrogate');
    data.endRow();
    expect(rowsOf(data, data.section())[0]!.map(utf8)).toEqual(['nul\ufffdbyte', 'é then \ufffd', 'lone \ufffd surrogate']);
  });

  it('refuses a value its column cannot hold exactly, rather than writing another', () => {
    const data = new CopyData(new CopyRegions());
    data.row(1);
    expect(() => data.int4(2 ** 31)).toThrow(RangeError);
    expect(() => data.int4(1.5)).toThrow(RangeError);
    expect(() => data.int8(2 ** 53)).toThrow(RangeError);
    expect(() => data.int8(0.25)).toThrow(RangeError);
    expect(() => data.date('5/5/2025')).toThrow(RangeError);
  });

  it("ends a line row with the run's constants, encoded once", () => {
    const data = new CopyData(new CopyRegions());
    data.row(4);
    data.int4(9);
    data.endRow(runSuffix('moka', 3, '6f67db10-25f4-4ad4-aec1-859b9b9288cc'));
    const [row] = rowsOf(data, data.section());
    expect(row!.map((b) => b!.toString('hex'))).toEqual(['00000009', Buffer.from('moka').toString('hex'), '00000003', '6f67db1025f44ad4aec1859b9b9288cc']);
    expect(() => runSuffix('moka', 3, 'not-a-uuid')).toThrow();
  });

  it('moves a row half written to a bigger region whole', () => {
    const regions = new CopyRegions();
    const data = new CopyData(regions);
    const random = prng(5);
    const pick = (s: string) => s[Math.floor(random() * s.length)]!;
    const expected: [number, string][] = [];
    let bytes = 0;
    // ~13 MB of rows of random values: the 6 MB region is outgrown twice, each time inside a row.
    while (bytes < 13_000_000) {
      const n = Math.floor((random() - 0.5) * 2e15);
      const s = Array.from({ length: 1 + Math.floor(random() * 60) }, () => pick('abcXYZ019 -\\\t\néü日')).join('');
      data.row(2);
      data.int8(n);
      data.text(s);
      data.endRow();
      expected.push([n, s]);
      bytes += 18 + Buffer.byteLength(s);
    }
    const rows = data.section();
    expect(data.shared.byteLength).toBeGreaterThan(12_000_000);
    expect(rowsOf(data, rows).map(([n, s]) => [Number(n!.readBigInt64BE(0)), utf8(s)])).toEqual(expected);
    expect(bytesOf(data, rows).subarray(-COPY_TRAILER.length)).toEqual(Buffer.from(COPY_TRAILER));
  });
});
