import { describe, expect, it } from 'vitest';
import { copyText, CopyText, TextRegions } from './copy.ts';
import { prng } from '../../../../../tests/fixtures/pos/model.ts';

const textOf = (t: CopyText, ranges: ReturnType<CopyText['section']>) => Buffer.concat(t.chunks(ranges)).toString('utf8');

describe('CopyText', () => {
  it('keeps each section whole, in chunks that end at row ends, across a move to a bigger region', () => {
    const regions = new TextRegions();
    const text = new CopyText(regions);
    const first = text.shared;
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i}\t${copyText(`Es Kopi Susu – ${i}\\gula aren`)}\n`);
    for (const row of rows) text.add(row);
    const lines = text.section();
    // ~1.2 MB of rows: several ~64 KiB chunks, each a whole number of rows.
    expect(lines.length).toBeGreaterThan(10);
    for (const [, end] of lines) expect(Buffer.from(text.shared, end - 1, 1).toString()).toBe('\n');
    expect(lines.every(([start, end], i) => end > start && (i === 0 ? start === 0 : start === lines[i - 1]![1]))).toBe(true);

    // One row larger than the region: the text so far moves along, the section after it starts where lines end.
    const wide = `${'é'.repeat(3_000_000)}\n`;
    text.add(wide);
    text.add('x\n');
    const more = text.section();
    expect(text.shared).not.toBe(first);
    expect(text.shared.byteLength).toBeGreaterThanOrEqual(6_000_000);
    expect(more[0]![0]).toBe(lines.at(-1)![1]);
    expect(textOf(text, lines)).toBe(rows.join(''));
    expect(textOf(text, more)).toBe(`${wide}x\n`);
  });

  it('gives its region to the next batch once released', () => {
    const regions = new TextRegions();
    const a = new CopyText(regions);
    a.add('1\n');
    a.section();
    a.release();
    const b = new CopyText(regions);
    expect(b.shared).toBe(a.shared);
    b.add('2\n');
    expect(textOf(b, b.section())).toBe('2\n');
    // In use by b: a third batch gets a region of its own.
    expect(new CopyText(regions).shared).not.toBe(b.shared);
  });

  it('writes values as copyText would: integers as digits, text escaped, non-ASCII as UTF-8, NULL as \\N', () => {
    const text = new CopyText(new TextRegions());
    const ints = [0, 7, -7, 10, 99, 100, 101, 1009, -1_000_000, 4_400_000, 12_127_500, 999_999_999, 1_000_000_000, -12_345_678_901];
    ints.push(...Array.from({ length: 16 }, (_, i) => 10 ** i - 1), ...Array.from({ length: 16 }, (_, i) => 10 ** i));
    ints.push(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1.5, -0.25);
    const texts = ['', 'KN-0000001', 'a\\b', 'tab\there', 'two\nlines\r\n', 'nul\u0000byte', 'Sate Ayam – Bu Tini', 'é\tthen tab', '日本\\x', 'pair 😀 end', 'lone \ud800 surrogate'];
    let expected = '';
    for (const v of ints) {
      text.int(v);
      expected += `${copyText(v)}\t`;
    }
    for (const v of texts) {
      text.text(v);
      expected += `${copyText(v)}\t`;
    }
    text.nul();
    text.endRow(Buffer.from('\tconst\n'));
    expected += '\\N\tconst\n';
    // As UTF-8 (a lone surrogate becomes U+FFFD either way).
    expect(textOf(text, text.section())).toBe(Buffer.from(expected).toString());
    expect(copyText('nul\u0000byte')).toBe('nul\ufffdbyte');
  });

  it('moves a row half written to a bigger region whole', () => {
    const regions = new TextRegions();
    const text = new CopyText(regions);
    const random = prng(5);
    const pick = (s: string) => s[Math.floor(random() * s.length)]!;
    let expected = '';
    // ~9 MB of rows of random values: the 4 MB region is outgrown twice, each time inside a row.
    while (expected.length < 9_000_000) {
      const n = Math.floor((random() - 0.5) * 2e9);
      const s = Array.from({ length: 1 + Math.floor(random() * 60) }, () => pick('abcXYZ019 -\\\t\néü日')).join('');
      text.int(n);
      text.text(s);
      text.endRow();
      expected += `${n}\t${copyText(s)}\n`;
    }
    const rows = text.section();
    expect(text.shared.byteLength).toBeGreaterThan(8_000_000);
    for (const [, end] of rows) expect(Buffer.from(text.shared, end - 1, 1).toString()).toBe('\n');
    expect(textOf(text, rows)).toBe(expected);
  });
});
