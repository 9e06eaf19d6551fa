import type { Mapping } from './mapping.ts';
import { copyText, CopyBuffer, lineRow, productKey, runSuffix } from './target/copy.ts';
import type { CanonicalLine, MappedRow, Reject, SourceRecord } from './types.ts';

/**
 * One batch as the source is read: valid lines already in COPY text (built while PostgreSQL
 * loads the previous batch), the batch's transactions and payments summed over its lines, the
 * outlets and products it names, the transform's rejects, and where the batch ends in the file.
 * A transaction new to the target gets exactly these sums (it has no other lines); one that
 * already exists is recomputed from all its lines by the target (upsert.ts).
 */

interface TransactionSums {
  sourceId: string;
  kind: CanonicalLine['kind'];
  /** Header: the transaction's first row in the batch. */
  originalSourceId: string | null;
  outletCode: string;
  occurredAt: number;
  businessDate: string;
  gross: number;
  discount: number;
  tax: number;
  serviceCharge: number;
  rounding: number;
  net: number;
  /** Line numbers staged and their rows: a key repeated in the batch can only be in its own transaction. */
  lineNos: number[];
  rows: number[];
  /** Net per payment method, in parallel arrays (a receipt has one or two methods). */
  methods: string[];
  amounts: number[];
}

export interface BatchConstants {
  sourceSystem: string;
  /** sha256 of the file. */
  sourceFile: string;
  runId: string;
  outletName: (code: string, spelled: string) => string;
}

/** What goes to the target: COPY text per table and the new-if-missing outlets and products. */
export interface BatchData {
  lines: string[];
  transactions: string[];
  payments: string[];
  outlets: Map<string, string>;
  products: Map<string, { name: string; category: string | null }>;
}

export interface StagedKeys {
  sourceIds: string[];
  kinds: string[];
  lineNos: number[];
  rows: number[];
}

export class Batch {
  private readonly copy = new CopyBuffer();
  readonly rejects: Reject[] = [];
  /** Source rows and raw records of the staged lines (ascending rows), for the rejects file should the target call one a duplicate. */
  private readonly stagedRows: number[] = [];
  private readonly stagedRaws: string[] = [];
  /** Transactions (source id + kind) among the staged lines, in first-seen order. */
  private readonly transactions = new Map<string, TransactionSums>();
  private readonly outlets = new Map<string, string>();
  private readonly products = new Map<string, { name: string; category: string | null }>();
  private readonly suffix: string;
  /** The last staged line's transaction (a receipt's rows come together: no Map lookup for most rows). */
  private lastTx: TransactionSums | null = null;
  rowsRead = 0;
  rowsSkipped = 0;
  /** The last record of the batch: where a resume continues. */
  last: { end: number; row: number } | null = null;

  constructor(private readonly c: BatchConstants) {
    this.suffix = runSuffix(c.sourceSystem, c.sourceFile, c.runId);
  }

  add(rec: SourceRecord, mapped: MappedRow): void {
    this.rowsRead++;
    this.last = { end: rec.end, row: rec.row };
    if (!mapped.ok) {
      this.rejects.push({ row: rec.row, reason: mapped.reason, detail: mapped.detail, raw: rec.raw });
      return;
    }
    const line = mapped.line;
    const tx = this.transactionOf(line);
    const at = tx.lineNos.indexOf(line.lineNo);
    if (at >= 0) {
      this.rejects.push({ row: rec.row, reason: 'duplicate', detail: `repeats row ${tx.rows[at]} of this file`, raw: rec.raw });
      return;
    }
    tx.lineNos.push(line.lineNo);
    tx.rows.push(rec.row);
    const product = productKey(line);
    this.copy.add(lineRow(line, product, this.suffix));
    this.stagedRows.push(rec.row);
    this.stagedRaws.push(rec.raw);
    tx.gross += line.grossSen;
    tx.discount += line.discountSen;
    tx.tax += line.taxSen;
    tx.serviceCharge += line.serviceChargeSen;
    tx.rounding += line.roundingSen;
    tx.net += line.netSen;
    const m = tx.methods.indexOf(line.paymentMethod);
    if (m >= 0) tx.amounts[m]! += line.netSen;
    else {
      tx.methods.push(line.paymentMethod);
      tx.amounts.push(line.netSen);
    }
    if (!this.outlets.has(line.outletCode)) this.outlets.set(line.outletCode, this.c.outletName(line.outletCode, line.outletName));
    if (!this.products.has(product)) this.products.set(product, { name: line.item, category: line.category });
  }

  /** The raw record of a staged row ('' when not staged). */
  raw(row: number): string {
    // Rows are staged in ascending order: binary search.
    let lo = 0;
    let hi = this.stagedRows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.stagedRows[mid]!;
      if (r === row) return this.stagedRaws[mid]!;
      if (r < row) lo = mid + 1;
      else hi = mid - 1;
    }
    return '';
  }

  /** The staged lines' keys and source rows, in parallel arrays (the already-loaded probe's parameters). */
  keys(): StagedKeys {
    const k: StagedKeys = { sourceIds: [], kinds: [], lineNos: [], rows: [] };
    for (const tx of this.transactions.values()) {
      for (let i = 0; i < tx.lineNos.length; i++) {
        k.sourceIds.push(tx.sourceId);
        k.kinds.push(tx.kind);
        k.lineNos.push(tx.lineNos[i]!);
        k.rows.push(tx.rows[i]!);
      }
    }
    return k;
  }

  /** Whether a row belongs to the transaction of the last staged line (the batch then waits to end with the receipt). */
  continues(mapped: MappedRow): boolean {
    return mapped.ok && this.lastTx !== null && mapped.line.transactionId === this.lastTx.sourceId && mapped.line.kind === this.lastTx.kind;
  }

  private transactionOf(line: CanonicalLine): TransactionSums {
    const last = this.lastTx;
    if (last !== null && last.sourceId === line.transactionId && last.kind === line.kind) return last;
    const key = `${line.transactionId}\u0000${line.kind}`;
    let tx = this.transactions.get(key);
    if (!tx) {
      tx = {
        sourceId: line.transactionId, kind: line.kind, originalSourceId: line.originalTransactionId, outletCode: line.outletCode,
        occurredAt: line.occurredAt, businessDate: line.businessDate, gross: 0, discount: 0, tax: 0, serviceCharge: 0, rounding: 0, net: 0,
        lineNos: [], rows: [], methods: [], amounts: [],
      };
      this.transactions.set(key, tx);
    }
    this.lastTx = tx;
    return tx;
  }

  /** The batch's COPY text (taken once: the line chunks are handed over, not copied). */
  take(): BatchData {
    const sys = copyText(this.c.sourceSystem);
    const transactions = new CopyBuffer();
    const payments = new CopyBuffer();
    for (const tx of this.transactions.values()) {
      if (!tx.lineNos.length) continue;
      const id = copyText(tx.sourceId);
      transactions.add(
        `${sys}\t${id}\t${tx.kind}\t${copyText(tx.originalSourceId)}\t${copyText(tx.outletCode)}\t${new Date(tx.occurredAt).toISOString()}\t${tx.businessDate}\t` +
          `${tx.gross}\t${tx.discount}\t${tx.tax}\t${tx.serviceCharge}\t${tx.rounding}\t${tx.net}\t${tx.lineNos.length}\n`,
      );
      for (let i = 0; i < tx.methods.length; i++) payments.add(`${sys}\t${id}\t${tx.kind}\t${tx.methods[i]}\t${tx.amounts[i]}\n`);
    }
    return { lines: this.copy.take(), transactions: transactions.take(), payments: payments.take(), outlets: this.outlets, products: this.products };
  }

  get size(): number {
    return this.rowsRead;
  }

  get staged(): number {
    return this.stagedRows.length;
  }

  get stagedTransactions(): number {
    return this.transactions.size;
  }
}

/** The outlet's display name: the mapping's name for its code, else the first spelling seen. */
export function outletNamer(mapping: Mapping): (code: string, spelled: string) => string {
  const outlets = mapping.outlets ?? {};
  return (code, spelled) => outlets[code]?.name ?? spelled;
}
