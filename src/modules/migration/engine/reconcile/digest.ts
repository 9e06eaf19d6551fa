/**
 * The per-line and per-transaction digests reconcile compares: computed the same way from a
 * source file's canonical lines and from the target's stored columns. Not the loader's row_hash:
 * that is stored with the row, so an amount edited in the target would still carry the old hash.
 *
 * Two 32-bit MurmurHash3 lanes with different seeds (64 bits: a collision between a transaction
 * and its changed self is ~2⁻⁶⁴), written without allocation — the source side hashes every row.
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

/** The transaction's own fields (transactions columns) besides its key, outlet and day. */
export interface DigestHeader {
  occurredAt: number;
  originalSourceId: string | null;
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

/**
 * A transaction's digest: its header's, plus the sum of its lines' (mod 2³² per lane), so the
 * order the lines come in does not matter; each line's digest includes its line number.
 */
export function transactionDigest(header: DigestHeader, lines: readonly { a: number; b: number }[]): string {
  h.reset().num(header.occurredAt);
  if (header.originalSourceId === null) h.int(0);
  else h.int(1).str(header.originalSourceId);
  h.finish();
  let a = h.a;
  let b = h.b;
  for (const l of lines) {
    a = (a + l.a) >>> 0;
    b = (b + l.b) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}
