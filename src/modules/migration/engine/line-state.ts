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

export class TransactionLines {
  /**
   * Two generations instead of one map swept by delete: entries begun in the current window of
   * rows and in the one before. At each window's end the older generation is dropped whole (all
   * its entries are past the window by then), which costs nothing per row. An entry is a slot
   * number: its row count and first row live in typed arrays, so the hundreds of thousands of
   * transactions of a big file make no objects for the garbage collector to move.
   */
  private current = new Map<string, number>();
  private previous = new Map<string, number>();
  /** Slots are handed out in turn; a generation holds at most `window` of them, so 2 windows + 2 are never both alive. */
  private readonly capacity: number;
  private readonly counts: Int32Array;
  private readonly firstRows: Float64Array;
  private nextSlot = 0;
  private nextTurn: number;
  private lastKey: string | null = null;
  private lastSlot = -1;
  /**
   * Keys that came in order — each above every key before, as exports mostly number receipts —
   * are kept apart, in a ring of (key, slot) that is therefore sorted: appending one costs no
   * hashing and no map growth, finding one is a binary search, and the ring's front is dropped as
   * it leaves the window (arrival order is row order). A key is in the ring only for its first
   * stretch of rows; anything else goes to the two map generations.
   */
  private maxKey = '';
  private readonly ringKeys: string[];
  private readonly ringSlots: Int32Array;
  private ringStart = 0;
  private ringLength = 0;
  /** `lines.repeated: "duplicate"`: the lines' content hashes, made on first use. */
  private repeats: SeenLines | null = null;

  constructor(private readonly window = TRANSACTION_WINDOW_ROWS) {
    this.nextTurn = window;
    this.capacity = 2 * window + 2;
    this.counts = new Int32Array(this.capacity);
    this.firstRows = new Float64Array(this.capacity);
    // At most one new key a row, so a window holds at most window + 1 of them.
    this.ringKeys = new Array<string>(window + 2).fill('');
    this.ringSlots = new Int32Array(window + 2);
  }

  /** Counts one more row of the transaction `key` at source row `row`; returns its slot (see count). */
  next(key: string, row: number): number {
    if (row >= this.nextTurn) this.turn(row);
    // A receipt's rows come together: most rows are the previous row's transaction, and most
    // new receipts are numbered above every one before (two map lookups saved each).
    this.expireRing(row);
    let slot: number;
    let inOrder = false;
    if (key === this.lastKey) slot = this.lastSlot;
    else if (key > this.maxKey) {
      this.maxKey = key;
      inOrder = true;
      slot = -1;
    } else slot = this.ringFind(key) ?? this.current.get(key) ?? this.previous.get(key) ?? -1;
    if (slot < 0 || row - this.firstRows[slot]! > this.window) {
      slot = this.nextSlot;
      this.nextSlot = slot + 1 === this.capacity ? 0 : slot + 1;
      this.counts[slot] = 0;
      this.firstRows[slot] = row;
      this.repeats?.forget(slot);
      if (inOrder) this.ringPush(key, slot);
      else this.current.set(key, slot);
    }
    this.lastKey = key;
    this.lastSlot = slot;
    this.counts[slot]!++;
    return slot;
  }

  /** Rows of the slot's transaction so far, the current one included: the current row's line number. */
  count(slot: number): number {
    return this.counts[slot]!;
  }

  /** The earlier row of this transaction with the same content hash (its first 16 bytes count), or null (then this row is remembered). */
  repeatOf(slot: number, hash: Uint8Array, row: number): number | null {
    const seen = (this.repeats ??= new SeenLines(this.capacity, 2 * this.window + 2));
    const earlier = seen.find(slot, hash);
    if (earlier === null) seen.add(slot, hash, row);
    return earlier;
  }

  get size(): number {
    let n = this.current.size + this.ringLength;
    for (const key of this.previous.keys()) if (!this.current.has(key)) n++;
    return n;
  }

  private ringPush(key: string, slot: number): void {
    let at = this.ringStart + this.ringLength;
    if (at >= this.ringKeys.length) at -= this.ringKeys.length;
    this.ringKeys[at] = key;
    this.ringSlots[at] = slot;
    this.ringLength++;
  }

  /** Drops the ring's front while it began more than a window ago (what is left never has a reused slot). */
  private expireRing(row: number): void {
    while (this.ringLength > 0 && row - this.firstRows[this.ringSlots[this.ringStart]!]! > this.window) {
      this.ringKeys[this.ringStart] = '';
      this.ringStart = this.ringStart + 1 === this.ringKeys.length ? 0 : this.ringStart + 1;
      this.ringLength--;
    }
  }

  /** The slot of a key in the ring (binary search: the ring is sorted), or undefined. */
  private ringFind(key: string): number | undefined {
    const cap = this.ringKeys.length;
    let lo = 0;
    let hi = this.ringLength - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      let at = this.ringStart + mid;
      if (at >= cap) at -= cap;
      const k = this.ringKeys[at]!;
      if (k === key) return this.ringSlots[at]!;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Past the window's end: the older generation's entries all began more than a window ago. */
  private turn(row: number): void {
    this.previous = this.current;
    this.current = new Map();
    this.nextTurn = row + this.window;
  }
}

/**
 * The lines of the live transactions by content hash, for `lines.repeated: "duplicate"`: a ring
 * of (hash, row, slot) with each slot's lines chained newest first. Typed arrays, a fixed size:
 * a map of arrays per transaction was ~80 MB of small objects on a 1M-row Majoo export (and
 * ran the import out of memory with its shared strings).
 *
 * At most one line a row, and a slot's lines lie within one window of rows of its first, so
 * `size` (two windows) entries back are never still wanted: a line is overwritten only after its
 * transaction's slot has moved on, and a slot given to a new transaction starts an empty chain.
 * (A chain also stops at an entry that is not its slot's: cheap, should that ever not hold.)
 */
class SeenLines {
  /** The 128 bits of each line's hash, four words an entry. */
  private readonly hashes: Int32Array;
  private readonly rows: Float64Array;
  private readonly slots: Int32Array;
  /** Each entry's older line of the same slot, or -1. */
  private readonly older: Int32Array;
  /** Each slot's newest entry, or -1. */
  private readonly newest: Int32Array;
  private next = 0;

  constructor(slots: number, private readonly size: number) {
    this.hashes = new Int32Array(size * 4);
    this.rows = new Float64Array(size);
    this.slots = new Int32Array(size).fill(-1);
    this.older = new Int32Array(size);
    this.newest = new Int32Array(slots).fill(-1);
  }

  /** A new transaction in the slot: its lines so far are not this one's. */
  forget(slot: number): void {
    this.newest[slot] = -1;
  }

  /** The row of the slot's line with this hash, or null. */
  find(slot: number, hash: Uint8Array): number | null {
    const view = new DataView(hash.buffer, hash.byteOffset, 16);
    const h0 = view.getInt32(0), h1 = view.getInt32(4), h2 = view.getInt32(8), h3 = view.getInt32(12);
    for (let e = this.newest[slot]!; e >= 0 && this.slots[e] === slot; e = this.older[e]!) {
      const at = e * 4;
      if (this.hashes[at] === h0 && this.hashes[at + 1] === h1 && this.hashes[at + 2] === h2 && this.hashes[at + 3] === h3) return this.rows[e]!;
    }
    return null;
  }

  add(slot: number, hash: Uint8Array, row: number): void {
    const e = this.next;
    this.next = e + 1 === this.size ? 0 : e + 1;
    const view = new DataView(hash.buffer, hash.byteOffset, 16);
    for (let i = 0; i < 4; i++) this.hashes[e * 4 + i] = view.getInt32(i * 4);
    this.rows[e] = row;
    this.slots[e] = slot;
    this.older[e] = this.newest[slot]!;
    this.newest[slot] = e;
  }
}
