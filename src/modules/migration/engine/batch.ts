import type { Mapping } from './mapping.ts';
import { type ByteRange, CopyData, type CopyRegions, productKey, runSuffix, type TransactionHeader, writeLineRow } from './target/copy.ts';
import { SpanOfTransactions, type TransactionSpan } from './target/taken-check.ts';
import type { CanonicalLine, MappedRow, Reject, SourceRecord } from './types.ts';

/**
 * One batch as the source is read: valid lines already in COPY data (built while PostgreSQL
 * loads the previous batch), each with its transaction's header (the transaction's first row in
 * the batch; upsert.ts gives a transaction the target already has its own header), the outlets
 * and products it names, the transform's rejects, and where the batch ends in the file.
 */

interface BatchTransaction extends TransactionHeader {
  /** Its first staged line (an index into the batch's line arrays); the rest follow Batch.nextOfTx. */
  firstLine: number;
  lastLine: number;
}

export interface BatchConstants {
  sourceSystem: string;
  /** The file's id in the target (import_files). */
  fileId: number;
  runId: string;
  outletName: (code: string, spelled: string) => string;
  /** The run's shared memory for COPY data, reused by batch after batch. */
  regions: CopyRegions;
}

/** What goes to the target: the lines' COPY data (chunks of `copy`) and the new-if-missing outlets and products. */
export interface BatchData {
  copy: CopyData;
  lines: ByteRange[];
  outlets: Map<string, string>;
  products: Map<string, { name: string; category: string | null }>;
}

/** A range of business days, ISO dates, both included. */
export interface DayRange {
  from: string;
  to: string;
}

export interface StagedKeys {
  sourceIds: string[];
  kinds: string[];
  lineNos: number[];
  rows: number[];
}

/** Where a batch starts or ends in the file: the byte offset past a record and its row (0, 0: the file's start). */
export interface FilePosition {
  end: number;
  row: number;
}

const INITIAL_LINES = 1024;

export class Batch {
  private readonly copy: CopyData;
  readonly rejects: Reject[] = [];
  /**
   * Per staged line, in parallel typed arrays (no object per line for the garbage collector to
   * move while the batch fills): its line number, its source row and the next staged line of
   * the same transaction (-1: none). Source rows ascend.
   */
  private lineNos = new Int32Array(INITIAL_LINES);
  private rows = new Float64Array(INITIAL_LINES);
  private nextOfTx = new Int32Array(INITIAL_LINES);
  private lines = 0;
  /** Transactions among the staged lines, in first-seen order: sales by source id, refunds and voids by kind and source id. */
  private readonly transactions = new Map<string, BatchTransaction>();
  private readonly outlets = new Map<string, string>();
  private readonly products = new Map<string, { name: string; category: string | null }>();
  private readonly suffix: Uint8Array;
  /** The last staged line's transaction (a receipt's rows come together: no Map lookup for most rows). */
  private lastTx: BatchTransaction | null = null;
  rowsRead = 0;
  rowsSkipped = 0;
  /** The last record's end and row (-1: none yet); two numbers, not an object per row. */
  private lastEnd = -1;
  private lastRow = 0;
  /** The first and last business day of its transactions (ISO dates compare as text); '' until one. */
  private firstDay = '';
  private lastDay = '';
  /** Its transactions as the direct path's check asks for them. */
  private readonly span = new SpanOfTransactions();

  /** `from`: where the batch starts in the file (the record before its first), to read its raw rows again. */
  constructor(
    private readonly c: BatchConstants,
    readonly from: FilePosition = { end: 0, row: 0 },
  ) {
    this.suffix = runSuffix(c.sourceSystem, c.fileId, c.runId);
    this.copy = new CopyData(c.regions);
  }

  add(rec: SourceRecord, mapped: MappedRow): void {
    this.rowsRead++;
    this.lastEnd = rec.end;
    this.lastRow = rec.row;
    if (!mapped.ok) {
      this.rejects.push({ row: rec.row, reason: mapped.reason, detail: mapped.detail, raw: rec.raw });
      return;
    }
    const line = mapped.line;
    const tx = this.transactionOf(line);
    for (let i = tx.firstLine; i >= 0; i = this.nextOfTx[i]!) {
      if (this.lineNos[i] === line.lineNo) {
        this.rejects.push({ row: rec.row, reason: 'duplicate', detail: `repeats row ${this.rows[i]} of this file`, raw: rec.raw, repeats: this.rows[i] });
        return;
      }
    }
    const at = this.stage(line.lineNo, rec.row);
    if (tx.firstLine < 0) tx.firstLine = at;
    else this.nextOfTx[tx.lastLine] = at;
    tx.lastLine = at;
    const product = productKey(line);
    writeLineRow(this.copy, line, tx, product, this.suffix);
    if (!this.outlets.has(line.outletCode)) this.outlets.set(line.outletCode, this.c.outletName(line.outletCode, line.outletName));
    if (!this.products.has(product)) this.products.set(product, { name: line.item, category: line.category });
  }

  /** The staged lines' keys and source rows, in parallel arrays (the already-loaded probe's parameters). */
  keys(): StagedKeys {
    const k: StagedKeys = { sourceIds: [], kinds: [], lineNos: [], rows: [] };
    for (const tx of this.transactions.values()) {
      for (let i = tx.firstLine; i >= 0; i = this.nextOfTx[i]!) {
        k.sourceIds.push(tx.sourceId);
        k.kinds.push(tx.kind);
        k.lineNos.push(this.lineNos[i]!);
        k.rows.push(this.rows[i]!);
      }
    }
    return k;
  }

  /** Whether a row belongs to the transaction of the last staged line (the batch then waits to end with the receipt). */
  continues(mapped: MappedRow): boolean {
    return mapped.ok && this.lastTx !== null && mapped.line.transactionId === this.lastTx.sourceId && mapped.line.kind === this.lastTx.kind;
  }

  private stage(lineNo: number, row: number): number {
    const at = this.lines++;
    if (at === this.lineNos.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.lineNos = grow(this.lineNos);
      this.rows = grow(this.rows);
      this.nextOfTx = grow(this.nextOfTx);
    }
    this.lineNos[at] = lineNo;
    this.rows[at] = row;
    this.nextOfTx[at] = -1;
    return at;
  }

  private transactionOf(line: CanonicalLine): BatchTransaction {
    const last = this.lastTx;
    if (last !== null && last.sourceId === line.transactionId && last.kind === line.kind) return last;
    // Most transactions are sales: keyed by the source id alone, no key string to build and hash.
    const key = line.kind === 'sale' ? line.transactionId : `${line.kind}\u0001${line.transactionId}`;
    let tx = this.transactions.get(key);
    if (!tx) {
      // Every field written out (no spread): one object shape, built without a runtime copy.
      tx = {
        sourceId: line.transactionId, kind: line.kind, originalSourceId: line.originalTransactionId, outletCode: line.outletCode,
        occurredAt: line.occurredAt, businessDate: line.businessDate, firstLine: -1, lastLine: -1,
      };
      this.transactions.set(key, tx);
      const day = line.businessDate;
      if (this.firstDay === '' || day < this.firstDay) this.firstDay = day;
      if (day > this.lastDay) this.lastDay = day;
      this.span.add(line.transactionId, line.kind);
    }
    this.lastTx = tx;
    return tx;
  }

  /** The batch's COPY data, once. */
  take(): BatchData {
    return { copy: this.copy, lines: this.copy.section(), outlets: this.outlets, products: this.products };
  }

  /** Its transactions for the direct path's check (target/taken-check.ts); null: always staged. */
  get transactionSpan(): TransactionSpan | null {
    return this.span.value;
  }

  /** Once the batch has committed or given up: its data's memory goes to the next batch. */
  release(): void {
    this.copy.release();
  }

  /** The last record of the batch: where a resume continues. */
  get last(): FilePosition | null {
    return this.lastEnd < 0 ? null : { end: this.lastEnd, row: this.lastRow };
  }

  get size(): number {
    return this.rowsRead;
  }

  /** The business days its transactions fall on, first and last (null: no valid line). */
  get days(): DayRange | null {
    return this.firstDay === '' ? null : { from: this.firstDay, to: this.lastDay };
  }

  get staged(): number {
    return this.lines;
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
