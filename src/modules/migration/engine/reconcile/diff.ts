import type { DayComparison, DayDifference, DayTotals, TransactionDifference, TxView } from './types.ts';

/**
 * The comparison itself, pure: day totals field by field, then, on the days that differ, the
 * transactions missing from the target, extra in it, or different (by digest, down to the line).
 */

export const dayKey = (outletCode: string, businessDate: string): string => `${outletCode}\u0000${businessDate}`;

export const emptyTotals = (): DayTotals => ({
  transactions: 0, lines: 0, grossSen: 0, discountSen: 0, taxSen: 0, serviceChargeSen: 0, netSen: 0, netByMethod: {}, content: 0,
});

const SCALARS = ['transactions', 'lines', 'grossSen', 'discountSen', 'taxSen', 'serviceChargeSen', 'netSen'] as const;

/** The fields whose values differ (netByMethod per method, absent = 0). */
export function compareTotals(source: DayTotals, target: DayTotals): string[] {
  const differs: string[] = SCALARS.filter((f) => source[f] !== target[f]);
  const methods = new Set([...Object.keys(source.netByMethod), ...Object.keys(target.netByMethod)]);
  for (const m of [...methods].sort()) {
    const k = m as keyof DayTotals['netByMethod'];
    if ((source.netByMethod[k] ?? 0) !== (target.netByMethod[k] ?? 0)) differs.push(`netByMethod.${m}`);
  }
  if (source.content !== target.content) differs.push('content');
  return differs;
}

export interface DaySide {
  outletCode: string;
  businessDate: string;
  totals: DayTotals;
}

/** Every day either side has, sorted by outlet then date. */
export function compareDays(source: Map<string, DaySide>, target: Map<string, DaySide>): DayComparison[] {
  const keys = new Set([...source.keys(), ...target.keys()]);
  const out: DayComparison[] = [];
  for (const key of keys) {
    const s = source.get(key);
    const t = target.get(key);
    const day = (s ?? t)!;
    const sTotals = s?.totals ?? emptyTotals();
    const tTotals = t?.totals ?? emptyTotals();
    out.push({
      outletCode: day.outletCode,
      businessDate: day.businessDate,
      source: sTotals,
      target: tTotals,
      differs: compareTotals(sTotals, tTotals),
    });
  }
  return out.sort((x, y) => (x.outletCode < y.outletCode ? -1 : x.outletCode > y.outletCode ? 1 : x.businessDate < y.businessDate ? -1 : x.businessDate > y.businessDate ? 1 : 0));
}

const txKey = (t: { sourceSystem: string; kind: string; sourceId: string }) => `${t.sourceSystem}\u0000${t.kind}\u0000${t.sourceId}`;
const txOnDayKey = (t: TxView) => `${txKey(t)}\u0000${dayKey(t.outletCode, t.businessDate)}`;

/** How people read a transaction: its id, and the kind when it is not a sale. */
export const txLabel = (t: { sourceId: string; kind: string }): string => (t.kind === 'sale' ? t.sourceId : `${t.sourceId} (${t.kind})`);

/**
 * The transactions behind each differing day. `source` and `target` hold the transactions of
 * those days only (both sides), so a transaction moved between two differing days is named on
 * both with where it went. The target may hold one transaction on two days (some of its lines
 * moved): it is compared on the file's day, and extra on the other.
 */
export function diffTransactions(days: { outletCode: string; businessDate: string }[], source: TxView[], target: TxView[]): DayDifference[] {
  const sourceByKey = new Map(source.map((t) => [txKey(t), t]));
  const targetByKey = new Map(target.map((t) => [txKey(t), t]));
  const targetOnDay = new Map(target.map((t) => [txOnDayKey(t), t]));
  const byDay = new Map<string, DayDifference>();
  for (const d of days) byDay.set(dayKey(d.outletCode, d.businessDate), { outletCode: d.outletCode, businessDate: d.businessDate, missing: [], extra: [], different: [], transactions: [], detailsOmitted: 0 });
  const place = (t: TxView) => ({ outletCode: t.outletCode, businessDate: t.businessDate });
  const sameDay = (x: TxView, y: TxView) => x.outletCode === y.outletCode && x.businessDate === y.businessDate;
  const ref = (t: TxView) => ({ sourceSystem: t.sourceSystem, sourceId: t.sourceId, kind: t.kind });

  for (const s of sortTx(source)) {
    const day = byDay.get(dayKey(s.outletCode, s.businessDate));
    if (!day) continue;
    const t = targetOnDay.get(txOnDayKey(s)) ?? targetByKey.get(txKey(s));
    if (!t || !sameDay(s, t)) {
      day.missing.push(txLabel(s));
      day.transactions.push({ ...ref(s), status: 'missing', source: { file: s.file, row: s.row }, ...(t ? { elsewhere: place(t) } : {}) });
      continue;
    }
    const difference = compareTransaction(s, t);
    if (difference) {
      day.different.push(txLabel(s));
      day.transactions.push({ ...ref(s), status: 'different', source: { file: s.file, row: s.row }, target: { file: t.file, row: t.row }, ...difference });
    }
  }
  for (const t of sortTx(target)) {
    const day = byDay.get(dayKey(t.outletCode, t.businessDate));
    if (!day) continue;
    const s = sourceByKey.get(txKey(t));
    if (s && sameDay(s, t)) continue;
    day.extra.push(txLabel(t));
    day.transactions.push({ ...ref(t), status: 'extra', target: { file: t.file, row: t.row }, ...(s ? { elsewhere: place(s) } : {}) });
  }
  for (const day of byDay.values()) {
    day.transactions.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
    if (day.transactions.length > DETAIL_CAP) {
      day.detailsOmitted = day.transactions.length - DETAIL_CAP;
      day.transactions.length = DETAIL_CAP;
    }
  }
  return [...byDay.values()];
}

/** Details kept per day; the id lists stay whole. */
export const DETAIL_CAP = 1000;
const STATUS_ORDER = { missing: 0, extra: 1, different: 2 } as const;

/** Ids in the order people count them: R-2 before R-10. */
const byId = new Intl.Collator('en', { numeric: true });

function sortTx(list: TxView[]): TxView[] {
  return [...list].sort((x, y) => byId.compare(x.sourceId, y.sourceId) || byId.compare(x.kind, y.kind) || byId.compare(x.sourceSystem, y.sourceSystem));
}

/** null when the transaction and its lines agree; else which of its own fields and lines differ. */
function compareTransaction(s: TxView, t: TxView): Pick<TransactionDifference, 'fields' | 'lines'> | null {
  const fields: string[] = [];
  if (s.occurredAt !== t.occurredAt) fields.push('occurredAt');
  if (s.originalSourceId !== t.originalSourceId) fields.push('originalSourceId');
  const lines: NonNullable<TransactionDifference['lines']> = [];
  const targetLines = new Map(t.lines.map((l) => [l.lineNo, l]));
  for (const sl of [...s.lines].sort((x, y) => x.lineNo - y.lineNo)) {
    const tl = targetLines.get(sl.lineNo);
    targetLines.delete(sl.lineNo);
    if (!tl) lines.push({ lineNo: sl.lineNo, status: 'missing', sourceRow: sl.row });
    // A line's digest covers its transaction's time too: when that differs, every line does.
    else if ((tl.a !== sl.a || tl.b !== sl.b) && !fields.length) lines.push({ lineNo: sl.lineNo, status: 'different', sourceRow: sl.row, targetRow: tl.row });
  }
  for (const tl of [...targetLines.values()].sort((x, y) => x.lineNo - y.lineNo)) lines.push({ lineNo: tl.lineNo, status: 'extra', targetRow: tl.row });
  if (!fields.length && !lines.length) return null;
  return { ...(fields.length ? { fields } : {}), ...(lines.length ? { lines } : {}) };
}
