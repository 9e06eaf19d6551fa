import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CanonicalLine } from '../types.ts';

/**
 * A batch as COPY data (PostgreSQL's binary format), in the target's `lines` column layout; each
 * line carries its transaction's header (docs/adr/0016: transactions is a view over the lines).
 * The same data goes either straight into the target (the fast path: no key of the batch is
 * taken) or into a session-local staging table of the same columns, from which upsert.ts moves
 * it set-based (docs/adr/0008-import-load-path.md).
 */

/** Lines columns in COPY order: the run's constants (source system, file, run) last, written once per row as one suffix. */
export const LINE_COLUMNS = [
  'source_row', 'source_id', 'kind', 'line_no', 'original_source_id', 'outlet_code', 'occurred_at', 'business_date',
  'item', 'product_key', 'qty_milli', 'unit_price_sen', 'gross_sen', 'discount_sen', 'tax_sen', 'service_charge_sen', 'rounding_sen',
  'net_sen', 'payment_method', 'payment_method_raw',
  'source_system', 'file_id', 'import_run_id',
] as const;

/**
 * Each COPY column's type as PostgreSQL names it (format_type): binary COPY sends a value as
 * that type's bytes, and a column of another type could read them as something else (a bigint's
 * 8 bytes read as numeric are a zero with 2,000 decimals), so ddl.ts checks a target against these.
 */
export const LINE_TYPES = {
  source_row: 'integer', source_id: 'text', kind: 'text', line_no: 'integer', original_source_id: 'text', outlet_code: 'text',
  occurred_at: 'timestamp with time zone', business_date: 'date', item: 'text', product_key: 'text', qty_milli: 'bigint',
  unit_price_sen: 'bigint', gross_sen: 'bigint', discount_sen: 'bigint', tax_sen: 'bigint', service_charge_sen: 'bigint', rounding_sen: 'bigint',
  net_sen: 'bigint', payment_method: 'text', payment_method_raw: 'text', source_system: 'text', file_id: 'integer', import_run_id: 'uuid',
} as const satisfies Record<(typeof LINE_COLUMNS)[number], string>;

export const STAGED_LINES = 'pg_temp.golive_import_lines';

/** The COPY columns that may be NULL (a line without a unit price, a sale without an original). */
const NULLABLE = new Set(['unit_price_sen', 'original_source_id']);

/**
 * Created once per session, in COPY order, of the types the writer sends (LINE_TYPES); emptied
 * at every commit or rollback, so a batch never sees another's rows. No indexes.
 */
export const STAGING_DDL = `create temp table if not exists golive_import_lines (${LINE_COLUMNS.map((c) => `${c} ${LINE_TYPES[c]}${NULLABLE.has(c) ? '' : ' not null'}`).join(', ')}) on commit delete rows;
`;

/** The text PostgreSQL can hold for a value: it has no NUL character, so a NUL becomes U+FFFD rather than failing the whole batch. */
const pgText = (value: string): string => (value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value);

/** A product's key: its SKU, else its lower-cased name (the target's products table). */
export const productKey = (line: CanonicalLine): string => (line.sku ? line.sku : line.item.toLowerCase());

/** A transaction's header, as its first row gave it: every line of the transaction carries it. */
export interface TransactionHeader {
  sourceId: string;
  kind: CanonicalLine['kind'];
  originalSourceId: string | null;
  outletCode: string;
  occurredAt: number;
  businessDate: string;
}

/** One line's COPY row into `data`; `product` is its productKey, `suffix` the run's constants (runSuffix, encoded once). */
export function writeLineRow(data: CopyData, line: CanonicalLine, tx: TransactionHeader, product: string, suffix: Uint8Array): void {
  data.row(LINE_COLUMNS.length);
  data.int4(line.sourceRow);
  data.text(tx.sourceId);
  data.text(tx.kind);
  data.int4(line.lineNo);
  if (tx.originalSourceId === null) data.nul();
  else data.text(tx.originalSourceId);
  data.text(tx.outletCode);
  data.timestamptz(tx.occurredAt);
  data.date(tx.businessDate);
  data.text(line.item);
  data.text(product);
  data.int8(line.qtyMilli);
  if (line.unitPriceSen === null) data.nul();
  else data.int8(line.unitPriceSen);
  data.int8(line.grossSen);
  data.int8(line.discountSen);
  data.int8(line.taxSen);
  data.int8(line.serviceChargeSen);
  data.int8(line.roundingSen);
  data.int8(line.netSen);
  data.text(line.paymentMethod);
  data.text(line.paymentMethodRaw);
  data.endRow(suffix);
}

/** The last columns of every line row of a run: source system, the file's id (import_files), run id. */
export function runSuffix(sourceSystem: string, fileId: number, runId: string): Uint8Array {
  const system = Buffer.from(pgText(sourceSystem), 'utf8');
  const uuid = Buffer.from(runId.replaceAll('-', ''), 'hex');
  if (uuid.length !== 16) throw new Error(`not a uuid: ${runId}`);
  const out = Buffer.alloc(4 + system.length + 8 + 20);
  let at = out.writeInt32BE(system.length, 0);
  at += system.copy(out, at);
  at = out.writeInt32BE(4, at);
  at = out.writeInt32BE(fileId, at);
  at = out.writeInt32BE(16, at);
  uuid.copy(out, at);
  return out;
}

/** A [start, end) range of bytes in a batch's region of COPY data. */
export type ByteRange = readonly [start: number, end: number];

/** A region holds a 10,000-row batch's data (~4 MB) without growing. */
const MIN_REGION = 6 << 20;
/** Regions kept for reuse: the batch being read and those in flight (import.ts, IN_FLIGHT). */
const MAX_FREE = 4;

/**
 * Shared memory for the COPY data of an import's batches, reused from batch to batch: a batch
 * gives its region back once it has committed (or given up), and the next batch writes into it.
 * Shared so that the loader's thread reads the data where it was written (direct-load.ts).
 */
export class CopyRegions {
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
/** The binary COPY header: signature, flags (no OIDs), no header extension. */
export const COPY_HEADER = Uint8Array.of(...Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), 0, 0, 0, 0, 0, 0, 0, 0);
/** The binary COPY trailer: a field count of -1. */
export const COPY_TRAILER = Uint8Array.of(0xff, 0xff);
const TWO_32 = 2 ** 32;
/** PostgreSQL's epoch (2000-01-01) in Unix milliseconds and days. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const PG_EPOCH_DAY = PG_EPOCH_MS / 86_400_000;

/**
 * A batch's COPY data in PostgreSQL's binary format, written straight into a shared region as
 * the source is parsed, value by value: integers as their bytes, text as UTF-8 behind its
 * length, the run's constants as bytes encoded once. No string is built for a row. Binary
 * rather than text: PostgreSQL then parses no digits, timestamps or dates and scans no text
 * for escapes — ~10% of its time for the two tables (docs/adr/0015-binary-copy.md). Sections
 * (one per table, each a whole COPY stream from header to trailer) are lists of chunks that
 * end at row ends.
 */
export class CopyData {
  private region: SharedArrayBuffer;
  private bytes: Buffer;
  private end = 0;
  private ranges: ByteRange[] = [];
  private chunkStart = 0;
  private rows = 0;
  private lastDate = '';
  private lastDays = 0;

  constructor(private readonly regions: CopyRegions) {
    this.region = regions.take(0);
    this.bytes = Buffer.from(this.region);
  }

  /** Starts a row of `fields` values (the section's header first, before its first row). */
  row(fields: number): void {
    this.room(COPY_HEADER.length + 2);
    if (this.rows++ === 0) {
      this.bytes.set(COPY_HEADER, this.end);
      this.end += COPY_HEADER.length;
    }
    this.bytes[this.end++] = fields >>> 8;
    this.bytes[this.end++] = fields & 0xff;
  }

  /** An int (int4 column): a row number, a count, a line number. */
  int4(value: number): void {
    if ((value | 0) !== value) throw new RangeError(`${value} does not fit an int column`);
    this.room(8);
    this.put32(4);
    this.put32(value);
  }

  /** A bigint (sen, thousandths, microseconds): any safe integer, as its high and low 32 bits. */
  int8(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a whole number a bigint column can hold exactly`);
    this.room(12);
    const hi = Math.floor(value / TWO_32);
    this.put32(8);
    this.put32(hi);
    this.put32(value - hi * TWO_32);
  }

  /** A timestamptz at `ms` Unix milliseconds (whole milliseconds: the sources' precision). */
  timestamptz(ms: number): void {
    this.int8((ms - PG_EPOCH_MS) * 1000);
  }

  /** A date, from its ISO form (yyyy-mm-dd). Transactions come in time order: most fall on the same day as the one before. */
  date(iso: string): void {
    if (iso !== this.lastDate) {
      const days = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000 - PG_EPOCH_DAY;
      if (!Number.isSafeInteger(days) || iso.length !== 10) throw new RangeError(`"${iso}" is not an ISO date`);
      this.lastDate = iso;
      this.lastDays = days;
    }
    this.int4(this.lastDays);
  }

  /**
   * A text value as UTF-8 behind its length. ASCII is copied a char at a time (most values are
   * short: ids, names, methods); the first char above it sends the rest through UTF-8 encoding.
   */
  text(value: string): void {
    const n = value.length;
    this.room(4 + n * 3);
    const b = this.bytes;
    const start = this.end + 4;
    let at = start;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80 || c === 0) {
        at += b.write(pgText(value.slice(i)), at);
        break;
      }
      b[at++] = c;
    }
    this.put32(at - start);
    this.end = at;
  }

  /** A NULL value. */
  nul(): void {
    this.room(4);
    this.put32(-1);
  }

  /** Ends the row: `tail` (e.g. the run's constant columns, already encoded) after its values. */
  endRow(tail?: Uint8Array): void {
    if (tail) {
      this.room(tail.length);
      this.bytes.set(tail, this.end);
      this.end += tail.length;
    }
    if (this.end - this.chunkStart >= CHUNK_BYTES) {
      this.ranges.push([this.chunkStart, this.end]);
      this.chunkStart = this.end;
    }
  }

  /** Ends the current section (a table's rows, header to trailer) and returns its chunks: none for no rows. */
  section(): ByteRange[] {
    if (this.rows > 0) {
      this.room(COPY_TRAILER.length);
      this.bytes.set(COPY_TRAILER, this.end);
      this.end += COPY_TRAILER.length;
      this.ranges.push([this.chunkStart, this.end]);
    }
    this.chunkStart = this.end;
    this.rows = 0;
    const out = this.ranges;
    this.ranges = [];
    return out;
  }

  /** The region the ranges are in (it changes only while rows are added). */
  get shared(): SharedArrayBuffer {
    return this.region;
  }

  /** The chunks of a section as buffers over the region (valid until release). */
  chunks(ranges: readonly ByteRange[]): Buffer[] {
    return ranges.map(([start, end]) => Buffer.from(this.region, start, end - start));
  }

  /** Gives the region back for the next batch: nothing may read this data afterwards. */
  release(): void {
    this.regions.release(this.region);
  }

  /** 32 bits, big-endian (two's complement for a negative value), where room was made for them. */
  private put32(v: number) {
    const b = this.bytes;
    const at = this.end;
    b[at] = v >>> 24;
    b[at + 1] = (v >>> 16) & 0xff;
    b[at + 2] = (v >>> 8) & 0xff;
    b[at + 3] = v & 0xff;
    this.end = at + 4;
  }

  /** Makes room for `n` more bytes: the data so far (a row half written included) moves to a bigger region. */
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

export const copySql = (table: string, columns: readonly string[]): string => `copy ${table} (${columns.join(', ')}) from stdin with (format binary)`;

/** COPY data chunks (a whole section) into `table (columns)`; inside the caller's transaction. Returns the rows copied. */
export async function copyInto(client: pg.ClientBase, table: string, columns: readonly string[], chunks: Buffer[]): Promise<number> {
  if (!chunks.length) return 0;
  const stream = client.query(copyFrom(copySql(table, columns)));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
  return stream.rowCount;
}
