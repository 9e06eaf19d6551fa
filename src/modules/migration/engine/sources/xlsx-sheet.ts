import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import type { SourceCell } from '../types.ts';

/**
 * A worksheet's rows, read from its XML by saxes (the XML parser exceljs itself uses) straight
 * into cell values: exceljs's own sheet reader made a Row with a Cell object, a style lookup
 * and an address decode per cell, and handed rows over one by one — about half of an XLSX
 * import's time. The workbook's other parts (its sheet list, shared strings, styles) are still
 * read by exceljs (xlsx.ts); this needs only what they give.
 */

/** What a sheet's cells are read against: the workbook's shared strings, which styles show dates, and its date system. */
export interface SheetContext {
  /** Shared string i: text, or exceljs's `{ richText: [{ text }] }`. */
  sharedStrings: readonly unknown[];
  /** Whether cells of style `s` show their number as a date (the style's number format). */
  isDateStyle(s: number): boolean;
  /** The workbook counts days from 1904 (old Mac Excel), not 1900. */
  date1904: boolean;
}

/** A sheet row: its number and its cells from column A (missing cells are ''). */
export interface SheetRow {
  number: number;
  cells: SourceCell[];
}

/** A cell as it is read: its column, style and type, its `<v>` (or inline string) text and whether it has a formula. */
interface OpenCell {
  col: number;
  style: number;
  type: string;
  text: string;
  formula: boolean;
}

/**
 * The sheet's rows in order, those completed by each chunk of XML together (one await per chunk,
 * not per row). Malformed XML throws saxes's error; the caller words it.
 */
export async function* readSheetRows(xml: AsyncIterable<Buffer | string>, ctx: SheetContext): AsyncGenerator<SheetRow[]> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  let done: SheetRow[] = [];
  let row: SheetRow | null = null;
  let lastRow = 0;
  // One cell is open at a time: its object is refilled, not made per cell.
  const cell: OpenCell = { col: 0, style: 0, type: 'n', text: '', formula: false };
  let inCell = false;
  let nextCol = 0;
  // Text is kept while inside <v>, or a <t> of an inline string (<is>); not inside <f> or a phonetic run.
  let keep = false;
  let inInline = false;
  let error = null as Error | null;

  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('opentag', (tag) => {
    switch (localName(tag.name)) {
      case 'row': {
        const r = Number(tag.attributes.r);
        lastRow = Number.isInteger(r) && r > lastRow ? r : lastRow + 1;
        row = { number: lastRow, cells: [] };
        nextCol = 0;
        break;
      }
      case 'c':
        if (row) {
          const { r, s, t } = tag.attributes;
          cell.col = r ? columnOf(r) : nextCol;
          // Excel's last column is XFD: a reference past it (a damaged or hostile sheet) would have
          // the row padded to it, cell by cell.
          if (cell.col > LAST_COLUMN) error ??= new Error(`cell ${r ?? `${nextCol + 1} of row ${lastRow}`} is past column XFD, the last a sheet has`);
          cell.style = s ? Number(s) : 0;
          cell.type = t ?? 'n';
          cell.text = '';
          cell.formula = false;
          nextCol = cell.col + 1;
          inCell = true;
        }
        break;
      case 'v':
        keep = inCell;
        break;
      case 'is':
        inInline = inCell;
        break;
      case 't':
        keep = inInline;
        break;
      case 'rPh':
        // A phonetic reading (furigana) inside an inline string: not the cell's text.
        inInline = false;
        break;
      case 'f':
        if (inCell) cell.formula = true;
        break;
    }
  });
  const onText = (text: string) => {
    if (keep) cell.text += text;
  };
  parser.on('text', onText);
  // Excel never writes CDATA; other writers may wrap a value in it.
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    switch (localName(tag.name)) {
      case 'v':
      case 't':
        keep = false;
        break;
      case 'is':
        inInline = false;
        break;
      case 'rPh':
        inInline = inCell && cell.type === 'inlineStr';
        break;
      case 'c':
        if (row && inCell && cell.col <= LAST_COLUMN) {
          const cells = row.cells;
          while (cells.length < cell.col) cells.push('');
          cells[cell.col] = cellValue(cell, ctx);
        }
        inCell = false;
        break;
      case 'row':
        if (row) done.push(row);
        row = null;
        break;
    }
  });

  // A chunk may end inside a character: the decoder keeps its first bytes for the next.
  const utf8 = new StringDecoder('utf8');
  for await (const chunk of xml) {
    parser.write(typeof chunk === 'string' ? chunk : utf8.write(chunk));
    if (error) throw error;
    if (done.length) {
      yield done;
      done = [];
    }
  }
  parser.write(utf8.end());
  parser.close();
  if (error) throw error;
  if (done.length) yield done;
}

/** XFD, 0-based: Excel's last column (16,384 columns). */
const LAST_COLUMN = 16_383;

/** `sheet:c` → `c`: some writers prefix SpreadsheetML's elements. */
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** The 0-based column of a cell reference: `A1` → 0, `AB12` → 27 (`$` ignored). */
export function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else if (c !== 36) break;
  }
  return col - 1;
}

/**
 * A cell's value by its type: shared and inline strings and formula text stay text, booleans
 * are TRUE/FALSE, errors their code (#N/A), numbers numbers — Dates when the cell's style shows a
 * date (the wall clock in the UTC fields, as exceljs gives them). A formula's value is its
 * cached result, read the same way. A cell with no value is ''.
 */
function cellValue(c: OpenCell, ctx: SheetContext): SourceCell {
  const v = c.text;
  switch (c.type) {
    case 's':
      return c.formula ? v : sharedString(ctx.sharedStrings[Number(v)]);
    case 'inlineStr':
    case 'str':
    case 'e':
      return v;
    case 'b':
      return v === '' ? '' : Number(v) !== 0 ? 'TRUE' : 'FALSE';
    case 'd':
      return isoDate(v);
    default: {
      if (v === '') return '';
      const n = Number(v);
      if (Number.isNaN(n)) return v;
      return ctx.isDateStyle(c.style) ? excelDate(n, ctx.date1904) : n;
    }
  }
}

function sharedString(s: unknown): string {
  if (typeof s === 'string') return s;
  if (s && typeof s === 'object' && Array.isArray((s as { richText?: unknown }).richText)) {
    return (s as { richText: { text: string }[] }).richText.map((r) => r.text).join('');
  }
  return s === undefined || s === null ? '' : String(s);
}

/** An ISO 8601 date cell (`t="d"`): a time without a zone is the wall clock, kept in the UTC fields. */
function isoDate(v: string): SourceCell {
  const zoned = /(?:[zZ]|[+-]\d\d:?\d\d)$/.test(v) || /^\d{4}-\d\d-\d\d$/.test(v);
  const d = new Date(zoned ? v : `${v}Z`);
  return Number.isNaN(d.getTime()) ? v : d;
}

/** A serial date (days since 1899-12-30, or 1904-01-01 in the 1904 system) as the wall clock in the UTC fields, to the millisecond. */
export function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

/**
 * Whether a number format shows a date or time: a y, m, d, h, s (or b, Buddhist year) outside
 * quoted text and [brackets] — exceljs's rule, so dates read as they did through its reader.
 */
export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}
