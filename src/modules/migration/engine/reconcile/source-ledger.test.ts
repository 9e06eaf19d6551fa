import { describe, expect, it } from 'vitest';
import type { CanonicalLine } from '../types.ts';
import { lineDigest } from './digest.ts';
import { dayKey } from './diff.ts';
import { SourceLedger } from './source-ledger.ts';
import { emptyLedgerLine, SourceTally } from './source-tally.ts';

function line(row: number, transactionId: string, lineNo: number, o: Partial<CanonicalLine> = {}): CanonicalLine {
  return {
    sourceSystem: 'pawoon', sourceRow: row, transactionId, lineNo, occurredAt: Date.UTC(2025, 4, 5, 12), businessDate: '2025-05-05',
    outletCode: 'JKT-SENOPATI', outletName: 'KN - Senopati', item: 'Es Kopi', category: null, sku: null, qtyMilli: 1000, unitPriceSen: 2_500_000,
    grossSen: 2_500_000, discountSen: 0, taxSen: 250_000, serviceChargeSen: 125_000, roundingSen: -5_000, netSen: 2_870_000, paymentMethod: 'cash',
    paymentMethodRaw: 'Tunai', kind: 'sale', originalTransactionId: null, ...o,
  };
}

/** A tally with one ledger, taking canonical lines as reconcile's reading does. */
function ledgerOf() {
  const tally = new SourceTally();
  const ledger = new SourceLedger(tally);
  const scratch = emptyLedgerLine();
  return {
    tally,
    ledger,
    addFile: (p: string) => tally.addFile(p),
    add: (l: CanonicalLine, file: number) => ledger.add(tally.toLedgerLine(l, file, scratch)),
  };
}

describe('SourceLedger', () => {
  it('rejects a repeated key in the file and from an earlier file, not the same line number of another kind or system', () => {
    const ledger = ledgerOf();
    const a = ledger.addFile('a.csv');
    const b = ledger.addFile('b.csv');
    expect(ledger.add(line(2, 'PW-1', 1), a)).toBe(true);
    expect(ledger.add(line(3, 'PW-1', 2), a)).toBe(true);
    expect(ledger.add(line(4, 'PW-1', 2, { item: 'Pisang Goreng' }), a)).toBe(false);
    expect(ledger.add(line(5, 'PW-1', 1, { kind: 'refund', originalTransactionId: 'PW-1' }), a)).toBe(true);
    expect(ledger.add(line(6, 'PW-1', 1, { sourceSystem: 'moka' }), a)).toBe(true);
    expect(ledger.add(line(2, 'PW-2', 1), b)).toBe(true);
    expect(ledger.add(line(3, 'PW-1', 1), b)).toBe(false); // back to an older transaction: found by lookup, not as the previous one
    expect(ledger.add(line(4, 'PW-1', 3), b)).toBe(true);
  });

  it('sums each transaction into the day of its first line, per method, and scopes each system to its outlets and dates', () => {
    const ledger = ledgerOf();
    const f = ledger.addFile('a.csv');
    ledger.add(line(2, 'PW-1', 1), f);
    ledger.add(line(3, 'PW-1', 2, { businessDate: '2025-05-06', paymentMethod: 'qris', netSen: 1_000_000, grossSen: 1_000_000 }), f);
    ledger.add(line(4, 'PW-2', 1, { businessDate: '2025-05-07', outletCode: 'BDG-BRAGA' }), f);
    const days = ledger.tally.days();
    expect([...days.keys()]).toEqual([dayKey('JKT-SENOPATI', '2025-05-05'), dayKey('BDG-BRAGA', '2025-05-07')]);
    expect(days.get(dayKey('JKT-SENOPATI', '2025-05-05'))!.totals).toEqual({
      transactions: 1, lines: 2, grossSen: 3_500_000, discountSen: 0, taxSen: 500_000, serviceChargeSen: 250_000, netSen: 3_870_000, netByMethod: { cash: 2_870_000, qris: 1_000_000 },
      content: expect.any(Number),
    });
    const scope = ledger.tally.scope();
    expect(scope.has('pawoon', 'JKT-SENOPATI', '2025-05-07')).toBe(true);
    expect(scope.has('pawoon', 'JKT-SENOPATI', '2025-05-08')).toBe(false);
    expect(scope.has('pawoon', 'JKT-KEMANG', '2025-05-05')).toBe(false);
    expect(scope.has('moka', 'JKT-SENOPATI', '2025-05-05')).toBe(false);
  });

  it('gives the transactions of chosen days with their lines digested as the target side digests them', () => {
    const ledger = ledgerOf();
    const f = ledger.addFile('a.csv');
    const first = line(7, 'PW-1', 1);
    ledger.add(first, f);
    ledger.add(line(8, 'PW-1', 2), f);
    ledger.add(line(9, 'PW-2', 1, { businessDate: '2025-05-06' }), f);
    const txs = ledger.ledger.transactionsOn(ledger.tally.daysAmong(new Set([dayKey('JKT-SENOPATI', '2025-05-05')])));
    expect(txs).toEqual([
      {
        sourceSystem: 'pawoon', sourceId: 'PW-1', kind: 'sale', outletCode: 'JKT-SENOPATI', businessDate: '2025-05-05', occurredAt: first.occurredAt, originalSourceId: null,
        file: 'a.csv', row: 7, lines: [{ lineNo: 1, ...lineDigest(first, first.occurredAt), row: 7 }, { lineNo: 2, ...lineDigest({ ...first, lineNo: 2 }, first.occurredAt), row: 8 }],
      },
    ]);
  });

  it('grows past its initial capacity', () => {
    const ledger = ledgerOf();
    const f = ledger.addFile('a.csv');
    for (let i = 0; i < 20_000; i++) ledger.add(line(i + 2, `PW-${i >> 2}`, (i & 3) + 1, { businessDate: `2025-05-${String(1 + (i % 28)).padStart(2, '0')}` }), f);
    const totals = [...ledger.tally.days().values()].reduce((n, d) => n + d.totals.lines, 0);
    expect(totals).toBe(20_000);
  });

  it('counts the duplicates per file', () => {
    const ledger = ledgerOf();
    const a = ledger.addFile('a.csv');
    const b = ledger.addFile('b.csv');
    ledger.add(line(2, 'PW-1', 1), a);
    ledger.add(line(3, 'PW-1', 1), a);
    ledger.add(line(2, 'PW-1', 1), b);
    ledger.add(line(3, 'PW-1', 1), b);
    expect(ledger.tally.duplicates).toEqual([1, 2]);
  });
});
