import { isAscii, isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { MigrationInputError } from '../errors.ts';
import type { Mapping } from '../mapping.ts';
import type { SourceRecord } from '../types.ts';
import { type CsvScanOptions, type UnreadableRecord, scanCsv } from './csv-records.ts';
import { DEFAULT_MAX_RECORD_BYTES, type OpenSourceOptions, type OpenedSource, sourceIterables } from './source.ts';
import { makeSkipTest } from './skip-rows.ts';
import { ZIP_MAGIC, fileSize, readHead } from './file.ts';
import { badUtf8 } from './text.ts';

const LF = 10;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * A CSV export: checks its first 64 KiB (empty, binary, zip, UTF-16, encoding), skips the BOM and
 * the title lines (physical lines), reads the header record, then the data records. Resume
 * re-reads the header and continues at byte `from.end`; rows are physical lines, so the line
 * there is one more than the line breaks before it.
 */
export async function openCsv(file: string, mapping: Mapping, opts: OpenSourceOptions): Promise<OpenedSource> {
  const name = path.basename(file);
  const size = fileSize(file);
  const head = await readHead(file);
  checkHead(head, size, name, mapping.csv.encoding);
  const bom = head.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0;
  const headerStart = await offsetAfterLines(file, bom, mapping.titleLines);
  if (headerStart === null) throw new MigrationInputError('empty_file', `${name} has no header: it ends within its ${mapping.titleLines} title line(s). Check "titleLines" in the mapping.`);
  const scan: Omit<CsvScanOptions, 'start' | 'row'> = {
    path: file,
    file: name,
    delimiter: mapping.csv.delimiter,
    quote: mapping.csv.quote,
    encoding: mapping.csv.encoding,
    maxRecordBytes: opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES,
  };
  const records = scanCsv({ ...scan, start: headerStart, row: mapping.titleLines + 1 });
  let pending: SourceRecord[] = [];
  let headerRec: SourceRecord | undefined;
  try {
    while (!headerRec) {
      const next = await records.next();
      if (next.done) throw new MigrationInputError('empty_file', `${name} is empty${mapping.titleLines ? ` after its ${mapping.titleLines} title line(s)` : ''}: no header, no rows.`);
      [headerRec, ...pending] = next.value;
    }
    if ((headerRec as UnreadableRecord).problem !== undefined) {
      throw new MigrationInputError('bad_file', `${name}: the header (line ${headerRec.row}) cannot be read as CSV: ${(headerRec as UnreadableRecord).problem}.`);
    }
    const header = headerRec.fields.map((h) => String(h).trim());
    const skip = makeSkipTest(mapping, header);
    let batches: AsyncGenerator<SourceRecord[]>;
    if (opts.from) {
      await records.return(undefined);
      const row = await resumeRow(file, name, size, headerRec.end, opts.from);
      batches = scanCsv({ ...scan, start: opts.from.end, row });
    } else {
      while (pending.length === 0) {
        const next = await records.next();
        if (next.done) throw new MigrationInputError('empty_file', `${name} has a header but no rows.`);
        pending = next.value;
      }
      batches = prepend(pending, records);
    }
    return {
      header,
      bytesTotal: size,
      ...sourceIterables(batches, skip, opts.onSkip),
      close: async () => {
        await batches.return(undefined);
      },
    };
  } catch (e) {
    await records.return(undefined);
    throw e;
  }
}

async function* prepend(first: SourceRecord[], rest: AsyncGenerator<SourceRecord[]>): AsyncGenerator<SourceRecord[]> {
  try {
    yield first;
    yield* rest;
  } finally {
    await rest.return(undefined);
  }
}

function checkHead(head: Buffer, size: number, name: string, encoding: Mapping['csv']['encoding']): void {
  if (size === 0) throw new MigrationInputError('empty_file', `${name} is empty (0 bytes).`);
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) {
    throw new MigrationInputError('bad_file', `${name} is a zip archive (an Excel workbook?), not a CSV file: for an XLSX export set "format": "xlsx" in the mapping.`);
  }
  if (head[0] === 0xff && head[1] === 0xfe || head[0] === 0xfe && head[1] === 0xff) {
    throw new MigrationInputError('bad_file', `${name} is UTF-16 text, which the importer does not read: save it as "CSV UTF-8" (or Windows-1252 CSV).`);
  }
  if (head.includes(0)) {
    throw new MigrationInputError('bad_file', `${name} is not a text file (it has NUL bytes in its first 64 KiB): export the data as CSV, or for an Excel workbook set "format": "xlsx".`);
  }
  // Judge the encoding on whole lines only: the last one may be cut mid-character.
  const text = head.length < size ? head.subarray(0, head.lastIndexOf(LF) + 1) : head;
  if (encoding === 'utf-8' && !isUtf8(text)) {
    let line = 1;
    for (let at = 0; at < text.length; line++) {
      const lf = text.indexOf(LF, at);
      const stop = lf === -1 ? text.length : lf + 1;
      if (!isUtf8(text.subarray(at, stop))) throw badUtf8(name, line, text.subarray(at, stop));
      at = stop;
    }
  }
  if (encoding === 'windows-1252' && !isAscii(text) && isUtf8(text)) {
    throw new MigrationInputError('bad_encoding', `${name} looks like UTF-8 (its non-ASCII characters are all valid UTF-8) but the mapping says windows-1252, which would garble them: set "csv": {"encoding": "utf-8"}.`);
  }
}

/** Byte offset just past `n` line breaks from `start`; null when the file has fewer. */
async function offsetAfterLines(file: string, start: number, n: number): Promise<number | null> {
  if (n === 0) return start;
  let seen = 0;
  let base = start;
  for await (const chunk of fs.createReadStream(file, { start, highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) if (++seen === n) return base + i + 1;
    base += chunk.length;
  }
  return null;
}

/** The physical line at byte `from.end` of the file, after checking that `from` can be a record boundary here. */
async function resumeRow(file: string, name: string, size: number, dataStart: number, from: { end: number; row: number }): Promise<number> {
  const mismatch = (why: string) => new MigrationInputError('resume_mismatch', `${name}: cannot resume at byte ${from.end} (row ${from.row}): ${why}. Start the import again without --resume.`);
  if (!Number.isInteger(from.end) || from.end < dataStart || from.end > size) throw mismatch(`the data rows span bytes ${dataStart}–${size}`);
  let lines = 0;
  let before = -1;
  if (from.end > 0) {
    for await (const chunk of fs.createReadStream(file, { start: 0, end: from.end - 1, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) lines++;
      before = chunk[chunk.length - 1]!;
    }
  }
  if (from.end < size && before !== LF) throw mismatch('that is not the end of a line');
  const row = lines + 1;
  if (from.row >= row) throw mismatch(`the record before it cannot start on row ${from.row}`);
  return row;
}
