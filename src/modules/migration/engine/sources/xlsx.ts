import path from 'node:path';
import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { MigrationInputError } from '../errors.ts';
import type { Mapping } from '../mapping.ts';
import type { SourceCell, SourceRecord } from '../types.ts';
import { ZIP_MAGIC, fileSize, readHead } from './file.ts';
import { type OpenSourceOptions, type OpenedSource, sourceIterables } from './source.ts';
import { makeSkipTest } from './skip-rows.ts';
import { type SheetContext, type SheetRow, isDateFormat, readSheetRows } from './xlsx-sheet.ts';
import { type WorkbookZip, openWorkbookZip } from './xlsx-zip.ts';

/**
 * An XLSX export through exceljs's streaming reader: one sheet (by name or 1-based position),
 * rows 1…titleLines are titles, the next row is the header. A record's `row` and `end` are both
 * its sheet row number; resume reads and drops the rows up to `from.row` (a zip is not seekable).
 * Cells: numbers stay numbers, date-formatted cells are Dates (wall clock in the UTC fields),
 * text stays text, empty is ''.
 */
export async function openXlsx(file: string, mapping: Mapping, opts: OpenSourceOptions): Promise<OpenedSource> {
  const name = path.basename(file);
  const size = fileSize(file);
  if (size === 0) throw new MigrationInputError('empty_file', `${name} is empty (0 bytes).`);
  if (!(await readHead(file, 4)).equals(ZIP_MAGIC)) {
    throw new MigrationInputError('bad_file', `${name} is not an XLSX workbook (it is not a zip archive). For a CSV export set "format": "csv" in the mapping.`);
  }
  const zip = await openWorkbookZip(file, name, size, opts.checkAsRead ? 'as-read' : 'first');
  // Stopping early (a cancel, --max-rejects, an error) stops the sheet's parser, then closes what
  // is still open on the file.
  let released: Promise<void> | null = null;
  const release = (rows?: AsyncGenerator<unknown>) =>
    (released ??= (async () => {
      await rows?.return(undefined).catch(() => {});
      zip.close();
    })());
  try {
    const reader = await workbookReader(zip, name);
    const sheet = chosenSheet(reader, mapping.xlsx?.sheet ?? 1, name);
    const sheetSize: SheetSize = { lastRow: null, xmlRead: 0, xmlSize: zip.size(sheet.path) || null, rowRead: 0 };
    const xml = zip.part(sheet.path);
    if (!xml) throw new MigrationInputError('bad_file', `${name} cannot be read as an XLSX workbook: its sheet "${sheet.name}" (${sheet.path}) is missing. Open it in Excel and save it again as .xlsx, or export CSV.`);
    // Checked as read, a sheet whose XML breaks may be a damaged part: said so when it is.
    const rows = sheetRows(reader, watchSheetXml(xml, sheetSize, name), sheetSize, name, () => (opts.checkAsRead ? zip.check(sheet.path) : Promise.resolve()));
    try {
      return await openedSheet(rows, mapping, opts, size, sheetSize, name, () => release(rows));
    } catch (e) {
      await release(rows);
      throw e;
    }
  } catch (e) {
    await release();
    throw e;
  }
}

/** The source over the sheet's rows: its header found after the title rows, and the first data row read (an empty sheet fails here). */
async function openedSheet(
  rows: AsyncGenerator<SheetRow[]>,
  mapping: Mapping,
  opts: OpenSourceOptions,
  size: number,
  sheetSize: SheetSize,
  name: string,
  release: () => Promise<void>,
): Promise<OpenedSource> {
  // The rows come a chunk of XML's worth at a time; the header and first row are looked for one by one.
  let pending: SheetRow[] = [];
  let at = 0;
  const nextRow = async (): Promise<SheetRow | null> => {
    while (at === pending.length) {
      const next = await rows.next();
      if (next.done) return null;
      pending = next.value;
      at = 0;
    }
    return pending[at++]!;
  };
  let headerRow: SheetRow | null;
  do {
    headerRow = await nextRow();
    if (!headerRow) throw new MigrationInputError('empty_file', `${name}: the sheet has no header${mapping.titleLines ? ` after its ${mapping.titleLines} title row(s)` : ''} and no rows.`);
  } while (headerRow.number <= mapping.titleLines || isEmptyRow(headerRow));
  const header = cellsOf(headerRow, 0).map((c) => cellText(c).trim());
  const width = header.length;
  const skip = makeSkipTest(mapping, header);
  const after = opts.from?.row ?? 0;
  let first: SheetRow | null;
  do first = await nextRow();
  while (first && (first.number <= after || isEmptyRow(first)));
  if (!first && !opts.from) throw new MigrationInputError('empty_file', `${name} has a header but no rows.`);
  const records = (from: SheetRow[], start: number): SourceRecord[] => {
    const out: SourceRecord[] = [];
    for (let i = start; i < from.length; i++) if (!isEmptyRow(from[i]!)) out.push(new SheetRecord(from[i]!, width));
    return out;
  };
  async function* batches(): AsyncGenerator<SourceRecord[]> {
    try {
      if (!first) return;
      // Rows ascend: those after the first data row are past any resume point.
      yield [new SheetRecord(first, width), ...records(pending, at)];
      for (let next = await rows.next(); !next.done; next = await rows.next()) {
        const batch = records(next.value, 0);
        if (batch.length) yield batch;
      }
    } finally {
      await release();
    }
  }
  const all = batches();
  // Read by now: the sheet's size comes before its first row.
  const lastRow = sheetSize.lastRow !== null && sheetSize.lastRow > headerRow.number ? sheetSize.lastRow : null;
  return {
    header,
    bytesTotal: size,
    get rowsTotal() {
      return lastRow ?? estimatedLastRow(sheetSize);
    },
    ...sourceIterables(all, skip, opts.onSkip),
    close: async () => {
      await all.return(undefined);
      await release();
    },
  };
}

/** What is known of the chosen sheet's size, as it is read. */
interface SheetSize {
  /** The last row its `<dimension>` declares. */
  lastRow: number | null;
  /** Bytes of its XML read so far, of `xmlSize` (its uncompressed size in the zip's directory; null when unknown). */
  xmlRead: number;
  xmlSize: number | null;
  /** The number of the last row read. */
  rowRead: number;
}

/**
 * The sheet's last row, estimated when it declares none (streaming writers cannot: they write
 * the size before the rows): the rows read so far in proportion to the XML read of the whole.
 * Rows of one export are alike, so it is close from the first rows and exact at the end.
 */
function estimatedLastRow(d: SheetSize): number | null {
  if (d.xmlSize === null || d.xmlRead === 0 || d.rowRead === 0) return null;
  return Math.max(d.rowRead, Math.round((d.rowRead * d.xmlSize) / d.xmlRead));
}

/**
 * exceljs 4.4's streaming WorkbookReader, driven part by part: its methods that read the
 * workbook's relationships, sheet list, shared strings and styles, each from a part's stream, and
 * what they leave on it. They are its own (underscored, not its documented API) — the pinned
 * version's, and xlsx.test.ts reads workbooks through every one of them. The sheet itself is
 * read by xlsx-sheet.ts.
 */
interface PartReader {
  _parseRels(part: Readable): Promise<void>;
  _parseWorkbook(part: Readable): Promise<void>;
  _parseSharedStrings(part: Readable): AsyncGenerator<unknown>;
  _parseStyles(part: Readable): Promise<void>;
  workbookRels?: { Id: string; Type?: string; Target: string }[];
  model?: { sheets?: { name: string; rId: string }[] };
  sharedStrings?: unknown[];
  styles?: { getStyleModel(id: number): { numFmt?: string } | null };
  properties?: { model?: { date1904?: boolean } };
}

/** The workbook's parts the rows need (its sheet list, shared strings and styles: date formats), read into exceljs's reader. */
async function workbookReader(zip: WorkbookZip, name: string): Promise<PartReader> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader('', { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' }) as unknown as PartReader;
  try {
    const rels = zip.part('xl/_rels/workbook.xml.rels');
    const book = zip.part('xl/workbook.xml');
    if (!rels || !book) throw new Error('it has no xl/workbook.xml or no list of its parts');
    await reader._parseRels(rels);
    await reader._parseWorkbook(book);
    // The shared strings and styles are where the workbook's part list says (Excel's are at these paths).
    const at = (kind: string, usual: string) => {
      const target = reader.workbookRels?.find((r) => r.Type?.endsWith(`/${kind}`))?.Target;
      return target ? partPath(target) : usual;
    };
    const strings = zip.part(at('sharedStrings', 'xl/sharedStrings.xml'));
    if (strings) for await (const _ of reader._parseSharedStrings(strings));
    const styles = zip.part(at('styles', 'xl/styles.xml'));
    if (styles) await reader._parseStyles(styles);
  } catch (e) {
    if (e instanceof MigrationInputError) throw e;
    throw new MigrationInputError('bad_file', `${name} cannot be read as an XLSX workbook: ${(e as Error).message}. Open it in Excel and save it again as .xlsx, or export CSV.`);
  }
  return reader;
}

/** A part's path in the zip from a target in the workbook's part list (relative to xl/, or absolute). */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
}

interface ChosenSheet {
  name: string;
  path: string;
}

/** The sheet the mapping names, by name (case-insensitive) or by 1-based position in the workbook's tab order. */
function chosenSheet(reader: PartReader, sheet: string | number, name: string): ChosenSheet {
  const tabs = reader.model?.sheets ?? [];
  const tab = typeof sheet === 'number' ? tabs[sheet - 1] : tabs.find((t) => t.name.trim().toLowerCase() === sheet.trim().toLowerCase());
  if (!tab) {
    const which = typeof sheet === 'number' ? `has no sheet number ${sheet}` : `has no sheet named "${sheet}"`;
    throw new MigrationInputError('bad_mapping', `${name} ${which}; its sheets are: ${tabs.map((t) => JSON.stringify(t.name)).join(', ') || 'none'}. Set "xlsx": {"sheet": …} in the mapping.`);
  }
  const target = reader.workbookRels?.find((r) => r.Id === tab.rId)?.Target;
  return { name: tab.name, path: target ? partPath(target) : `(no part for relationship ${tab.rId})` };
}

/** The chosen sheet's rows, in order, a chunk's worth at a time. Notes the last row read in `sheetSize`. */
async function* sheetRows(
  reader: PartReader,
  xml: AsyncIterable<Buffer | string>,
  sheetSize: SheetSize,
  name: string,
  checkPart: () => Promise<void>,
): AsyncGenerator<SheetRow[]> {
  try {
    for await (const rows of readSheetRows(xml, sheetContext(reader))) {
      sheetSize.rowRead = rows[rows.length - 1]!.number;
      yield rows;
    }
  } catch (e) {
    if (e instanceof MigrationInputError) throw e;
    await checkPart();
    throw new MigrationInputError('bad_file', `${name} cannot be read as an XLSX workbook: ${(e as Error).message.replace(/\.$/, '')}. Open it in Excel and save it again as .xlsx, or export CSV.`);
  }
}

/** What the sheet's cells are read against, from the parts exceljs read: shared strings, date styles (looked up once per style), the date system. */
function sheetContext(reader: PartReader): SheetContext {
  const dateStyles = new Map<number, boolean>();
  return {
    sharedStrings: reader.sharedStrings ?? [],
    isDateStyle(s) {
      let date = dateStyles.get(s);
      if (date === undefined) dateStyles.set(s, (date = isDateFormat(reader.styles?.getStyleModel(s)?.numFmt)));
      return date;
    },
    date1904: reader.properties?.model?.date1904 === true,
  };
}

const DIMENSION = /<(?:\w+:)?dimension\s+ref="\$?[A-Z]+\$?(\d+)(?::\$?[A-Z]+\$?(\d+))?"/;
const HEAD_BYTES = 8192;
const SHEET_END = /<\/(?:\w+:)?worksheet>\s*$/;
const TAIL_CHARS = 64;

/**
 * The sheet's XML as the reader parses it, unchanged, with its `<dimension ref="A1:Y200001"/>`
 * noted on the way: Excel and most writers put it before the rows (it is optional). Its last
 * row gives the import's progress a total, so an XLSX import has a percentage and an ETA; the
 * bytes read give an estimate of one when it is missing.
 *
 * And its end checked: a sheet written cut short (a writer that stopped, in a zip closed as if
 * whole) has no closing `</worksheet>`, and the SAX parser ends without a word — its rows up to
 * there would pass for the whole sheet.
 */
async function* watchSheetXml(chunks: AsyncIterable<Buffer | string>, sheetSize: SheetSize, name: string): AsyncGenerator<Buffer | string> {
  let head = '';
  let looking = true;
  let tail = '';
  for await (const chunk of chunks) {
    sheetSize.xmlRead += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (looking) {
      head += typeof chunk === 'string' ? chunk.slice(0, HEAD_BYTES) : chunk.toString('latin1', 0, Math.min(chunk.length, HEAD_BYTES));
      const m = DIMENSION.exec(head);
      if (m) sheetSize.lastRow = Number(m[2] ?? m[1]);
      if (m || head.length >= HEAD_BYTES || head.includes('sheetData')) looking = false;
    }
    tail = (tail + (typeof chunk === 'string' ? chunk.slice(-TAIL_CHARS) : chunk.toString('latin1', Math.max(0, chunk.length - TAIL_CHARS)))).slice(-TAIL_CHARS);
    yield chunk;
  }
  if (!SHEET_END.test(tail)) {
    throw new MigrationInputError('bad_file', `${name}: its sheet ends before its closing </worksheet> tag, after row ${sheetSize.rowRead}: the workbook was written cut short. Export it again, or export CSV.`);
  }
}

function isEmptyRow(row: SheetRow): boolean {
  return row.cells.every((c) => c === '');
}

/**
 * A sheet row as a record. Its `raw` (the row as CSV, for the rejects file) is written when asked
 * for: only rejected rows are, and writing every row's cost ~5% of an XLSX import.
 */
class SheetRecord implements SourceRecord {
  readonly row: number;
  readonly end: number;
  readonly fields: SourceCell[];

  constructor(row: SheetRow, width: number) {
    this.row = row.number;
    this.end = row.number;
    this.fields = cellsOf(row, width);
  }

  get raw(): string {
    return stringify([this.fields.map(cellText)], { record_delimiter: '' });
  }
}

/** The row's cells from column A, at least `width` of them (missing cells are ''). */
function cellsOf(row: SheetRow, width: number): SourceCell[] {
  const cells = row.cells;
  while (cells.length < width) cells.push('');
  return cells;
}

function cellText(c: SourceCell): string {
  return c instanceof Date ? c.toISOString() : String(c);
}
