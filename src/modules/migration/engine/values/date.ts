import { MigrationInputError } from '../errors.ts';
import type { Mapping } from '../mapping.ts';
import type { SourceCell } from '../types.ts';
import { DAY_NAMES, MONTH_NAMES } from './calendar-names.ts';
import { zone } from './zone.ts';

/**
 * Dates in Unicode date-field tokens, compiled once into one regular expression.
 *
 * Why not date-fns' parse: one locale per call (a column mixing "Agu" and "Aug", or "Mei" and
 * "May", needs two tries per value), its Indonesian locale knows "Agt" but not CLDR's own "Agu"
 * nor "Ags"/"Sept"/"Nop", and it builds a Date through a chain of setters per call. A format
 * compiled to one RegExp is a few lines, strict (31/02 is refused after matching) and, with the
 * per-value cache below, costs one Map lookup per row.
 */

const DAY_MS = 86_400_000;

type Field = 'd' | 'M' | 'MMM' | 'y' | 'yy' | 'H' | 'h' | 'm' | 's' | 'S' | 'a' | 'E';

const TOKENS: Record<string, { field: Field; width?: 2 | 4 | 3 }> = {
  d: { field: 'd' }, dd: { field: 'd', width: 2 },
  M: { field: 'M' }, MM: { field: 'M', width: 2 }, MMM: { field: 'MMM' }, MMMM: { field: 'MMM' },
  yy: { field: 'yy', width: 2 }, yyyy: { field: 'y', width: 4 },
  H: { field: 'H' }, HH: { field: 'H', width: 2 }, h: { field: 'h' }, hh: { field: 'h', width: 2 },
  m: { field: 'm' }, mm: { field: 'm', width: 2 }, s: { field: 's' }, ss: { field: 's', width: 2 },
  SSS: { field: 'S', width: 3 },
  a: { field: 'a' },
  E: { field: 'E' }, EE: { field: 'E' }, EEE: { field: 'E' }, EEEE: { field: 'E' },
};
const NUMERIC: ReadonlySet<Field> = new Set(['d', 'M', 'y', 'yy', 'H', 'h', 'm', 's', 'S']);
const CLOCK: ReadonlySet<Field> = new Set(['H', 'h', 'm']);

const alternation = (names: Iterable<string>) =>
  [...names].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\']/g, '\\$&')).join('|');
const MONTH_RE = `(${alternation(MONTH_NAMES.keys())})\\.?`;
const DAY_RE = `(?:${alternation(DAY_NAMES)})\\.?`;
const SPACE_RE = '[\\s\\u00a0\\u202f]+';

type Part = { kind: 'token'; field: Field; width?: number } | { kind: 'literal'; text: string };

function tokenize(format: string, where: string): Part[] {
  const parts: Part[] = [];
  for (let i = 0; i < format.length; ) {
    const c = format[i]!;
    if (c === "'") {
      const close = format.indexOf("'", i + 1);
      if (close === i + 1) {
        parts.push({ kind: 'literal', text: "'" });
        i += 2;
        continue;
      }
      if (close < 0) throw new MigrationInputError('bad_mapping', `${where}: unclosed quote in "${format}"; literal text goes in single quotes, e.g. "yyyy-MM-dd'T'HH:mm".`);
      parts.push({ kind: 'literal', text: format.slice(i + 1, close) });
      i = close + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (format[j] === c) j++;
      const spec = TOKENS[format.slice(i, j)];
      if (!spec) {
        throw new MigrationInputError('bad_mapping', `${where}: "${format.slice(i, j)}" in "${format}" is not a supported date token; use d dd M MM MMM MMMM yy yyyy H HH h hh m mm s ss SSS a EEE EEEE, and put literal text in single quotes.`);
      }
      parts.push({ kind: 'token', field: spec.field, width: spec.width });
      i = j;
    } else {
      parts.push({ kind: 'literal', text: c });
      i++;
    }
  }
  return parts;
}

const isNumeric = (p: Part | undefined) => p?.kind === 'token' && NUMERIC.has(p.field);

export interface CompiledDateFormat {
  /** The local wall-clock time written as if UTC (epoch ms), or NaN when the text is not such a date. */
  parse(text: string): number;
  readonly hasDate: boolean;
  readonly hasTime: boolean;
}

/**
 * Compile a format. Numeric fields accept one or two digits (dd matches "5" too) unless two
 * numeric fields touch ("yyyyMMdd"), where widths are exact; a space matches any run of spaces;
 * ":" or "." after an hour or minute field matches either (times are written "13.45" too).
 * Throws MigrationInputError('bad_mapping') for an unknown token.
 */
export function compileDateFormat(format: string, where = 'dates.format'): CompiledDateFormat {
  const parts = tokenize(format, where);
  const groups: Field[] = [];
  let src = '^\\s*';
  parts.forEach((p, i) => {
    if (p.kind === 'literal') {
      const prev = parts[i - 1];
      if ((p.text === ':' || p.text === '.') && prev?.kind === 'token' && CLOCK.has(prev.field)) src += '[:.]';
      else src += p.text.split(/\s+/).map((t) => t.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join(SPACE_RE);
      return;
    }
    const exact = p.width !== undefined && (isNumeric(parts[i - 1]) || isNumeric(parts[i + 1]));
    if (p.field === 'E') return void (src += DAY_RE);
    groups.push(p.field);
    if (p.field === 'MMM') src += MONTH_RE;
    else if (p.field === 'a') src += '([ap]\\.?m\\.?)';
    else if (p.field === 'y' || p.field === 'yy' || p.field === 'S') src += `(\\d{${p.width}})`;
    else src += exact ? '(\\d{2})' : '(\\d{1,2})';
  });
  const re = new RegExp(src + '\\s*$', 'i');
  const has = (f: Field) => groups.includes(f);
  const hasDate = has('d') || has('M') || has('MMM') || has('y') || has('yy');
  const hasTime = has('H') || has('h');
  if (hasDate && !(has('d') && (has('M') || has('MMM')) && (has('y') || has('yy')))) {
    throw new MigrationInputError('bad_mapping', `${where}: "${format}" must have a day (d), a month (M or MMM) and a year (yyyy or yy).`);
  }

  const parse = (text: string): number => {
    const m = re.exec(text);
    if (!m) return NaN;
    let y = 1970, mo = 1, d = 1, hour = 0, min = 0, sec = 0, ms = 0, pm: boolean | null = null, h12 = false;
    for (let g = 0; g < groups.length; g++) {
      const v = m[g + 1]!;
      switch (groups[g]) {
        case 'd': d = +v; break;
        case 'M': mo = +v; break;
        case 'MMM': mo = MONTH_NAMES.get(v.toLowerCase()) ?? 0; break;
        case 'y': y = +v; break;
        case 'yy': y = 2000 + +v; break;
        case 'H': hour = +v; break;
        case 'h': hour = +v; h12 = true; break;
        case 'm': min = +v; break;
        case 's': sec = +v; break;
        case 'S': ms = +v; break;
        case 'a': pm = v[0] === 'p' || v[0] === 'P'; break;
      }
    }
    if (h12 && pm !== null) {
      if (hour < 1 || hour > 12) return NaN;
      hour = (hour % 12) + (pm ? 12 : 0);
    }
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || hour > 23 || min > 59 || sec > 59) return NaN;
    return Date.UTC(y, mo - 1, d, hour, min, sec, ms);
  };
  return { parse, hasDate, hasTime };
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included); serials count days from it. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A cache by input text, emptied when it grows past `max` (dates and times repeat heavily). */
function cached(fn: (text: string) => number, max = 50_000): (text: string) => number {
  let memo = new Map<string, number>();
  return (text) => {
    let v = memo.get(text);
    if (v === undefined) {
      v = fn(text);
      if (memo.size >= max) memo = new Map();
      memo.set(text, v);
    }
    return v;
  };
}

export interface DateTimeParser {
  /** The date column (or the one occurred_at column) → wall-clock ms as if UTC; NaN when bad. */
  date(cell: SourceCell): number;
  /** The time column → ms since midnight; NaN when bad. */
  time(cell: SourceCell): number;
  /** A wall-clock time in the file's zone → the instant (epoch ms). */
  instant(wallMs: number): number;
}

/**
 * Parsers for one mapping's occurred_at. XLSX cells may arrive as a Date (wall clock in its UTC
 * fields) or as an Excel serial number; text goes through the compiled format, cached by value.
 * Without `dates.timeFormat` a time column is read as H:mm:ss or H:mm (":" or ".").
 */
export function makeDateTimeParser(dates: Mapping['dates'], timezone: string): DateTimeParser {
  const dateFormat = compileDateFormat(dates.format, 'dates.format');
  if (!dateFormat.hasDate) throw new MigrationInputError('bad_mapping', `dates.format: "${dates.format}" has no date fields; the time goes in dates.timeFormat.`);
  const timeFormats = (dates.timeFormat ? [dates.timeFormat] : ['H:mm:ss', 'H:mm']).map((f) => compileDateFormat(f, 'dates.timeFormat'));
  if (dates.timeFormat && timeFormats[0]!.hasDate) {
    throw new MigrationInputError('bad_mapping', `dates.timeFormat: "${dates.timeFormat}" must hold only time fields (H, mm, ss, a).`);
  }
  const parseDateText = cached(dateFormat.parse);
  const parseTimeText = cached((t) => {
    for (const f of timeFormats) {
      const v = f.parse(t);
      if (!Number.isNaN(v)) return v;
    }
    return NaN;
  });
  const z = zone(timezone);
  return {
    date(cell) {
      if (typeof cell === 'string') return parseDateText(cell);
      if (cell instanceof Date) return cell.getTime();
      return Number.isFinite(cell) ? EXCEL_EPOCH_MS + Math.round(cell * 86_400) * 1000 : NaN;
    },
    time(cell) {
      if (typeof cell === 'string') return parseTimeText(cell);
      const ms = cell instanceof Date ? cell.getTime() : Number.isFinite(cell) ? Math.round(cell * 86_400) * 1000 : NaN;
      return ((ms % DAY_MS) + DAY_MS) % DAY_MS;
    },
    instant: z.instantOf,
  };
}
