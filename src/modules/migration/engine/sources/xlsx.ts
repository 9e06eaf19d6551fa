import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import unzipper from 'unzipper';
import { MigrationInputError } from '../errors.ts';
import type { Mapping } from '../mapping.ts';
import type { SourceCell, SourceRecord } from '../types.ts';
import { ZIP_MAGIC, fileSize, readHead } from './file.ts';
import { type OpenSourceOptions, type OpenedSource, sourceIterables } from './source.ts';
import { makeSkipTest } from './skip-rows.ts';

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
  const sizes = await entrySizes(file, name);
  const sheetSize: SheetSize = { lastRow: null, xmlRead: 0, xmlSize: null, rowRead: 0 };
  const rows = sheetRows(file, name, mapping.xlsx?.sheet ?? 1, sheetSize, sizes);
  let released = false;
  // Stopping early (cancel, --max-rejects, an error) lets the reader run to its end in the
  // background, rows dropped: exceljs deletes a sheet's temp copy only when it gets there, and a
  // stopped reader would leave the copy until the process exits (a worker's disk would fill).
  // The CLI exits at once anyway, and tmp removes its files then.
  const release = () => {
    if (released) return;
    released = true;
    void (async () => {
      try {
        while (!(await rows.next()).done);
      } catch {
        // a file being abandoned: nothing more to do with it
      }
    })();
  };
  try {
    let headerRow: ExcelJS.Row | undefined;
    for (;;) {
      const next = await rows.next();
      if (next.done) throw new MigrationInputError('empty_file', `${name}: the sheet has no header${mapping.titleLines ? ` after its ${mapping.titleLines} title row(s)` : ''} and no rows.`);
      if (next.value.number > mapping.titleLines && !isEmptyRow(next.value)) {
        headerRow = next.value;
        break;
      }
    }
    const header = cellsOf(headerRow, 0).map((c) => cellText(c).trim());
    const width = header.length;
    const skip = makeSkipTest(mapping, header);
    const after = opts.from?.row ?? 0;
    let first: ExcelJS.Row | undefined;
    for (;;) {
      const next = await rows.next();
      if (next.done) break;
      if (next.value.number > after && !isEmptyRow(next.value)) {
        first = next.value;
        break;
      }
    }
    if (!first && !opts.from) throw new MigrationInputError('empty_file', `${name} has a header but no rows.`);
    async function* batches(): AsyncGenerator<SourceRecord[]> {
      try {
        if (!first) return;
        yield [recordOf(first, width)];
        for (let next = await rows.next(); !next.done; next = await rows.next()) {
          if (!isEmptyRow(next.value)) yield [recordOf(next.value, width)];
        }
      } finally {
        release();
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
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
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
 * Each zip entry's uncompressed size, from the zip's central directory, once every entry has
 * been inflated and found to match its CRC-32 there. exceljs's streaming reader waits forever on
 * a damaged workbook: one cut short (an interrupted download or upload: no directory, which is
 * at the end) or with broken data (the inflate error goes to the zip stream while it waits on the
 * entry's). Checked first, it fails in words. The check inflates the workbook once more:
 * ~0.65 s for a 12 MB workbook of 150,000 rows, ~5% of its import.
 */
async function entrySizes(file: string, name: string): Promise<Map<string, number>> {
  const damaged = (why: string) =>
    new MigrationInputError('bad_file', `${name} is a damaged XLSX workbook: ${why}. It may have been cut short or changed on the way; export it again, or export CSV.`);
  let zip: unzipper.CentralDirectory;
  try {
    zip = await unzipper.Open.file(file);
  } catch (e) {
    throw damaged(`its zip directory cannot be read (${(e as Error).message})`);
  }
  for (const entry of zip.files) {
    if (entry.type === 'Directory') continue;
    let crc = 0;
    try {
      for await (const chunk of entry.stream() as AsyncIterable<Buffer>) crc = zlib.crc32(chunk, crc);
    } catch (e) {
      throw damaged(`${entry.path} cannot be unpacked (${(e as Error).message})`);
    }
    if (crc >>> 0 !== entry.crc32 >>> 0) throw damaged(`${entry.path} does not match its checksum`);
  }
  return new Map(zip.files.map((f) => [f.path, f.uncompressedSize]));
}

/** The rows of the chosen sheet, in order; the other sheets are passed over unread. Notes what is known of the sheet's size in `sheetSize`. */
async function* sheetRows(file: string, name: string, sheet: string | number, sheetSize: SheetSize, sizes: Map<string, number>): AsyncGenerator<ExcelJS.Row> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  const seen: string[] = [];
  let read = false;
  try {
    // A workbook that stores its sheets before its shared strings (Excel's own order) has the
    // reader copy each sheet to a temp file and delete it when asked for the next sheet. So the
    // loop goes on to the end after our sheet (else its copy stays until the process exits), and
    // a sheet passed over has its file stream closed first (skipSheet).
    for await (const ws of reader) {
      if (read) {
        skipSheet(ws);
        continue;
      }
      const wsName = (ws as unknown as { name: string }).name;
      seen.push(wsName);
      // A position is the tab order (workbook.xml), which the sheets' file order need not follow.
      const tabs = (reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets;
      const wanted = typeof sheet === 'number'
        ? (tabs ? tabs[sheet - 1]?.name === wsName : seen.length === sheet)
        : wsName.trim().toLowerCase() === sheet.trim().toLowerCase();
      if (!wanted) {
        skipSheet(ws);
        continue;
      }
      const xml = ws as unknown as { iterator: AsyncIterable<Buffer | string>; id: string };
      sheetSize.xmlSize = sizes.get(`xl/worksheets/sheet${xml.id}.xml`) || null;
      xml.iterator = watchSheetXml(xml.iterator, sheetSize, name);
      for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
        sheetSize.rowRead = row.number;
        yield row;
      }
      read = true;
    }
    if (read) return;
  } catch (e) {
    if (e instanceof MigrationInputError) throw e;
    throw new MigrationInputError('bad_file', `${name} cannot be read as an XLSX workbook: ${(e as Error).message}. Open it in Excel and save it again as .xlsx, or export CSV.`);
  } finally {
    (reader as unknown as { stream?: { destroy(): void } }).stream?.destroy();
  }
  const which = typeof sheet === 'number' ? `has no sheet number ${sheet}` : `has no sheet named "${sheet}"`;
  throw new MigrationInputError('bad_mapping', `${name} ${which}; its sheets are: ${seen.map((s) => JSON.stringify(s)).join(', ') || 'none'}. Set "xlsx": {"sheet": …} in the mapping.`);
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

/**
 * A sheet not read: its temp file's stream is closed, and what it may still say is not listened
 * to — the reader deletes the file when we go on, perhaps before the stream has opened it, and an
 * ENOENT nobody hears would end the process. (A sheet read from the zip is drained by the reader.)
 */
function skipSheet(ws: unknown): void {
  const source = (ws as { iterator?: unknown }).iterator;
  if (!(source instanceof Readable)) return;
  source.on('error', () => {});
  source.destroy();
}

function isEmptyRow(row: ExcelJS.Row): boolean {
  return cellsOf(row, 0).every((c) => c === '');
}

function recordOf(row: ExcelJS.Row, width: number): SourceRecord {
  const fields = cellsOf(row, width);
  return { row: row.number, end: row.number, fields, raw: stringify([fields.map(cellText)], { record_delimiter: '' }) };
}

/** The row's cells from column A, at least `width` of them (missing cells are ''). */
function cellsOf(row: ExcelJS.Row, width: number): SourceCell[] {
  const values = row.values as unknown[];
  const n = Math.max(width, values.length - 1);
  const out: SourceCell[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = cellValue(values[i + 1]);
  return out;
}

function cellValue(v: unknown): SourceCell {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; formula?: string; sharedFormula?: string; text?: unknown; error?: string };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if (o.formula !== undefined || o.sharedFormula !== undefined) return cellValue(o.result);
    if (o.error !== undefined) return o.error;
    if (o.text !== undefined) return cellValue(o.text);
  }
  return String(v);
}

function cellText(c: SourceCell): string {
  return c instanceof Date ? c.toISOString() : String(c);
}
