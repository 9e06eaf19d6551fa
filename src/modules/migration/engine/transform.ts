import { hash } from 'node:crypto';
import { resolveColumns } from './columns.ts';
import { TransactionLines } from './line-state.ts';
import type { Mapping } from './mapping.ts';
import type { CanonicalLine, MappedRow, RejectReason, SourceCell, SourceRecord } from './types.ts';
import { makeBusinessDate } from './values/business-date.ts';
import { makeDateTimeParser } from './values/date.ts';
import { makeNumberParsers } from './values/number.ts';
import { makeOutletResolver } from './values/outlet.ts';
import { makePaymentMethodResolver } from './values/payment-method.ts';

/**
 * One source record → one canonical line or one reject, per the mapping.
 *
 * Sign convention: a refund or void row is stored negative — qty and gross, discount, tax,
 * service charge and net all ≤ 0 — whatever sign the file used for them (Moka writes refunds
 * negative, others write the sale's positive figures with a status); rounding follows the row's
 * sign. Unit price is a price, never negative. On a sale row, any negative quantity or amount
 * (rounding aside) is negative_without_refund.
 *
 * The transform is stateful (derived line numbers, repeated lines: see line-state.ts). To resume
 * at source row R, create a new transform and call `advance` on the file's records from the
 * start up to R − 1: the state is then exactly what an uninterrupted run had. advance only
 * counts rows when line numbers come from a column or `lines.repeated` is "distinct"; with
 * "duplicate" it validates and hashes as transform does (it must know which rows were valid).
 */
export interface Transform {
  (rec: SourceRecord): MappedRow;
  /** Update the state as transform(rec) would, without producing a row (replay on resume). */
  advance(rec: SourceRecord): void;
}

type Reject = { ok: false; reason: RejectReason; detail: string };
const reject = (reason: RejectReason, detail: string): Reject => ({ ok: false, reason, detail });

const quote = (v: string) => JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);

/** The largest line number the target holds (its line_no column is an int). */
const MAX_LINE_NO = 2_147_483_647;

/** Sen as rupiah for messages: 2750050 → "27500.50". */
export function rupiahText(sen: number): string {
  const abs = Math.abs(sen);
  const frac = abs % 100;
  return `${sen < 0 ? '-' : ''}${Math.floor(abs / 100)}${frac ? `.${String(frac).padStart(2, '0')}` : ''}`;
}

function cellText(c: SourceCell | undefined): string {
  return c === undefined ? '' : typeof c === 'string' ? c.trim() : c instanceof Date ? c.toISOString() : String(c);
}
function isBlank(c: SourceCell | undefined): boolean {
  if (c === undefined) return true;
  if (typeof c !== 'string') return false;
  const first = c.charCodeAt(0);
  // Only a value that starts with a space can be all spaces: trim just those.
  return c.length === 0 || ((first <= 32 || first === 0xa0 || first === 0x202f || first === 0xfeff) && c.trim() === '');
}

export function makeTransform(mapping: Mapping, header: string[]): Transform {
  const col = resolveColumns(mapping, header);
  const names = header.map((h) => h.trim());
  const width = header.length;
  const xlsx = mapping.format === 'xlsx';
  const dates = makeDateTimeParser(mapping.dates, mapping.timezone);
  const businessDate = makeBusinessDate(mapping.businessDay);
  const num = makeNumberParsers(mapping.numbers);
  const paymentMethod = makePaymentMethodResolver(mapping.paymentMethods);
  const outletCode = makeOutletResolver(mapping.outlets);
  // Sales by their source id; refunds and voids apart, so their keys do not interleave with the sales' order.
  const sales = new TransactionLines();
  let others: TransactionLines | null = null;
  const derived = col.lineNo < 0;
  const dedupe = derived && mapping.lines.repeated === 'duplicate';
  const sourceSystem = mapping.sourceSystem;
  const netIncludes = mapping.amounts.netIncludesTaxAndCharges;
  const tolerance = mapping.amounts.toleranceSen;
  const marker = mapping.columns.refund_marker;
  const refundValues = new Set((marker?.refund ?? []).map((v) => v.trim().toLowerCase()));
  const voidValues = new Set((marker?.void ?? []).map((v) => v.trim().toLowerCase()));
  const numberStyle = `decimal "${mapping.numbers.decimal}", thousands "${mapping.numbers.thousands}"`;
  const dateStyle = col.time >= 0 ? { date: mapping.dates.format, time: mapping.dates.timeFormat ?? 'H:mm or H:mm:ss' } : { date: mapping.dates.format, time: '' };
  const markerText = marker ? ` (not marked refund/void by "${marker.column}")` : ' (the mapping has no refund_marker)';

  const kindOf = (f: SourceCell[]): CanonicalLine['kind'] => {
    if (col.refundMarker < 0) return 'sale';
    const v = cellText(f[col.refundMarker]).toLowerCase();
    return refundValues.has(v) ? 'refund' : voidValues.has(v) ? 'void' : 'sale';
  };

  const requiredCols = [col.date, col.time, col.outlet, col.item, col.qty, col.gross, col.net, col.paymentMethod].filter((i) => i >= 0);
  const amountCols = [col.qty, col.gross, col.discount, col.tax, col.serviceCharge, col.rounding, col.net, col.unitPrice];
  const optionalAmount = (f: SourceCell[], i: number): number => (i < 0 || isBlank(f[i]) ? 0 : num.amount(f[i]!));

  const perOutlet = mapping.transactionIds === 'per_outlet';
  const unknownOutlet = (name: string): Reject =>
    reject('unknown_outlet', `column "${names[col.outlet]}": ${quote(name)} is not an outlet of the mapping nor an alias of one; add it to "aliases" of its outlet`);

  const run = (rec: SourceRecord, emit: boolean): MappedRow | null => {
    const f = rec.fields;
    if (f.length !== width && !(xlsx && (f.length < width || f.slice(width).every(isBlank)))) {
      return reject('bad_row', `expected ${width} columns as in the header, found ${f.length}`);
    }
    const rawTransactionId = cellText(f[col.transactionId]);
    if (rawTransactionId === '') return reject('missing_field', `column "${names[col.transactionId]}" is empty`);
    // Receipts numbered per outlet are told apart by the outlet's code (resolved first, so an
    // unknown outlet is rejected before the row takes a line number: it has no transaction key).
    let scopedOutlet: string | null = null;
    if (perOutlet) {
      scopedOutlet = outletCode(cellText(f[col.outlet]));
      if (scopedOutlet === null) return unknownOutlet(cellText(f[col.outlet]));
    }
    const transactionId = scopedOutlet === null ? rawTransactionId : `${scopedOutlet}/${rawTransactionId}`;
    const kind = kindOf(f);
    // Every row of a transaction takes a line number, rejected ones too: a corrected file then
    // numbers its rows as the first load did, and the key finds what is already loaded.
    const lines = kind === 'sale' ? sales : (others ??= new TransactionLines());
    const entry = derived ? lines.next(kind === 'sale' ? transactionId : `${kind}\u0001${transactionId}`, rec.row) : null;
    if (!emit && !dedupe) return null;

    for (const i of requiredCols) if (isBlank(f[i])) return reject('missing_field', `column "${names[i]}" is empty`);

    let wall = dates.date(f[col.date]!);
    if (Number.isNaN(wall)) return reject('bad_date', `column "${names[col.date]}": ${quote(cellText(f[col.date]))} is not a date in the format ${dateStyle.date}`);
    if (col.time >= 0) {
      const t = dates.time(f[col.time]!);
      if (Number.isNaN(t)) return reject('bad_date', `column "${names[col.time]}": ${quote(cellText(f[col.time]))} is not a time in the format ${dateStyle.time}`);
      wall += t;
    }
    const occurredAt = dates.instant(wall);

    let lineNo: number;
    if (entry !== null) lineNo = lines.count(entry);
    else {
      lineNo = num.integer(f[col.lineNo]!);
      // The target's line_no is an int: a number past it is a damaged cell, not a line.
      if (!(lineNo >= 1 && lineNo <= MAX_LINE_NO)) {
        const v = cellText(f[col.lineNo]);
        return reject(v === '' ? 'missing_field' : 'bad_number', `column "${names[col.lineNo]}": ${quote(v)} is not a line number (1, 2, … up to ${MAX_LINE_NO})`);
      }
    }

    // Required amounts are there (checked above); optional ones are 0 when empty, unit price null.
    let qtyMilli = num.qty(f[col.qty]!);
    let grossSen = num.amount(f[col.gross]!);
    let discountSen = optionalAmount(f, col.discount);
    let taxSen = optionalAmount(f, col.tax);
    let serviceChargeSen = optionalAmount(f, col.serviceCharge);
    let roundingSen = optionalAmount(f, col.rounding);
    let fileNetSen = num.amount(f[col.net]!);
    let unitPriceSen: number | null = col.unitPrice >= 0 && !isBlank(f[col.unitPrice]) ? num.amount(f[col.unitPrice]!) : null;
    if (Number.isNaN(qtyMilli + grossSen + discountSen + taxSen + serviceChargeSen + roundingSen + fileNetSen + (unitPriceSen ?? 0))) {
      const values = [qtyMilli, grossSen, discountSen, taxSen, serviceChargeSen, roundingSen, fileNetSen, unitPriceSen ?? 0];
      const i = amountCols[values.findIndex(Number.isNaN)]!;
      return reject('bad_number', `column "${names[i]}": ${quote(cellText(f[i]))} is not ${i === col.qty ? 'a quantity' : 'an amount'} (${numberStyle}, unit ${mapping.numbers.unit})`);
    }

    if (kind === 'sale') {
      const negative =
        qtyMilli < 0 ? col.qty : grossSen < 0 ? col.gross : discountSen < 0 ? col.discount : taxSen < 0 ? col.tax :
        serviceChargeSen < 0 ? col.serviceCharge : fileNetSen < 0 ? col.net : unitPriceSen !== null && unitPriceSen < 0 ? col.unitPrice : -1;
      if (negative >= 0) return reject('negative_without_refund', `column "${names[negative]}" is ${quote(cellText(f[negative]))} on a sale row${markerText}`);
    } else {
      const positiveFile = grossSen > 0 || (grossSen === 0 && fileNetSen > 0);
      qtyMilli = 0 - Math.abs(qtyMilli);
      grossSen = 0 - Math.abs(grossSen);
      discountSen = 0 - Math.abs(discountSen);
      taxSen = 0 - Math.abs(taxSen);
      serviceChargeSen = 0 - Math.abs(serviceChargeSen);
      fileNetSen = 0 - Math.abs(fileNetSen);
      if (positiveFile) roundingSen = 0 - roundingSen;
      if (unitPriceSen !== null) unitPriceSen = Math.abs(unitPriceSen);
    }

    const expected = netIncludes ? grossSen - discountSen + taxSen + serviceChargeSen + roundingSen : grossSen - discountSen;
    if (Math.abs(expected - fileNetSen) > tolerance) {
      const formula = netIncludes
        ? `gross ${rupiahText(grossSen)} − discount ${rupiahText(discountSen)} + tax ${rupiahText(taxSen)} + service charge ${rupiahText(serviceChargeSen)} + rounding ${rupiahText(roundingSen)}`
        : `gross ${rupiahText(grossSen)} − discount ${rupiahText(discountSen)}`;
      return reject('totals_mismatch', `${formula} = ${rupiahText(expected)} rupiah, but column "${names[col.net]}" says ${rupiahText(fileNetSen)}`);
    }
    const netSen = netIncludes ? fileNetSen : fileNetSen + taxSen + serviceChargeSen + roundingSen;

    const paymentMethodRaw = cellText(f[col.paymentMethod]);
    const method = paymentMethod(paymentMethodRaw);
    if (method === null) {
      return reject('unknown_payment_method', `column "${names[col.paymentMethod]}": ${quote(paymentMethodRaw)} is not a known payment method; add it to "paymentMethods" in the mapping (e.g. {${JSON.stringify(paymentMethodRaw)}: "other"})`);
    }
    const outletName = cellText(f[col.outlet]);
    const outlet = scopedOutlet ?? outletCode(outletName);
    if (outlet === null) return unknownOutlet(outletName);

    const item = cellText(f[col.item]);
    const category = col.category < 0 ? null : cellText(f[col.category]) || null;
    const sku = col.sku < 0 ? null : cellText(f[col.sku]) || null;
    const originalRaw = kind === 'sale' || col.originalTransactionId < 0 ? '' : cellText(f[col.originalTransactionId]);
    const originalTransactionId = kind === 'sale' ? null : originalRaw === '' ? transactionId : scopedOutlet === null ? originalRaw : `${scopedOutlet}/${originalRaw}`;
    const bizDate = businessDate(occurredAt);
    // Only repeated-line detection needs a content hash: sha256 of the canonical fields but the row
    // and the line number (two identical lines of one receipt hash alike), its first 128 bits kept
    // (line-state.ts). Reconcile hashes what it compares itself.
    const digest = !dedupe ? null : hash(
      'sha256',
      `${sourceSystem}\x1f${transactionId}\x1f${kind}\x1f${originalTransactionId ?? ''}\x1f${occurredAt}\x1f${bizDate}\x1f${outlet}\x1f${outletName}\x1f${item}\x1f${category ?? ''}\x1f${sku ?? ''}\x1f${qtyMilli}\x1f${unitPriceSen ?? ''}\x1f${grossSen}\x1f${discountSen}\x1f${taxSen}\x1f${serviceChargeSen}\x1f${roundingSen}\x1f${netSen}\x1f${method}\x1f${paymentMethodRaw}`,
      'buffer',
    ) as unknown as Buffer;
    if (digest !== null) {
      const earlier = lines.repeatOf(entry!, digest, rec.row);
      if (earlier !== null) return reject('duplicate', `repeats row ${earlier} (the same line twice in transaction ${quote(transactionId)}; "lines.repeated": "distinct" keeps both)`);
    }
    if (!emit) return null;
    return {
      ok: true,
      line: {
        sourceSystem, sourceRow: rec.row, transactionId, lineNo, occurredAt, businessDate: bizDate,
        outletCode: outlet, outletName, item, category, sku, qtyMilli, unitPriceSen, grossSen, discountSen, taxSen,
        serviceChargeSen, roundingSen, netSen, paymentMethod: method, paymentMethodRaw, kind, originalTransactionId,
      },
    };
  };

  const transform = ((rec: SourceRecord) => run(rec, true)!) as Transform;
  transform.advance = (rec) => void run(rec, false);
  return transform;
}
