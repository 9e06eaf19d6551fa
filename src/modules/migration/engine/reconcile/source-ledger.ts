import { PAYMENT_METHODS } from '../types.ts';
import type { CanonicalLine } from '../types.ts';
import { ChunkedColumn } from './chunked.ts';
import { lineChecksum, textHash } from './digest.ts';
import { dayKey, type DaySide } from './diff.ts';
import { TxIndex } from './tx-index.ts';
import type { DayTotals, Scope, TransactionKind, TxView } from './types.ts';

/**
 * What the file side keeps of a million rows: per transaction and per line a few numbers in
 * typed arrays (22 bytes a line, ~50 a transaction with its id), no object per row. A
 * transaction belongs to the day of its first valid line, as the loader writes it, so each
 * line is added to its day's totals as it comes.
 */

const KINDS: readonly TransactionKind[] = ['sale', 'refund', 'void'];
const KIND_INDEX: Record<TransactionKind, number> = { sale: 0, refund: 1, void: 2 };
const METHOD_INDEX = new Map<string, number>(PAYMENT_METHODS.map((m, i) => [m, i]));
// A day's accumulators: these, then net per payment method.
const TRANSACTIONS = 0, LINES = 1, GROSS = 2, DISCOUNT = 3, TAX = 4, SERVICE_CHARGE = 5, NET = 6, CONTENT = 7, BY_METHOD = 8;
const STRIDE = BY_METHOD + PAYMENT_METHODS.length;

function grown<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}

export class SourceLedger {
  private readonly files: string[] = [];
  private readonly systems: string[] = [];
  private readonly systemIndex = new Map<string, number>();
  /** Transactions by (system × kind, id); a transaction's tag is system · 3 + kind. */
  private readonly index = new TxIndex();
  private readonly dayIndex = new Map<string, Map<string, number>>();
  private readonly dayList: { outletCode: string; businessDate: string }[] = [];

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
  private dayTotals = new Float64Array(64 * STRIDE);

  addFile(path: string): number {
    this.files.push(path);
    return this.files.length - 1;
  }

  /**
   * Adds a valid line; false when it is a duplicate by the loader's rule: its key (system, id,
   * kind, line number) was taken before, in this file or an earlier one (files come in the
   * order they were loaded). Repeated content within a transaction the transform rejects itself.
   */
  add(line: CanonicalLine, file: number): boolean {
    const tag = this.system(line.sourceSystem) * KINDS.length + KIND_INDEX[line.kind];
    // Exports list a receipt's rows together: most rows belong to the transaction of the row before.
    let t = this.last;
    if (t < 0 || this.lastId !== line.transactionId || this.index.tag(t) !== tag) {
      t = this.index.findOrAdd(tag, line.transactionId);
      if (this.index.added) this.newTransaction(t, line);
      this.last = t;
      this.lastId = line.transactionId;
    }
    for (let i = this.txLast.get(t); i !== -1; i = this.lineNext.get(i)) if (this.lineNo.get(i) === line.lineNo) return false;
    const i = this.lineCount++;
    this.lineNext.set(i, this.txLast.get(t));
    this.txLast.set(t, i);
    this.lineNo.set(i, line.lineNo);
    this.lineRow.set(i, line.sourceRow);
    this.lineFile.set(i, file);
    const checksum = lineChecksum(line, this.txOccurred.get(t));
    this.lineChecksum.set(i, checksum);
    this.lineTextHash.set(i, textHash(line));
    const d = this.txDay.get(t) * STRIDE;
    const totals = this.dayTotals;
    totals[d + LINES]!++;
    totals[d + GROSS]! += line.grossSen;
    totals[d + DISCOUNT]! += line.discountSen;
    totals[d + TAX]! += line.taxSen;
    totals[d + SERVICE_CHARGE]! += line.serviceChargeSen;
    totals[d + NET]! += line.netSen;
    totals[d + CONTENT]! += checksum;
    totals[d + BY_METHOD + (METHOD_INDEX.get(line.paymentMethod) ?? METHOD_INDEX.get('other')!)]! += line.netSen;
    return true;
  }

  /** Per outlet × business day: the DayTotals of the valid lines. */
  days(): Map<string, DaySide> {
    const out = new Map<string, DaySide>();
    const a = this.dayTotals;
    this.dayList.forEach((day, di) => {
      const d = di * STRIDE;
      const totals: DayTotals = {
        transactions: a[d + TRANSACTIONS]!, lines: a[d + LINES]!, grossSen: a[d + GROSS]!, discountSen: a[d + DISCOUNT]!, taxSen: a[d + TAX]!,
        serviceChargeSen: a[d + SERVICE_CHARGE]!, netSen: a[d + NET]!, netByMethod: {}, content: a[d + CONTENT]!,
      };
      PAYMENT_METHODS.forEach((m, mi) => {
        const v = a[d + BY_METHOD + mi]!;
        if (v !== 0) totals.netByMethod[m] = v;
      });
      out.set(dayKey(day.outletCode, day.businessDate), { ...day, totals });
    });
    return out;
  }

  /** Per system: its outlets and the range of its business days; target days outside are not compared. */
  scope(): Scope {
    const bySystem = this.systems.map(() => ({ outlets: new Set<string>(), from: '9999-12-31', to: '0000-01-01' }));
    for (let t = 0; t < this.index.size; t++) {
      const s = bySystem[Math.floor(this.index.tag(t) / KINDS.length)]!;
      const d = this.dayList[this.txDay.get(t)]!;
      s.outlets.add(d.outletCode);
      if (d.businessDate < s.from) s.from = d.businessDate;
      if (d.businessDate > s.to) s.to = d.businessDate;
    }
    const index = this.systemIndex;
    return {
      has(system, outletCode, businessDate) {
        const i = index.get(system);
        const s = i === undefined ? undefined : bySystem[i];
        return s !== undefined && s.outlets.has(outletCode) && businessDate >= s.from && businessDate <= s.to;
      },
    };
  }

  /** The transactions on the given day keys, with their lines' digests (for the days that differ). */
  transactionsOn(dayKeys: Set<string>): TxView[] {
    const wanted = this.dayList.map((d) => dayKeys.has(dayKey(d.outletCode, d.businessDate)));
    const out: TxView[] = [];
    for (let t = 0; t < this.index.size; t++) {
      const di = this.txDay.get(t);
      if (!wanted[di]) continue;
      const day = this.dayList[di]!;
      const lines: TxView['lines'] = [];
      let first = -1;
      for (let i = this.txLast.get(t); i !== -1; i = this.lineNext.get(i)) {
        lines.push({ lineNo: this.lineNo.get(i), a: this.lineChecksum.get(i), b: this.lineTextHash.get(i), row: this.lineRow.get(i) });
        first = i;
      }
      out.push({
        sourceSystem: this.systems[Math.floor(this.index.tag(t) / KINDS.length)]!,
        sourceId: this.index.id(t),
        kind: KINDS[this.index.tag(t) % KINDS.length]!,
        outletCode: day.outletCode,
        businessDate: day.businessDate,
        occurredAt: this.txOccurred.get(t),
        originalSourceId: this.txOriginal.get(t) ?? null,
        file: this.files[this.lineFile.get(first)]!,
        row: this.lineRow.get(first),
        lines: lines.reverse(),
      });
    }
    return out;
  }

  private system(name: string): number {
    let s = this.systemIndex.get(name);
    if (s === undefined) {
      s = this.systems.push(name) - 1;
      this.systemIndex.set(name, s);
    }
    return s;
  }

  /** Transaction t (just numbered by the index) takes its header from its first valid line. */
  private newTransaction(t: number, line: CanonicalLine): void {
    if (line.originalTransactionId !== null) this.txOriginal.set(t, line.originalTransactionId);
    const day = this.day(line.outletCode, line.businessDate);
    this.txDay.set(t, day);
    this.dayTotals[day * STRIDE + TRANSACTIONS]!++;
    this.txLast.set(t, -1);
    this.txOccurred.set(t, line.occurredAt);
  }

  private day(outletCode: string, businessDate: string): number {
    let dates = this.dayIndex.get(outletCode);
    if (!dates) this.dayIndex.set(outletCode, (dates = new Map()));
    let d = dates.get(businessDate);
    if (d === undefined) {
      d = this.dayList.push({ outletCode, businessDate }) - 1;
      dates.set(businessDate, d);
      if (this.dayList.length * STRIDE > this.dayTotals.length) this.dayTotals = grown(this.dayTotals, this.dayTotals.length * 2);
    }
    return d;
  }
}
