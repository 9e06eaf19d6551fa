import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Amounts } from '../amounts.ts';
import type { CanonicalLine } from '../types.ts';

/**
 * A batch as COPY text (PostgreSQL's text format), in the target's own column layout: lines,
 * and the batch's transactions aggregated by batch.ts. The same text goes either
 * straight into the target tables (the fast path: no key of the batch is taken) or into
 * session-local staging tables of the same columns, from which upsert.ts moves it set-based
 * (docs/adr/0008-import-load-path.md).
 */

/** Lines columns in COPY order: the run's constants (source system, file, run) last, written once per row as one suffix. */
export const LINE_COLUMNS = [
  'source_row', 'source_id', 'kind', 'line_no', 'item', 'product_key', 'qty_milli', 'unit_price_sen', 'gross_sen', 'discount_sen',
  'tax_sen', 'service_charge_sen', 'rounding_sen', 'net_sen', 'payment_method', 'payment_method_raw',
  'source_system', 'file_id', 'import_run_id',
] as const;
export const TRANSACTION_COLUMNS = [
  'source_system', 'source_id', 'kind', 'original_source_id', 'outlet_code', 'occurred_at', 'business_date',
  'gross_sen', 'discount_sen', 'tax_sen', 'service_charge_sen', 'rounding_sen', 'net_sen', 'line_count',
] as const;

export const STAGED_LINES = 'pg_temp.golive_import_lines';
export const STAGED_TRANSACTIONS = 'pg_temp.golive_import_transactions';

/** Created once per session; emptied at every commit or rollback, so a batch never sees another's rows. No indexes. */
export const STAGING_DDL = `
create temp table if not exists golive_import_lines (
  source_row int not null, source_id text not null, kind text not null, line_no int not null, item text not null,
  product_key text not null, qty_milli bigint not null, unit_price_sen bigint, gross_sen bigint not null, discount_sen bigint not null,
  tax_sen bigint not null, service_charge_sen bigint not null, rounding_sen bigint not null, net_sen bigint not null,
  payment_method text not null, payment_method_raw text not null,
  source_system text not null, file_id int not null, import_run_id uuid not null
) on commit delete rows;
create temp table if not exists golive_import_transactions (
  source_system text not null, source_id text not null, kind text not null, original_source_id text, outlet_code text not null,
  occurred_at timestamptz not null, business_date date not null, gross_sen bigint not null, discount_sen bigint not null,
  tax_sen bigint not null, service_charge_sen bigint not null, rounding_sen bigint not null, net_sen bigint not null, line_count int not null
) on commit delete rows;
`;

const SPECIAL = /[\\\t\n\r\0]/;
const SPECIAL_ALL = /[\\\t\n\r\0]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\uFFFD' };

/**
 * One value in COPY text format: backslash, tab, newline and carriage return escaped; NULL is
 * \N. Non-ASCII passes through (the session's client_encoding is UTF8). PostgreSQL text cannot
 * hold NUL, so a NUL becomes U+FFFD rather than failing the whole batch.
 */
export function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : value;
}

/** A product's key: its SKU, else its lower-cased name (the target's products table). */
export const productKey = (line: CanonicalLine): string => (line.sku ? line.sku : line.item.toLowerCase());

/** One line's COPY row into `text`; `product` is its productKey, `suffix` the run's constants (runSuffix, encoded once). */
export function writeLineRow(text: CopyText, line: CanonicalLine, product: string, suffix: Uint8Array): void {
  text.int(line.sourceRow);
  text.text(line.transactionId);
  text.text(line.kind);
  text.int(line.lineNo);
  text.text(line.item);
  text.text(product);
  text.int(line.qtyMilli);
  if (line.unitPriceSen === null) text.nul();
  else text.int(line.unitPriceSen);
  writeAmounts(text, line);
  text.text(line.paymentMethod);
  text.text(line.paymentMethodRaw);
  text.endRow(suffix);
}

/** The six amounts, in the column order lines and transactions share (gross … net). */
export function writeAmounts(text: CopyText, a: Amounts): void {
  text.int(a.grossSen);
  text.int(a.discountSen);
  text.int(a.taxSen);
  text.int(a.serviceChargeSen);
  text.int(a.roundingSen);
  text.int(a.netSen);
}

/** The end of every line row of a run, newline included: source system, the file's id (import_files), run id. */
export const runSuffix = (sourceSystem: string, fileId: number, runId: string): Uint8Array =>
  Buffer.from(`\t${copyText(sourceSystem)}\t${fileId}\t${copyText(runId)}\n`, 'utf8');

const NEWLINE = Uint8Array.of(10);

/** A [start, end) range of bytes in a batch's region of COPY text. */
export type TextRange = readonly [start: number, end: number];

/** A region holds a 10,000-row batch's text (~3 MB) without growing. */
const MIN_REGION = 4 << 20;
/** Regions kept for reuse: the batch being read and those in flight (import.ts, IN_FLIGHT). */
const MAX_FREE = 4;

/**
 * Shared memory for the COPY text of an import's batches, reused from batch to batch: a batch
 * gives its region back once it has committed (or given up), and the next batch writes into it.
 * Shared so that the loader's thread reads the text where it was written (direct-load.ts).
 */
export class TextRegions {
  private readonly free: SharedArrayBuffer[] = [];

  take(size: number): SharedArrayBuffer {
    const i = this.free.findIndex((r) => r.byteLength >= size);
    if (i >= 0) return this.free.splice(i, 1)[0]!;
    return new SharedArrayBuffer(Math.max(size, MIN_REGION));
  }

  release(region: SharedArrayBuffer): void {
    if (this.free.length < MAX_FREE && !this.free.includes(region)) this.free.push(region);
  }
}

/** Rows per chunk of a section: COPY data goes out ~64 KiB at a time. */
const CHUNK_BYTES = 65_536;
const TAB = 9;
const BACKSLASH = 92;
/** '00'…'99' as ASCII digit pairs: an integer is written two digits per division. */
const DIGIT_PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i % 2 === 0 ? Math.floor(i / 20) : (i >> 1) % 10));

/**
 * A batch's COPY text, written as UTF-8 straight into a shared region as the source is parsed,
 * value by value: integers as digits, text escaped as it is copied, the run's constants as
 * bytes encoded once. No string is built for a row. Built as template strings and joined, each
 * row's text was ~35 short-lived strings and ~2 KB of garbage (measured: 3.6 KB allocated per
 * source row, 58% of it the COPY text); kept as strings until the batch committed, it was
 * promoted too (355 MB per 1M rows, ADR 0011). Sections (one per table) are lists of chunks
 * that end at row ends.
 */
export class CopyText {
  private region: SharedArrayBuffer;
  private bytes: Buffer;
  private end = 0;
  private ranges: TextRange[] = [];
  private chunkStart = 0;
  /** A value of the current row was written: the next one is preceded by a tab. */
  private inRow = false;

  constructor(private readonly regions: TextRegions) {
    this.region = regions.take(0);
    this.bytes = Buffer.from(this.region);
  }

  /** A whole row, already in COPY text (escaped, ending with a newline). */
  add(row: string): void {
    this.room(row.length * 3);
    this.end += this.bytes.write(row, this.end);
    this.rowEnded();
  }

  /** An integer value (sen, thousandths, a row number); anything else as its text. */
  int(value: number): void {
    if (!Number.isSafeInteger(value)) return this.text(String(value));
    this.separate(21);
    const b = this.bytes;
    let at = this.end;
    let v = value;
    if (v < 0) {
      b[at++] = 45;
      v = -v;
    }
    if (v < 10) {
      b[at] = 48 + v;
      this.end = at + 1;
      return;
    }
    at += v < 100 ? 2 : v < 1e3 ? 3 : v < 1e4 ? 4 : v < 1e5 ? 5 : v < 1e6 ? 6 : v < 1e7 ? 7 : v < 1e8 ? 8 : v < 1e9 ? 9 : String(v).length;
    this.end = at;
    while (v >= 100) {
      const q = Math.floor(v / 100);
      const pair = 2 * (v - q * 100);
      b[--at] = DIGIT_PAIRS[pair + 1]!;
      b[--at] = DIGIT_PAIRS[pair]!;
      v = q;
    }
    if (v >= 10) {
      b[--at] = DIGIT_PAIRS[2 * v + 1]!;
      b[--at] = DIGIT_PAIRS[2 * v]!;
    } else b[--at] = 48 + v;
  }

  /**
   * A text value, escaped as copyText does. ASCII is copied a char at a time (most values are
   * short: ids, names, methods); the first char above it sends the rest through UTF-8 encoding.
   */
  text(value: string): void {
    const n = value.length;
    this.separate(n * 3);
    const b = this.bytes;
    let at = this.end;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80 || c === 0) {
        this.end = at;
        const rest = copyText(value.slice(i));
        this.end += b.write(rest, this.end);
        return;
      }
      if (c === BACKSLASH || c === 9 || c === 10 || c === 13) {
        b[at++] = BACKSLASH;
        b[at++] = c === BACKSLASH ? BACKSLASH : c === 9 ? 116 : c === 10 ? 110 : 114;
      } else b[at++] = c;
    }
    this.end = at;
  }

  /** A NULL value (\N). */
  nul(): void {
    this.separate(2);
    this.bytes[this.end++] = BACKSLASH;
    this.bytes[this.end++] = 78;
  }

  /** Ends the row: `tail` (e.g. the run's constant columns, each after a tab) and its newline. */
  endRow(tail: Uint8Array = NEWLINE): void {
    this.inRow = false;
    this.room(tail.length);
    this.bytes.set(tail, this.end);
    this.end += tail.length;
    this.rowEnded();
  }

  /** Ends the current section (a table's rows) and returns its chunks. */
  section(): TextRange[] {
    if (this.end > this.chunkStart) this.ranges.push([this.chunkStart, this.end]);
    this.chunkStart = this.end;
    const out = this.ranges;
    this.ranges = [];
    return out;
  }

  /** The region the ranges are in (it changes only while rows are added). */
  get shared(): SharedArrayBuffer {
    return this.region;
  }

  /** The chunks of a section as buffers over the region (valid until release). */
  chunks(ranges: readonly TextRange[]): Buffer[] {
    return ranges.map(([start, end]) => Buffer.from(this.region, start, end - start));
  }

  /** Gives the region back for the next batch: nothing may read this text afterwards. */
  release(): void {
    this.regions.release(this.region);
  }

  private rowEnded() {
    if (this.end - this.chunkStart >= CHUNK_BYTES) {
      this.ranges.push([this.chunkStart, this.end]);
      this.chunkStart = this.end;
    }
  }

  /** Room for a value of `n` bytes at most, after the tab that separates it from the one before. */
  private separate(n: number) {
    this.room(n + 1);
    if (this.inRow) this.bytes[this.end++] = TAB;
    else this.inRow = true;
  }

  /** Makes room for `n` more bytes: the text so far (a row half written included) moves to a bigger region. */
  private room(n: number) {
    if (this.end + n <= this.bytes.length) return;
    const bigger = this.regions.take(Math.max(this.end + n, this.region.byteLength * 2));
    const bytes = Buffer.from(bigger);
    this.bytes.copy(bytes, 0, 0, this.end);
    this.regions.release(this.region);
    this.region = bigger;
    this.bytes = bytes;
  }
}

export const copySql = (table: string, columns: readonly string[]): string => `copy ${table} (${columns.join(', ')}) from stdin`;

/** COPY text chunks into `table (columns)`; inside the caller's transaction. Returns the rows copied. */
export async function copyInto(client: pg.ClientBase, table: string, columns: readonly string[], chunks: Buffer[]): Promise<number> {
  if (!chunks.length) return 0;
  const stream = client.query(copyFrom(copySql(table, columns)));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
  return stream.rowCount;
}
