import { describe, expect, it } from 'vitest';
import { Batch } from '../batch.ts';
import { line } from '../testing.ts';
import { CopyRegions } from './copy.ts';
import { SpanOfTransactions } from './taken-check.ts';

const spanOf = (...txs: (string | [string, 'refund' | 'void'])[]) => {
  const span = new SpanOfTransactions();
  for (const t of txs) typeof t === 'string' ? span.add(t, 'sale') : span.add(...t);
  return span.value;
};
const ranges = (...ids: string[]) => {
  const { firsts, lasts } = spanOf(...ids)!.sales;
  return firsts.map((f, i) => [f, lasts[i]]);
};

describe('SpanOfTransactions (what the direct path asks the target for)', () => {
  it("gives its sales' first and last id in code point order and lists refunds and voids, which take an earlier sale's id", () => {
    expect(spanOf('KN-0010', 'KN-0002', ['KN-0001', 'refund'], 'KN-0011', ['KN-0003', 'void'])).toEqual({
      sales: { firsts: ['KN-0002'], lasts: ['KN-0011'] },
      others: { sourceIds: ['KN-0001', 'KN-0003'], kinds: ['refund', 'void'] },
    });
  });

  it('keeps a range per shape of id, so outlets numbering their own receipts, interleaved, each rise on their own', () => {
    // Two outlets' receipts in time order, unpadded numbers, ids without digits.
    expect(ranges('JKT-1/PB/250505/0041', 'BDG-2/PB/250505/0007', 'JKT-1/PB/250505/0042', 'BDG-2/PB/250505/0008', 'S-9', 'S-10', 'S-11', 'Kopi-é', 'abc')).toEqual([
      ['JKT-1/PB/250505/0041', 'JKT-1/PB/250505/0042'],
      ['BDG-2/PB/250505/0007', 'BDG-2/PB/250505/0008'],
      ['S-9', 'S-9'],
      ['S-10', 'S-11'],
      ['Kopi-é', 'Kopi-é'],
      ['abc', 'abc'],
    ]);
  });

  it('has no ranges without sales, and no span at all when a sale id is where UTF-16 order is not code point order', () => {
    expect(spanOf(['KN-0001', 'refund'])).toEqual({ sales: { firsts: [], lasts: [] }, others: { sourceIds: ['KN-0001'], kinds: ['refund'] } });
    // '\uFF10' sorts after '\uD83D…' in UTF-16 but before U+1F600 by code point (and in PostgreSQL's "C" collation).
    for (const id of ['KN-\u{1F600}', 'KN-\uFF10', 'KN-\u0000']) expect(spanOf('KN-0001', id)).toBeNull();
  });

  it("is a batch's transactions, each once, whatever its rows", () => {
    const batch = new Batch({ sourceSystem: 'testpos', fileId: 1, runId: '00000000-0000-4000-8000-000000000000', outletName: (_, n) => n, regions: new CopyRegions() });
    const items = [line(2, 'KN-0010', 1), line(3, 'KN-0002', 1), line(4, 'KN-0002', 2), line(5, 'KN-0001', 1, { kind: 'refund' }), line(6, 'KN-0001', 2, { kind: 'refund' })];
    for (const it of items) batch.add({ row: it.row, end: it.row * 100, fields: [], raw: '' }, it.mapped);
    expect(batch.transactionSpan).toEqual({ sales: { firsts: ['KN-0002'], lasts: ['KN-0010'] }, others: { sourceIds: ['KN-0001'], kinds: ['refund'] } });
  });
});
