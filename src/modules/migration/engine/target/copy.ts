import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
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
  'source_system', 'source_file', 'import_run_id',
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
  source_system text not null, source_file text not null, import_run_id uuid not null
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

/** One line's COPY row; `product` is its productKey, `constants` the run's suffix (runSuffix). */
export function lineRow(line: CanonicalLine, product: string, constants: string): string {
  const t = copyText;
  return `${line.sourceRow}\t${t(line.transactionId)}\t${line.kind}\t${line.lineNo}\t${t(line.item)}\t${t(product)}\t${line.qtyMilli}\t${t(line.unitPriceSen)}\t${line.grossSen}\t${line.discountSen}\t${line.taxSen}\t${line.serviceChargeSen}\t${line.roundingSen}\t${line.netSen}\t${line.paymentMethod}\t${t(line.paymentMethodRaw)}${constants}`;
}

/** The end of every line row of a run: source system, file sha256, run id. */
export const runSuffix = (sourceSystem: string, sourceFile: string, runId: string): string => `\t${copyText(sourceSystem)}\t${copyText(sourceFile)}\t${copyText(runId)}\n`;

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

/**
 * A batch's COPY text, written as UTF-8 into a shared region as the source is parsed: rows are
 * joined ~64 KiB at a time and encoded at once, so no row's text outlives the next
 * young-generation collection. Kept as strings until the batch committed, every row's text was
 * copied by the collector and moved to the old space (measured on 1M rows: 355 MB promoted and
 * 1.23 s of scavenges then, 88 MB and ~0.8 s now). Sections (one per table) are lists of chunks
 * that end at row ends.
 */
export class CopyText {
  private region: SharedArrayBuffer;
  private bytes: Buffer;
  private end = 0;
  private ranges: TextRange[] = [];
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(private readonly regions: TextRegions) {
    this.region = regions.take(0);
    this.bytes = Buffer.from(this.region);
  }

  add(row: string): void {
    this.pending.push(row);
    this.pendingLength += row.length;
    if (this.pendingLength >= 65_536) this.flush();
  }

  /** Ends the current section (a table's rows) and returns its chunks. */
  section(): TextRange[] {
    this.flush();
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

  private flush() {
    if (!this.pending.length) return;
    const text = this.pending.length === 1 ? this.pending[0]! : this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    // A UTF-16 code unit takes at most 3 bytes of UTF-8 (a surrogate pair, 2 units, takes 4).
    if (this.end + text.length * 3 > this.region.byteLength) this.grow(this.end + text.length * 3);
    const n = this.bytes.write(text, this.end);
    this.ranges.push([this.end, this.end + n]);
    this.end += n;
  }

  private grow(size: number) {
    const bigger = this.regions.take(Math.max(size, this.region.byteLength * 2));
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
