/**
 * What reconcile compares beyond the totals, computed the same way from a file's canonical lines
 * and from the target's stored columns (not the loader's row_hash: a stored hash travels with its
 * row, so an amount edited in the target would keep the old one):
 *
 * - a line's digest: two 32-bit MurmurHash3 lanes over all its stored fields, written without
 *   allocation (the file side digests every row); the target's lines are digested in Node too,
 *   for the days that differ only. It names the lines that differ.
 * - a line's checksum: a polynomial over some of its numbers mod 2³¹ − 1, which PostgreSQL
 *   computes in the day aggregate with bigint arithmetic (no text, no md5: those cost seconds on
 *   a million rows) and Node exactly the same way. Summed per day, it makes a day differ when a
 *   quantity, a unit price, an item's length, two lines' amounts or a transaction's time changed
 *   though no total did.
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

const TWO32 = 0x1_0000_0000;
const SEED_A = 0x9747b28c;
const SEED_B = 0x2f1e6a53;

class Murmur2x32 {
  a = 0;
  b = 0;

  reset(): this {
    this.a = SEED_A;
    this.b = SEED_B;
    return this;
  }

  int(k: number): this {
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    let a = this.a ^ k;
    a = (a << 13) | (a >>> 19);
    this.a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    let b = this.b ^ k;
    b = (b << 13) | (b >>> 19);
    this.b = (Math.imul(b, 5) + 0xe6546b64) | 0;
    return this;
  }

  /** An integer up to 2⁵³ in magnitude (sen, thousandths, epoch ms): one word when it fits, else a mark and both halves. */
  num(n: number): this {
    if ((n | 0) === n) return this.int(n);
    return this.int(0x7fff_fffe).int(n % TWO32 | 0).int(Math.floor(n / TWO32) | 0);
  }

  /** Text by UTF-16 code units, two a word; the length first so "ab"+"c" ≠ "a"+"bc". */
  str(s: string): this {
    const n = s.length;
    this.int(n);
    for (let i = 0; i < n; i += 2) this.int(s.charCodeAt(i) | (i + 1 < n ? s.charCodeAt(i + 1) << 16 : 0));
    return this;
  }

  nullable(n: number | null): this {
    return n === null ? this.int(0x6e756c6c).int(1) : this.num(n).int(0);
  }

  finish(): this {
    this.a = fmix(this.a) >>> 0;
    this.b = fmix(this.b) >>> 0;
    return this;
  }
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const h = new Murmur2x32();

/** Writes the line's digest into out[2·at] and out[2·at + 1] (no object per row). */
export function digestLine(l: DigestLine, out: Uint32Array, at: number): void {
  h.reset()
    .int(l.lineNo)
    .str(l.item)
    .num(l.qtyMilli)
    .nullable(l.unitPriceSen)
    .num(l.grossSen)
    .num(l.discountSen)
    .num(l.taxSen)
    .num(l.serviceChargeSen)
    .num(l.roundingSen)
    .num(l.netSen)
    .str(l.paymentMethod)
    .finish();
  out[2 * at] = h.a;
  out[2 * at + 1] = h.b;
}

/** One line's digest as two numbers (the target side and tests; the source side uses digestLine). */
export function lineDigest(l: DigestLine): { a: number; b: number } {
  const out = new Uint32Array(2);
  digestLine(l, out, 0);
  return { a: out[0]!, b: out[1]! };
}

const P = 2_147_483_647; // 2³¹ − 1
// The multiplier: K plus the line number mod 1009, below 2²⁰, so h · m + a field stays under 2⁵³
// (exact in a double). As it differs between a transaction's lines, the checksum is not linear in
// a field: two lines' amounts swapped change the day's sum.
const K = 1_000_003;
const M = 1009;

/**
 * The line's checksum, in (−2³¹, 2³¹): its transaction's time, then its quantity, unit price,
 * gross, net and item length, folded as LINE_CHECKSUM_SQL folds them (the other amounts are
 * compared as totals). JavaScript's % and PostgreSQL's bigint % agree on signs, so negative
 * amounts fold the same way. A price never is negative: -1 stands for none.
 */
export function lineChecksum(l: DigestLine, occurredAt: number): number {
  const m = K + (l.lineNo % M);
  let h = occurredAt % P;
  h = (h * m + (l.qtyMilli % P)) % P;
  h = (h * m + ((l.unitPriceSen ?? -1) % P)) % P;
  h = (h * m + (l.grossSen % P)) % P;
  h = (h * m + (l.netSen % P)) % P;
  return (h * m + codePoints(l.item)) % P;
}

/** The same checksum in SQL over `lines l join transactions t`, in bigint (date_part: float8, exact for ms). */
export const LINE_CHECKSUM_SQL = ['l.qty_milli', 'coalesce(l.unit_price_sen, -1)', 'l.gross_sen', 'l.net_sen', 'char_length(l.item)'].reduce(
  (h, f) => `((${h}) * (${K} + l.line_no % ${M}) + (${f}) % ${P}) % ${P}`,
  `round(date_part('epoch', t.occurred_at) * 1000)::bigint % ${P}`,
);

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
