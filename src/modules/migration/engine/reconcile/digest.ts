/**
 * What reconcile compares beyond the totals, computed the same way from a file's canonical lines
 * and from the target's stored columns (never a hash stored with the row: it would travel with its
 * row, so an amount edited in the target would keep the old one).
 *
 * A line's **checksum** folds its numbers — quantity, unit price, the six amounts, the item's
 * length, its line number and its transaction's time — mod 2³² with bigint arithmetic that
 * PostgreSQL computes in the day aggregate (no text, no md5: those cost seconds on a million
 * rows) and Node exactly the same way (no division: a few ns a line). Summed per day it is the
 * day's `content`: a day differs when a quantity, a price, a time or two lines' amounts changed
 * though no total did. A change of one number by less than 2³² always changes it.
 *
 * A line's **digest** is that checksum and an FNV-1a hash of its text (item, payment method):
 * 64 bits, matched line by line on the days that differ to name the lines that differ. The
 * target's lines are digested in Node, for those days only.
 */

/** The canonical fields a target line keeps (lines columns), as numbers and text. */
export interface DigestLine {
  lineNo: number;
  item: string;
  qtyMilli: number;
  unitPriceSen: number | null;
  grossSen: number;
  discountSen: number;
  taxSen: number;
  serviceChargeSen: number;
  roundingSen: number;
  netSen: number;
  paymentMethod: string;
}

// The multiplier: odd (so a change is never lost: odd numbers are invertible mod 2³²) and below
// 2²⁰, so h · m + a field (both below 2³²) stays under 2⁵³, exact in a double. It differs
// between a transaction's lines, so the checksum is not linear across lines: two lines' amounts
// swapped change the day's sum.
const K = 1_000_003;
const M = 1009;
const MASK = 4_294_967_295; // 2³² − 1

/**
 * The line's checksum, in [0, 2³²), folded in the order LINE_CHECKSUM_SQL folds the columns:
 * `>>> 0` here and `& 4294967295` on bigint there both take an integer mod 2³² (negative
 * amounts included). A price never is negative: -1 stands for none. `occurredAt`: its
 * transaction's, in epoch ms (a target line carries it).
 */
export function lineChecksum(l: DigestLine, occurredAt: number): number {
  const m = K + 2 * (l.lineNo % M);
  let h = occurredAt >>> 0;
  h = (h * m + (l.qtyMilli >>> 0)) >>> 0;
  h = (h * m + ((l.unitPriceSen ?? -1) >>> 0)) >>> 0;
  h = (h * m + (l.grossSen >>> 0)) >>> 0;
  h = (h * m + (l.discountSen >>> 0)) >>> 0;
  h = (h * m + (l.taxSen >>> 0)) >>> 0;
  h = (h * m + (l.serviceChargeSen >>> 0)) >>> 0;
  h = (h * m + (l.roundingSen >>> 0)) >>> 0;
  h = (h * m + (l.netSen >>> 0)) >>> 0;
  return (h * m + codePoints(l.item)) >>> 0;
}

/**
 * lineChecksum(l, t) from lineChecksum(l, 0): each fold is h · m + f mod 2³², so the time, folded
 * first, contributes t · m⁹ mod 2³² (nine fields follow it; Math.imul multiplies mod 2³²). The
 * file side stores a line before its transaction's time is settled (a spill partition, spill.ts).
 */
export function withTime(checksum0: number, lineNo: number, occurredAt: number): number {
  const m = K + 2 * (lineNo % M);
  let p = 1;
  for (let i = 0; i < 9; i++) p = Math.imul(p, m);
  return (Math.imul(occurredAt >>> 0, p) + checksum0) >>> 0;
}

/** The same checksum in SQL over `lines l` (each line carries its transaction's time), in bigint (date_part: float8, exact for ms). */
export const LINE_CHECKSUM_SQL = [
  'l.qty_milli', 'coalesce(l.unit_price_sen, -1)', 'l.gross_sen', 'l.discount_sen', 'l.tax_sen', 'l.service_charge_sen', 'l.rounding_sen',
  'l.net_sen', 'char_length(l.item)',
].reduce((h, f) => `((${h}) * (${K} + 2 * (l.line_no % ${M})) + ((${f}) & ${MASK})) & ${MASK}`, `round(date_part('epoch', l.occurred_at) * 1000)::bigint & ${MASK}`);

/** FNV-1a over the line's text: its item, a separator, its payment method. */
export function textHash(l: DigestLine): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < l.item.length; i++) h = Math.imul(h ^ l.item.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 0x1f, 0x01000193);
  for (let i = 0; i < l.paymentMethod.length; i++) h = Math.imul(h ^ l.paymentMethod.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Characters as PostgreSQL's char_length counts them: code points, a surrogate pair once. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** A line's digest: its checksum and its text hash. */
export function lineDigest(l: DigestLine, occurredAt: number): { a: number; b: number } {
  return { a: lineChecksum(l, occurredAt), b: textHash(l) };
}
