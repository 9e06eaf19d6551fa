import { describe, expect, it } from 'vitest';
import { copyText, CopyText, TextRegions } from './copy.ts';

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
});
