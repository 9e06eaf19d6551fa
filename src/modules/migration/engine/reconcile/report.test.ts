import { describe, expect, it } from 'vitest';
import { table } from '../../../../cli/output.ts';
import { emptyTotals } from './diff.ts';
import { capped, formatRupiah, renderReport } from './report.ts';
import type { ReconcileReport } from './types.ts';

describe('formatRupiah', () => {
  it('writes sen as rupiah the Indonesian way', () => {
    expect(formatRupiah(0)).toBe('Rp 0');
    expect(formatRupiah(125_000_000)).toBe('Rp 1.250.000');
    expect(formatRupiah(-1_500_050)).toBe('-Rp 15.000,50');
    expect(formatRupiah(5)).toBe('Rp 0,05');
    expect(formatRupiah(99_999_999_999_900)).toBe('Rp 999.999.999.999');
  });
});

describe('capped', () => {
  it('lists a few and counts the rest', () => {
    expect(capped(['a', 'b'], 3)).toBe('a, b');
    expect(capped(['a', 'b', 'c', 'd', 'e'], 3)).toBe('a, b, c and 2 more');
  });
});

const base: ReconcileReport = {
  ok: true, read: 1_000, loaded: 990, rejected: 10, valid: 990, skipped: 1, identityHolds: true, rejectsByReason: { bad_date: 7, duplicate: 3 },
  files: [{ path: 'moka.csv', sha256: 'ab'.repeat(32), sourceSystem: 'moka', read: 1_000, valid: 990, rejected: 10, skipped: 1, loaded: 990, rejectsByReason: { bad_date: 7, duplicate: 3 } }],
  days: [{ outletCode: 'JKT-SENOPATI', businessDate: '2025-05-05', source: { ...emptyTotals(), transactions: 300, netSen: 1_250_000_00 }, target: { ...emptyTotals(), transactions: 300, netSen: 1_250_000_00 }, differs: [] }],
  differences: [], differencesOmitted: { days: 0, transactions: 0 }, targetDaysRead: null, durationMs: 1_234,
};

describe('renderReport', () => {
  it('is one summary line when everything matches', () => {
    expect(renderReport(base, table)).toBe(
      'MATCH: 1 outlet-days match; 300 transactions, net Rp 1.250.000 in the files; read 1,000 = loaded 990 + rejected 10 (bad_date 7, duplicate 3); 1.2 s.',
    );
  });

  it('shows a line per differing day, the transactions behind it (capped), and the broken identity', () => {
    const missing = Array.from({ length: 12 }, (_, i) => `R-${i + 1}`);
    const report: ReconcileReport = {
      ...base, ok: false, loaded: 978, identityHolds: false,
      files: [{ ...base.files[0]!, loaded: 978 }],
      days: [{ ...base.days[0]!, target: { ...base.days[0]!.target, transactions: 288, netSen: 1_200_000_00 }, differs: ['transactions', 'netSen'] }],
      differences: [{
        outletCode: 'JKT-SENOPATI', businessDate: '2025-05-05', missing, extra: [], different: ['R-20'], detailsOmitted: 0,
        transactions: [
          ...missing.map((id, i) => ({ sourceSystem: 'moka', sourceId: id, kind: 'sale' as const, status: 'missing' as const, source: { file: 'moka.csv', row: 10 + i } })),
          { sourceSystem: 'moka', sourceId: 'R-20', kind: 'sale', status: 'different', source: { file: 'moka.csv', row: 40 }, target: { file: 'moka.csv', row: 40 }, lines: [{ lineNo: 2, status: 'different', sourceRow: 41, targetRow: 41 }] },
        ],
      }],
    };
    const text = renderReport(report, table, { cap: 3 });
    expect(text).toContain('JKT-SENOPATI');
    expect(text).toMatch(/300 \/ 288/);
    expect(text).toContain('Rp 1.200.000');
    expect(text).toContain('JKT-SENOPATI 2025-05-05 missing from the target: R-1 [moka.csv row 10], R-2 [moka.csv row 11], R-3 [moka.csv row 12] and 9 more');
    expect(text).toContain('JKT-SENOPATI 2025-05-05 different: R-20 [line 2 different (row 41)]');
    expect(text.split('\n').at(-1)).toBe(
      'DIFFERENT: 1 of 1 outlet-days differ; 300 transactions, net Rp 1.250.000 in the files; read 1,000 ≠ loaded 978 + rejected 10 (bad_date 7, duplicate 3); 1.2 s.',
    );
  });
});
