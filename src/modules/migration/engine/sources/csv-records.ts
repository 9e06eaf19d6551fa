import { isAscii, isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { Parser } from 'csv-parse';
import { MigrationInputError } from '../errors.ts';
import type { SourceRecord } from '../types.ts';
import { NON_ASCII, type TextEncoding, badUtf8, decodeBytes, decodeLatin1 } from './text.ts';

/**
 * Reads CSV records from a byte offset, each with the exact byte offset just past it (`end`) and
 * the physical line it starts on (`row`).
 *
 * Two paths, one grammar. A line without the quote character is a record whose fields are the
 * line split at the delimiter — that is all CSV says of it, and it is most lines of a POS export.
 * Any line with a quote goes to csv-parse, which reads it (and, for a quoted line break, the lines
 * that follow) until the record ends. csv-parse alone reads ~15 MB/s here; the split path several
 * times that. Both are fed latin1 (a char per byte), so positions are byte offsets; a record with
 * a byte ≥ 0x80 is then decoded in the file's encoding. sources.test.ts checks, on random input,
 * that records, ends and rows equal csv-parse's own reading of the whole file.
 */
export interface CsvScanOptions {
  path: string;
  file: string; //         the name used in messages
  start: number; //        byte offset of the first record to read
  row: number; //          physical line at `start` (1-based)
  delimiter: string;
  quote: string;
  encoding: TextEncoding;
  maxRecordBytes: number;
  /** Scan size. Small on purpose: a chunk's records are alive together, and fewer survivors make cheaper young-generation GCs (64 KiB measured 1.6× faster than 1 MiB). */
  chunkBytes?: number;
  /** Read size (at least chunkBytes): 1 MiB; smaller in tests, to cut records at both kinds of boundary. */
  readBytes?: number;
}

const LF = 10;
const CR = 13;

/** A record that could not be read as CSV (a quote never closed): yielded with no fields (a bad_row) and a `problem`. */
export interface UnreadableRecord extends SourceRecord {
  problem: string;
}

/**
 * The file is read 1 MiB at a time into one buffer read into again and again, and scanned
 * `chunkBytes` at a time. Fresh 64 KiB stream chunks made the kernel map new memory for every
 * one: reading the bench's 126 MB file took ~155 ms that way, ~40 ms so, and the import
 * 4.03–4.23 s → 3.76–4.01 s (the parsing thread is what the import waits on). A record cut by a
 * window's end is carried into the next, copied: the buffer is about to be read into again.
 */
const READ_BYTES = 1 << 20;

export async function* scanCsv(o: CsvScanOptions): AsyncGenerator<SourceRecord[]> {
  const s = new Scanner(o);
  const chunkBytes = o.chunkBytes ?? 64 * 1024;
  const handle = await fs.promises.open(o.path, 'r');
  try {
    const buf = Buffer.allocUnsafeSlow(Math.max(o.readBytes ?? READ_BYTES, chunkBytes));
    let position = o.start;
    let carry: Buffer | null = null;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      for (let at = 0; at < bytesRead; at += chunkBytes) {
        const chunk = buf.subarray(at, Math.min(at + chunkBytes, bytesRead));
        const win: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
        const out = s.scan(win, false);
        carry = s.consumed < win.length ? Buffer.from(win.subarray(s.consumed)) : null;
        if (carry && carry.length > o.maxRecordBytes) throw s.tooLong();
        if (out.length) yield out;
      }
    }
    if (carry) {
      const out = s.scan(carry, true);
      if (out.length) yield out;
    }
  } finally {
    await handle.close();
  }
}

class Scanner {
  /** File offset of the window's first byte; advanced by what each scan consumed. */
  private base: number;
  private row: number;
  consumed = 0;
  private readonly q: number;
  private readonly delim: string;
  private readonly parserOptions;
  private parser: (Parser & { api: CsvApi }) | null = null;

  constructor(private readonly o: CsvScanOptions) {
    this.base = o.start;
    this.row = o.row;
    this.q = Buffer.from(o.quote, 'latin1')[0]!;
    this.delim = o.delimiter;
    this.parserOptions = {
      encoding: 'latin1' as const,
      bom: false,
      delimiter: o.delimiter,
      quote: o.quote,
      record_delimiter: ['\r\n', '\n'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    };
  }

  tooLong(): MigrationInputError {
    const mib = this.o.maxRecordBytes / (1 << 20);
    return new MigrationInputError(
      'line_too_long',
      `${this.o.file}: the record starting at line ${this.row} is longer than ${mib >= 1 ? `${+mib.toFixed(2)} MiB` : `${this.o.maxRecordBytes} bytes`} — a quote that is never closed, or not a CSV export? Check the file (and the mapping's "quote"); a longer limit can be set with maxRecordBytes.`,
    );
  }

  /** Reads the complete records at the start of `win`; `consumed` says how far. */
  scan(win: Buffer, eof: boolean): SourceRecord[] {
    const out: SourceRecord[] = [];
    const len = win.length;
    const ascii = isAscii(win);
    let pos = 0;
    let quoteAt = win.indexOf(this.q, 0);
    while (pos < len) {
      let lf = win.indexOf(LF, pos);
      if (lf === -1 && !eof) break;
      if (lf === -1) lf = len;
      if (quoteAt !== -1 && quoteAt < pos) quoteAt = win.indexOf(this.q, pos);
      if (quoteAt !== -1 && quoteAt < lf) {
        const next = this.quoted(win, pos, eof, out);
        if (next === pos) break;
        pos = next;
        continue;
      }
      const next = lf < len ? lf + 1 : len;
      const stop = lf < len && lf > pos && win[lf - 1] === CR ? lf - 1 : lf;
      if (next - pos > this.o.maxRecordBytes) throw this.tooLong();
      if (stop > pos) {
        const text = ascii ? win.toString('latin1', pos, stop) : this.decodeLine(win, pos, stop);
        out.push({ row: this.row, end: this.base + next, fields: text.split(this.delim), raw: text });
      }
      this.row++;
      pos = next;
    }
    this.consumed = pos;
    this.base += pos;
    return out;
  }

  /**
   * A line of a chunk that has bytes ≥ 0x80. UTF-8: decode, and check the bytes only when the
   * text shows non-ASCII (fewer chars than bytes, or a U+FFFD where a bad byte was replaced);
   * an ASCII line decodes to a one-byte string, where looking for U+FFFD costs nothing.
   */
  private decodeLine(win: Buffer, start: number, stop: number): string {
    if (this.o.encoding === 'utf-8') {
      const text = win.toString('utf8', start, stop);
      if (text.length === stop - start && !text.includes('\ufffd')) return text;
      if (!isUtf8(win.subarray(start, stop))) throw badUtf8(this.o.file, this.row, win.subarray(start, stop));
      return text;
    }
    const text = win.toString('latin1', start, stop);
    return NON_ASCII.test(text) ? decodeBytes(win, start, stop, this.o.encoding, this.row, this.o.file) : text;
  }

  /**
   * csv-parse reads from `pos`: first just to the first line end where the quotes seen are even
   * (where a well-formed quoted record ends), else to the window's last line end. Returns the
   * offset after the records it accepted, or `pos` when the window holds no complete record.
   */
  private quoted(win: Buffer, pos: number, eof: boolean, out: SourceRecord[]): number {
    const lastLf = win.lastIndexOf(LF);
    const tail = eof ? win.length : lastLf + 1;
    if (tail <= pos) return pos;
    const guess = this.evenQuotesLineEnd(win, pos, tail);
    let got = guess < tail ? this.parse(win, pos, guess, false) : [];
    if (got.length === 0) got = this.parse(win, pos, tail, eof);
    if (got.length === 0) {
      if (!eof) return pos;
      // The quote never closes before the end of the file: one unreadable record.
      const start = this.skipBlankLines(win, pos);
      const text = this.text(win, start, win.length);
      const rec: UnreadableRecord = { row: this.row, end: this.base + win.length, fields: [], raw: text, problem: `a quote opened on line ${this.row} is never closed` };
      out.push(rec);
      return win.length;
    }
    for (const [end, fields] of got) {
      const start = this.skipBlankLines(win, pos);
      const text = this.text(win, start, end);
      out.push({ row: this.row, end: this.base + end, fields: NON_ASCII.test(text) ? fields.map((f) => decodeLatin1(f, this.o.encoding)) : fields, raw: text });
      this.row += countLf(win, start, end);
      pos = end;
    }
    return pos;
  }

  /**
   * The records csv-parse reads in win[from, to), each with its end: those that end with a line
   * break, and at the end of the file the last one. A quote still open at `to` is an error after
   * the records before it, which stand.
   */
  private parse(win: Buffer, from: number, to: number, eof: boolean): [number, string[]][] {
    // One parser serves every segment: each ends at a record boundary, where csv-parse's state is
    // as new and its byte count restarts (only a parse that ends in an error leaves it dirty).
    const parser = (this.parser ??= new Parser(this.parserOptions) as Parser & { api: CsvApi });
    const got: [number, string[]][] = [];
    const err = parser.api.parse(win.subarray(from, to), true, (r) => got.push([from + parser.info.bytes, r]), () => {});
    if (err) this.parser = null;
    return got.filter(([end]) => win[end - 1] === LF || (eof && !err && end === to));
  }

  /** The end of the first line from `pos` after which the quote characters seen are even, else `tail`. */
  private evenQuotesLineEnd(win: Buffer, pos: number, tail: number): number {
    let quotes = 0;
    let at = pos;
    for (;;) {
      const lf = win.indexOf(LF, at);
      if (lf === -1 || lf >= tail) return tail;
      for (let i = win.indexOf(this.q, at); i !== -1 && i < lf; i = win.indexOf(this.q, i + 1)) quotes++;
      if (quotes % 2 === 0) return lf + 1;
      at = lf + 1;
    }
  }

  /** Blank lines before a record are skipped (as csv-parse does); they still count as lines. */
  private skipBlankLines(win: Buffer, pos: number): number {
    for (;;) {
      if (win[pos] === LF) pos++;
      else if (win[pos] === CR && win[pos + 1] === LF) pos += 2;
      else return pos;
      this.row++;
    }
  }

  /** The record as written, without its line break, decoded. */
  private text(win: Buffer, start: number, end: number): string {
    let stop = end;
    if (win[stop - 1] === LF) stop--;
    if (win[stop - 1] === CR) stop--;
    const text = win.toString('latin1', start, stop);
    return NON_ASCII.test(text) ? decodeBytes(win, start, stop, this.o.encoding, this.row, this.o.file) : text;
  }
}

/** csv-parse's parser core, which its stream class drives with each chunk; we drive it the same way per segment. */
interface CsvApi {
  parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
}

function countLf(win: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = win.indexOf(LF, start); i !== -1 && i < end; i = win.indexOf(LF, i + 1)) n++;
  return n;
}
