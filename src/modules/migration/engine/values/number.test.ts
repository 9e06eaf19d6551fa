import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeNumberParsers, type NumberStyle } from './number.ts';

const style = (s: Partial<NumberStyle> = {}): NumberStyle => ({
  decimal: ',', thousands: '.', currencyPrefix: 'Rp', negative: ['minus'], unit: 'rupiah', ...s,
});
const id = makeNumberParsers(style({ negative: ['minus', 'parentheses', 'trailing-minus'] }));
const en = makeNumberParsers(style({ decimal: '.', thousands: ',' }));
const plain = makeNumberParsers(style({ decimal: '.', thousands: '' }));

describe('amounts', () => {
  it('reads Indonesian-style rupiah into sen, exactly', () => {
    expect(id.amount('1.250.000')).toBe(125_000_000);
    expect(id.amount('1.250.000,55')).toBe(125_000_055);
    expect(id.amount('1.250.000,5')).toBe(125_000_050);
    expect(id.amount('Rp 25.000')).toBe(2_500_000);
    expect(id.amount('Rp\u00a025.000')).toBe(2_500_000);
    expect(id.amount('Rp25.000')).toBe(2_500_000);
    expect(id.amount('Rp. 25.000')).toBe(2_500_000);
    expect(id.amount('rp 25.000')).toBe(2_500_000);
    expect(id.amount('  7500 ')).toBe(750_000);
    expect(id.amount('0')).toBe(0);
    // 0.1 + 0.2 style float error cannot happen: digits are integers.
    expect(id.amount('90.071.992.547,99')).toBe(9_007_199_254_799);
  });

  it('reads every allowed negative style, before or after the currency', () => {
    for (const s of ['-Rp 15.000', 'Rp -15.000', '(15.000)', '(Rp 15.000)', 'Rp (15.000)', '15.000-', 'Rp 15.000-', '−15.000', '- 15.000']) {
      expect(id.amount(s), s).toBe(-1_500_000);
    }
  });

  it('refuses negative styles the mapping does not allow', () => {
    const minusOnly = makeNumberParsers(style());
    expect(minusOnly.amount('(15.000)')).toBeNaN();
    expect(minusOnly.amount('15.000-')).toBeNaN();
    const parensOnly = makeNumberParsers(style({ negative: ['parentheses'] }));
    expect(parensOnly.amount('-15.000')).toBeNaN();
    expect(parensOnly.amount('(15.000)')).toBe(-1_500_000);
  });

  it('is strict about separators', () => {
    for (const bad of ['12.5.0', 'abc', '1,2,3', '1.2345', '12.34.567', '1.250.000,5,5', ',5', '--5', '5 000', 'Rp', '', '-', '()', 'Rp 1.000 Rp', '1e5', '0x10', '+5']) {
      expect(id.amount(bad), JSON.stringify(bad)).toBeNaN();
    }
    expect(en.amount('1,250,000.50')).toBe(125_000_050);
    expect(en.amount('1.250.000')).toBeNaN();
    expect(en.amount('1,2,3')).toBeNaN();
    expect(plain.amount('25000')).toBe(2_500_000);
    expect(plain.amount('25000.5')).toBe(2_500_050);
    expect(plain.amount('25,000')).toBeNaN();
  });

  it('refuses fractions of a sen instead of rounding them away', () => {
    expect(id.amount('1.250,555')).toBeNaN();
    // With "." as the decimal separator "Rp 25.000" is 25 rupiah with three decimals: refused, not read as 25.
    expect(plain.amount('Rp 25.000')).toBeNaN();
  });

  it('reads amounts already in sen when the unit is sen', () => {
    const sen = makeNumberParsers(style({ unit: 'sen' }));
    expect(sen.amount('2.500.050')).toBe(2_500_050);
    expect(sen.amount('25,5')).toBeNaN();
    expect(sen.amount(2500050)).toBe(2_500_050);
    expect(sen.amount(2.5)).toBeNaN();
  });

  it('takes numeric XLSX cells, tolerating float noise but not sub-sen amounts', () => {
    expect(id.amount(25000)).toBe(2_500_000);
    expect(id.amount(1250.1)).toBe(125_010);
    expect(id.amount(0.1 + 0.2)).toBe(30);
    expect(id.amount(-15000)).toBe(-1_500_000);
    expect(id.amount(12.345)).toBeNaN();
    expect(id.amount(Number.NaN)).toBeNaN();
    expect(id.amount(new Date(0))).toBeNaN();
  });
});

describe('quantities and line numbers', () => {
  it('reads quantities into thousandths', () => {
    expect(id.qty('2')).toBe(2000);
    expect(id.qty('0,5')).toBe(500);
    expect(id.qty('1,125')).toBe(1125);
    expect(id.qty('-2')).toBe(-2000);
    expect(id.qty('1,0005')).toBeNaN();
    expect(id.qty('Rp 2')).toBeNaN();
    expect(id.qty(1.5)).toBe(1500);
    expect(en.qty('1.5')).toBe(1500);
  });

  it('reads line numbers as non-negative integers only', () => {
    expect(id.integer('3')).toBe(3);
    expect(id.integer(3)).toBe(3);
    expect(id.integer('-3')).toBeNaN();
    expect(id.integer('1,5')).toBeNaN();
  });
});

describe('format then parse is the identity (property)', () => {
  const styles = fc.record({
    decimal: fc.constantFrom<',' | '.'>(',', '.'),
    thousands: fc.constantFrom<'.' | ',' | ' ' | ''>('.', ',', ' ', ''),
    negative: fc.constantFrom<NumberStyle['negative'][number]>('minus', 'parentheses', 'trailing-minus'),
    unit: fc.constantFrom<'rupiah' | 'sen'>('rupiah', 'sen'),
    prefix: fc.constantFrom('', 'Rp', 'Rp ', 'Rp\u00a0'),
    group: fc.boolean(),
    space: fc.constantFrom(' ', '\u00a0', '\u202f'),
  }).filter((s) => s.decimal !== s.thousands);

  type Style = typeof styles extends fc.Arbitrary<infer T> ? T : never;

  function format(n: number, scale: number, s: Style): string {
    const abs = Math.abs(n);
    const unit = 10 ** scale;
    let int = String(Math.floor(abs / unit));
    if (s.group && s.thousands !== '') int = int.replace(/\B(?=(\d{3})+(?!\d))/g, s.thousands === ' ' ? s.space : s.thousands);
    const frac = scale ? String(abs % unit).padStart(scale, '0') : '';
    const body = `${s.prefix}${int}${frac && frac !== '0'.repeat(scale) ? s.decimal + frac : ''}`;
    if (n >= 0) return body;
    return s.negative === 'minus' ? `-${body}` : s.negative === 'parentheses' ? `(${body})` : `${body}-`;
  }

  it('amounts', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger().map((n) => Math.trunc(n / 1000) || 0), styles, (n, s) => {
        const p = makeNumberParsers({ decimal: s.decimal, thousands: s.thousands, currencyPrefix: 'Rp', negative: [s.negative], unit: s.unit });
        const scale = s.unit === 'sen' ? 0 : 2;
        expect(p.amount(format(n, scale, s))).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('quantities', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), styles, (n, s) => {
        const p = makeNumberParsers({ decimal: s.decimal, thousands: s.thousands, currencyPrefix: 'Rp', negative: [s.negative], unit: s.unit });
        expect(p.qty(format(n, 3, { ...s, prefix: '' }))).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });
});
