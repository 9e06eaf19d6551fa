import { PAYMENT_METHODS } from '../types.ts';
import type { CanonicalLine } from '../types.ts';
import { digestLine, lineChecksum } from './digest.ts';
import { dayKey, emptyTotals, type DaySide } from './diff.ts';
import { TxIndex } from './tx-index.ts';
import type { Scope, TransactionKind, TxView } from './types.ts';

/**
 * What the source side keeps of a million rows: per transaction and per line a few numbers in
 * typed arrays (about 30 bytes a line), no object per row. Day totals are summed at the end, so
 * a transaction counts on the day of its first valid line, as the loader writes it.
 */

const KINDS: readonly TransactionKind[] = ['sale', 'refund', 'void'];
const KIND_INDEX: Record<TransactionKind, number> = { sale: 0, refund: 1, void: 2 };
const METHOD_INDEX = new Map<string, number>(PAYMENT_METHODS.map((m, i) => [m, i]));
const SUMS = 6; // gross, discount, tax, service charge, net, content

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

  private txOriginal: (string | null)[] = [];
  private txDay = new Int32Array(1024);
  /** The transaction's most recent line: its lines form a list through lineNext. */
  private txLast = new Int32Array(1024);
  private txOccurred = new Float64Array(1024);
  private txSums = new Float64Array(1024 * SUMS);

  private lineCount = 0;
  private lineNext = new Int32Array(4096);
  private lineNo = new Int32Array(4096);
  private lineRow = new Int32Array(4096);
  private lineFile = new Uint16Array(4096);
  private lineDigest = new Uint32Array(4096 * 2);
  private lineNet = new Float64Array(4096);
  private lineMethod = new Uint8Array(4096);

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
    // Exports list a receipt's rows together: most rows belong to the newest transaction.
    let t = this.index.size - 1;
    if (t < 0 || this.index.ids[t] !== line.transactionId || this.index.tag(t) !== tag) {
      t = this.index.findOrAdd(tag, line.transactionId);
      if (this.index.added) this.newTransaction(t, line);
    }
    for (let i = this.txLast[t]!; i !== -1; i = this.lineNext[i]!) if (this.lineNo[i] === line.lineNo) return false;
    if (this.lineCount === this.lineNo.length) this.growLines();
    const i = this.lineCount++;
    this.lineNext[i] = this.txLast[t]!;
    this.txLast[t] = i;
    this.lineNo[i] = line.lineNo;
    this.lineRow[i] = line.sourceRow;
    this.lineFile[i] = file;
    this.lineNet[i] = line.netSen;
    this.lineMethod[i] = METHOD_INDEX.get(line.paymentMethod) ?? METHOD_INDEX.get('other')!;
    digestLine(line, this.lineDigest, i);
    const s = t * SUMS;
    this.txSums[s]! += line.grossSen;
    this.txSums[s + 1]! += line.discountSen;
    this.txSums[s + 2]! += line.taxSen;
    this.txSums[s + 3]! += line.serviceChargeSen;
    this.txSums[s + 4]! += line.netSen;
    this.txSums[s + 5]! += lineChecksum(line, this.txOccurred[t]!);
    return true;
  }

  /** Per outlet × business day: the DayTotals of the valid lines. */
  days(): Map<string, DaySide> {
    const totals = this.dayList.map(() => emptyTotals());
    const byMethod = new Float64Array(this.dayList.length * PAYMENT_METHODS.length);
    for (let t = 0; t < this.index.size; t++) {
      const d = this.txDay[t]!;
      const day = totals[d]!;
      const s = t * SUMS;
      day.transactions++;
      day.grossSen += this.txSums[s]!;
      day.discountSen += this.txSums[s + 1]!;
      day.taxSen += this.txSums[s + 2]!;
      day.serviceChargeSen += this.txSums[s + 3]!;
      day.netSen += this.txSums[s + 4]!;
      day.content += this.txSums[s + 5]!;
      for (let i = this.txLast[t]!; i !== -1; i = this.lineNext[i]!) {
        day.lines++;
        byMethod[d * PAYMENT_METHODS.length + this.lineMethod[i]!]! += this.lineNet[i]!;
      }
    }
    const out = new Map<string, DaySide>();
    this.dayList.forEach((d, di) => {
      const day = totals[di]!;
      PAYMENT_METHODS.forEach((m, mi) => {
        const v = byMethod[di * PAYMENT_METHODS.length + mi]!;
        if (v !== 0) day.netByMethod[m] = v;
      });
      out.set(dayKey(d.outletCode, d.businessDate), { ...d, totals: day });
    });
    return out;
  }

  /** Per system: its outlets and the range of its business days; target days outside are not compared. */
  scope(): Scope {
    const bySystem = this.systems.map(() => ({ outlets: new Set<string>(), from: '9999-12-31', to: '0000-01-01' }));
    for (let t = 0; t < this.index.size; t++) {
      const s = bySystem[Math.floor(this.index.tag(t) / KINDS.length)]!;
      const d = this.dayList[this.txDay[t]!]!;
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
      const di = this.txDay[t]!;
      if (!wanted[di]) continue;
      const day = this.dayList[di]!;
      const lines: TxView['lines'] = [];
      let first = -1;
      for (let i = this.txLast[t]!; i !== -1; i = this.lineNext[i]!) {
        lines.push({ lineNo: this.lineNo[i]!, a: this.lineDigest[2 * i]!, b: this.lineDigest[2 * i + 1]!, row: this.lineRow[i]! });
        first = i;
      }
      out.push({
        sourceSystem: this.systems[Math.floor(this.index.tag(t) / KINDS.length)]!,
        sourceId: this.index.ids[t]!,
        kind: KINDS[this.index.tag(t) % KINDS.length]!,
        outletCode: day.outletCode,
        businessDate: day.businessDate,
        occurredAt: this.txOccurred[t]!,
        originalSourceId: this.txOriginal[t]!,
        file: this.files[this.lineFile[first]!]!,
        row: this.lineRow[first]!,
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
    if (t === this.txDay.length) this.growTransactions();
    this.txOriginal.push(line.originalTransactionId);
    this.txDay[t] = this.day(line.outletCode, line.businessDate);
    this.txLast[t] = -1;
    this.txOccurred[t] = line.occurredAt;
  }

  private day(outletCode: string, businessDate: string): number {
    let dates = this.dayIndex.get(outletCode);
    if (!dates) this.dayIndex.set(outletCode, (dates = new Map()));
    let d = dates.get(businessDate);
    if (d === undefined) {
      d = this.dayList.push({ outletCode, businessDate }) - 1;
      dates.set(businessDate, d);
    }
    return d;
  }

  private growTransactions() {
    const n = this.txDay.length * 2;
    this.txDay = grown(this.txDay, n);
    this.txLast = grown(this.txLast, n);
    this.txOccurred = grown(this.txOccurred, n);
    this.txSums = grown(this.txSums, n * SUMS);
  }

  private growLines() {
    const n = this.lineNo.length * 2;
    this.lineNext = grown(this.lineNext, n);
    this.lineNo = grown(this.lineNo, n);
    this.lineRow = grown(this.lineRow, n);
    this.lineFile = grown(this.lineFile, n);
    this.lineDigest = grown(this.lineDigest, n * 2);
    this.lineNet = grown(this.lineNet, n);
    this.lineMethod = grown(this.lineMethod, n);
  }
}
