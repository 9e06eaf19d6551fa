import type { Mapping } from '../mapping.ts';
import type { TargetAddress } from '../target/connect.ts';
import type { PaymentMethod, RejectReason } from '../types.ts';

/**
 * The reconcile contract (docs/migration.md, "Reconciliation"): the source files, re-read, against
 * the target per outlet × business day, then per transaction on the days that differ. Money is
 * integer sen here and in the JSON; the text report shows rupiah.
 */

export interface ReconcileOptions {
  files: { path: string; mapping: Mapping }[];
  target: { url: string; schema: string } & TargetAddress;
  /** Transactions (file + target) of the differing days compared one by one at most; the days after are reported by their totals. Default 50,000. */
  detailBudget?: number;
  /** Files together larger than this are reconciled through spill partitions in `tmpDir` (reconcile.ts has the default). */
  spillAboveBytes?: number;
  tmpDir?: string;
}

export interface DayTotals {
  transactions: number;
  /** Lines on the day: a deleted zero-amount line changes no sum but changes this. */
  lines: number;
  grossSen: number;
  discountSen: number;
  taxSen: number;
  serviceChargeSen: number;
  netSen: number;
  /** Net per normalised method; a method with no net (0) is left out on both sides. */
  netByMethod: Partial<Record<PaymentMethod, number>>;
  /**
   * The sum of the lines' checksums (digest.ts: their numbers, item length, line number and
   * transaction time), whatever their order: it differs when a quantity, a unit price or a time
   * changed though no total did. Exact below 2 million lines a day.
   */
  content: number;
}

export type TransactionKind = 'sale' | 'refund' | 'void';

/** One file's side of the identity: read = valid + rejected, and loaded (in the target) should equal valid. */
export interface FileCounts {
  path: string;
  sha256: string;
  sourceSystem: string;
  /** Data records the source yielded (skipRows, e.g. a TOTAL line, are not read rows). */
  read: number;
  valid: number;
  rejected: number;
  skipped: number;
  /** Lines in the target loaded from this file (import_files: its sha256). */
  loaded: number;
  rejectsByReason: Partial<Record<RejectReason, number>>;
}

export interface DayComparison {
  outletCode: string;
  businessDate: string;
  source: DayTotals;
  target: DayTotals;
  /** Fields that differ (`transactions`, `lines`, `grossSen`, …, `netByMethod.cash`, `content`). */
  differs: string[];
}

export interface TransactionDifference {
  sourceSystem: string;
  sourceId: string;
  kind: TransactionKind;
  status: 'missing' | 'extra' | 'different';
  /** Where the source has it: the file (as given) and the row of its first line. */
  source?: { file: string; row: number };
  /** Where the target's first line came from: the loading file (a given path, else its sha256) and row. */
  target?: { file: string; row: number };
  /** The other side has this transaction on another compared day (it moved). */
  elsewhere?: { outletCode: string; businessDate: string };
  /** For `different`: the transaction's own fields that differ (occurredAt, originalSourceId). */
  fields?: string[];
  /** For `different`: the lines that differ, by line number (only missing and extra ones when the transaction's time differs: every line's digest then does). */
  lines?: { lineNo: number; status: 'missing' | 'extra' | 'different'; sourceRow?: number; targetRow?: number }[];
}

export interface DayDifference {
  outletCode: string;
  businessDate: string;
  /** Transaction labels (`source id`, with ` (refund)` / ` (void)` for those kinds). */
  missing: string[];
  extra: string[];
  different: string[];
  /** The first DETAIL_CAP of them in detail (missing, then extra, then different). */
  transactions: TransactionDifference[];
  /** How many more differ than `transactions` details (a target loaded into the wrong schema differs everywhere). */
  detailsOmitted: number;
}

export interface ReconcileReport {
  ok: boolean;
  read: number;
  loaded: number;
  rejected: number;
  valid: number;
  skipped: number;
  /** read = loaded + rejected, in total and for every file. */
  identityHolds: boolean;
  rejectsByReason: Partial<Record<RejectReason, number>>;
  files: FileCounts[];
  /** Every compared outlet × business day, sorted; `differs` is empty where they match. */
  days: DayComparison[];
  /** For each day that differs, the transactions that make the difference (the first days, up to 50,000 transactions on them: reconcile.ts). */
  differences: DayDifference[];
  /** The differing days after those, reported by their totals only, and the transactions on them (file + target). */
  differencesOmitted: { days: number; transactions: number };
  /** The business days the target was read for (the files' import runs recorded them); null: every day. */
  targetDaysRead: { from: string; to: string } | null;
  durationMs: number;
}

/** Which (system, outlet, day) the comparison covers: the source side decides it. */
export interface Scope {
  has(sourceSystem: string, outletCode: string, businessDate: string): boolean;
  /** Whether every system's days lie within the range. */
  within(days: { from: string; to: string }): boolean;
}

/** A transaction as both sides present it for the per-transaction comparison. */
export interface TxView {
  sourceSystem: string;
  sourceId: string;
  kind: TransactionKind;
  outletCode: string;
  businessDate: string;
  occurredAt: number;
  originalSourceId: string | null;
  /** Source: the file path; target: the loading file's sha256. Of the first line. */
  file: string;
  row: number;
  lines: LineView[];
}

export interface LineView {
  lineNo: number;
  /** The line's digest (digest.ts): its checksum and its text hash. */
  a: number;
  b: number;
  row: number;
}
