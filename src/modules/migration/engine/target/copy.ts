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

/** Rows collected into ~64 KiB chunks while the source is parsed, so COPY only sends them. */
export class CopyBuffer {
  private chunks: string[] = [];
  private current: string[] = [];
  private currentLength = 0;
  rows = 0;

  add(row: string): void {
    this.current.push(row);
    this.currentLength += row.length;
    this.rows++;
    if (this.currentLength >= 65_536) this.flush();
  }

  take(): string[] {
    this.flush();
    const out = this.chunks;
    this.chunks = [];
    this.rows = 0;
    return out;
  }

  private flush() {
    if (this.current.length) this.chunks.push(this.current.join(''));
    this.current = [];
    this.currentLength = 0;
  }
}

export const copySql = (table: string, columns: readonly string[]): string => `copy ${table} (${columns.join(', ')}) from stdin`;

/** COPY text chunks into `table (columns)`; inside the caller's transaction. Returns the rows copied. */
export async function copyInto(client: pg.ClientBase, table: string, columns: readonly string[], chunks: string[]): Promise<number> {
  if (!chunks.length) return 0;
  const stream = client.query(copyFrom(copySql(table, columns)));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
  return stream.rowCount;
}
