import { describe, expect, it } from 'vitest';
import { lineChecksum, withTime, type DigestLine } from './digest.ts';

describe('withTime', () => {
  it('gives the checksum lineChecksum gives with the time folded in first', () => {
    const random = (n: number) => Math.floor(Math.random() * n);
    for (let i = 0; i < 2000; i++) {
      const l: DigestLine = {
        lineNo: 1 + random(5000), item: 'x'.repeat(random(80)), paymentMethod: 'cash', qtyMilli: random(1e7) - 5e6, unitPriceSen: i % 7 ? random(1e9) : null,
        grossSen: random(2e12) - 1e12, discountSen: random(1e9), taxSen: random(1e9) - 5e8, serviceChargeSen: random(1e8), roundingSen: random(1e4) - 5e3, netSen: random(2e12) - 1e12,
      };
      const t = Date.UTC(2015, 0, 1) + random(4e11);
      expect(withTime(lineChecksum(l, 0), l.lineNo, t)).toBe(lineChecksum(l, t));
    }
  });
});
