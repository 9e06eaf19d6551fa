import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CanonicalLine } from '../types.ts';

/**
 * COPY of a batch's valid lines into a session-local staging table (PostgreSQL's text format).
 * The staging table has no indexes and lives in pg_temp, so COPY is as cheap as PostgreSQL
 * allows; upsert.ts then moves the rows into the target in one set-based pass.
 */

export const STAGING = 'pg_temp.golive_import_staging';

/** The staged columns, in COPY order. source_system, source_file and the run id are constants of the run. */
const COLUMNS = [
  'source_row', 'source_id', 'kind', 'line_no', 'original_source_id', 'outlet_code', 'outlet_name', 'occurred_ms',
  'business_date', 'item', 'category', 'product_key', 'qty_milli', 'unit_price_sen', 'gross_sen', 'discount_sen',
  'tax_sen', 'service_charge_sen', 'rounding_sen', 'net_sen', 'payment_method', 'payment_method_raw', 'row_hash',
] as const;

/** Emptied at every commit or rollback, so a batch never sees another's rows. */
export const STAGING_DDL = `
create temp table if not exists golive_import_staging (
  source_row int not null, source_id text not null, kind text not null, line_no int not null,
  original_source_id text, outlet_code text not null, outlet_name text not null, occurred_ms bigint not null,
  business_date date not null, item text not null, category text, product_key text not null,
  qty_milli bigint not null, unit_price_sen bigint, gross_sen bigint not null, discount_sen bigint not null,
  tax_sen bigint not null, service_charge_sen bigint not null, rounding_sen bigint not null, net_sen bigint not null,
  payment_method text not null, payment_method_raw text not null, row_hash text not null
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

/** One staged row: a line, with the outlet's display name (the mapping's, else as the file spells it). */
export function copyRow(line: CanonicalLine, outletName: string): string {
  const t = copyText;
  return `${line.sourceRow}\t${t(line.transactionId)}\t${line.kind}\t${line.lineNo}\t${t(line.originalTransactionId)}\t${t(line.outletCode)}\t${t(outletName)}\t${line.occurredAt}\t${line.businessDate}\t${t(line.item)}\t${t(line.category)}\t${t(productKey(line))}\t${line.qtyMilli}\t${t(line.unitPriceSen)}\t${line.grossSen}\t${line.discountSen}\t${line.taxSen}\t${line.serviceChargeSen}\t${line.roundingSen}\t${line.netSen}\t${line.paymentMethod}\t${t(line.paymentMethodRaw)}\t${line.rowHash}\n`;
}

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

/** COPY the chunks into the staging table; inside the caller's transaction. Returns the rows copied. */
export async function copyToStaging(client: pg.ClientBase, chunks: string[]): Promise<number> {
  if (!chunks.length) return 0;
  const stream = client.query(copyFrom(`copy ${STAGING} (${COLUMNS.join(', ')}) from stdin`));
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
  return stream.rowCount;
}
