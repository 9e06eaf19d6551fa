import { describe, expect, it } from 'vitest';
import { Batch } from './batch.ts';
import { CopyRegions } from './target/copy.ts';
import { line, type Item } from './testing.ts';

const constants = { sourceSystem: 'testpos', fileId: 1, runId: '00000000-0000-4000-8000-000000000000', outletName: (_: string, n: string) => n, regions: new CopyRegions() };

function batchOf(items: Item[]): Batch {
  const batch = new Batch(constants);
  for (const it of items) batch.add({ row: it.row, end: it.row * 100, fields: [], raw: '' }, it.mapped);
  return batch;
}

const sales = (...ids: string[]) => ids.map((id, i) => line(i + 2, id, 1));

describe('Batch.transactionSpan (the direct path asks the target for these)', () => {
  it("gives its sales' first and last id in code point order and lists refunds and voids, which take an earlier sale's id", () => {
    const batch = batchOf([
      line(2, 'KN-0010', 1),
      line(3, 'KN-0002', 1),
      line(4, 'KN-0002', 2),
      line(5, 'KN-0001', 1, { kind: 'refund', originalTransactionId: 'KN-0001' }),
      line(6, 'KN-0011', 1),
      line(7, 'KN-0003', 1, { kind: 'void' }),
    ]);
    expect(batch.transactionSpan).toEqual({ sales: { firsts: ['KN-0002'], lasts: ['KN-0011'] }, others: { sourceIds: ['KN-0001', 'KN-0003'], kinds: ['refund', 'void'] } });
  });

  it('keeps a range per shape of id, so outlets numbering their own receipts, interleaved, each rise on their own', () => {
    // Two outlets' receipts in time order, one outlet's numbers unpadded, and ids without digits.
    const batch = batchOf(sales('JKT-1/PB/250505/0041', 'BDG-2/PB/250505/0007', 'JKT-1/PB/250505/0042', 'BDG-2/PB/250505/0008', 'S-9', 'S-10', 'S-11', 'Kopi-é', 'abc'));
    const { firsts, lasts } = batch.transactionSpan!.sales;
    expect(firsts.map((f, i) => [f, lasts[i]])).toEqual([
      ['JKT-1/PB/250505/0041', 'JKT-1/PB/250505/0042'],
      ['BDG-2/PB/250505/0007', 'BDG-2/PB/250505/0008'],
      ['S-9', 'S-9'],
      ['S-10', 'S-11'],
      ['Kopi-é', 'Kopi-é'],
      ['abc', 'abc'],
    ]);
  });

  it('has no ranges without sales, and no span at all when a sale id is where UTF-16 order is not code point order', () => {
    expect(batchOf([line(2, 'KN-0001', 1, { kind: 'refund' })]).transactionSpan).toEqual({ sales: { firsts: [], lasts: [] }, others: { sourceIds: ['KN-0001'], kinds: ['refund'] } });
    // '\uFF10' sorts after '\uD83D…' in UTF-16 but before U+1F600 by code point (and in PostgreSQL's "C" collation).
    for (const id of ['KN-\u{1F600}', 'KN-\uFF10', 'KN-\u0000']) expect(batchOf(sales('KN-0001', id)).transactionSpan).toBeNull();
  });
});
