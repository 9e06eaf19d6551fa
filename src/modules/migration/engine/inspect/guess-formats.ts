import type { Mapping } from '../mapping.ts';
import { compileDateFormat } from '../values/date.ts';
import { makeNumberParsers, type NumberStyle } from '../values/number.ts';

const DATES = ['dd/MM/yyyy', 'dd-MM-yyyy', 'dd.MM.yyyy', 'yyyy-MM-dd', 'yyyy/MM/dd', 'MM/dd/yyyy', 'dd/MM/yy', 'd MMMM yyyy', 'EEEE, d MMMM yyyy', 'EEE, d MMM yyyy'];
const TIMES = ['HH:mm:ss', 'HH:mm', 'HH.mm.ss', 'HH.mm', 'h:mm:ss a', 'h:mm a'];
const DATE_TIMES = [...DATES.flatMap((d) => TIMES.map((t) => `${d} ${t}`)), "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.SSS", ...DATES];

/**
 * The first format every sample value parses with, the order saying what is likelier (day
 * before month, as Indonesia writes it; the time spelled as the values spell it). `ambiguous`
 * when a month-first format reads them all too.
 */
export function guessDateFormat(values: string[], timeOnly = false): { format: string; ambiguous: boolean } | null {
  const sample = values.map((v) => v.trim()).filter(Boolean);
  if (!sample.length) return null;
  const candidates = timeOnly ? TIMES : DATE_TIMES;
  const fits = (f: string) => {
    const c = compileDateFormat(f);
    return sample.every((v) => !Number.isNaN(c.parse(v)));
  };
  // ":" and "." read each other after hours and minutes; prefer the one the values show.
  const dotted = sample.some((v) => /\d\.\d\d(\D|$)/.test(v) && !/\d:\d\d/.test(v));
  const ordered = dotted ? [...candidates.filter((f) => f.includes('HH.')), ...candidates] : candidates;
  const format = ordered.find(fits);
  if (!format) return null;
  const swapped = format.replace(/^dd(.)MM/, 'MM$1dd');
  const ambiguous = swapped !== format && fits(swapped);
  return { format, ambiguous };
}

const STYLES: Pick<NumberStyle, 'decimal' | 'thousands'>[] = [
  { decimal: ',', thousands: '.' },
  { decimal: '.', thousands: ',' },
  { decimal: '.', thousands: '' },
  { decimal: ',', thousands: '' },
  { decimal: ',', thousands: ' ' },
];

/**
 * A number style that reads every sample amount: the negative styles the values show, then
 * the first separator pair that fits, preferring the decimal comma when the file is
 * ;-delimited (Excel in an Indonesian locale) and the decimal point otherwise.
 */
export function guessNumberStyle(values: string[], preferDecimalComma: boolean): { numbers: Mapping['numbers']; fits: boolean } {
  const sample = values.map((v) => v.trim()).filter(Boolean);
  const negative: NumberStyle['negative'] = ['minus'];
  if (sample.some((v) => /^\(.*\)$/.test(v))) negative.push('parentheses');
  if (sample.some((v) => /\d-$/.test(v))) negative.push('trailing-minus');
  const ordered = preferDecimalComma ? STYLES : [STYLES[1]!, STYLES[2]!, STYLES[0]!, STYLES[3]!, STYLES[4]!];
  for (const s of ordered) {
    const numbers: Mapping['numbers'] = { ...s, currencyPrefix: 'Rp', negative, unit: 'rupiah' };
    const p = makeNumberParsers(numbers);
    if (sample.every((v) => !Number.isNaN(p.amount(v)))) return { numbers, fits: true };
  }
  return { numbers: { ...ordered[0]!, currencyPrefix: 'Rp', negative, unit: 'rupiah' }, fits: false };
}
