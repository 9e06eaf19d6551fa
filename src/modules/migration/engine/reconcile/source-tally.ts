import { PAYMENT_METHODS, type CanonicalLine } from '../types.ts';
import { lineChecksum, textHash } from './digest.ts';
import { dayKey, type DaySide } from './diff.ts';
import type { DayTotals, Scope, TransactionKind } from './types.ts';

/**
 * What the file side counts whatever the size of the files: the files, the source systems, the
 * outlet × business days with their totals, each system's scope, and each file's duplicates. The
 * transactions and lines themselves live in a SourceLedger (one, or one per spill partition),
 * which adds to these.
 */

export const KINDS: readonly TransactionKind[] = ['sale', 'refund', 'void'];
const KIND_INDEX: Record<TransactionKind, number> = { sale: 0, refund: 1, void: 2 };
const METHOD_INDEX = new Map<string, number>(PAYMENT_METHODS.map((m, i) => [m, i]));
const OTHER = METHOD_INDEX.get('other')!;
// A day's accumulators: these, then net per payment method.
const TRANSACTIONS = 0, LINES = 1, GROSS = 2, DISCOUNT = 3, TAX = 4, SERVICE_CHARGE = 5, NET = 6, CONTENT = 7, BY_METHOD = 8;
const STRIDE = BY_METHOD + PAYMENT_METHODS.length;

/**
 * A valid line as the ledger takes it: numbers and the two ids, no outlet or date text (its day
 * is numbered here) — what a spill partition stores of it (spill.ts). One object is refilled
 * for every line.
 */
export interface LedgerLine {
  /** Source system · 3 + kind. */
  tag: number;
  transactionId: string;
  originalTransactionId: string | null;
  lineNo: number;
  row: number;
  file: number;
  occurredAt: number;
  day: number;
  grossSen: number;
  discountSen: number;
  taxSen: number;
  serviceChargeSen: number;
  netSen: number;
  /** Index in PAYMENT_METHODS. */
  method: number;
  /** The line's checksum as if its transaction's time were 0 (withTime adds the time). */
  checksum0: number;
  textHash: number;
}

export const emptyLedgerLine = (): LedgerLine => ({
  tag: 0, transactionId: '', originalTransactionId: null, lineNo: 0, row: 0, file: 0, occurredAt: 0, day: 0,
  grossSen: 0, discountSen: 0, taxSen: 0, serviceChargeSen: 0, netSen: 0, method: 0, checksum0: 0, textHash: 0,
});

interface SystemScope {
  outlets: Set<string>;
  from: string;
  to: string;
}

export class SourceTally {
  readonly files: string[] = [];
  /** Lines refused by the duplicate rule, per file. */
  readonly duplicates: number[] = [];
  readonly systems: string[] = [];
  private readonly systemIndex = new Map<string, number>();
  private readonly scopes: SystemScope[] = [];
  private readonly dayIndex = new Map<string, Map<string, number>>();
  readonly dayList: { outletCode: string; businessDate: string }[] = [];
  private totals = new Float64Array(64 * STRIDE);
  // The day of the line before: most lines are on the same outlet and day as the one before.
  private lastOutlet = '';
  private lastDate = '';
  private lastDay = -1;

  addFile(path: string): number {
    this.duplicates.push(0);
    return this.files.push(path) - 1;
  }

  /** Fills `out` with `line`, read from file `file`. */
  toLedgerLine(line: CanonicalLine, file: number, out: LedgerLine): LedgerLine {
    out.tag = this.system(line.sourceSystem) * KINDS.length + KIND_INDEX[line.kind];
    out.transactionId = line.transactionId;
    out.originalTransactionId = line.originalTransactionId;
    out.lineNo = line.lineNo;
    out.row = line.sourceRow;
    out.file = file;
    out.occurredAt = line.occurredAt;
    out.day = this.day(line.outletCode, line.businessDate);
    out.grossSen = line.grossSen;
    out.discountSen = line.discountSen;
    out.taxSen = line.taxSen;
    out.serviceChargeSen = line.serviceChargeSen;
    out.netSen = line.netSen;
    out.method = METHOD_INDEX.get(line.paymentMethod) ?? OTHER;
    out.checksum0 = lineChecksum(line, 0);
    out.textHash = textHash(line);
    return out;
  }

  /** A transaction begins on day `day` (its first valid line's). */
  countTransaction(tag: number, day: number): void {
    this.totals[day * STRIDE + TRANSACTIONS]!++;
    const s = this.scopes[Math.floor(tag / KINDS.length)]!;
    const d = this.dayList[day]!;
    s.outlets.add(d.outletCode);
    if (d.businessDate < s.from) s.from = d.businessDate;
    if (d.businessDate > s.to) s.to = d.businessDate;
  }

  /** A valid line of a transaction on day `day`, its checksum complete. */
  countLine(l: LedgerLine, day: number, checksum: number): void {
    const d = day * STRIDE;
    const t = this.totals;
    t[d + LINES]!++;
    t[d + GROSS]! += l.grossSen;
    t[d + DISCOUNT]! += l.discountSen;
    t[d + TAX]! += l.taxSen;
    t[d + SERVICE_CHARGE]! += l.serviceChargeSen;
    t[d + NET]! += l.netSen;
    t[d + CONTENT]! += checksum;
    t[d + BY_METHOD + l.method]! += l.netSen;
  }

  /** Per outlet × business day: the DayTotals of the valid lines. */
  days(): Map<string, DaySide> {
    const out = new Map<string, DaySide>();
    const a = this.totals;
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
      // A day only named by lines whose transactions began on another day, or by duplicates, has none.
      if (totals.transactions) out.set(dayKey(day.outletCode, day.businessDate), { ...day, totals });
    });
    return out;
  }

  /** Per system: its outlets and the range of its business days; target days outside are not compared. */
  scope(): Scope {
    const { systemIndex, scopes } = this;
    return {
      has(system, outletCode, businessDate) {
        const i = systemIndex.get(system);
        const s = i === undefined ? undefined : scopes[i];
        return s !== undefined && s.outlets.has(outletCode) && businessDate >= s.from && businessDate <= s.to;
      },
      // A system without days has from > to: nothing to hold.
      within: (days) => scopes.every((s) => s.from > s.to || (s.from >= days.from && s.to <= days.to)),
    };
  }

  /** Which day numbers are among `dayKeys`. */
  daysAmong(dayKeys: Set<string>): boolean[] {
    return this.dayList.map((d) => dayKeys.has(dayKey(d.outletCode, d.businessDate)));
  }

  private system(name: string): number {
    let s = this.systemIndex.get(name);
    if (s === undefined) {
      s = this.systems.push(name) - 1;
      this.systemIndex.set(name, s);
      this.scopes.push({ outlets: new Set(), from: '9999-12-31', to: '0000-01-01' });
    }
    return s;
  }

  private day(outletCode: string, businessDate: string): number {
    if (outletCode === this.lastOutlet && businessDate === this.lastDate) return this.lastDay;
    let dates = this.dayIndex.get(outletCode);
    if (!dates) this.dayIndex.set(outletCode, (dates = new Map()));
    let d = dates.get(businessDate);
    if (d === undefined) {
      d = this.dayList.push({ outletCode, businessDate }) - 1;
      dates.set(businessDate, d);
      if (this.dayList.length * STRIDE > this.totals.length) {
        const grown = new Float64Array(this.totals.length * 2);
        grown.set(this.totals);
        this.totals = grown;
      }
    }
    this.lastOutlet = outletCode;
    this.lastDate = businessDate;
    this.lastDay = d;
    return d;
  }
}
