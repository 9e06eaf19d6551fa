/**
 * What the transform remembers across rows, per transaction (source id + kind) in one file:
 * how many rows it has had (the derived line number) and, for `lines.repeated: "duplicate"`,
 * the content hash of each valid line (to reject a repeat).
 *
 * Memory is bounded by forgetting a transaction TRANSACTION_WINDOW_ROWS source rows after its
 * first row: exports list a receipt's rows together, so a 10M-row file keeps at most the
 * transactions begun in its last 200,000 rows (two generations of one window each). A transaction whose rows lie farther apart than that
 * starts counting again (its later rows get line numbers 1, 2, … and the loader rejects them as
 * duplicate keys) — documented in docs/migration.md. The state is a function of the rows read
 * so far, so replaying them from the start (Transform.advance) restores it exactly on resume.
 */
export const TRANSACTION_WINDOW_ROWS = 100_000;

export interface TransactionEntry {
  /** Rows of this transaction so far, the current one included: the current row's line number. */
  count: number;
  firstRow: number;
  hashes: string[] | null;
  rows: number[] | null;
}

export class TransactionLines {
  /**
   * Two generations instead of one map swept by delete: entries begun in the current window of
   * rows and in the one before. At each window's end the older generation is dropped whole (all
   * its entries are past the window by then), which costs nothing per row; a Map thinned by
   * deletes measured a tenth of the transform's time.
   */
  private current = new Map<string, TransactionEntry>();
  private previous = new Map<string, TransactionEntry>();
  private nextTurn: number;
  private lastKey: string | null = null;
  private lastEntry: TransactionEntry | undefined;

  constructor(private readonly window = TRANSACTION_WINDOW_ROWS) {
    this.nextTurn = window;
  }

  /** Count one more row of the transaction `key` at source row `row`; returns its entry. */
  next(key: string, row: number): TransactionEntry {
    if (row >= this.nextTurn) this.turn(row);
    // A receipt's rows come together: most rows are the previous row's transaction.
    let e = key === this.lastKey ? this.lastEntry : (this.current.get(key) ?? this.previous.get(key));
    if (e === undefined || row - e.firstRow > this.window) {
      e = { count: 0, firstRow: row, hashes: null, rows: null };
      this.current.set(key, e);
    }
    this.lastKey = key;
    this.lastEntry = e;
    e.count++;
    return e;
  }

  /** The earlier row of this transaction with the same content hash, or null (then this row is remembered). */
  repeatOf(e: TransactionEntry, hash: string, row: number): number | null {
    if (e.hashes === null || e.rows === null) {
      e.hashes = [hash];
      e.rows = [row];
      return null;
    }
    const i = e.hashes.indexOf(hash);
    if (i >= 0) return e.rows[i]!;
    e.hashes.push(hash);
    e.rows.push(row);
    return null;
  }

  get size(): number {
    let n = this.current.size;
    for (const key of this.previous.keys()) if (!this.current.has(key)) n++;
    return n;
  }

  /** Past the window's end: the older generation's entries all began more than a window ago. */
  private turn(row: number): void {
    this.previous = this.current;
    this.current = new Map();
    this.nextTurn = row + this.window;
  }
}
