/**
 * Latency beyond the raw-run retention is kept as a histogram per hour. These bucket upper
 * bounds (ms) are fixed: roll-ups made today combine with those made next year. The last
 * bucket is open-ended.
 */
export const LATENCY_BUCKETS = [5, 10, 25, 50, 75, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000, 30000, Infinity] as const;

export function bucketOf(ms: number): number {
  const i = LATENCY_BUCKETS.findIndex((b) => ms <= b);
  return i === -1 ? LATENCY_BUCKETS.length - 1 : i;
}

export function emptyHistogram(): number[] {
  return LATENCY_BUCKETS.map(() => 0);
}

export function addHistograms(a: number[], b: readonly number[]): number[] {
  return a.map((n, i) => n + (b[i] ?? 0));
}

/**
 * The q-quantile (0–1) of a histogram, interpolated linearly inside its bucket; null when empty.
 * An estimate: it is exact only to the bucket's width.
 */
export function histogramQuantile(h: readonly number[], q: number): number | null {
  const total = h.reduce((s, n) => s + n, 0);
  if (!total) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    const n = h[i]!;
    if (n && seen + n >= rank) {
      const lo = i === 0 ? 0 : LATENCY_BUCKETS[i - 1]!;
      const hi = LATENCY_BUCKETS[i] === Infinity ? lo * 2 : LATENCY_BUCKETS[i]!;
      return Math.round(lo + ((rank - seen) / n) * (hi - lo));
    }
    seen += n;
  }
  return LATENCY_BUCKETS.at(-2)!;
}
