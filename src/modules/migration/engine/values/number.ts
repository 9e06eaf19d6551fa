import type { Mapping } from '../mapping.ts';
import type { SourceCell } from '../types.ts';

/**
 * Amounts → integer sen and quantities → integer thousandths, from text in the mapping's
 * number style or from a numeric XLSX cell. Digits are read as integers (never through a float),
 * so "1.250.000,55" is exactly 125000055 sen. Strict: a value that does not fit the style
 * ("12.5.0", "1,2,3" with thousands ".", a minus when only parentheses are allowed) is NaN,
 * which the transform reports as bad_number.
 */
export type NumberStyle = Mapping['numbers'];

export interface NumberParsers {
  /** Amount in sen, NaN when the value does not fit the style. */
  amount(cell: SourceCell): number;
  /** Quantity in thousandths, NaN when the value does not fit the style. */
  qty(cell: SourceCell): number;
  /** Non-negative integer (a line number column), NaN otherwise. */
  integer(cell: SourceCell): number;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The digits of one number in the style: group 1 the integer part, group 2 the fraction. */
function digitsPattern(style: NumberStyle): RegExp {
  const dec = esc(style.decimal);
  if (style.thousands === '') return new RegExp(`^(\\d+)(?:${dec}(\\d+))?$`);
  // A space-grouped number may use a no-break or narrow no-break space, as ICU writes them.
  const sep = style.thousands === ' ' ? '[ \\u00a0\\u202f]' : esc(style.thousands);
  return new RegExp(`^(\\d{1,3}(?:${sep}\\d{3})+|\\d+)(?:${dec}(\\d+))?$`);
}

function allDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}

export function makeNumberParsers(style: NumberStyle): NumberParsers {
  const digits = digitsPattern(style);
  const sepGlobal = style.thousands === '' ? null : new RegExp(style.thousands === ' ' ? '[ \\u00a0\\u202f]' : esc(style.thousands), 'g');
  const minus = style.negative.includes('minus');
  const parens = style.negative.includes('parentheses');
  const trailing = style.negative.includes('trailing-minus');
  const prefix = style.currencyPrefix.toLowerCase();
  const amountScale = style.unit === 'sen' ? 0 : 2;

  /** Strip one sign marking allowed by the style; returns [negative, rest] or null when malformed. */
  const unsign = (s: string): [boolean, string] => {
    const first = s.charCodeAt(0);
    if (parens && first === 40 /* ( */ && s.charCodeAt(s.length - 1) === 41) return [true, s.slice(1, -1).trim()];
    if (minus && (first === 45 /* - */ || first === 0x2212)) return [true, s.slice(1).trim()];
    if (trailing && s.charCodeAt(s.length - 1) === 45) return [true, s.slice(0, -1).trim()];
    return [false, s];
  };

  const stripPrefix = (s: string): string | null => {
    if (!prefix || s.slice(0, prefix.length).toLowerCase() !== prefix) return null;
    let rest = s.slice(prefix.length);
    if (rest.charCodeAt(0) === 46 /* . */ && !prefix.endsWith('.')) rest = rest.slice(1); // "Rp.25.000"
    return rest.trim();
  };

  const parseText = (text: string, scale: number, currency: boolean): number => {
    let s = text.trim(); // trim() takes NBSP and U+202F too
    if (s === '') return NaN;
    // Fast path: plain digits, by far the most common cell.
    if (s.length <= 12 && allDigits(s)) return Number(s) * 10 ** scale;
    let [neg, rest] = unsign(s);
    if (currency) {
      const unprefixed = stripPrefix(rest);
      if (unprefixed !== null) {
        rest = unprefixed;
        // "Rp -15.000" / "Rp (15.000)": the sign after the currency.
        if (!neg) [neg, rest] = unsign(rest);
      }
    }
    s = rest;
    const code = s.charCodeAt(0);
    if (!(code >= 48 && code <= 57)) return NaN;
    const m = digits.exec(s);
    if (!m) return NaN;
    const int = sepGlobal ? m[1]!.replace(sepGlobal, '') : m[1]!;
    let frac = m[2] ?? '';
    if (frac.length > scale) return NaN; // sub-sen money or sub-thousandth quantity: not representable
    frac = frac.padEnd(scale, '0');
    const v = Number(int + frac);
    if (!Number.isSafeInteger(v)) return NaN;
    return neg ? 0 - v : v; // never -0
  };

  const parseNative = (n: number, scale: number): number => {
    const f = 10 ** scale;
    const v = Math.round(n * f) || 0; // never -0
    // A spreadsheet float like 1250.1000000001 is fine; 12.345 rupiah is not a sen amount.
    return Number.isSafeInteger(v) && Math.abs(v - n * f) < 1e-6 * Math.max(1, Math.abs(v)) ? v : NaN;
  };

  const make = (scale: number, currency: boolean) => (cell: SourceCell): number =>
    typeof cell === 'string' ? parseText(cell, scale, currency) : typeof cell === 'number' ? parseNative(cell, scale) : NaN;

  const integer = make(0, false);
  return {
    amount: make(amountScale, true),
    qty: make(3, false),
    integer: (cell) => {
      const v = integer(cell);
      return v >= 0 ? v : NaN;
    },
  };
}
