/**
 * The shared vocabulary of the migration engine (issue 5): what a source yields, what a mapped
 * row becomes, why a row is rejected. The engine needs no Golive server: `golive import`,
 * `golive reconcile` and the product's import job all drive the same code.
 *
 * Money is integer sen (1 rupiah = 100 sen) everywhere inside the engine and in the target
 * schema, whatever unit the file uses; reports show rupiah. Quantities are integer thousandths.
 */

/** Normalised payment methods (the target's `payments.method`). */
export const PAYMENT_METHODS = [
  'cash', 'qris', 'gopay', 'ovo', 'shopeepay', 'dana', 'debit_card', 'credit_card', 'bank_transfer',
  'gofood', 'grabfood', 'shopeefood', 'other',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Why a row was rejected; each reject carries one, with a detail naming the column and value. */
export const REJECT_REASONS = [
  'bad_row', //           the record could not be read as a row of the header's columns (column count, stray quote, too long)
  'missing_field', //     a required canonical field is empty
  'bad_date', //          occurred_at (or date/time) does not parse with the mapping's format, or is not a real date
  'bad_number', //        an amount or quantity does not parse with the mapping's separators and styles
  'totals_mismatch', //   gross − discount + tax + service_charge + rounding ≠ net beyond 1 rupiah
  'duplicate', //         the same record twice: same source id and line, in this file or already loaded from another
  'unknown_payment_method', // not a known method nor an alias of one in the mapping
  'unknown_outlet', //    the mapping lists outlets and this name is none of them nor an alias
  'negative_without_refund', // a negative amount or quantity on a row that is not a refund or void
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export type SourceCell = string | number | Date;

/** One record as a source reads it, before mapping. */
export interface SourceRecord {
  /** 1-based number of the physical line (CSV) or sheet row (XLSX) where the record starts. */
  row: number;
  /** Byte offset just past this record in the file (CSV); for XLSX the row number, resumed by skipping. */
  end: number;
  /**
   * Cell values in header order. CSV: always text (decoded to UTF-8, BOM removed). XLSX: text,
   * a number for a numeric cell (its value, not its display), or a Date for a date cell (the
   * wall-clock time in its UTC fields, as Excel keeps no zone); empty cells are ''.
   */
  fields: SourceCell[];
  /** The record as it was in the file (for the rejects file), decoded. */
  raw: string;
  /** Set when the record could not be read as CSV (a quote never closed): fields is then [], a bad_row. */
  problem?: string;
}

/** A row of the export mapped to the canonical shape, valid in itself. */
export interface CanonicalLine {
  sourceSystem: string; //   e.g. 'moka', from the mapping
  sourceRow: number; //      SourceRecord.row
  transactionId: string; //  the source's receipt / document number
  lineNo: number; //         from a column, or derived from row order within the transaction
  occurredAt: number; //     epoch milliseconds (the instant; the file's time zone applied)
  businessDate: string; //   YYYY-MM-DD in the mapping's business time zone after the day cutoff
  outletCode: string; //     after outlet aliases
  outletName: string; //     as the file spells it
  item: string;
  category: string | null;
  sku: string | null;
  qtyMilli: number; //       quantity × 1000
  unitPriceSen: number | null;
  grossSen: number;
  discountSen: number; //    positive number = a discount given
  taxSen: number; //         PB1 / PBJT
  serviceChargeSen: number;
  roundingSen: number;
  netSen: number;
  paymentMethod: PaymentMethod;
  paymentMethodRaw: string;
  /** sale, or refund/void (negative amounts, linked to the original transaction id). */
  kind: 'sale' | 'refund' | 'void';
  /** For refunds/voids: the original sale's transaction id (same id when the source reuses it). */
  originalTransactionId: string | null;
}

export type MappedRow =
  | { ok: true; line: CanonicalLine }
  | { ok: false; reason: RejectReason; detail: string };

export interface Reject {
  row: number;
  reason: RejectReason;
  detail: string;
  raw: string;
  /** A duplicate within its batch: the row of this file it repeats (commit.ts renames it when the target rejects that row too). */
  repeats?: number;
}
