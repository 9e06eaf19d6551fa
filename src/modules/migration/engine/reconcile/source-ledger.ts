import { ChunkedColumn } from './chunked.ts';
import { withTime } from './digest.ts';
import { KINDS, type LedgerLine, type SourceTally } from './source-tally.ts';
import { TxIndex } from './tx-index.ts';
import type { TxView } from './types.ts';

/**
 * The transactions and lines the file side keeps to apply the loader's duplicate rule and, on
 * the days that differ, to name transactions: per transaction and per line a few numbers in
 * typed arrays (22 bytes a line, ~50 a transaction with its id), no object per row. A
 * transaction belongs to the day of its first valid line, as the loader writes it, so each line
 * is added to its day's totals (in the tally) as it comes.
 *
 * One ledger holds every transaction of small files; large ones are split by transaction into
 * spill partitions (spill.ts), a ledger each, one at a time.
 */
export class SourceLedger {
  /** Transactions by (system × kind, id); a transaction's tag is system · 3 + kind. */
  private readonly index = new TxIndex();
  /** The original sale's id of refunds and voids that name one (most transactions are sales). */
  private readonly txOriginal = new Map<number, string>();
  /** The transaction of the line added last, and its key: most rows are the newest transaction's. */
  private last = -1;
  private lastId = '';
  private readonly txDay = new ChunkedColumn((n) => new Int32Array(n));
  /** The transaction's most recent line: its lines form a list through lineNext. */
  private readonly txLast = new ChunkedColumn((n) => new Int32Array(n));
  private readonly txOccurred = new ChunkedColumn((n) => new Float64Array(n));

  private lineCount = 0;
  private readonly lineNext = new ChunkedColumn((n) => new Int32Array(n));
  private readonly lineNo = new ChunkedColumn((n) => new Int32Array(n));
  private readonly lineRow = new ChunkedColumn((n) => new Int32Array(n));
  private readonly lineFile = new ChunkedColumn((n) => new Uint16Array(n));
  /** Per line: its checksum and its text hash (digest.ts). */
  private readonly lineChecksum = new ChunkedColumn((n) => new Uint32Array(n));
  private readonly lineTextHash = new ChunkedColumn((n) => new Uint32Array(n));

  /** `counting`: add to the tally's totals (false when a spill partition is read again for the days that differ). */
  constructor(
    private readonly tally: SourceTally,
    private readonly counting = true,
  ) {}

  /**
   * Adds a valid line; false when it is a duplicate by the loader's rule: its key (system, id,
   * kind, line number) was taken before, in this file or an earlier one (files come in the
   * order they were loaded). Repeated content within a transaction the transform rejects itself.
   */
  add(line: LedgerLine): boolean {
    const tag = line.tag;
    // Exports list a receipt's rows together: most rows belong to the transaction of the row before.
    let t = this.last;
    if (t < 0 || this.lastId !== line.transactionId || this.index.tag(t) !== tag) {
      t = this.index.findOrAdd(tag, line.transactionId);
      if (this.index.added) this.newTransaction(t, line);
      this.last = t;
      this.lastId = line.transactionId;
    }
    for (let i = this.txLast.get(t); i !== -1; i = this.lineNext.get(i)) {
      if (this.lineNo.get(i) === line.lineNo) {
        if (this.counting) this.tally.duplicates[line.file]!++;
        return false;
      }
    }
    const i = this.lineCount++;
    this.lineNext.set(i, this.txLast.get(t));
    this.txLast.set(t, i);
    this.lineNo.set(i, line.lineNo);
    this.lineRow.set(i, line.row);
    this.lineFile.set(i, line.file);
    const checksum = withTime(line.checksum0, line.lineNo, this.txOccurred.get(t));
    this.lineChecksum.set(i, checksum);
    this.lineTextHash.set(i, line.textHash);
    if (this.counting) this.tally.countLine(line, this.txDay.get(t), checksum);
    return true;
  }

  /** The transactions on the days marked in `wanted` (by day number), with their lines' digests. */
  transactionsOn(wanted: boolean[]): TxView[] {
    const out: TxView[] = [];
    for (let t = 0; t < this.index.size; t++) {
      const di = this.txDay.get(t);
      if (!wanted[di]) continue;
      const day = this.tally.dayList[di]!;
      const lines: TxView['lines'] = [];
      let first = -1;
      for (let i = this.txLast.get(t); i !== -1; i = this.lineNext.get(i)) {
        lines.push({ lineNo: this.lineNo.get(i), a: this.lineChecksum.get(i), b: this.lineTextHash.get(i), row: this.lineRow.get(i) });
        first = i;
      }
      out.push({
        sourceSystem: this.tally.systems[Math.floor(this.index.tag(t) / KINDS.length)]!,
        sourceId: this.index.id(t),
        kind: KINDS[this.index.tag(t) % KINDS.length]!,
        outletCode: day.outletCode,
        businessDate: day.businessDate,
        occurredAt: this.txOccurred.get(t),
        originalSourceId: this.txOriginal.get(t) ?? null,
        file: this.tally.files[this.lineFile.get(first)]!,
        row: this.lineRow.get(first),
        lines: lines.reverse(),
      });
    }
    return out;
  }

  /** Transaction t (just numbered by the index) takes its header from its first valid line. */
  private newTransaction(t: number, line: LedgerLine): void {
    if (line.originalTransactionId !== null) this.txOriginal.set(t, line.originalTransactionId);
    this.txDay.set(t, line.day);
    this.txLast.set(t, -1);
    this.txOccurred.set(t, line.occurredAt);
    if (this.counting) this.tally.countTransaction(line.tag, line.day);
  }
}
