import { describe, expect, it } from 'vitest';
import { LINE_CHECKSUM_SQL, lineChecksum, lineDigest, type DigestLine } from './digest.ts';
import { compareDays, compareTotals, dayKey, DETAIL_CAP, diffTransactions, emptyTotals, type DaySide } from './diff.ts';
import type { DayTotals, TxView } from './types.ts';

const line: DigestLine = {
  lineNo: 1, item: 'Es Kopi Susu Gula Aren', qtyMilli: 2000, unitPriceSen: 2_200_000, grossSen: 4_400_000, discountSen: 0,
  taxSen: 440_000, serviceChargeSen: 220_000, roundingSen: -100, netSen: 5_059_900, paymentMethod: 'gopay',
};

const AT = Date.UTC(2025, 4, 5, 6, 45);

describe('line digests and checksums', () => {
  it('digests change with every stored field and the transaction time, and not with nothing', () => {
    const base = lineDigest(line, AT);
    expect(lineDigest({ ...line }, AT)).toEqual(base);
    const changes: Partial<DigestLine>[] = [
      { lineNo: 2 }, { item: 'Es Kopi Susu Gula Arem' }, { qtyMilli: 2001 }, { unitPriceSen: null }, { unitPriceSen: 0 },
      { grossSen: 4_400_001 }, { discountSen: 1 }, { taxSen: 440_001 }, { serviceChargeSen: 0 }, { roundingSen: 100 },
      { netSen: 5_059_901 }, { paymentMethod: 'ovo' }, { netSen: 5_059_900 + 2 ** 31 },
    ];
    for (const c of changes) expect(lineDigest({ ...line, ...c }, AT), JSON.stringify(c)).not.toEqual(base);
    expect(lineDigest(line, AT + 60_000)).not.toEqual(base);
  });

  it('checksums are exact, see amounts swapped between two lines, and count characters as PostgreSQL does', () => {
    expect(lineChecksum(line, AT)).toBeLessThan(2 ** 32);
    const two = [line, { ...line, lineNo: 2, grossSen: 1_000_000, netSen: 1_150_000 }];
    const swapped = [{ ...two[0]!, grossSen: 1_000_000, netSen: 1_150_000 }, { ...two[1]!, grossSen: 4_400_000, netSen: 5_059_900 }];
    const sum = (ls: DigestLine[]) => ls.reduce((n, l) => n + lineChecksum(l, AT), 0);
    expect(sum(swapped)).not.toBe(sum(two));
    // Emoji count once, as char_length counts them; negative refunds fold like PostgreSQL's %.
    expect(lineChecksum({ ...line, item: 'Kopi ☕' }, AT)).toBe(lineChecksum({ ...line, item: 'Kopi 🍵' }, AT));
    const refund = lineChecksum({ ...line, grossSen: -4_400_000, netSen: -5_059_900, qtyMilli: -2000 }, AT);
    expect(refund >= 0 && refund < 2 ** 32).toBe(true);
    // A change of 2³² sen (Rp 42.9 million) is the smallest one the checksum cannot see.
    expect(lineChecksum({ ...line, netSen: line.netSen + 2 ** 32 }, AT)).toBe(lineChecksum(line, AT));
  });

  it('the checksum in SQL folds the same columns in the same order', () => {
    expect(LINE_CHECKSUM_SQL.startsWith("((((((((((((((((((round(date_part('epoch', l.occurred_at) * 1000)::bigint & 4294967295) * (1000003 + 2 * (l.line_no % 1009)) + ((")).toBe(true);
    expect([...LINE_CHECKSUM_SQL.matchAll(/ \+ \(\((.*?)\) & 4294967295\)\) & 4294967295/g)].map((m) => m[1])).toEqual([
      'l.qty_milli', 'coalesce(l.unit_price_sen, -1)', 'l.gross_sen', 'l.discount_sen', 'l.tax_sen', 'l.service_charge_sen', 'l.rounding_sen',
      'l.net_sen', 'char_length(l.item)',
    ]);
  });
});

const totals = (t: Partial<DayTotals>): DayTotals => ({ ...emptyTotals(), ...t });

describe('compareTotals and compareDays', () => {
  it('name each field that differs; a method missing on one side counts as 0', () => {
    const s = totals({ transactions: 3, lines: 5, grossSen: 100, netSen: 90, netByMethod: { cash: 50, qris: 40 } });
    expect(compareTotals(s, s)).toEqual([]);
    expect(compareTotals(s, { ...s, netSen: 91, netByMethod: { cash: 50, qris: 40, ovo: 0 } })).toEqual(['netSen']);
    expect(compareTotals(s, { ...s, lines: 4, netByMethod: { cash: 90 } })).toEqual(['lines', 'netByMethod.cash', 'netByMethod.qris']);
    expect(compareTotals(s, { ...s, content: 7 })).toEqual(['content']);
  });

  it('cover days on either side, sorted', () => {
    const side = (outletCode: string, businessDate: string, t: Partial<DayTotals>): [string, DaySide] => [dayKey(outletCode, businessDate), { outletCode, businessDate, totals: totals(t) }];
    const source = new Map([side('JKT-SENOPATI', '2025-05-06', { transactions: 1 }), side('JKT-SENOPATI', '2025-05-05', { transactions: 2 })]);
    const target = new Map([side('JKT-SENOPATI', '2025-05-05', { transactions: 2 }), side('BDG-BRAGA', '2025-05-05', { transactions: 1 })]);
    const days = compareDays(source, target);
    expect(days.map((d) => [d.outletCode, d.businessDate, d.differs])).toEqual([
      ['BDG-BRAGA', '2025-05-05', ['transactions']],
      ['JKT-SENOPATI', '2025-05-05', []],
      ['JKT-SENOPATI', '2025-05-06', ['transactions']],
    ]);
    expect(days[0]!.source).toEqual(emptyTotals());
  });
});

function tx(id: string, businessDate: string, lines: DigestLine[], over: Partial<TxView> = {}): TxView {
  return {
    sourceSystem: 'moka', sourceId: id, kind: 'sale', outletCode: 'JKT-SENOPATI', businessDate, occurredAt: Date.parse(`${businessDate}T05:00:00Z`),
    originalSourceId: null, file: 'moka.csv', row: 2, lines: lines.map((l, i) => ({ lineNo: l.lineNo, ...lineDigest(l, 0), row: 2 + i })), ...over,
  };
}

describe('diffTransactions', () => {
  const l1 = line;
  const l2 = { ...line, lineNo: 2, item: 'Pisang Goreng', netSen: 1_500_000 };
  const days = [{ outletCode: 'JKT-SENOPATI', businessDate: '2025-05-05' }, { outletCode: 'JKT-SENOPATI', businessDate: '2025-05-06' }];

  it('names missing, extra and different transactions, down to the line, and where a moved one went', () => {
    const source = [tx('R-1', '2025-05-05', [l1, l2]), tx('R-2', '2025-05-05', [l1]), tx('R-3', '2025-05-05', [l1, l2]), tx('R-4', '2025-05-05', [l1]), tx('R-5', '2025-05-05', [l1], { kind: 'refund', originalSourceId: 'R-1' })];
    const target = [
      tx('R-1', '2025-05-05', [l1, { ...l2, netSen: 1_400_000 }], { file: 'file 0123456789ab', row: 7 }),
      tx('R-3', '2025-05-05', [l1], { occurredAt: 0 }),
      tx('R-4', '2025-05-06', [l1]),
      tx('R-9', '2025-05-05', [l1], { file: 'moka.csv', row: 40 }),
      tx('R-5', '2025-05-05', [l1], { kind: 'refund', originalSourceId: 'R-1' }),
    ];
    const [d5, d6] = diffTransactions(days, source, target);
    expect(d5).toMatchObject({ missing: ['R-2', 'R-4'], extra: ['R-9'], different: ['R-1', 'R-3'] });
    expect(d5!.transactions.find((t) => t.sourceId === 'R-1')).toEqual({
      sourceSystem: 'moka', sourceId: 'R-1', kind: 'sale', status: 'different', source: { file: 'moka.csv', row: 2 }, target: { file: 'file 0123456789ab', row: 7 },
      lines: [{ lineNo: 2, status: 'different', sourceRow: 3, targetRow: 3 }],
    });
    expect(d5!.transactions.find((t) => t.sourceId === 'R-3')).toMatchObject({ fields: ['occurredAt'], lines: [{ lineNo: 2, status: 'missing', sourceRow: 3 }] });
    expect(d5!.transactions.find((t) => t.sourceId === 'R-4')).toMatchObject({ status: 'missing', elsewhere: { businessDate: '2025-05-06' } });
    expect(d5!.transactions.find((t) => t.sourceId === 'R-9')).toMatchObject({ status: 'extra', target: { file: 'moka.csv', row: 40 } });
    expect(d6).toMatchObject({ missing: [], extra: ['R-4'], different: [] });
    expect(d6!.transactions[0]).toMatchObject({ status: 'extra', elsewhere: { businessDate: '2025-05-05' } });
  });

  it('tells a refund from the sale of the same id, and reports an extra line', () => {
    const source = [tx('R-1', '2025-05-05', [l1])];
    const target = [tx('R-1', '2025-05-05', [l1, l2]), tx('R-1', '2025-05-05', [l1], { kind: 'void' })];
    const [d5] = diffTransactions(days.slice(0, 1), source, target);
    expect(d5).toMatchObject({ missing: [], extra: ['R-1 (void)'], different: ['R-1'] });
    expect(d5!.transactions.map((t) => t.status)).toEqual(['extra', 'different']);
    expect(d5!.transactions[1]!.lines).toEqual([{ lineNo: 2, status: 'extra', targetRow: 3 }]);
  });

  it('compares a transaction the target holds on two days (a line moved) on the file\'s day, and names it extra on the other', () => {
    const source = [tx('R-1', '2025-05-05', [l1, l2])];
    const target = [tx('R-1', '2025-05-05', [l1]), tx('R-1', '2025-05-06', [l2], { row: 3 })];
    const [d5, d6] = diffTransactions(days, source, target);
    expect(d5).toMatchObject({ missing: [], extra: [], different: ['R-1'] });
    expect(d5!.transactions[0]!.lines).toEqual([{ lineNo: 2, status: 'missing', sourceRow: 3 }]);
    expect(d6).toMatchObject({ missing: [], extra: ['R-1'], different: [], transactions: [{ status: 'extra', target: { row: 3 }, elsewhere: { businessDate: '2025-05-05' } }] });
  });

  it('keeps every id but details for the first DETAIL_CAP transactions of a day', () => {
    const source = Array.from({ length: DETAIL_CAP + 5 }, (_, i) => tx(`R-${i}`, '2025-05-05', [l1]));
    const [d5] = diffTransactions(days.slice(0, 1), source, []);
    expect(d5!.missing).toHaveLength(DETAIL_CAP + 5);
    expect(d5!.transactions).toHaveLength(DETAIL_CAP);
    expect(d5!.detailsOmitted).toBe(5);
  });
});
