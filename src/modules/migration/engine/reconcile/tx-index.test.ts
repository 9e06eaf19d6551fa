import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TxIndex } from './tx-index.ts';

describe('TxIndex', () => {
  it('numbers keys as a map of (tag, id) would, and gives each id back (property)', () => {
    // Short ids from a few characters, ASCII and not (ids are UTF-8 bytes inside), so keys repeat.
    const id = fc.string({ unit: fc.constantFrom('A', '7', '/', 'é', 'ß', '日', '😀'), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), id), { maxLength: 3000 }), (keys) => {
        const index = new TxIndex();
        const model = new Map<string, number>();
        for (const [tag, key] of keys) {
          const t = index.findOrAdd(tag, key);
          const known = model.get(`${tag}|${key}`);
          expect(index.added).toBe(known === undefined);
          if (known === undefined) model.set(`${tag}|${key}`, t);
          else expect(t).toBe(known);
          expect([index.tag(t), index.id(t)]).toEqual([tag, key]);
        }
        expect(index.size).toBe(model.size);
      }),
      { numRuns: 200 },
    );
  });

  it('holds ids longer than its buffers start with, and more transactions than a chunk of its columns', () => {
    const index = new TxIndex();
    const long = 'R-'.repeat(40_000);
    const t = index.findOrAdd(0, long);
    for (let i = 0; i < 70_000; i++) index.findOrAdd(1, `T-${i}`);
    expect(index.findOrAdd(0, long)).toBe(t);
    expect(index.id(t)).toBe(long);
    for (const i of [0, 65_534, 65_535, 69_999]) expect(index.id(index.findOrAdd(1, `T-${i}`))).toBe(`T-${i}`);
    expect(index.added).toBe(false);
    expect(index.size).toBe(70_001);
  });
});
