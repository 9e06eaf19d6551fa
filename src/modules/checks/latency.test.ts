import { describe, expect, it } from 'vitest';
import { LATENCY_BUCKETS, addHistograms, bucketOf, emptyHistogram, histogramQuantile } from './latency.ts';

describe('latency histograms', () => {
  const of = (values: number[]) => values.reduce((h, v) => (h[bucketOf(v)]!++, h), emptyHistogram());

  it('puts a value in the first bucket whose bound holds it', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(5)).toBe(0);
    expect(bucketOf(6)).toBe(1);
    expect(bucketOf(10_000_000)).toBe(LATENCY_BUCKETS.length - 1);
  });

  it('estimates quantiles within the width of a bucket', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 20 + (i % 100) * 4); // 20…416 ms, uniform
    const h = of(values);
    const sorted = [...values].sort((a, b) => a - b);
    const exact = (q: number) => sorted[Math.ceil(q * sorted.length) - 1]!;
    expect(Math.abs(histogramQuantile(h, 0.5)! - exact(0.5))).toBeLessThanOrEqual(100);
    expect(Math.abs(histogramQuantile(h, 0.95)! - exact(0.95))).toBeLessThanOrEqual(100);
    expect(histogramQuantile(emptyHistogram(), 0.5)).toBeNull();
  });

  it('combines hours by adding counts', () => {
    const a = of([10, 20, 30]);
    const b = of([1000, 2000]);
    expect(addHistograms(a, b).reduce((s, n) => s + n, 0)).toBe(5);
    expect(histogramQuantile(addHistograms(a, b), 0.99)).toBeGreaterThan(1000);
  });
});
