import { MigrationInputError } from './errors.ts';
import type { Mapping } from './mapping.ts';

/** Header names compare case-insensitively, with runs of spaces as one (NBSP included). */
export const headerKey = (name: string): string => name.trim().replace(/[\s\u00a0]+/g, ' ').toLowerCase();

/** The header position of every mapped column (-1 for an optional column the mapping leaves out). */
export interface ColumnIndexes {
  transactionId: number;
  lineNo: number;
  date: number;
  time: number;
  outlet: number;
  item: number;
  category: number;
  sku: number;
  qty: number;
  unitPrice: number;
  gross: number;
  discount: number;
  tax: number;
  serviceCharge: number;
  rounding: number;
  net: number;
  paymentMethod: number;
  refundMarker: number;
  originalTransactionId: number;
}

/**
 * Resolve the mapping's columns against a file's header. A mapped column that is not there is
 * the user's mistake (wrong profile, wrong delimiter or titleLines): MigrationInputError naming
 * the column and listing the header.
 */
export function resolveColumns(mapping: Mapping, header: string[]): ColumnIndexes {
  const positions = new Map<string, number>();
  header.forEach((h, i) => {
    const k = headerKey(h);
    if (!positions.has(k)) positions.set(k, i);
  });
  const find = (name: string | undefined, field: string): number => {
    if (name === undefined) return -1;
    const i = positions.get(headerKey(name));
    if (i === undefined) {
      const shown = header.map((h) => JSON.stringify(h)).join(', ');
      throw new MigrationInputError(
        'bad_mapping',
        `${field}: column "${name}" is not in the file's header (${shown || 'no columns'}). Fix the mapping, or check the delimiter and titleLines (\`golive import inspect <file>\` proposes both).`,
      );
    }
    return i;
  };
  const c = mapping.columns;
  const occurred = typeof c.occurred_at === 'string' ? { date: c.occurred_at, time: undefined } : c.occurred_at;
  return {
    transactionId: find(c.transaction_id, 'columns.transaction_id'),
    lineNo: find(c.line_no, 'columns.line_no'),
    date: find(occurred.date, typeof c.occurred_at === 'string' ? 'columns.occurred_at' : 'columns.occurred_at.date'),
    time: find(occurred.time, 'columns.occurred_at.time'),
    outlet: find(c.outlet, 'columns.outlet'),
    item: find(c.item, 'columns.item'),
    category: find(c.category, 'columns.category'),
    sku: find(c.sku, 'columns.sku'),
    qty: find(c.qty, 'columns.qty'),
    unitPrice: find(c.unit_price, 'columns.unit_price'),
    gross: find(c.gross, 'columns.gross'),
    discount: find(c.discount, 'columns.discount'),
    tax: find(c.tax, 'columns.tax'),
    serviceCharge: find(c.service_charge, 'columns.service_charge'),
    rounding: find(c.rounding, 'columns.rounding'),
    net: find(c.net, 'columns.net'),
    paymentMethod: find(c.payment_method, 'columns.payment_method'),
    refundMarker: find(c.refund_marker?.column, 'columns.refund_marker.column'),
    originalTransactionId: find(c.original_transaction_id, 'columns.original_transaction_id'),
  };
}
